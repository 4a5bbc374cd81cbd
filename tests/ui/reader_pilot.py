"""Helpers the reader's Pilot tests share."""

from __future__ import annotations

from textual.widgets import Static


async def settle(pilot) -> None:
    """Let every worker finish (searches, the index sync) and the screen catch up."""
    for _ in range(3):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


def cursor_in_view(papers) -> bool:
    """Whether the list's selected row is among the rows it shows."""
    top = int(papers.scroll_offset.y)
    return top <= papers.cursor < top + papers.scrollable_content_region.height


def status_text(app) -> str:
    return str(app.screen.query_one("#status", Static).render())


def pane_text(app) -> str:
    """The abstract pane's lines as wrapped on screen, joined by spaces (so a phrase can span a break)."""
    return " ".join(app.screen.query_one("#abstract").lines)


def static_text(app, selector: str, width: int = 200) -> str:
    """The plain text a Static shows, whatever renderable it was given."""
    from io import StringIO

    from rich.console import Console

    console = Console(file=StringIO(), width=width, color_system=None)
    console.print(app.screen.query_one(selector, Static).content)
    return console.file.getvalue()
