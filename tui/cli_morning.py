"""The morning's sub-commands: dismiss and undismiss papers, views (saved searches); and what
`search` and `index` add.

`search --view NAME` runs a saved view; `search --json` gives each hit its `dismissed`,
`seen` and `new` (new: first seen since the reader's last visit, see index.shelf.morning);
`index` records when papershelf first indexed each paper. Registered from tui/cli.py.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

from rich.console import Console
from rich.text import Text

from index.errors import PapershelfError
from index.shelf.first_seen import note_index
from index.search.for_you import Taste, is_taste_sort, taste_for
from index.library import Library
from index.search.paper_ids import unknown_papers
from index.shelf.store import DEFAULT_LIST, ReadingStore, StoreError
from index.search.results import Hit, SearchPage
from tui import cli_lists, cli_output
from tui.cli_sorts import add_sort_option
from tui.safe_text import cells, json_line, visible

def add_commands(commands, command: Callable[..., argparse.ArgumentParser]) -> None:
    """Register the sub-commands; `command` is cli._command (adds the common options)."""
    for name, about in (
        ("dismiss", "mark papers not interested: they leave the new counts"),
        ("undismiss", "take back a dismissal"),
    ):
        parser = command(commands, name, about)
        cli_lists.add_store_option(parser, argparse_defaults=False)
        parser.add_argument("ids", nargs="+", metavar="ID", help="paper ids (from search)")
    views = command(commands, "views", "the saved views, with their totals and new counts")
    cli_lists.add_store_option(views, argparse_defaults=False)
    views.add_argument("--json", action="store_true", help="one JSON object per line")
    view = command(commands, "view", "save or delete a view (a named query with its sort)")
    actions = view.add_subparsers(dest="view_action", metavar="ACTION", required=True, help="save or delete")
    save = command(actions, "save", "save a view (one of the same name is replaced)")
    save.add_argument("name", metavar="NAME")
    save.add_argument("query", metavar="QUERY", help="as in the reader's filter, reading-list terms included")
    add_sort_option(save)
    save.add_argument("--reverse", action="store_true", help="reverse the sort order")
    command(actions, "delete", "delete a view").add_argument("name", metavar="NAME")
    for parser in actions.choices.values():
        cli_lists.add_store_option(parser, argparse_defaults=False)
    digest = command(commands, "digest", "the papers new in each view since the last digest, as Markdown or JSON")
    cli_lists.add_store_option(digest, argparse_defaults=False)
    digest.add_argument("--view", action="append", metavar="NAME", help="this view (repeatable; default: every view)")
    since = digest.add_mutually_exclusive_group()
    since.add_argument("--since-last", action="store_true",
                       help="since the last --since-last digest, and move its mark to now")
    since.add_argument("--since", metavar="DATE", help="papers first indexed after DATE (2025-11-04 or 2025-11-04T09:00)")
    digest.add_argument("--format", choices=("md", "json"), help="default: from -o's suffix, else md")
    digest.add_argument("-o", "--output", type=Path, metavar="FILE", help="write to FILE instead of stdout")
    whole = command(commands, "store", "export or import the whole reading-list store (lists, states, views)")
    actions = whole.add_subparsers(dest="store_action", metavar="ACTION", required=True, help="export or import")
    export = command(actions, "export", "write the whole store as JSON")
    export.add_argument("-o", "--output", type=Path, metavar="FILE", help="write to FILE instead of stdout")
    command(actions, "import", "merge a whole-store export into the store").add_argument("file", type=Path, metavar="FILE")
    for parser in actions.choices.values():
        cli_lists.add_store_option(parser, argparse_defaults=False)


def add_search_options(search: argparse.ArgumentParser) -> None:
    search.add_argument("--view", metavar="NAME", help="run a saved view instead of a QUERY")


def _dismiss(library: Library, args: argparse.Namespace, out: Console) -> int:
    ids = args.ids  # resolved by tui/cli.py, duplicates once
    with cli_lists.open_store(args) as store:
        _check_known(library, store, ids, "nothing dismissed", also=frozenset())
        changed = store.dismiss(ids)
    out.print(Text(visible(f"dismissed {changed:,} of {cli_lists.count_of_papers(len(ids))}"
                           f"{_already(len(ids) - changed, 'dismissed')}")))
    return 0


def _undismiss(library: Library, args: argparse.Namespace, out: Console) -> int:
    ids = args.ids  # resolved by tui/cli.py, duplicates once
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
        raise unknown_papers(unknown, outcome)


# Views


def _views(library: Library, args: argparse.Namespace, out: Console) -> int:
    from index.shelf.view_counts import view_summaries  # loads only for views

    with library.open_in_step() as searcher, cli_lists.open_store(args) as store:
        note_index(store, searcher)
        summaries = view_summaries(searcher, store)
    if args.json:
        for summary in summaries:
            view = summary.view
            record = {"name": view.name, "query": view.query, "sort": view.sort, "reverse": view.reverse,
                      "total": summary.total, "new": summary.new, "problem": summary.problem}
            out.file.write(json_line(record) + "\n")
        return 0
    if not summaries:
        cli_output.say(out, "no views yet: papershelf view save NAME QUERY [--sort SORT]")
        return 0
    from rich.table import Table  # on use: the reader starts without it

    table = Table(expand=True)
    for name, options in (("view", {}), ("query", {"ratio": 1}), ("sort", {}), ("total", {"justify": "right"}),
                          ("new", {"justify": "right"})):
        table.add_column(name, **options)
    for summary in summaries:
        view = summary.view
        sort = (view.sort or "default") + (" reversed" if view.reverse else "")
        counts = ("-", summary.problem or "") if summary.total is None else (f"{summary.total:,}", f"{summary.new:,}")
        table.add_row(*cells(view.name, view.query, sort, *counts))
    out.print(table)
    return 0


def _view(library: Library, args: argparse.Namespace, out: Console) -> int:
    with cli_lists.open_store(args) as store:
        if args.view_action == "delete":
            deleted = store.delete_view(args.name)
            cli_output.say(out, f"deleted the view '{deleted.name}'")
            return 0
        from index.shelf.view_counts import save_view

        with library.open_in_step() as searcher:
            saved, replaced = save_view(store, searcher, args.name, args.query, args.sort, args.reverse)
    cli_output.say(out, f"{'replaced' if replaced else 'saved'} the view '{saved.name}': {saved.query}")
    return 0


def _store(library: Library, args: argparse.Namespace, out: Console) -> int:
    from index.export.reading_list import export_store, import_store_file  # loads only for these
    from index.user_files import write_text_file

    with cli_lists.open_store(args) as store:
        if args.store_action == "import":
            added = import_store_file(store, args.file)
            counts = ", ".join(f"{kind} {count:,}" for kind, count in added.items())
            cli_output.say(out, f"imported, new to the store: {counts}")
            return 0
        text = export_store(store)
    if args.output is None:
        out.file.write(text)  # escaped by the export itself: nothing a terminal acts on stays raw
    else:
        write_text_file(args.output, text)
        cli_output.say(out, f"wrote {args.output}")
    return 0


def _digest(library: Library, args: argparse.Namespace, out: Console) -> int:
    from index.export.digest import digest, json_records, parse_since, to_markdown, when_text
    from index.shelf.morning import precise_now, stamp_time
    from index.user_files import write_text_file

    after = parse_since(args.since) if args.since is not None else None
    with library.open_in_step() as searcher, cli_lists.open_store(args) as store:
        note_index(store, searcher)
        until = stamp_time(precise_now())  # after the papers just indexed were recorded
        if args.since is None:  # the first digest: what is new since the reader's last visit
            after = store.digest_mark() or store.new_since()
        sections = digest(searcher, store, args.view, after, until)
        if args.since_last:
            store.set_digest_mark(until)
    if not any(section.papers for section in sections):
        since = when_text(after) if after is not None else "ever"
        cli_output.say(out, f"nothing new since {since}")
        return 0
    as_json = (args.format or ("json" if args.output and args.output.suffix.lower() == ".json" else "md")) == "json"
    text = "".join(json_line(r) + "\n" for r in json_records(sections)) if as_json else to_markdown(sections, after, until)
    if args.output is None:
        out.file.write("\n".join(visible(line) for line in text.split("\n")))
    else:
        write_text_file(args.output, text)
        cli_output.say(out, f"wrote {args.output}")
    return 0


def search_page(args: argparse.Namespace, searcher) -> SearchPage:
    """`search`'s results: its QUERY, or with --view the view's query (its reading-list terms
    resolved against the store) and sort; --sort replaces the view's sort, --reverse turns it.
    A for-you sort ranks by the store's lists (index.search.for_you)."""
    if args.view is None:
        if args.query is None:
            raise PapershelfError("search needs a QUERY or --view NAME")
        taste = _taste(args, args.sort)
        return searcher.search(args.query, args.sort, args.reverse, args.offset, args.limit, taste=taste)
    if args.query is not None:
        raise PapershelfError("search takes a QUERY or --view NAME, not both")
    from index.search.shelf_terms import resolve

    with cli_lists.open_store(args) as store:
        view = store.view(args.view)
        note_index(store, searcher)
        shelf = resolve(view.query, store, DEFAULT_LIST)
        sort, reverse = args.sort or view.sort, view.reverse != args.reverse
        taste = taste_for(sort, store) if is_taste_sort(sort) else None
    page = searcher.search(
        shelf.text, sort, reverse, args.offset, args.limit, within=shelf.within, without=shelf.without, taste=taste,
    )
    return replace(page, query=view.query)  # what messages quote: the view's query as saved


def _taste(args: argparse.Namespace, sort: str | None) -> Taste | None:
    """The lists' papers a for-you sort ranks by (None for the other sorts)."""
    if not is_taste_sort(sort):
        return None
    with cli_lists.open_store(args) as store:
        return taste_for(sort, store)


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
    """After `papershelf index`: remember when each paper was first indexed (see index.shelf.first_seen)."""
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


COMMANDS = {"dismiss": _dismiss, "undismiss": _undismiss, "views": _views, "view": _view, "store": _store,
            "digest": _digest}
