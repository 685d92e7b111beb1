"""The one error an import raises: a kind sentence for the person, and details if any."""


class ImportProblem(Exception):
    """Nothing was imported; `message` says why in words meant for the person."""

    def __init__(self, message: str, details: list[str] | None = None):
        # Kept (on the import's row) as text in the reader's language: never a lazy string.
        message = str(message)
        super().__init__(message)
        self.message = message
        self.details = [str(detail) for detail in details or []]
