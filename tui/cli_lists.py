"""The reading-list sub-commands: lists, list, add, remove, read, unread, export, import.

Only `add` and `read` of an unknown paper need the index (to find the paper);
everything else works from the store alone, with the listing files gone.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

from rich.console import Console
from rich.text import Text

from index.export.formats import FORMATS, format_of
from index.library import Library
from index.locations import locations
from index.search.paper_ids import unknown_papers
from index.shelf.store import DEFAULT_LIST, ListNameError, ReadingStore
from index.user_files import write_text_file
from tui.safe_text import cells, json_line, visible


def add_store_option(parser: argparse.ArgumentParser, argparse_defaults: bool) -> None:
    # As in cli._add_common: SUPPRESS on sub-commands keeps a value given before the name.
    parser.add_argument(
        "--reset-store", action="store_true", default=False if argparse_defaults else argparse.SUPPRESS,
        help="if the reading-list store is damaged, keep it aside and start an empty one",
    )


def add_commands(commands, command: Callable[..., argparse.ArgumentParser]) -> None:
    """Register the sub-commands; `command` is cli._command (adds the common options)."""

    def store_command(name: str, about: str) -> argparse.ArgumentParser:
        parser = command(commands, name, about)
        add_store_option(parser, argparse_defaults=False)
        return parser

    export = store_command(
        "export", "write a reading list as BibTeX, BibLaTeX, RIS, CSL-JSON, Markdown, CSV or JSON"
    )
    export.add_argument("list", metavar="LIST", help="the list's name")
    export.add_argument(
        "--format", choices=FORMATS,
        help="default: from -o's suffix (.bib, .biblatex.bib, .ris, .csl.json, .md, .csv, .json), else json",
    )
    export.add_argument("-o", "--output", type=Path, metavar="FILE", help="write to FILE instead of stdout")
    importing = store_command("import", "merge a JSON export into the reading lists")
    importing.add_argument("file", type=Path, metavar="FILE", help="a JSON export (papershelf export --format json)")
    store_command("lists", "the reading lists, with counts").add_argument(
        "--json", action="store_true", help="one JSON object per line"
    )
    listing = store_command("list", "the papers of one reading list, in order")
    listing.add_argument("name", metavar="NAME", help="the list's name (any letter case)")
    listing.add_argument("--json", action="store_true", help="one JSON object per line")
    for name, about in (("add", "add papers to a list"), ("remove", "remove papers from a list")):
        change = store_command(name, about)
        change.add_argument("ids", nargs="+", metavar="ID", help=IDS_HELP)
        change.add_argument("--list", default=DEFAULT_LIST, metavar="NAME", help=f"default: {DEFAULT_LIST}")
    commands.choices["add"].add_argument("--create", action="store_true", help="create the list if it is missing")
    for name, about in (("read", "mark papers read"), ("unread", "mark papers unread")):
        store_command(name, about).add_argument("ids", nargs="+", metavar="ID", help=IDS_HELP)


IDS_HELP = (
    "the papers' ids (from search; any case, or the first 4+ characters); one unknown id and nothing is changed"
)


def open_store(args: argparse.Namespace) -> ReadingStore:
    """The store in the data dir; says on stderr where a damaged one was kept."""
    path = ReadingStore.default_path(locations(args.data_dir))
    store = ReadingStore.open(path, reset_corrupt=getattr(args, "reset_store", False))
    if store.moved_aside is not None:
        Console(stderr=True).print(
            f"papershelf: the damaged reading-list store was kept as {store.moved_aside}; started an empty one",
            markup=False,
        )
    return store


def _export(library: Library, args: argparse.Namespace, out: Console) -> int:
    from index.export.reading_list import export_list  # the writers load only for an export

    format = args.format or _format_of(args.output)
    with open_store(args) as store, _index_for_listings(library) as listings:
        text = export_list(store, args.list, format, listings, args.config.paper_url)
    if args.output is None:
        out.file.write("\n".join(visible(line) for line in text.split("\n")))
    else:
        write_text_file(args.output, text)
        out.print(Text(visible(f"wrote {args.output}")))
    return 0


@contextmanager
def _index_for_listings(library: Library):
    """What tells an export where its papers appeared: the index as it is (not brought in step:
    an export needs no sync), or None before there is one."""
    if not library.has_index():
        yield None
        return
    from index.shelf.saved_papers import listings_in

    with library.open_searcher() as searcher:
        yield lambda paper_ids: listings_in(searcher, paper_ids)


def _format_of(output: Path | None) -> str:
    return (format_of(output.name) if output else None) or "json"


def _import(library: Library, args: argparse.Namespace, out: Console) -> int:
    from index.export.reading_list import import_file

    with open_store(args) as store:
        name, added, known = import_file(store, args.file)
    out.print(Text(visible(f"imported into '{name}': {count_of_papers(added)} added, {known:,} already there")))
    return 0


def count_of_papers(count: int) -> str:
    return f"{count:,} paper" if count == 1 else f"{count:,} papers"


def _lists(library: Library, args: argparse.Namespace, out: Console) -> int:
    with open_store(args) as store:
        summaries = store.lists()
    if args.json:
        for summary in summaries:
            out.file.write(json_line(vars(summary)) + "\n")
        return 0
    from rich.table import Table  # on use: the reader starts without it

    table = Table(expand=False)
    for name, justify in (("list", "left"), ("papers", "right"), ("unread", "right"), ("created", "left")):
        table.add_column(name, justify=justify)
    for summary in summaries:
        table.add_row(*cells(summary.name, str(summary.count), str(summary.unread), summary.created))
    out.print(table)
    return 0


def _list(library: Library, args: argparse.Namespace, out: Console) -> int:
    from index.export.list_json import entry_record  # loads only for --json
    from index.shelf.reading_state import reading_states

    with open_store(args) as store:
        summary = store.summary(args.name)
        papers = store.entries(summary.name)
        states = reading_states(store, [paper.id for paper in papers]) if args.json else {}
    if args.json:
        for paper in papers:  # entry_record holds read and note already; the lists come with the state
            out.file.write(json_line(entry_record(paper) | states[paper.id]) + "\n")
        return 0
    from rich.table import Table  # on use: the reader starts without it

    table = Table(expand=True)
    table.add_column("#", justify="right")
    for name in ("read", "id"):
        table.add_column(name)
    table.add_column("title", ratio=1)
    for name in ("date", "note"):
        table.add_column(name)
    for paper in papers:
        read, noted = "x" if paper.read else "", "yes" if paper.note else ""
        row = (str(paper.position), read, paper.id, paper.title, paper.published, noted)
        table.add_row(*cells(*row))
    out.print(table)
    out.print(Text(visible(f"{summary.name}: {count_of_papers(summary.count)}, {summary.unread:,} unread")))
    return 0


def _add(library: Library, args: argparse.Namespace, out: Console) -> int:
    with library.open_in_step() as searcher:
        known = searcher.known(args.ids)
        unknown = [paper_id for paper_id in args.ids if paper_id not in known]
        if unknown:
            raise unknown_papers(unknown, "nothing added")
        papers = [searcher.paper(paper_id) for paper_id in args.ids]
    with open_store(args) as store:
        name = _list_named(store, args.list, create=args.create)
        added = store.add_all(name, papers)
    if len(papers) == 1:
        message = f"added to '{name}'" if added else f"already in '{name}'"
        out.print(Text(visible(f"{message}: {papers[0].title}")))
    else:
        out.print(Text(visible(f"added {count_of_papers(added)} to '{name}'{_already(len(papers) - added, 'there')}")))
    return 0


def _already(count: int, state: str) -> str:
    return f" ({count:,} already {state})" if count else ""


def _list_named(store: ReadingStore, name: str, create: bool) -> str:
    """The list's name as stored; a missing list is created when asked, else an error."""
    try:
        return store.summary(name).name
    except ListNameError:
        if not create:
            raise
        return store.create_list(name)


