"""Small named exceptions. Messages say what was wrong, what was expected and how to fix it."""


class FramingError(Exception):
    """Base class of every error framing raises on purpose."""


class UsageError(FramingError):
    """The user asked for something that cannot work (bad option, missing input)."""


class ModelNotFoundError(FramingError):
    """The spaCy model (or a trained framing model) is not installed."""


class InputError(FramingError):
    """One input (file or row) cannot be read; the rest of the corpus goes on."""

    def __init__(self, path: str, reason: str, line: int | None = None) -> None:
        self.path = path
        self.reason = reason
        self.line = line
        where = f"{path}:{line}" if line is not None else path
        super().__init__(f"{where}: {reason}")
