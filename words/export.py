from datarights.registry import export

# Keys, labels as written, hidden, group and order: the person's own lists of words.
export("own_words", "words.OwnWord", owner="owner")
