"""`papershelf facets QUERY [--json]`: what the results of a query are made of, counted per value.

The same counts as the reader's facet pane (index.search.facets): for every value printed, its
count is the total of `papershelf search` for the query with the value's filter added.
The query may hold reading-list terms, which are resolved against the store as the
reader's filter resolves them; the store also gives the reading-list and reading-state
facets (left out, with a line on stderr, when it cannot be opened).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable

from rich.console import Console

from index.errors import PapershelfError
from index.search.facets import FACET_TITLES, FacetCount
from index.library import Library
from index.shelf.errors import StoreError
from index.shelf.schema import DEFAULT_LIST
from tui import cli_lists, cli_output
from tui.safe_text import json_line, one_line, pad
from tui.wording import counted

LABEL_CELLS = 28  # a label longer than this (an organisation's handle) is cut, with an ellipsis


def add_command(commands, command: Callable[..., argparse.ArgumentParser]) -> None:
    """Register `facets`; `command` is cli._command (adds the common options)."""
    facets = command(commands, "facets", "count the results of a query per organisation, listing, month, band, list and state")
    facets.add_argument("query", nargs="?", default="", help="the query (default: every paper)")
    facets.add_argument("--json", action="store_true", help="one JSON object per line: facet, value, count, query")
    facets.add_argument("--show-muted", action="store_true", help="count the papers the mute list hides, too")


def _facets(library: Library, args: argparse.Namespace, out: Console) -> int:
    from index.search.shelf_terms import resolve, split_terms

    store = _store_or_none(args, needed=bool(split_terms(args.query)[1]))
    try:
        with library.open_in_step() as searcher:
            searcher.show_muted = args.show_muted
            shelf = resolve(args.query, store, DEFAULT_LIST)
            total = searcher.counts(shelf.text, shelf.within, shelf.without)[0]
            hidden = searcher.search(shelf.text, None, False, 0, 0, within=shelf.within, without=shelf.without).hidden
            counts = searcher.facet_counts(shelf.text, False, shelf.within, shelf.without, store)
    finally:
        if store is not None:
            store.close()
    if args.json:
        for count in counts:
            value = count.value
            out.file.write(json_line({"facet": value.facet, "value": value.label, "count": count.count, "query": value.query}) + "\n")
        return 0
    _print_table(out, counts, total, hidden)
    return 0


def _print_table(out: Console, counts: list[FacetCount], total: int, hidden: int) -> None:
    muted = f" ({counted(hidden, 'muted paper')} hidden: --show-muted counts them)" if hidden else ""
    cli_output.say(out, f"{counted(total, 'paper')} match{muted}")
    facet = None
    for count in counts:
        value = count.value
        if value.facet != facet:
            facet = value.facet
            cli_output.say(out, FACET_TITLES[facet], "bold")
        # The label is listing or store text: one line, cut to its cells, through the boundary (say).
        label = pad(one_line(value.label), LABEL_CELLS)
        cli_output.say(out, f"  {label}  {count.count:>7,}  {value.query}")


def _store_or_none(args: argparse.Namespace, needed: bool):
    try:
        return cli_lists.open_store(args)
    except StoreError as error:
        if needed:
            raise PapershelfError(f"the query has reading-list terms, and {error}") from None
        cli_output.say(Console(stderr=True), f"papershelf: {error}; no reading-list facets")
        return None


COMMANDS = {"facets": _facets}
