"""The reference for the reader's start-up: a minimal Textual app showing one static line.

`python -m tests.benchmarks.reader_startup` runs it; tests/benchmarks/reader.py
starts it in a pseudo-terminal, as it starts `papershelf`, and times both from
process start to the first frame that shows their content.
"""

from __future__ import annotations

from textual.app import App
from textual.widgets import Static

LINE = "minimal app: one static line"


class Minimal(App):
    def compose(self):
        yield Static(LINE)


if __name__ == "__main__":
    Minimal().run()
