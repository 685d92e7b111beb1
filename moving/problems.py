"""The one error an import raises: a kind sentence for the person, and details if any."""


class ImportProblem(Exception):
    """Nothing was imported; `message` says why in words meant for the person."""

    def __init__(self, message: str, details: list[str] | None = None):
        super().__init__(message)
        self.message = message
        self.details = details or []
