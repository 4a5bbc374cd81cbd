"""The facet pane: the current results counted per organisation, listing, month, band, list and state.

A line-API ScrollView, like the abstract pane: one row per facet title or value, and new
counts redraw only the rows whose text changed (over SSH every redrawn row is bytes on
the wire, and the counts change with every key typed in the filter). The counts are
computed in the main screen's search worker (index.search.facets); this only shows them.
Enter or a click on a value adds its filter to the query, `-` adds it negated, `M` mutes it.
"""

from __future__ import annotations

from rich.segment import Segment
from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widget import Widget

from index.search.facets import FACET_TITLES, FacetCount, FacetValue
from tui.error_boundary import Guarded
from tui.safe_text import cell_len, fit, one_line

_MARGIN = 1


class FacetPane(Guarded, ScrollView, can_focus=True):
    HELP_GROUP, HELP_ORDER = "Facet pane", 35  # where the help and the README list its keys
    COMPONENT_CLASSES = {"facet-pane--cursor", "facet-pane--title"}
    # Priority, as the list's: each key runs as it arrives, before later keys of a burst.
    BINDINGS = [
        Binding("j,down", "cursor_down", "Down", show=False, id="facets.down", priority=True),
        Binding("k,up", "cursor_up", "Up", show=False, id="facets.up", priority=True),
        Binding("enter", "add", "Add to the filter", id="facets.add", priority=True),
        Binding("minus", "add_negated", "Add negated", id="facets.negate", priority=True),
        Binding("M", "mute", "Mute", id="facets.mute", priority=True),
    ]

    class Chosen(Message):
        """A value to add to the filter (negated: to keep out)."""

        def __init__(self, value: FacetValue, negated: bool) -> None:
            super().__init__()
            self.value, self.negated = value, negated

    class MuteAsked(Message):
        def __init__(self, value: FacetValue) -> None:
            super().__init__()
            self.value = value

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._rows: list[str | FacetCount] = []  # a facet's name (its title row) or one of its values
        # Each row's line, made when first drawn: a big index has hundreds of organisations and
        # days, and every key typed brings new counts, of which a screenful is seen.
        self._lines: dict[int, Strip] = {}
        self.cursor = 0  # index into _rows, always a value row when there is one

    # What it shows

    @property
    def counts(self) -> list[FacetCount]:
        return [row for row in self._rows if isinstance(row, FacetCount)]

    @property
    def selected(self) -> FacetValue | None:
        row = self._rows[self.cursor] if self.cursor < len(self._rows) else None
        return row.value if isinstance(row, FacetCount) else None

    @property
    def lines(self) -> list[str]:
        """The rows as plain text, the way the pane shows them."""
        return [self._line_at(index).text.rstrip() for index in range(len(self._rows))]

    def show(self, counts: list[FacetCount]) -> None:
        """New counts; the cursor stays on the value it was on while that value is still there."""
        before = self.selected
        rows: list[str | FacetCount] = []
        for count in counts:
            if not rows or _facet_of(rows[-1]) != count.value.facet:
                rows.append(count.value.facet)
            rows.append(count)
        self._rows = rows
        values = [i for i, row in enumerate(rows) if isinstance(row, FacetCount)]
        kept = [i for i in values if before is not None and rows[i].value.query == before.query]
        self.cursor = kept[0] if kept else (values[0] if values else 0)
        self._redraw()

    def _redraw(self) -> None:
        old, self._lines = self._lines, {}
        # set_reactive: assigning the size lays out the whole screen again (bytes over SSH).
        self.set_reactive(Widget.virtual_size, Size(self.size.width, len(self._rows)))
        self._keep_cursor_in_view()
        top, height = int(self.scroll_offset.y), self.size.height
        for y in range(top, top + height):
            before = old.get(y)  # None: no row there before, or one never drawn
            if y >= len(self._rows):
                if before is not None:  # a row gone: blank its line
                    self.refresh_line(y)
            elif before is None or before != self._line_at(y):
                self.refresh_line(y)

    def _line_at(self, index: int) -> Strip:
        line = self._lines.get(index)
        if line is None:
            line = self._lines[index] = self._line(index, self._rows[index])
        return line

    def _line(self, index: int, row: str | FacetCount) -> Strip:
        width = max(self.size.width - 2 * _MARGIN, 0)
        if isinstance(row, str):
            style = self.get_component_rich_style("facet-pane--title", partial=True)
            return Strip([Segment(fit(FACET_TITLES[row], width), style)])
        number = f"{row.count:,}"
        # The label is listing or store text: one line, visible, cut to the cells left.
        label = fit(one_line(row.value.label), max(width - len(number) - 3, 1))
        gap = max(width - cell_len(label) - len(number) - 2, 1)
        text = f"  {label}{' ' * gap}{number}"
        if index == self.cursor and self.has_focus:
            return Strip([Segment(text, self.get_component_rich_style("facet-pane--cursor", partial=True))])
        return Strip([Segment(text)])

    def render_line(self, y: int) -> Strip:
        row = int(self.scroll_offset.y) + y
        line = self._line_at(row) if row < len(self._rows) else Strip.blank(0)
        margin, width = Strip.blank(_MARGIN), self.size.width
        return Strip.join([margin, line]).extend_cell_length(width).crop(0, width).apply_style(self.rich_style).simplify()

    def on_resize(self) -> None:
        self._lines = {}  # made again at the new width as they are drawn
        self.set_reactive(Widget.virtual_size, Size(self.size.width, len(self._rows)))
        self.refresh()

    def on_focus(self) -> None:
        self._redraw_cursor(self.cursor)

    on_blur = on_focus

    # Moving and choosing

    def _move(self, step: int) -> None:
        values = [i for i, row in enumerate(self._rows) if isinstance(row, FacetCount)]
        if not values:
            return
        place = values.index(self.cursor) if self.cursor in values else 0
        self._set_cursor(values[max(0, min(len(values) - 1, place + step))])

    def _set_cursor(self, index: int) -> None:
        old, self.cursor = self.cursor, index
        self._redraw_cursor(old)
        self._redraw_cursor(index)
        self._keep_cursor_in_view()

    def _redraw_cursor(self, index: int) -> None:
        if index < len(self._rows):
            self._lines[index] = self._line(index, self._rows[index])
            self.refresh_line(index)

    def _keep_cursor_in_view(self) -> None:
        top, height = int(self.scroll_offset.y), self.size.height
        if height and not top <= self.cursor < top + height:
            self.scroll_to(y=max(0, self.cursor - height + 1) if self.cursor >= top else self.cursor, animate=False)

    @property
    def allow_vertical_scroll(self) -> bool:
        return self.max_scroll_y > 0

    def action_cursor_down(self) -> None:
        self._move(1)

    def action_cursor_up(self) -> None:
        self._move(-1)

    def action_add(self) -> None:
        if self.selected is not None:
            self.post_message(self.Chosen(self.selected, negated=False))

    def action_add_negated(self) -> None:
        if self.selected is not None:
            self.post_message(self.Chosen(self.selected, negated=True))

    def action_mute(self) -> None:
        if self.selected is not None:
            self.post_message(self.MuteAsked(self.selected))

    def on_click(self, event: events.Click) -> None:
        index = int(self.scroll_offset.y) + event.y
        if index < len(self._rows) and isinstance(self._rows[index], FacetCount):
            self._set_cursor(index)
            self.post_message(self.Chosen(self._rows[index].value, negated=False))


def _facet_of(row: str | FacetCount) -> str:
    return row if isinstance(row, str) else row.value.facet
