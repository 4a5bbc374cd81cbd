"""The formats a reading list exports to, apart from the code that writes them:
the CLI names them in its options at every start, and the writers import more."""

FORMATS = ("bibtex", "biblatex", "ris", "csljson", "md", "csv", "json")
# The formats of one paper or a few, for a citation manager or a LaTeX file: what `Y` copies.
CITATION_FORMATS = ("bibtex", "biblatex", "ris", "csljson")
# The suffix a file of each format gets; the first that a file name ends with names its format.
SUFFIXES = {
    "bibtex": ".bib", "biblatex": ".biblatex.bib", "ris": ".ris", "csljson": ".csl.json",
    "md": ".md", "csv": ".csv", "json": ".json",
}
# Shorter suffixes a format also takes when it was chosen: a BibLaTeX file is often just `.bib`.
ALSO_TAKES = {"biblatex": (".bib",), "csljson": (".json",)}


def format_of(file_name: str, chosen: str | None = None) -> str | None:
    """The format a file name asks for: its longest known suffix names one (`x.csl.json` is
    CSL-JSON, `x.json` JSON), unless the suffix also fits the format `chosen` (BibLaTeX into `x.bib`).
    None when the name has no known suffix and nothing was chosen."""
    name = file_name.lower()
    endings = sorted((suffix for suffix in SUFFIXES.values() if name.endswith(suffix)), key=len)
    if not endings:
        return chosen
    named = next(format for format, suffix in SUFFIXES.items() if suffix == endings[-1])
    if chosen is not None and (named == chosen or endings[-1] in ALSO_TAKES.get(chosen, ())):
        return chosen
    return named
