"""What other apps may react to in pairing, without couples importing them."""

from django.dispatch import Signal

# Sent inside the transaction that ends a couple, with `couple` and `now`: anything the
# couple shared as a couple ends with it, in the same transaction.
couple_ended = Signal()
