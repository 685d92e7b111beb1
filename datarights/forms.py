from accounts.forms import PasswordConfirmForm


class DeleteAccountForm(PasswordConfirmForm):
    """Deleting cannot be undone, so the password is asked for again."""
