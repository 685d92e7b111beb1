from datarights.registry import exclude

exclude("admin.LogEntry", None, "staff actions in the admin site, not the person's data")
