"""One exception hierarchy for the whole plugin, rooted at :class:`TrampestiError`."""


class TrampestiError(Exception):
    """Base of every error Trampesti raises on purpose (a message a planner can act on)."""


class ReaderError(TrampestiError):
    """A tracker file cannot be read at all (the whole file is reported as failed)."""


class UnsupportedFormatError(ReaderError):
    """No reader recognises the file's content."""


class ParameterError(TrampestiError):
    """A parameter value is unusable (e.g. an AHP matrix that is too inconsistent)."""


class CancelledError(TrampestiError):
    """The user cancelled a long computation."""
