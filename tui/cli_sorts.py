"""The --sort option of `search` and `view save`: the plain sorts, `foryou` and `for:LIST`."""

from __future__ import annotations

import argparse

from index.search.for_you import FOR_YOU, is_taste_sort, sort_name
from index.search.results import SORTS


class _Sorts(tuple):
    """The sorts argparse offers (and shell completion lists); any `for:LIST` is one too."""

    def __contains__(self, value: object) -> bool:
        return super().__contains__(value) or (isinstance(value, str) and is_taste_sort(value))


def _sort(text: str) -> str:
    try:
        return sort_name(text, SORTS)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def add_sort_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--sort", type=_sort, choices=_Sorts((*SORTS, FOR_YOU)), metavar="SORT",
        help=f"{', '.join(SORTS)}, {FOR_YOU} (like the papers of all your lists) or for:LIST (like one "
        "list's papers); default: relevance with words, else date",
    )
