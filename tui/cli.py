"""The `papershelf` command: the reader, and sub-commands for scripts and people.

Options every sub-command takes (`--listings`, `--data-dir`) may stand before
or after the sub-command name. Errors a user can act on are one line on
stderr and exit status 2, never a traceback.
"""

from __future__ import annotations

import argparse
import errno
import os
import signal
import sys
from collections.abc import Sequence
from pathlib import Path

from rich.console import Console

from index.errors import PapershelfError
from index.index_home import IndexBusy
from index.library import Library
from index.locations import locations
from index.shelf.errors import StoreError
from index.sync.report import SyncOptions
from tui import cli_completion, cli_facets, cli_help, cli_lists, cli_morning, cli_output, cli_papers, cli_serve, startup_gc
from tui.cli_sorts import add_sort_option
from tui.safe_text import undecodable_escaped, visible

EXIT_USAGE = 2
EPILOG = (
    "Without a command, papershelf opens the reader; no command opens it. The query language "
    "(of search and of the reader's filter): papershelf help query, or \"Query language\" in the README. "
    "A command's options: papershelf COMMAND --help."
)


class _Parser(argparse.ArgumentParser):
    """argparse's parser, whose error messages (they quote what was typed) pass the display boundary."""

    command_parsers: dict[str, argparse.ArgumentParser]  # each sub-command's, by name (for `help`)

    def error(self, message: str):
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {visible(message)}{_dash_hint(message)}\n")


def _dash_hint(message: str) -> str:
    # `papershelf search -dendrites` reads as an unknown option: a query that excludes a
    # word first is common enough to say how to write it.
    if "unrecognized arguments: -" in message or ("required: query" in message and "search" in sys.argv[1:]):
        return "\n(a query that starts with '-' comes after '--': papershelf search -- '-word other')"
    return ""


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="papershelf", description="A keyboard-driven terminal reader for research-paper listings.",
        epilog=EPILOG,
    )
    parser.add_argument("--version", action=_Version, help="print papershelf's version and exit")
    _add_common(parser, argparse_defaults=True)
    cli_lists.add_store_option(parser, argparse_defaults=True)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    index = _command(commands, "index", "build or update the index from the listing files")
    index.add_argument("--rebuild", action="store_true", help="rebuild the index from scratch")
    search = _command(commands, "search", "search the papers")
    search.add_argument("query", nargs="?", help="the query (the language: papershelf help query)")
    cli_morning.add_search_options(search)
    add_sort_option(search)
    search.add_argument("--reverse", action="store_true", help="reverse the sort order")
    search.add_argument("--limit", type=_non_negative, default=20, help="rows to show (default 20)")
    search.add_argument("--offset", type=_non_negative, default=0, help="rows to skip")
    search.add_argument("--json", action="store_true", help="one JSON object per line")
    for name, about in (("show", "show one paper"), ("similar", "papers similar to one paper")):
        command = _command(commands, name, about)
        command.add_argument("id", help="the paper's id (from search; any case, or its first 4+ characters)")
        command.add_argument("--json", action="store_true", help="JSON output")
    cli_lists.add_commands(commands, _command)
    cli_help.add_command(commands, _command)
    cli_completion.add_command(commands, _command)
    cli_serve.add_command(commands, _command)
    parser.command_parsers = commands.choices
    cli_morning.add_commands(commands, _command)
    cli_facets.add_command(commands, _command)
    return parser


class _Version(argparse.Action):
    """--version, which looks the version up only when asked (the reader's start does without it)."""

    def __init__(self, option_strings, dest, **kwargs) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, **kwargs)

    def __call__(self, parser, namespace, values, option_string=None) -> None:
        from importlib import metadata

        try:
            version = metadata.version("papershelf")
        except metadata.PackageNotFoundError:  # run from a source tree that was never installed
            version = "unknown (not installed)"
        sys.stdout.write(f"papershelf {version}\n")
        parser.exit(0)


def _command(commands, name: str, about: str) -> argparse.ArgumentParser:
    command = commands.add_parser(name, help=about, description=about)
    _add_common(command, argparse_defaults=False)
    return command


def _add_common(parser: argparse.ArgumentParser, argparse_defaults: bool) -> None:
    # Sub-commands use SUPPRESS so an option given before the sub-command is not reset.
    def default(value):
        return value if argparse_defaults else argparse.SUPPRESS

    parser.add_argument(
        "--listings", action="append", type=Path, metavar="DIR", default=default([]),
        help="a folder of listing files (repeatable; default: the built-in sample)",
    )
    parser.add_argument(
        "--data-dir", type=Path, metavar="DIR", default=default(None),
        help="keep index, reading lists and config under this one folder",
    )
    parser.add_argument(
        "--capture-year", type=int, metavar="YEAR", default=default(None),
        help="the year the listings were captured, for dates shown without a year",
    )


def _non_negative(text: str) -> int:
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError("must be 0 or more")
    return value


