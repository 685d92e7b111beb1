from accounts.forms import PasswordConfirmForm


class DeleteAccountForm(PasswordConfirmForm):
    """Deleting cannot be undone, so Duet asks again who is there (the password, or a fresh
    confirmation for an account without one: accounts/forms.py)."""
