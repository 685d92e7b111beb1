from datarights.registry import export, export_answers

export("support_network", "wellbeing.Contact", owner="owner")
export("journal_entries", "wellbeing.JournalEntry", owner="owner")
export("journal_entry_tags", "wellbeing.EntryTag", owner="entry__owner")
export_answers("journal_acknowledgements", "wellbeing.JournalAcknowledgement", answered="entry")
export("who5_self_checks", "wellbeing.Who5Response", owner="owner")
