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
export("notification_channel_choices", "notifications.KindChoice", owner="owner")
export("quiet_hours", "notifications.QuietHours", owner="owner")
# Devices and channels by name only: the push endpoint and keys, and an Apprise URL (a
# token or password in it), would let whoever holds the export send to the person's phone.
export(
    "push_devices",
    "notifications.PushSubscription",
    owner="owner",
    omit=("endpoint", "p256dh", "auth"),
)
export(
    "notification_channels", "notifications.Channel", owner="owner", omit=("url",), extra=("hint",)
)
export(
    "notification_deliveries",
    "notifications.Delivery",
    owner="notification__recipient",
)
export("notification_opt_ins", "notifications.OptIn", owner="owner")
exclude(
    "notifications.Notification",
    "actor",
    "who a notification is from; their offers, requests and reminders are in their export",
)
