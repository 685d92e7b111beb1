from datarights.registry import export, on_account_deletion
from rituals import services

export("rituals", "rituals.Ritual", owner="owner")
export("practice_logs", "rituals.PracticeLog", owner="ritual__owner")
export("pauses", "rituals.Pause", owner="ritual__owner")
export("adjustments", "rituals.Adjustment", owner="ritual__owner")
export("reflections", "rituals.Reflection", owner="ritual__owner")
export("joint_rituals_proposed", "rituals.JointRitual", owner="proposed_by")
export("joint_rituals_invited", "rituals.JointRitual", owner="invitee")
export("ritual_reminders_sent", "rituals.RitualReminderSent", owner="ritual__owner")
export("calendar_feed", "rituals.CalendarFeed", owner="owner", omit=("token_hash",))
on_account_deletion(services.forget_proposer)
