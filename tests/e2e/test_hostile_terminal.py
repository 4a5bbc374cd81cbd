"""Listing text never drives the terminal: every action of the reader, on a listing of hostile
papers whose file name is hostile too, through a real terminal, and every byte papershelf
wrote judged (tests/e2e/escape_audit.py).

The listing's titles, abstracts, organisations and links carry OSC 52 clipboard writes,
OSC 8 hyperlinks, CSI colours, a full reset, C1 controls, zero-width and bidirectional
characters, combining piles, CJK and emoji, markup; a reading list and a note in the
store carry them too. Only papershelf's own sequences may reach the terminal: CSI,
checked hyperlinks, and clipboard copies free of control characters.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from index.library import Library
from index.locations import locations
from index.shelf.store import ReadingStore
from index.sync.report import SyncOptions
from tests.e2e import steps
from tests.e2e.escape_audit import audit
from tests.e2e.terminal import TMUX, Terminal, held, papershelf_command, terminal_env
from tests.hostile_text import ESC, BEL, HOSTILE, PAYLOAD, hostile_listing

HOSTILE_FILE = f"listing{ESC}]52;c;{PAYLOAD}{BEL}{ESC}[31m{ESC}c.txt"
LIST_NAME = "Hostile ☃ [bold]x[/bold] :skull:"


@pytest.fixture
def hostile_reader(tmp_path):
    if TMUX is None:
        pytest.skip("tmux is not installed (.ci/run installs it)")
    listings = tmp_path / "listings"
    listings.mkdir()
    (listings / HOSTILE_FILE).write_text(hostile_listing(), encoding="utf-8")
    data = tmp_path / "data"
    papers = _prepare_store(listings, data)
    command = [*papershelf_command(), "--data-dir", str(data), "--listings", str(listings)]
    env = terminal_env(tmp_path / "home", "xterm-256color", SSH_CONNECTION="10.0.0.1 1 10.0.0.2 22")
    terminal = Terminal(held(command), env, 110, 32)
    output = tmp_path / "terminal-output.bin"
    with terminal:
        terminal.record_output(output)
        terminal.send("Enter")
        yield terminal, output, papers


def _prepare_store(listings: Path, data: Path) -> int:
    """A list and notes whose text is hostile, as a store written by an older papershelf or an
    import could hold; how many papers the listing has (a carriage return in one ends its line)."""
    library = Library([listings], locations(data), SyncOptions(procs=1))
    papers = library.sync().papers
    with library.open_searcher() as searcher, ReadingStore.open(ReadingStore.default_path(library.places)) as store:
        hits = searcher.search("", "date", False, 0, 4).hits
        store.create_list(LIST_NAME)
        for hit in hits:
            store.add(LIST_NAME, hit.paper)
            store.set_note(hit.paper.id, f"note {HOSTILE['osc52_clipboard']} {HOSTILE['full_reset']} end")
    return papers


def step(terminal: Terminal, keys: list[str] | str, shows: str, literal: bool = True) -> None:
    if literal:
        terminal.type(keys)  # type: ignore[arg-type]
    else:
        terminal.send(*keys)
    terminal.wait_for(shows)


def close(terminal: Terminal, marker: str) -> None:
    """Escape, and wait until the dialog is gone, its box too: a frame can be caught half drawn,
    and a key typed into a screen on its way out is lost."""
    terminal.send("Escape")
    terminal.wait_for(lambda screen: marker not in screen and "╭" not in screen)


def test_no_byte_of_hostile_data_reaches_the_terminal_in_any_action(hostile_reader):
    terminal, output, total = hostile_reader
    terminal.wait_for(f"{total} of {total} papers", timeout=60)
    terminal.wait_for(steps.list_focused)
    # Moving through every paper, and through the pane.
    for _ in range(total):
        terminal.type("j")
    terminal.wait_for("Paper ")
    terminal.send("Tab", "j", "Space", "Tab")  # into the pane, scroll, back to the list
    step(terminal, "g", f"{total} of {total} papers")
    # Copy, copy BibTeX, open the link (over SSH: copied), bookmark, read, next/previous unread:
    # on a paper with hostile links in its abstract.
    step(terminal, "/", "/")
    terminal.wait_for(steps.filter_focused)
    step(terminal, "osc52_bel", f"1 of {total} papers")
    terminal.send("Enter")
    terminal.wait_for(steps.list_focused)
    step(terminal, "y", "Copied:")
    step(terminal, "Y", "Copied as BibTeX")
    step(terminal, "o", "Open a link of:")  # its page (a search for the hostile title), then its links
    step(terminal, "1", "Link copied")
    step(terminal, "o", "Open a link of:")
    step(terminal, "2", "Link copied")
    step(terminal, "b", "Bookmarked:")
    step(terminal, "r", "Marked read")
    terminal.send("Escape")  # the whole listing again
    terminal.wait_for(f"{total} of {total} papers")
    terminal.type("n")
    terminal.type("p")
    # The note editor, the list picker, similar papers, index status, help.
    step(terminal, "e", "Note on:")
    terminal.type("a note")
    step(terminal, ["C-s"], "Note saved", literal=False)
    step(terminal, "a", "Add to which list?")
    step(terminal, ["Enter"], "Added to", literal=False)
    step(terminal, "m", "Like:")
    terminal.type("j")
    close(terminal, "Like:")
    step(terminal, "i", "The index:")
    terminal.type("j")
    close(terminal, "The index:")
    step(terminal, "?", "Keymap id")
    terminal.type("j")
    close(terminal, "Keymap id")
    # The facet pane (hidden over SSH until `f`), whose organisations' names are hostile.
    step(terminal, "f", "Organisation")
    terminal.type("j")
    terminal.type("j")
    terminal.type("f")
    terminal.wait_for(lambda screen: "Organisation" not in screen)
    # Sorts, a filter with a suggestion, mark all shown read.
    step(terminal, "s", "sort: upvotes")
    step(terminal, "S", "(reversed)")
    step(terminal, "/", "/")
    terminal.wait_for(steps.filter_focused)
    terminal.type("Papre")
    # The status line's end may be under the toasts of the copies above: the empty list says it too.
    terminal.wait_for(lambda screen: "did you mean: paper" in screen.lower())
    step(terminal, ["C-t"], f"{total} of {total} papers · sort: upvotes", literal=False)
    terminal.send("Escape")
    terminal.wait_for(steps.list_focused)
    step(terminal, ["C-r"], "as read?", literal=False)
    step(terminal, "y", "read")
    # The reading lists: open the hostile list, move, read, export, remove; new, rename, delete.
    step(terminal, "L", "Reading lists")
    terminal.type("j")
    step(terminal, ["Enter"], "List: Hostile", literal=False)
    terminal.type("J")
    terminal.type("K")
    terminal.type("r")
    step(terminal, "E", "to the file")
    step(terminal, ["C-y"], "characters)", literal=False)
    step(terminal, "x", "Removed from")
    step(terminal, "u", "Undone: Removed from")
    terminal.type("/")
    terminal.type("hostile")  # the list's own filter, and its pane, on the hostile papers
    terminal.send("Enter")
    step(terminal, "o", "Open a link of:")
    step(terminal, "1", "Link copied")
    close(terminal, "List: Hostile")
    step(terminal, "c", "Name of the new list")
    terminal.type("fresh")
    step(terminal, ["Enter"], "fresh", literal=False)
    step(terminal, "R", "to:")
    terminal.type("fresher")  # the old name is selected: typing replaces it
    step(terminal, ["Enter"], "fresher", literal=False)
    step(terminal, "D", "Delete the list")
    terminal.type("y")
    step(terminal, "E", "to the file")
    close(terminal, "to the file")
    close(terminal, "Reading lists")
    # Last, as their toasts cover the status line a while: the hostile paper again.
    step(terminal, "/", "/")
    terminal.wait_for(steps.filter_focused)
    step(terminal, "osc52_bel", f"1 of {total} papers")
    terminal.send("Enter")
    terminal.wait_for(steps.list_focused)
    # Not interested and back; the filter saved as a view, listed and opened; triage of it.
    step(terminal, "x", "Not interested:")
    step(terminal, "x", "Interested again:")
    step(terminal, "V", "Name of the view:")
    step(terminal, "hostile", "hostile")
    step(terminal, ["Enter"], "Saved the view", literal=False)
    step(terminal, "v", "Views (Enter")
    terminal.send("Enter")
    terminal.wait_for(lambda screen: "Views (Enter" not in screen and f"of {total} papers" in screen)
    step(terminal, "T", "Triage:")
    step(terminal, "s", "1 decided")  # its one paper decided: the triage ends and says so
    terminal.type("q")
    assert terminal.wait_exit() == 0

    found = audit(output.read_bytes())
    assert found.problems == []
    assert len(found.copies) >= 4  # y, Y, o and the export: the app's own OSC 52, checked above
