from datarights.registry import export

export("notifications", "notifications.Notification", owner="recipient")
export("email_preferences", "notifications.EmailPreference", owner="owner")
