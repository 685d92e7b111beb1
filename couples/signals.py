"""What other apps may react to in pairing, without couples importing them."""

from django.dispatch import Signal

# Sent inside the transaction that ends a couple, with `couple` and `now`: anything the
# couple shared as a couple ends with it, in the same transaction.
couple_ended = Signal()

# Sent inside the transaction that saves a new version of a couple's shared vision, with
# `version` (its author is `version.author`): the partner hears of it in the same transaction.
vision_saved = Signal()
