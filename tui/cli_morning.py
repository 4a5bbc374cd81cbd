"""The morning's sub-commands: dismiss and undismiss papers; and what `search` and `index` add.

`search --json` gives each hit its `dismissed`, `seen` and `new` (new: first seen since
the reader's last visit, see index.store_morning); `index` records when papershelf first
indexed each paper. Registered from tui/cli.py.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence

from rich.console import Console
from rich.text import Text

from index.errors import UnknownPaper
from index.first_seen import note_index
from index.library import Library
from index.reading_store import ReadingStore, StoreError
from index.search_page import Hit
from tui import cli_lists, cli_output
from tui.safe_text import visible

MOST_NAMED = 5  # unknown ids an error names before "and N more"


def add_commands(commands, command: Callable[..., argparse.ArgumentParser]) -> None:
    """Register the sub-commands; `command` is cli._command (adds the common options)."""
    for name, about in (
        ("dismiss", "mark papers not interested: they leave the new counts"),
        ("undismiss", "take back a dismissal"),
    ):
        parser = command(commands, name, about)
        cli_lists.add_store_option(parser, argparse_defaults=False)
        parser.add_argument("ids", nargs="+", metavar="ID", help="paper ids (from search)")


def _dismiss(library: Library, args: argparse.Namespace, out: Console) -> int:
    ids = list(dict.fromkeys(args.ids))
    with cli_lists.open_store(args) as store:
        _check_known(library, store, ids, "nothing dismissed", also=frozenset())
        changed = store.dismiss(ids)
    out.print(Text(visible(f"dismissed {changed:,} of {cli_lists.count_of_papers(len(ids))}"
                           f"{_already(len(ids) - changed, 'dismissed')}")))
    return 0


def _undismiss(library: Library, args: argparse.Namespace, out: Console) -> int:
    ids = list(dict.fromkeys(args.ids))
    with cli_lists.open_store(args) as store:
        _check_known(library, store, ids, "nothing undismissed", also=store.dismissed_ids())
        changed = store.undismiss(ids)
    out.print(Text(visible(f"undismissed {changed:,} of {cli_lists.count_of_papers(len(ids))}"
                           f"{_already(len(ids) - changed, 'not dismissed')}")))
    return 0


def _already(count: int, state: str) -> str:
    return f" ({count:,} already {state})" if count else ""


def _check_known(library: Library, store: ReadingStore, ids: Sequence[str], outcome: str, also: frozenset[str]) -> None:
    """UnknownPaper naming every id neither the store nor the index has (nothing is changed then).

    `also`: ids known besides (a dismissed paper gone from the listings can be undismissed).
    """
    unknown = [paper_id for paper_id in ids if paper_id not in also and not store.knows(paper_id)]
    if unknown:
        with library.open_in_step() as searcher:
            note_index(store, searcher)
            known = searcher.known(unknown)
        unknown = [paper_id for paper_id in unknown if paper_id not in known]
    if unknown:
        named = ", ".join(f"'{paper_id}'" for paper_id in unknown[:MOST_NAMED])
        more = f" and {len(unknown) - MOST_NAMED:,} more" if len(unknown) > MOST_NAMED else ""
        noun = "id" if len(unknown) == 1 else "ids"
        raise UnknownPaper(f"no paper with {noun} {named}{more}; {outcome}")


# What `search` and `index` add


def hit_states(args: argparse.Namespace, searcher, hits: Sequence[Hit]) -> dict[str, dict]:
    """Each hit's `dismissed`, `seen` and `new`, by id, for `search --json`; all null (and a
    line on stderr) when the store cannot be opened."""
    store = _store_or_none(args)
    if store is None:
        return {hit.paper.id: {"dismissed": None, "seen": None, "new": None} for hit in hits}
    with store:
        note_index(store, searcher)
        dismissed, seen, new = store.dismissed_ids(), store.seen_ids(), store.new_ids()
    return {
        hit.paper.id: {"dismissed": hit.paper.id in dismissed, "seen": hit.paper.id in seen, "new": hit.paper.id in new}
        for hit in hits
    }


def note_first_seen(library: Library, args: argparse.Namespace) -> None:
    """After `papershelf index`: remember when each paper was first indexed (see index.first_seen)."""
    store = _store_or_none(args)
    if store is None:
        return
    with store, library.open_searcher() as searcher:
        note_index(store, searcher)


def _store_or_none(args: argparse.Namespace) -> ReadingStore | None:
    try:
        return cli_lists.open_store(args)
    except StoreError as error:
        cli_output.say(Console(stderr=True), f"papershelf: {error}")
        return None


COMMANDS = {"dismiss": _dismiss, "undismiss": _undismiss}
