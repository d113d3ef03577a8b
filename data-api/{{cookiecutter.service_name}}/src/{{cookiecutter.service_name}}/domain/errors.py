"""Errors of the domain, independent of any transport."""


class NotFoundError(LookupError):
    """A requested entity does not exist."""
