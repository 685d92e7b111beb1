"""What other apps may react to in a ritual's life, without rituals importing them."""

from django.dispatch import Signal

# Sent inside the transaction that saves a ritual as private, with `ritual`: anything
# queued for the partner about it ends in the same transaction.
ritual_made_private = Signal()
