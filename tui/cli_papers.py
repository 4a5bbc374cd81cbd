"""How the sub-commands find the paper an id names, and its reading state for `--json`.

An id is looked up in the reading-list store and in the index: a paper saved in a
list is found after its listing files are gone. The store is read only when its file
exists, so a search on a fresh machine creates none.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterable, Sequence

from index.errors import PapershelfError
from index.library import Library
from index.locations import locations
from index.search.paper_ids import is_prefix, the_one, typed_id
from index.shelf.reading_state import NO_STATE, reading_states
from index.shelf.store import ReadingStore
from tui.cli_lists import open_store


def has_store(args: argparse.Namespace) -> bool:
    return ReadingStore.default_path(locations(args.data_dir)).exists()


def resolve_id(library: Library, args: argparse.Namespace) -> str:
    """The full id `args.id` names (see resolve_ids)."""
    return resolve_ids(library, args, [args.id])[0]


def resolve_ids(library: Library, args: argparse.Namespace, typed_ids: Sequence[str]) -> list[str]:
    """The full id each typed id names: itself in any case, or a unique prefix; AmbiguousId for
    a prefix of several. An id nothing has is given back (lower case) for the command to report.
    The store and the index are each opened once, however many ids."""
    typed = [typed_id(text) for text in typed_ids]
    found: dict[str, str] = {}
    matches: dict[str, list[str]] = {text: [] for text in typed}
    if has_store(args):
        with open_store(args) as store:
            for text in typed:
                if store.knows(text):
                    found[text] = text  # no need for the index, which may be gone with its listing files
                elif is_prefix(text):
                    matches[text] += store.ids_starting_with(text)
    rest = [text for text in typed if text not in found]
    try:
        if rest:
            with library.open_in_step() as searcher:
                known = searcher.known(rest)
                for text in rest:
                    if text in known:
                        found[text] = text
                    elif is_prefix(text):
                        matches[text] += searcher.ids_starting_with(text)
    except PapershelfError:
        if not any(matches[text] for text in rest):  # no listings to index: the store's papers are all there is
            raise
    return [found.get(text) or the_one(text, matches[text]) for text in typed]


def states(args: argparse.Namespace, paper_ids: Iterable[str]) -> dict[str, dict]:
    """Each paper's reading state (read, lists, note); none saved when there is no store yet."""
    paper_ids = list(paper_ids)
    if not has_store(args):
        return {paper_id: NO_STATE for paper_id in paper_ids}
    with open_store(args) as store:
        return reading_states(store, paper_ids)
