from datarights.registry import export

export("security_events", "audit.AuditEvent", owner="user")
