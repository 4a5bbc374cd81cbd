"""The errors index/ raises for conditions a user can act on."""


class PapershelfError(Exception):
    """Base of every error papershelf reports to the user as one line."""


class QueryError(PapershelfError):
    """A query that cannot be run: the message says what is wrong and where."""


class UnknownPaper(PapershelfError):
    """No paper has the given id."""


class NoListings(PapershelfError):
    """Nothing usable to index: no folder, no files, or no readable entries."""
