"""The one exception for bad input documents."""


class DocumentError(Exception):
    """A document that cannot be read or parsed.

    The message is one human-readable line, fit to show to the person who uploaded the file.
    """

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message
