"""`papershelf completion bash|zsh`: a shell completion script generated from the parser (by shtab),
so every sub-command and option completes as argparse defines it, and list names as the store holds them.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable

from rich.console import Console

from index.library import Library
from tui.safe_text import visible

SHELLS = ("bash", "zsh")
LIST_NAMES = "list-names"  # what the scripts call for the names of the reading lists
# Arguments that name a reading list: `export LIST`, `list NAME`, `--list NAME`.
_LIST_METAVARS = ("LIST", "NAME")
_NAMES_COMMAND = f"papershelf completion {LIST_NAMES} 2>/dev/null"
_LIST_COMPLETION = {
    # One name a line: a name may hold spaces.
    "bash": "_papershelf_list_names",
    "zsh": "_papershelf_list_names",
    "preamble": {
        # Each name bash-quoted (`Reading\ group`): bash inserts a reply as typed, so a name with a
        # space would otherwise become two words. The word typed so far may be quoted so too.
        "bash": (
            "_papershelf_list_names() {\n"
            "  local name quoted\n"
            "  while IFS= read -r name; do\n"
            "    printf -v quoted '%q' \"$name\"\n"
            "    [[ $name == \"$1\"* || $quoted == \"$1\"* ]] && printf '%s\\n' \"$quoted\"\n"
            f"  done < <({_NAMES_COMMAND})\n"
            "}\n"
        ),
        "zsh": (
            "_papershelf_list_names() {\n"
            "  local -a names\n"
            f"  names=(${{(f)\"$({_NAMES_COMMAND})\"}})\n"
            "  compadd -a names\n"
            "}\n"
        ),
    },
}


def add_command(commands, command: Callable[..., argparse.ArgumentParser]) -> None:
    """Register `completion`; `command` is cli._command (adds the common options)."""
    completion = command(commands, "completion", "print the shell completion script for bash or zsh")
    completion.add_argument(
        "shell", choices=(*SHELLS, LIST_NAMES),
        help='bash: eval "$(papershelf completion bash)" in ~/.bashrc; zsh: eval "$(papershelf completion zsh)" '
        "after compinit in ~/.zshrc (list-names: what the scripts complete list names from)",
    )


def _completion(library: Library, args: argparse.Namespace, out: Console) -> int:
    if args.shell == LIST_NAMES:
        return _print_list_names(args, out)
    import shtab  # only here: the other commands never need it

    from tui.cli import build_parser  # the whole parser, other modules' commands included

    parser = build_parser()
    _mark_completions(parser, shtab)
    out.file.write(shtab.complete(parser, shell=args.shell))
    return 0


def _mark_completions(parser: argparse.ArgumentParser, shtab) -> None:
    """Folders, files and list names complete as such (shtab reads `complete` on each action)."""
    kinds = {"DIR": shtab.DIRECTORY, "FILE": shtab.FILE}
    for command in (parser, *parser.command_parsers.values()):
        for action in command._actions:  # argparse has no public list of a parser's arguments
            if action.metavar in kinds:
                action.complete = kinds[action.metavar]
            elif action.metavar in _LIST_METAVARS:
                action.complete = _LIST_COMPLETION


def _print_list_names(args: argparse.Namespace, out: Console) -> int:
    from tui.cli_lists import open_store
    from tui.cli_papers import has_store

    if not has_store(args):  # completing a word creates no store
        return 0
    with open_store(args) as store:
        for summary in store.lists():
            out.file.write(visible(summary.name) + "\n")
    return 0


COMMANDS = {"completion": _completion}
