"""The paper list: a virtual list that draws only the rows on screen.

Stock list widgets mount one widget or option per row (seconds at 100,000
rows); this one is a ScrollView whose height is the result count. Rows come
a page at a time: a row whose page is not fetched yet is drawn as a
placeholder, and a worker fetches the page (the UI thread never searches);
when it arrives its rows are drawn, and the selection, if it is on them, is
announced again.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.segment import Segment
from rich.style import Style
from textual import events, work
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.reactive import Reactive, reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from index.listings.papers import Paper
from tui.error_boundary import Guarded
from tui.marked_papers import MARK, MarkedPapers
from tui.motion_count import MotionCount
from tui.paper_text import date_text
from tui.results import PAGE, Located, ResultSet
from tui.safe_text import one_line, pad

_LOADING = "  …"
_DATE_WIDTH = 13
_VOTES_WIDTH = 5


class PaperList(Guarded, ScrollView, can_focus=True):
    HELP_GROUP, HELP_ORDER = "Paper list", 20  # where the help and the README list its keys
    BINDINGS = [
        Binding("space", "toggle_mark", "Mark / unmark, then down", show=False, id="list.mark", priority=True),
        Binding("j,down", "cursor_down", "Down", show=False, id="list.down", priority=True),
        Binding("k,up", "cursor_up", "Up", show=False, id="list.up", priority=True),
        Binding("g,home", "first", "First", show=False, id="list.first", priority=True),
        Binding("G,end", "last", "Last", show=False, id="list.last", priority=True),
        Binding("pagedown", "page_down", "Page down", show=False, id="list.page_down", priority=True),
        Binding("pageup", "page_up", "Page up", show=False, id="list.page_up", priority=True),
        Binding("ctrl+d", "half_page(1)", "Half a page down", show=False, id="list.half_down", priority=True),
        Binding("ctrl+u", "half_page(-1)", "Half a page up", show=False, id="list.half_up", priority=True),
    ]
    # `--row` is the plain row: its style is the list's own, which Textual computes once
    # per style change for a component instead of on every drawn line (rich_style does).
    COMPONENT_CLASSES = {"paper-list--cursor", "paper-list--row", "paper-list--marked"}

    cursor = reactive(0, repaint=False)  # _cursor_moved refreshes just the rows that change
    # The row count changes with almost every key typed in the filter, and Widget's
    # virtual_size asks for a layout of the whole screen when it changes: most of a
    # keystroke's time on the event loop. The list's own size never depends on its rows;
    # only its scrollbar does (see _set_row_count).
    virtual_size = Reactive(Size(0, 0), layout=False)

    class MarksChanged(Message):
        """Papers were marked or unmarked (space)."""

    class Selected(Message):
        """The paper under the cursor changed."""

        def __init__(self, paper: Paper | None) -> None:
            super().__init__()
            self.paper = paper

    class Opened(Message):
        """A click on the selected row: open it (the abstract pane), as Enter does."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.marks: Callable[[str], str] = lambda paper_id: "  "  # reading-list marks of a row
        self.marked = MarkedPapers()  # the screen gives its own: it acts on them
        self._results: ResultSet | None = None
        self._pages: dict[int, list[Paper]] = {}
        self._wanted: set[int] = set()  # pages being fetched for the current results
        self.count = MotionCount()  # digits typed before a motion (5j)

    def show(self, results: ResultSet, row: int = 0, pages: dict[int, list[Paper]] | None = None) -> None:
        """Show new results, the cursor on `row`; `pages`: rows already fetched, by page number
        (so drawing a row far down needs no search on the UI thread)."""
        before = self._visible_rows()
        total_changed = results.total != self.total
        self._results = results
        self._pages = {**(pages or {}), **results.first_pages()}
        self._wanted = set()
        if total_changed:
            self._set_row_count(results.total)
        self.set_reactive(PaperList.cursor, self.validate_cursor(row))
        if total_changed:  # the scroll range grows at the next layout: scroll again after it
            self.call_after_refresh(self._keep_cursor_in_view)
        if self.scroll_to_region_of(self.cursor):
            self.refresh()
        else:
            # Only the rows that differ: typing often leaves the top rows as they were.
            after = self._visible_rows()
            top = int(self.scroll_offset.y)
            for y in range(max(len(before), len(after))):
                if y >= len(before) or y >= len(after) or before[y] != after[y]:
                    self.refresh_line(top + y)
        self.post_message(self.Selected(self.selected))

    def _visible_rows(self) -> list[tuple[str | None, bool]]:
        """What each visible row shows: its paper's id and whether the cursor is on it."""
        top = int(self.scroll_offset.y)
        rows = []
        for row in range(top, top + self.scrollable_content_region.height):
            paper = self.paper_at(row)
            rows.append((paper.id if paper else None, row == self.cursor))
        return rows

    @property
    def total(self) -> int:
        return 0 if self._results is None else self._results.total

    def paper_at(self, row: int) -> Paper | None:
        """The paper at `row` if its page is here; else None, and the page is asked for."""
        if self._results is None or not 0 <= row < self.total:
            return None
        number = row // PAGE
        rows = self._pages.get(number)
        if rows is None:
            self._want(number)
            return None
        index = row - number * PAGE
        return rows[index] if index < len(rows) else None

    def loaded(self, row: int) -> bool:
        """Whether the page holding `row` is here (a row outside the results counts as here)."""
        return self._results is None or not 0 <= row < self.total or row // PAGE in self._pages

    def _want(self, number: int) -> None:
        if number not in self._wanted:
            self._wanted.add(number)
            self.call_later(self._fetch_page, self._results, number)  # not from inside a render

    @work(thread=True, group="pages")
    def _fetch_page(self, results: ResultSet, number: int) -> None:
        rows = results.page_rows(number)
        self.app.call_from_thread(self._page_arrived, results, number, rows)

    def _page_arrived(self, results: ResultSet, number: int, rows: list[Paper]) -> None:
        if results is not self._results:
            return  # newer results are on screen: these rows are not theirs
        self._pages[number] = rows
        self._wanted.discard(number)
        top, height = int(self.scroll_offset.y), self.scrollable_content_region.height
        for row in range(max(top, number * PAGE), min(top + height, (number + 1) * PAGE)):
            self.refresh_line(row)
        if self.cursor // PAGE == number:
            self.post_message(self.Selected(self.selected))

    def go_to(self, located: Located) -> None:
        """Put the cursor on a row a worker found, with the pages it fetched to show it."""
        self._pages.update(located.pages)
        self.cursor = located.row

    def move_to(self, paper_id: str) -> bool:
        """Put the cursor on the paper if it is among the rows fetched so far."""
        for number, rows in self._pages.items():
            for index, paper in enumerate(rows):
                if paper.id == paper_id:
                    self.cursor = number * PAGE + index
                    return True
        return False

    def action_toggle_mark(self) -> None:
        paper = self.selected
        if paper is None:
            return  # no row, or its page is on its way
        self.marked.toggle(paper)
        self.refresh_line(self.cursor)
        self.post_message(self.MarksChanged())
        self.cursor += 1

    def refresh_marks(self) -> None:
        """Redraw the rows on screen after marks changed many at once (`*`, clearing them)."""
        self.refresh()

    @property
    def selected(self) -> Paper | None:
        return self.paper_at(self.cursor)

    def validate_cursor(self, row: int) -> int:
        return max(0, min(row, self.total - 1)) if self.total else 0

    def watch_cursor(self, old: int, new: int) -> None:
        self._cursor_moved(old)

    def _cursor_moved(self, old: int | None = None) -> None:
        if self.scroll_to_region_of(self.cursor) or old is None:
            self.refresh()
        else:
            # Only the two rows that changed: over SSH every redrawn row is bytes on the wire.
            self.refresh_line(old)
            self.refresh_line(self.cursor)
        self.post_message(self.Selected(self.selected))

    def scroll_to_region_of(self, row: int) -> bool:
        """Scroll so `row` is visible; whether that scrolled."""
        top, height = int(self.scroll_offset.y), self.scrollable_content_region.height or 1
        if row < top:
            self.scroll_to(y=row, animate=False)
        elif row >= top + height:
            self.scroll_to(y=row - height + 1, animate=False)
        else:
            return False
        return True

    def render_line(self, y: int) -> Strip:
        row = int(self.scroll_offset.y) + y
        width = self.scrollable_content_region.width
        paper = self.paper_at(row)
        in_results = 0 <= row < self.total
        on_cursor = row == self.cursor and in_results
        marked = paper is not None and paper.id in self.marked
        style = self.get_component_rich_style(
            "paper-list--cursor" if on_cursor else "paper-list--marked" if marked else "paper-list--row"
        )
        if paper is None:
            text = _LOADING if in_results else ""  # a row whose page is on its way, or no row at all
            return Strip([Segment(pad(text, width), style)], width)
        return Strip(self._row_segments(paper, width, style), width).crop(0, width)

    def _row_segments(self, paper: Paper, width: int, style: Style) -> list[Segment]:
        votes = "" if paper.upvotes is None else str(paper.upvotes)
        title_width = max(width - 2 - _DATE_WIDTH - _VOTES_WIDTH - 2, 1)
        # Cut and padded by cells, not characters: a CJK or emoji title is twice as wide as long.
        title = one_line(paper.title)
        # A marked row's title starts with the mark; other rows are drawn as they always were.
        title = pad(f"{MARK} {title}" if paper.id in self.marked else title, title_width)
        text = f"{self.marks(paper.id)}{title} {date_text(paper.date):>{_DATE_WIDTH}} {votes:>{_VOTES_WIDTH}}"
        return [Segment(pad(text, width), style)]

    def _set_row_count(self, rows: int) -> None:
        self.virtual_size = Size(self.size.width, rows)
        # What a layout pass would do for this widget: size the scrollbar to the rows, and
        # show or hide it (which asks for a layout by itself: the rows get narrower). Textual
        # has no public call for it; this is the one place papershelf reaches in for it.
        self._scroll_update(self.virtual_size)

    def on_resize(self) -> None:
        self._set_row_count(self.total)
        # A shorter list (stacked layout) can leave the selected row below its last line.
        self.call_after_refresh(self._keep_cursor_in_view)

    def _keep_cursor_in_view(self) -> None:
        """Scroll the selected row into view once the layout has settled."""
        if self.scroll_to_region_of(self.cursor):
            self.refresh()

    # Keys and the mouse. A count typed before a motion (5j) moves that many rows.

    def on_key(self, event: events.Key) -> None:
        if self.count.typed(event.key):
            event.stop()

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        row = None if offset is None else int(self.scroll_offset.y) + offset.y
        if row is None or not 0 <= row < self.total:
            return
        if row == self.cursor:
            self.post_message(self.Opened())  # a click on the selected row (a second click) opens it
        self.cursor = row

    def on_mouse_scroll_down(self, event: events.MouseScrollDown) -> None:
        event.prevent_default()  # the wheel moves the selection; the view follows it
        self.cursor += 1

    def on_mouse_scroll_up(self, event: events.MouseScrollUp) -> None:
        event.prevent_default()
        self.cursor -= 1

    def action_cursor_down(self) -> None:
        self.cursor += self.count.take()

    def action_cursor_up(self) -> None:
        self.cursor -= self.count.take()

    def action_first(self) -> None:
        self.count.take()
        self.cursor = 0

    def action_last(self) -> None:
        self.cursor = self.count.take(self.total) - 1  # 12G: row 12

    def action_page_down(self) -> None:
        self.cursor += self.count.take() * self._page()

    def action_page_up(self) -> None:
        self.cursor -= self.count.take() * self._page()

    def action_half_page(self, direction: int) -> None:
        self.cursor += direction * self.count.take() * max(self.scrollable_content_region.height // 2, 1)

    def _page(self) -> int:
        return max(self.scrollable_content_region.height - 1, 1)
