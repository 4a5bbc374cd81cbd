"""What a person does in the reader, as tmux keystrokes, each step waiting for what it shows.

Keys are sent the way a quick typist sends them: a key that moves the focus
(`/`, Enter) is followed by a wait until the screen shows the focus moved,
before the next keys. (Keys that arrive in the same read as `/` are a separate,
explicit test.)
"""

from __future__ import annotations

import re
from collections.abc import Callable

from index.listings.papers import Paper
from tests.e2e.terminal import Terminal

TOTAL = 253  # papers in the built-in sample listings
STATUS_ALL = f"{TOTAL} of {TOTAL} papers"


def footer(screen: str) -> str:
    lines = screen.rstrip("\n").split("\n")
    return lines[-1] if lines else ""


def filter_focused(screen: str) -> bool:
    """The filter has the keyboard: the footer no longer offers the letter keys (they type)."""
    return " s Sort" not in footer(screen)


def list_focused(screen: str) -> bool:
    """The filter lost the keyboard: the footer offers the letter keys again."""
    return " s Sort" in footer(screen)


def status_count(screen: str) -> int | None:
    match = re.search(rf"\b([\d,]+) of {TOTAL} papers", screen)
    return int(match.group(1).replace(",", "")) if match else None


def all_of(*expected: str | Callable[[str], bool]) -> Callable[[str], bool]:
    """One condition for a whole screen: a frame may be caught half drawn, so wait for all of it."""
    checks = [e if callable(e) else (lambda screen, e=e: e in screen) for e in expected]

    def check(screen: str) -> bool:
        return all(c(screen) for c in checks)

    check.__doc__ = " and ".join(repr(e) if isinstance(e, str) else (e.__doc__ or "?") for e in expected)
    return check


def start(terminal: Terminal) -> str:
    """The first full screen: filter bar on top, every paper counted, the footer's keys."""
    return terminal.wait_for(all_of(top_line("/ filter"), STATUS_ALL, list_focused), timeout=60)


def top_line(text: str) -> Callable[[str], bool]:
    def check(screen: str) -> bool:
        return text in screen.split("\n")[0]

    check.__doc__ = f"{text!r} on the top line"
    return check


def filter_by(terminal: Terminal, text: str, expected_total: int) -> str:
    """`/`, type the query, Enter: back in the list with the filtered results."""
    terminal.type("/")
    terminal.wait_for(filter_focused)
    terminal.type(text)
    terminal.wait_for(f"{expected_total} of {TOTAL} papers")
    terminal.send("Enter")
    return terminal.wait_for(all_of(f"{expected_total} of {TOTAL} papers", list_focused))


def opening(paper: Paper, length: int = 28) -> str:
    """The first words of the abstract, short enough to sit on the pane's first abstract line."""
    words, text = paper.abstract.split(), ""
    for word in words:
        if len(text) + len(word) + 1 > length and text:
            break
        text = f"{text} {word}".strip()
    return text


def shows_paper(paper: Paper, other: Paper):
    def check(screen: str) -> bool:
        return opening(paper) in screen and opening(other) not in screen

    check.__doc__ = f"the abstract of {paper.id} ({opening(paper)!r}) and not of {other.id}"
    return check




def closed(text: str) -> Callable[[str], bool]:
    def check(screen: str) -> bool:
        return text not in screen

    check.__doc__ = f"no {text!r} any more"
    return check


def row_marks(screen: str, title: str) -> str:
    """What the paper list shows before the title on the row of the paper titled `title` (its marks)."""
    start_of_title = title[:20]
    for line in screen.split("\n"):
        # A list row: two columns of marks, then the title (the abstract pane's lines start after one space).
        if line[2:].startswith(start_of_title):
            return line[:2].strip()
    raise AssertionError(f"no row of the list shows {start_of_title!r}:\n{screen}")


def marked(title: str, mark: str) -> Callable[[str], bool]:
    def check(screen: str) -> bool:
        try:
            return mark in row_marks(screen, title)
        except AssertionError:
            return False

    check.__doc__ = f"{mark!r} on the row of {title[:20]!r}"
    return check


def unmarked(title: str, mark: str) -> Callable[[str], bool]:
    def check(screen: str) -> bool:
        try:
            return mark not in row_marks(screen, title)
        except AssertionError:
            return False

    check.__doc__ = f"no {mark!r} on the row of {title[:20]!r}"
    return check
