from datarights.registry import exclude, export

export("checkins", "checkins.CheckIn", owner="owner")
export("checkin_sharing_defaults", "checkins.SharingDefaults", owner="owner")
export("acknowledgements_written", "checkins.Acknowledgement", owner="author")
# Addressed to me, on my own check-ins: mine to keep while we are a couple (then the author's).
export(
    "acknowledgements_received",
    "checkins.Acknowledgement",
    owner="checkin__owner",
    visible_only=True,
)
export("checkin_reminders_sent", "checkins.CheckinReminderSent", owner="owner")
exclude(
    "checkins.CheckInSubmission",
    None,
    "which check-in forms already arrived (a key and a time), so a resend saves once; "
    "no words of the person's",
)
