"""Errors a user can act on; the CLI prints them as one line without a traceback."""


class PantauError(Exception):
    """A problem caused by input or configuration, explained in one sentence."""


class NotFoundError(PantauError):
    """A named thing (workspace, file, post) does not exist."""