def make_library(args: argparse.Namespace, err: Console) -> Library:
    """The library the options name; the config file's problems go to stderr, never fatal."""
    options = SyncOptions(capture_year=args.capture_year, rebuild=getattr(args, "rebuild", False))
    library, config, problems = Library.configured(args.listings, locations(args.data_dir), options)
    for problem in problems:
        cli_output.say(err, f"papershelf: {problem}")
    args.config, args.config_problems = config, problems
    return library


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    out, err = Console(highlight=False, soft_wrap=True), Console(stderr=True, highlight=False, soft_wrap=True)
    try:
        _check_text_arguments(args)
        library = make_library(args, err)
        if args.command is None:
            return _run_reader(library, args)
        startup_gc.resume()
        # Output into a closed pipe (`papershelf search ... | head`) ends the command
        # quietly, as it ends other Unix tools: by SIGPIPE, not a BrokenPipeError.
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
        if getattr(args, "id", None) is not None:  # any case, or a unique prefix, as git takes ids
            args.id = cli_papers.resolve_id(library, args)
        if getattr(args, "ids", None) is not None:  # each as one id is taken; duplicates once
            args.ids = list(dict.fromkeys(cli_papers.resolve_ids(library, args, args.ids)))
        return _COMMANDS[args.command](library, args, out)
    except (PapershelfError, IndexBusy) as error:
        cli_output.say(err, f"papershelf: {error}")
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except OSError as error:
        if error.errno not in _FULL_OR_FAILED:
            return cli_output.internal_error(err, error, locations(args.data_dir).log_file)
        return _cannot_write(err, error)
    except Exception as error:  # noqa: BLE001 - the command's error boundary: logged, one line
        return cli_output.internal_error(err, error, locations(args.data_dir).log_file)


# A disk that is full or failing is the machine's state, not papershelf's fault: said in one line.
_FULL_OR_FAILED = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EIO, errno.EFBIG, errno.EROFS})


def _cannot_write(err: Console, error: OSError) -> int:
    what = error.filename if error.filename is not None else "the output"
    cli_output.say(err, f"papershelf: cannot write {what}: {error.strerror}")
    try:  # the output still buffered would fail again as Python exits, with its own message
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
    return 1


def _check_text_arguments(args: argparse.Namespace) -> None:
    """Ids, queries and names are text: one that holds a byte that is not UTF-8 (Python keeps
    it as a lone surrogate) could be neither stored nor searched, so it is refused here, by
    name. Paths are Path objects, not checked: a file name may be any bytes."""
    for name, value in vars(args).items():
        for text in value if isinstance(value, list) else [value]:
            if isinstance(text, str) and not text.isascii():
                try:
                    text.encode("utf-8")
                except UnicodeEncodeError:
                    raise PapershelfError(f"{name} '{undecodable_escaped(text)}' is not UTF-8 text") from None


def _run_reader(library: Library, args: argparse.Namespace) -> int:
    from tui.app import run_reader  # Textual loads only for the reader

    return run_reader(library, args.config, args.config_problems, getattr(args, "reset_store", False))


def _index(library: Library, args: argparse.Namespace, out: Console) -> int:
    with cli_output.progress_after_a_second(out) as progress:
        report = library.sync(progress)
    cli_output.print_sync_report(out, report)
    if report.papers:
        cli_morning.note_first_seen(library, args)
    return 0 if report.papers else 1


def _search(library: Library, args: argparse.Namespace, out: Console) -> int:
    with library.open_in_step() as searcher:
        page = cli_morning.search_page(args, searcher)  # the QUERY, or --view NAME's
        if args.json:
            try:
                reading = cli_papers.states(args, (h.paper.id for h in page.hits))
            except StoreError:  # hit_states says what is wrong with the store, once
                reading = {h.paper.id: {"read": None, "lists": None, "note": None} for h in page.hits}
            morning = cli_morning.hit_states(args, searcher, page.hits)
            states = {paper_id: {**state, **morning.get(paper_id, {})} for paper_id, state in reading.items()}
            cli_output.print_json_hits(out, page.hits, states)
        else:
            cli_output.print_page(out, searcher, page)
    return 0


def _show(library: Library, args: argparse.Namespace, out: Console) -> int:
    with library.open_in_step() as searcher:
        paper = searcher.paper(args.id)
    state = cli_papers.states(args, [paper.id])[paper.id] if args.json else None
    cli_output.print_paper(out, paper, state)
    return 0


def _similar(library: Library, args: argparse.Namespace, out: Console) -> int:
    with library.open_in_step() as searcher:
        cli_output.print_similar(out, searcher.similar(args.id), args.json)
    return 0


_COMMANDS = {
    "index": _index, "search": _search, "show": _show, "similar": _similar, **cli_lists.COMMANDS, **cli_help.COMMANDS,
    **cli_completion.COMMANDS, **cli_morning.COMMANDS, **cli_serve.COMMANDS, **cli_facets.COMMANDS,
}


if __name__ == "__main__":
    sys.exit(main())
