"""The `papershelf` command: the reader, and sub-commands for scripts and people.

Options every sub-command takes (`--listings`, `--data-dir`) may stand before
or after the sub-command name. Errors a user can act on are one line on
stderr and exit status 2, never a traceback.
"""

from __future__ import annotations

import argparse
import signal
import sys
from collections.abc import Sequence
from pathlib import Path

from rich.console import Console

from index.errors import PapershelfError
from index.index_home import IndexBusy
from index.library import Library
from index.locations import locations
from index.search_page import SORTS
from index.sync_report import SyncOptions
from tui import cli_lists, cli_morning, cli_output, startup_gc
from tui.safe_text import visible

EXIT_USAGE = 2


class _Parser(argparse.ArgumentParser):
    """argparse's parser, whose error messages (they quote what was typed) pass the display boundary."""

    def error(self, message: str):
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {visible(message)}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="papershelf", description="A keyboard-driven terminal reader for research-paper listings."
    )
    _add_common(parser, argparse_defaults=True)
    cli_lists.add_store_option(parser, argparse_defaults=True)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    index = _command(commands, "index", "build or update the index from the listing files")
    index.add_argument("--rebuild", action="store_true", help="rebuild the index from scratch")
    search = _command(commands, "search", "search the papers")
    search.add_argument("query", nargs="?", help="the query (see the README's query language)")
    cli_morning.add_search_options(search)
    search.add_argument("--sort", choices=SORTS, help="default: relevance with words, else date")
    search.add_argument("--reverse", action="store_true", help="reverse the sort order")
    search.add_argument("--limit", type=_non_negative, default=20, help="rows to show (default 20)")
    search.add_argument("--offset", type=_non_negative, default=0, help="rows to skip")
    search.add_argument("--json", action="store_true", help="one JSON object per line")
    for name, about in (("show", "show one paper"), ("similar", "papers similar to one paper")):
        command = _command(commands, name, about)
        command.add_argument("id", help="the paper's id (from search)")
        command.add_argument("--json", action="store_true", help="JSON output")
    cli_lists.add_commands(commands, _command)
    cli_morning.add_commands(commands, _command)
    return parser


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
        library = make_library(args, err)
        if args.command is None:
            return _run_reader(library, args)
        startup_gc.resume()
        # Output into a closed pipe (`papershelf search ... | head`) ends the command
        # quietly, as it ends other Unix tools: by SIGPIPE, not a BrokenPipeError.
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
        return _COMMANDS[args.command](library, args, out)
    except (PapershelfError, IndexBusy) as error:
        cli_output.say(err, f"papershelf: {error}")
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except Exception as error:  # noqa: BLE001 - the command's error boundary: logged, one line
        return cli_output.internal_error(err, error, locations(args.data_dir).log_file)


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
            cli_output.print_json_hits(out, page.hits, cli_morning.hit_states(args, searcher, page.hits))
        else:
            cli_output.print_page(out, searcher, page)
    return 0


def _show(library: Library, args: argparse.Namespace, out: Console) -> int:
    with library.open_in_step() as searcher:
        cli_output.print_paper(out, searcher.paper(args.id), args.json)
    return 0


def _similar(library: Library, args: argparse.Namespace, out: Console) -> int:
    with library.open_in_step() as searcher:
        cli_output.print_similar(out, searcher.similar(args.id), args.json)
    return 0


_COMMANDS = {
    "index": _index, "search": _search, "show": _show, "similar": _similar, **cli_lists.COMMANDS, **cli_morning.COMMANDS,
}


if __name__ == "__main__":
    sys.exit(main())
