"""The formats a reading list exports to, apart from the code that writes them:
the CLI names them in its options at every start, and the writers import more."""

FORMATS = ("bibtex", "md", "csv", "json")
SUFFIXES = {"bibtex": ".bib", "md": ".md", "csv": ".csv", "json": ".json"}
