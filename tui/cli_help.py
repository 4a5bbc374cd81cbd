"""`papershelf help [TOPIC]`: the query language (`help query`), or a sub-command's help."""

from __future__ import annotations

import argparse
from collections.abc import Callable

from rich.console import Console

from index.errors import PapershelfError
from index.library import Library

QUERY = "query"


class UnknownTopic(PapershelfError):
    """`help` was asked about something it has no help for."""


def add_command(commands, command: Callable[..., argparse.ArgumentParser]) -> None:
    """Register `help`; `command` is cli._command (adds the common options)."""
    helper = command(commands, "help", "print the query language (help query) or a command's help (help search)")
    helper.add_argument("topic", nargs="?", metavar="TOPIC", help="query, or a command's name")


def _help(library: Library, args: argparse.Namespace, out: Console) -> int:
    from tui.cli import build_parser  # the whole parser, other modules' commands included

    parser = build_parser()
    commands = parser.command_parsers
    if args.topic is None:
        out.file.write(parser.format_help())
    elif args.topic == QUERY:
        from tui.query_help import print_query_language

        print_query_language(out)
    elif args.topic in commands:
        out.file.write(commands[args.topic].format_help())
    else:
        raise UnknownTopic(f"no help on '{args.topic}'; topics: {QUERY}, {', '.join(sorted(commands))}")
    return 0


COMMANDS = {"help": _help}
