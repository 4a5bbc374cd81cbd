"""The installed `papershelf` command and `python -m tui`: the CLI, with the
collector paused for start-up (see tui/startup_gc.py)."""

from __future__ import annotations

from tui import startup_gc


def main() -> int:
    startup_gc.pause()
    from tui.cli import main as cli_main  # imported after the pause: imports are most of start-up

    return cli_main()
