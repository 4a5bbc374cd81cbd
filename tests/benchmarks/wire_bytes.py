"""Bytes on the wire: `python -m tests.benchmarks.wire_bytes`.

Runs the installed `papershelf` in a pseudo-terminal of 120x36 on the built-in
sample (253 papers) and counts the bytes it writes to the terminal for:
start-up to the first frame that shows the papers, one `j`, one page down, one
character typed in the filter, and 5 seconds of doing nothing. The same steps
run, in the same run, against a stock Textual app (an Input over an OptionList
of the same papers) as the reference.

papershelf runs twice. Over SSH: SSH_CONNECTION and SSH_TTY set as sshd sets
them, TERM=xterm-256color and no COLORTERM (ssh passes TERM on, and COLORTERM
only where both ends opt in with SendEnv/AcceptEnv), so 256 colours. Locally:
COLORTERM=truecolor too. The stock app runs in the same terminal as the SSH
run. The terminal answers Textual's query for synchronized output (as kitty,
WezTerm, foot, iTerm2, Windows Terminal and others do), so every frame arrives
between begin/end markers, which makes frames countable. Nothing else is answered.

A step has "settled" when nothing has been written for 0.3 s; its bytes are
everything written from the key to then. 1 KB = 1,000 bytes.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from tests.benchmarks.pty_terminal import (
    COLS, FRAME_BEGIN, FRAME_END, ROWS, PtySession, base_env, papershelf_command,
)

IDLE_SECONDS = 5.0

KEY_J, KEY_PAGE_DOWN, KEY_SLASH, KEY_ESCAPE = b"j", b"\x1b[6~", b"/", b"\x1b"
FILTER = "theor"  # typed one character at a time, each one measured


def filter_label(typed: str) -> str:
    return f"filter: '{typed[:-1]}' + '{typed[-1]}'" if len(typed) > 1 else f"filter: first character ('{typed}')"


FILTER_LABELS = [filter_label(FILTER[: end + 1]) for end in range(len(FILTER))]
IDLE_LABEL = f"idle {IDLE_SECONDS:g} s, filter focused"
TARGETS = {"j": 4_000, "page down": 12_000, **dict.fromkeys(FILTER_LABELS, 12_000), IDLE_LABEL: 0,
           f"idle {IDLE_SECONDS:g} s, list focused": 0}


# The measures


@dataclass
class Measures:
    name: str
    bytes: dict[str, int] = field(default_factory=dict)
    frames: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    output: dict[str, bytes] = field(default_factory=dict)  # what each step wrote, for --explain


def measure(name: str, argv: list[str], env: dict[str, str], first_title: str) -> Measures:
    """Start-up, j, page down, `/`, filter characters, idle with the filter focused, then idle in the list."""
    result = Measures(name)
    session = PtySession(argv, env)
    try:
        marker = first_title[:15].encode()
        session.wait_for(marker)
        output = session.text_since(0)
        first = output.find(FRAME_END, output.find(marker))
        if first < 0:
            session.wait_for(FRAME_END, start=output.find(marker))
            output = session.text_since(0)
            first = output.find(FRAME_END, output.find(marker))
        result.bytes["start-up to the first frame showing papers"] = first + len(FRAME_END)
        result.bytes["start-up until settled"] = session.settle(0)
        _count_frames(result, session, "start-up until settled", 0)
        result.output["start-up until settled"] = session.text_since(0)

        steps = [("j", KEY_J), ("page down", KEY_PAGE_DOWN), ("/ (focus the filter)", KEY_SLASH),
                 *zip(FILTER_LABELS, (char.encode() for char in FILTER))]
        for label, keys in steps:
            output = session.step(keys)
            result.bytes[label], result.frames[label] = len(output), output.count(FRAME_END)
            result.output[label] = output

        for label, keys in ((IDLE_LABEL, None), (f"idle {IDLE_SECONDS:g} s, list focused", KEY_ESCAPE)):
            if keys:
                session.step(keys)
            written, output = session.idle(IDLE_SECONDS)
            result.bytes[label], result.frames[label] = written, output.count(FRAME_END)
            result.output[label] = output
            if output:
                result.notes.append(f"{name}, {label}: {_describe_idle(output)}")
    finally:
        session.close()
    return result


_CURSOR_TO = re.compile(rb"\x1b\[(\d+);(\d+)H")


def explain(result: Measures) -> str:
    """Each step's frames: their size and the screen rows (and columns) they write to."""
    lines = [f"## {result.name}"]
    for label, output in result.output.items():
        lines.append(f"{label}: {len(output):,} B")
        for number, frame in enumerate(output.split(FRAME_END)[:12], 1):
            if not frame.replace(FRAME_BEGIN, b"").strip():
                continue
            rows: dict[int, set[int]] = {}
            for match in _CURSOR_TO.finditer(frame):
                rows.setdefault(int(match.group(1)), set()).add(int(match.group(2)))
            spans = _spans(sorted(rows))
            columns = sorted({c for cs in rows.values() for c in cs})
            lines.append(f"  frame {number}: {len(frame):,} B, rows {spans}, columns from {columns[:8]}")
    return "\n".join(lines)


def _spans(numbers: list[int]) -> str:
    spans, start = [], None
    for i, n in enumerate(numbers):
        if start is None:
            start = n
        if i + 1 == len(numbers) or numbers[i + 1] != n + 1:
            spans.append(f"{start}-{n}" if n != start else f"{n}")
            start = None
    return ", ".join(spans)


def _count_frames(result: Measures, session: PtySession, label: str, start: int) -> None:
    result.frames[label] = session.text_since(start).count(FRAME_END)