def _remove(library: Library, args: argparse.Namespace, out: Console) -> int:
    with open_store(args) as store:
        name = store.summary(args.list).name
        listed = store.list_ids(name)
        _check_known(library, store, [paper_id for paper_id in args.ids if paper_id not in listed], "nothing removed")
        removed = store.remove_all(name, args.ids)
    if len(args.ids) == 1:
        out.print(Text(visible(f"{'removed from' if removed else 'was not in'} '{name}': {args.ids[0]}")))
    else:
        left = len(args.ids) - removed
        was_not = f" ({left:,} {'was' if left == 1 else 'were'} not in it)" if left else ""
        out.print(Text(visible(f"removed {count_of_papers(removed)} from '{name}'{was_not}")))
    return 0


def _read(library: Library, args: argparse.Namespace, out: Console) -> int:
    with open_store(args) as store:
        unsaved = [paper_id for paper_id in args.ids if not store.knows(paper_id)]
        if unsaved:  # check the ids, and keep a snapshot of what was read
            with library.open_in_step() as searcher:
                known = searcher.known(unsaved)
                unknown = [paper_id for paper_id in unsaved if paper_id not in known]
                if unknown:
                    raise unknown_papers(unknown, "nothing marked read")
                papers = [searcher.paper(paper_id) for paper_id in unsaved]
            for paper in papers:
                store.remember(paper)
        newly = store.mark_read(args.ids)
    if len(args.ids) == 1:
        out.print(Text(visible(f"marked read: {args.ids[0]}")))
    else:
        out.print(Text(visible(f"marked {count_of_papers(len(args.ids))} read{_already(len(args.ids) - newly, 'read')}")))
    return 0


def _unread(library: Library, args: argparse.Namespace, out: Console) -> int:
    with open_store(args) as store:
        _check_known(library, store, args.ids, "nothing marked unread")
        store.mark_unread(args.ids)
    if len(args.ids) == 1:
        out.print(Text(visible(f"marked unread: {args.ids[0]}")))
    else:
        out.print(Text(visible(f"marked {count_of_papers(len(args.ids))} unread")))
    return 0


def _check_known(library: Library, store: ReadingStore, paper_ids: list[str], outcome: str) -> None:
    """UnknownPaper (exit 2) naming every id neither the store nor the index has."""
    unknown = [paper_id for paper_id in paper_ids if not store.knows(paper_id)]
    if unknown:
        with library.open_in_step() as searcher:
            known = searcher.known(unknown)
        unknown = [paper_id for paper_id in unknown if paper_id not in known]
    if unknown:
        raise unknown_papers(unknown, outcome)


COMMANDS = {
    "export": _export, "import": _import, "lists": _lists, "list": _list,
    "add": _add, "remove": _remove, "read": _read, "unread": _unread,
}
