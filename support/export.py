from datarights.registry import exclude, export

export("support_grants_given", "support.SupportGrant", owner="owner")
export("support_grant_history", "support.GrantEvent", owner="grant__owner")
# My requests; my partner's answer to each is theirs, kept here only while we are a couple.
export("support_requests", "support.SupportRequest", owner="owner", omit=("answer",))
export(
    "support_requests_answered",
    "support.SupportRequest",
    owner="owner",
    omit=("text",),
    visible_only=True,
)
export("support_offers_made", "support.SupportOffer", owner="partner")
export("reminders_written", "support.Reminder", owner="partner")
exclude("support.SupportGrant", "partner", "a grant to me is my partner's own record")
# My answers to my partner's requests: my words, without their request's.
export("support_request_answers", "support.SupportRequest", owner="partner", omit=("text",))
exclude("support.SupportOffer", "owner", "an offer to me is my partner's own words")
exclude("support.Reminder", "owner", "a reminder to me is my partner's own words")
