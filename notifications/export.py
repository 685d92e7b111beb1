from datarights.registry import export

export("notifications", "notifications.Notification", owner="recipient")
