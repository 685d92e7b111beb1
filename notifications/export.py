from datarights.registry import exclude, export

# Exported as worded now (`message`), so nothing un-shared since reaches the export; the
# wording and the sender's words are in it while the sender is still my partner (after the
# couple ends, only a neutral trace: their words are in their own export).
export(
    "notifications",
    "notifications.Notification",
    owner="recipient",
    omit=("text", "words"),
    extra=("message",),
)
export("email_preferences", "notifications.EmailPreference", owner="owner")
export("notification_opt_ins", "notifications.OptIn", owner="owner")
exclude(
    "notifications.Notification",
    "actor",
    "who a notification is from; their offers, requests and reminders are in their export",
)
