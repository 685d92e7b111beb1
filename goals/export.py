from datarights.registry import exclude, export, on_account_deletion
from goals import services

export("personal_objectives", "goals.PersonalObjective", owner="owner")
export("progress_notes", "goals.ProgressNote", owner="owner")
export("monthly_reviews", "goals.MonthlyReview", owner="owner")
export("wins", "goals.Win", owner="owner")
export("joint_activities_proposed", "goals.JointActivity", owner="proposed_by")
export("appreciations_written", "goals.Appreciation", owner="author")
# Addressed to me: mine to keep while we are a couple, like acknowledgements of my check-ins.
export("appreciations_received", "goals.Appreciation", owner="recipient", visible_only=True)
# The couple's months ("our month" notes), written together by both; of an ended couple's,
# those I saved last.
export("our_months", "goals.MonthlyPlan", owner="couple__memberships__user", visible_only=True)
exclude("goals.MonthlyPlan", "updated_by", "who saved the shared note last; exported above")
exclude("goals.JointActivity", "done_by", "who ticked a joint activity; its proposer exports it")
on_account_deletion(services.forget_author)
export("review_nudge", "goals.ReviewNudge", owner="owner")
export("review_nudges_sent", "goals.ReviewNudgeSent", owner="owner")
