"""`papershelf serve`: the reader in a browser tab, one reader process per tab (tui/web_server.py)."""

from __future__ import annotations

import argparse
import asyncio
import ipaddress
import shlex
import sys
from collections.abc import Callable

from rich.console import Console

from index.errors import PapershelfError
from index.library import Library
from tui.safe_text import visible

DEFAULT_PORT = 8417
DEFAULT_MAX_SESSIONS = 4
ABOUT = "run the reader in a browser tab (a token-protected web server on 127.0.0.1)"
DETAILS = (
    "Prints the URL to open; it carries a random token, which the server asks of every request "
    "(kept as a cookie after the first). Requests without it, or from another site's page or "
    "naming another host, are refused. Each browser tab runs its own reader process; at most "
    "--max-sessions at once."
)


class ServeRefused(PapershelfError):
    """An address `serve` will not listen on, or one it cannot."""


def add_command(commands, command: Callable[..., argparse.ArgumentParser]) -> None:
    """Register `serve`; `command` is cli._command (adds the common options)."""
    serve = command(commands, "serve", ABOUT)
    serve.description = f"{ABOUT}. {DETAILS}"
    serve.add_argument(
        "--host", default="127.0.0.1", metavar="ADDR",
        help="the address to listen on (default 127.0.0.1, this machine only; "
        "any other needs --allow-remote)",
    )
    serve.add_argument(
        "--allow-remote", action="store_true",
        help="allow a --host other machines reach (the token is then all that guards the reader; "
        "plain HTTP: use it on a trusted network only)",
    )
    serve.add_argument(
        "--port", type=_port, default=DEFAULT_PORT,
        help=f"the port to listen on (default {DEFAULT_PORT}; 0 = any free port)",
    )
    serve.add_argument(
        "--max-sessions", type=_positive, default=DEFAULT_MAX_SESSIONS, metavar="N",
        help=f"browser tabs (reader processes) open at once (default {DEFAULT_MAX_SESSIONS})",
    )


def _port(text: str) -> int:
    value = int(text)
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError("must be from 0 to 65535")
    return value


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


def checked_host(host: str, allow_remote: bool) -> str:
    """The address to listen on; ServeRefused for one beyond this machine without --allow-remote,
    and for a wildcard (the URL and the Host check need the one name browsers will use)."""
    try:
        address = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        address = None
    if address is not None and address.is_unspecified:
        raise ServeRefused(
            f"serve: --host {visible(host)} listens everywhere; give the address or name browsers "
            "will use (the server answers to that name only)"
        )
    loopback = host == "localhost" or (address is not None and address.is_loopback)
    if not loopback and not allow_remote:
        raise ServeRefused(
            f"serve: --host {visible(host)} is reachable from other machines; add --allow-remote to mean it"
        )
    return host.strip("[]")


def reader_command(args: argparse.Namespace) -> str:
    """The shell command textual-serve runs for each session: this reader, on the same listings,
    data folder and capture year."""
    words = [sys.executable, "-m", "tui"]
    for folder in args.listings:
        words += ["--listings", str(folder)]
    if args.data_dir is not None:
        words += ["--data-dir", str(args.data_dir)]
    if args.capture_year is not None:
        words += ["--capture-year", str(args.capture_year)]
    return shlex.join(words)


def _serve(library: Library, args: argparse.Namespace, out: Console) -> int:
    from tui.web_server import GuardedServer, serve  # aiohttp loads for this command only

    host = checked_host(args.host, args.allow_remote)
    server = GuardedServer(reader_command(args), host, args.max_sessions)

    def started(url: str) -> None:
        out.print(f"papershelf serve: open {url}", markup=False, highlight=False)
        out.print(
            f"(listening on {visible(host)}; at most {args.max_sessions} tabs at once; ctrl+c stops)",
            markup=False, highlight=False,
        )
        out.file.flush()  # a script waiting for the URL reads it now, not at exit

    try:
        asyncio.run(serve(server, args.port, started))
    except asyncio.CancelledError:  # SIGTERM
        return 0
    except OSError as error:
        raise ServeRefused(f"serve: cannot listen on {visible(host)} port {args.port}: {error.strerror or error}")
    return 0


COMMANDS = {"serve": _serve}
