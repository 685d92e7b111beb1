from datarights.registry import export

export("support_network", "wellbeing.Contact", owner="owner")
export("journal_entries", "wellbeing.JournalEntry", owner="owner")
export("journal_entry_tags", "wellbeing.EntryTag", owner="entry__owner")
export("journal_acknowledgements_written", "wellbeing.JournalAcknowledgement", owner="author")
# Addressed to me, on entries I chose to bring: mine to keep while we are a couple.
export(
    "journal_acknowledgements_received",
    "wellbeing.JournalAcknowledgement",
    owner="entry__owner",
    visible_only=True,
)
export("who5_self_checks", "wellbeing.Who5Response", owner="owner")