def _describe_idle(output: bytes) -> str:
    frames = output.count(FRAME_END)
    sizes = sorted({len(frame) for frame in output.split(FRAME_END) if frame})
    sample = output.split(FRAME_END)[0][:160]
    return f"{len(output):,} bytes in {frames} frames of {sizes[:6]} bytes; the first: {sample!r}"


# The apps


def sample_papers(data_dir: Path):
    """The sample's papers, newest first (the reader's order without a query), from the index in data_dir."""
    from index.library import Library
    from index.locations import locations, sample_listings

    library = Library([sample_listings()], locations(data_dir))
    with library.open_in_step() as searcher:
        return [hit.paper for hit in searcher.search("", "date", False, 0, searcher.paper_count).hits]


def run_stock_app(data_dir: Path) -> None:
    """The reference: a stock Textual app, an Input over an OptionList of the same papers, filtered on each change."""
    from textual.app import App
    from textual.binding import Binding
    from textual.widgets import Input, OptionList

    papers = sample_papers(data_dir)
    prompts = [f"{paper.title}  {paper.date or ''}  {paper.upvotes or ''}" for paper in papers]

    class StockList(OptionList):
        BINDINGS = [Binding("j", "cursor_down"), Binding("k", "cursor_up")]

    class StockApp(App):
        BINDINGS = [Binding("slash", "focus_filter"), Binding("escape", "focus_list")]

        def compose(self):
            yield Input(placeholder="filter")
            yield StockList(*prompts)

        def on_mount(self) -> None:
            self.query_one(StockList).focus()

        def action_focus_filter(self) -> None:
            self.query_one(Input).focus()

        def action_focus_list(self) -> None:
            self.query_one(StockList).focus()

        def on_input_changed(self, event: Input.Changed) -> None:
            words = event.value.lower()
            options = self.query_one(StockList)
            options.clear_options()
            options.add_options([prompt for prompt in prompts if words in prompt.lower()])

    StockApp().run()


# The table


def table(results: list[Measures]) -> str:
    labels = list(results[0].bytes)
    header = ["measure", *(r.name for r in results), "target (papershelf)", "result"]
    rows = [header, ["---"] * len(header)]
    for label in labels:
        target = TARGETS.get(label)
        ours = results[0].bytes[label]
        met = ours == 0 if target == 0 else target is not None and ours < target
        verdict = "" if target is None else ("PASS" if met else "MISS")
        rows.append([
            label,
            *(f"{r.bytes[label]:,} B ({r.frames.get(label, '–')} frames)" if label in r.frames
              else f"{r.bytes[label]:,} B" for r in results),
            "" if target is None else ("0 B" if target == 0 else f"< {target / 1000:g} KB"),
            verdict,
        ])
    widths = [max(len(str(row[i])) for row in rows) for i in range(len(header))]
    lines = []
    for row in rows:
        if row[0] == "---":
            lines.append("|" + "|".join("-" * (w + 2) for w in widths) + "|")
        else:
            lines.append("| " + " | ".join(str(cell).ljust(w) for cell, w in zip(row, widths)) + " |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m tests.benchmarks.wire_bytes", description=__doc__.splitlines()[0])
    parser.add_argument("--stock-app", type=Path, metavar="DATA_DIR", help=argparse.SUPPRESS)
    parser.add_argument("--explain", action="store_true",
                        help="also list every step's frames: their size and the screen rows they write")
    args = parser.parse_args()
    if args.stock_app:
        run_stock_app(args.stock_app)
        return

    with tempfile.TemporaryDirectory(prefix="wire-bytes-") as folder:
        home, data = Path(folder) / "home", Path(folder) / "data"
        env = base_env(home)
        _say("indexing the sample (once, before any timing)")
        subprocess.run([*papershelf_command(), "index", "--data-dir", str(data)], env=env, check=True,
                       capture_output=True)
        first_title = sample_papers(data)[0].title
        ssh_env = {**env, "SSH_CONNECTION": "127.0.0.1 50000 127.0.0.1 22"}
        local_env = {**env, "COLORTERM": "truecolor"}
        runs = [
            ("papershelf over SSH", [*papershelf_command(), "--data-dir", str(data)], ssh_env),
            ("stock Input + OptionList, same terminal",
             [sys.executable, "-m", "tests.benchmarks.wire_bytes", "--stock-app", str(data)], env),
            ("papershelf locally, truecolor", [*papershelf_command(), "--data-dir", str(data)], local_env),
        ]
        results = []
        for name, argv, run_env in runs:
            _say(f"{name}: start-up, j, page down, /, filter characters, {IDLE_SECONDS:g} s idle twice")
            results.append(measure(name, argv, run_env, first_title))

    text = (f"Bytes written to a {COLS}x{ROWS} terminal (TERM=xterm-256color; COLORTERM=truecolor only in the "
            f"last column), 253 papers. 1 KB = 1,000 B.\n\n")
    text += table(results)
    notes = [note for result in results for note in result.notes]
    if notes:
        text += "\n\n" + "\n".join(f"- {note}" for note in notes)
    if args.explain:
        text += "\n\n" + "\n\n".join(explain(result) for result in results)
    print(text)
    try:
        from tests.benchmarks.datasets import BENCH_DATA

        BENCH_DATA.mkdir(exist_ok=True)
        (BENCH_DATA / "wire-bytes-results.md").write_text(text + "\n", encoding="utf-8")
        _say(f"written to {BENCH_DATA / 'wire-bytes-results.md'}")
    except OSError as error:
        _say(f"could not write the results file: {error}")


def _say(message: str) -> None:
    print(f"[wire bytes] {message}", file=sys.stderr, flush=True)


if __name__ == "__main__":
    main()
