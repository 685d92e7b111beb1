from datarights.registry import exclude, export, export_answers

export("checkins", "checkins.CheckIn", owner="owner")
export("checkin_sharing_defaults", "checkins.SharingDefaults", owner="owner")
export_answers("acknowledgements", "checkins.Acknowledgement", answered="checkin")
export("checkin_reminders_sent", "checkins.CheckinReminderSent", owner="owner")
exclude(
    "checkins.CheckInSubmission",
    None,
    "which check-in forms already arrived (a key and a time), so a resend saves once; "
    "no words of the person's",
)
