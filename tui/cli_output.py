"""How the sub-commands print: Rich tables for people, JSON lines for scripts.

Listing text goes into `rich.text.Text` objects (never parsed as markup) and
through `visible()` (no control character reaches the terminal).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console
from rich.text import Text

from index.listings.dates import ListingDate, YearSource
from index.listings.papers import Paper
from index.search.results import Hit, SearchPage, Similar
from index.sync.report import SyncReport
from tui.paper_text import date_text, highlighted, meta_line
from tui.safe_text import cells, file_name, json_line, one_line, problem_text, safe_text, undecodable_escaped
from tui.wording import counted

if TYPE_CHECKING:
    from index.search.paper_searcher import PaperSearcher

PROGRESS_DELAY = 1.0  # builds shorter than this show no bar


@contextmanager
def progress_after_a_second(console: Console) -> Iterator:
    """A progress callback that shows a bar only once the work has taken a second, and only on
    a terminal (into a pipe or a file a bar is noise: Rich leaves an empty line where it was)."""
    if not console.is_terminal:
        yield lambda done, total: None
        return
    started = time.monotonic()
    # Imported here, as Table below: the reader, which starts through this module's importer, needs neither.
    from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeRemainingColumn

    bar = Progress(
        TextColumn("indexing"), BarColumn(), TaskProgressColumn(), TimeRemainingColumn(),
        console=console, transient=True,
    )
    task = None

    def update(done: int, total: int) -> None:
        nonlocal task
        if task is None:
            if time.monotonic() - started < PROGRESS_DELAY:
                return
            bar.start()
            task = bar.add_task("index", total=total)
        bar.update(task, completed=done)

    try:
        yield update
    finally:
        if task is not None:  # stopping a bar never started prints an empty line
            bar.stop()


def say(console: Console, text: str, style: str = "") -> None:
    """Print one message: outside text in it (a path, a query, a title) passes the display
    boundary, and nothing in it is read as markup or emoji codes."""
    console.print(safe_text(text, style))


def internal_error(err: Console, error: BaseException, log_file: Path) -> int:
    """A sub-command's unexpected failure: the traceback to the log, one line to the user; status 1."""
    from tui.error_boundary import ErrorLog, summary

    ErrorLog(log_file).write(error, "command line")
    say(err, f"papershelf: internal error: {summary(error)}; details in {log_file}")
    return 1


def print_sync_report(out: Console, report: SyncReport) -> None:
    how = f"rebuilt ({report.rebuild_reason})" if report.rebuild_reason else _update_summary(report)
    say(
        out,
        f"{counted(report.files, 'file')}, {counted(report.entries, 'entry', 'entries')}, "
        f"{counted(report.papers, 'paper')}, {counted(len(report.problems), 'problem')}; "
        f"index {how} in {report.seconds:.2f} s",
    )
    _print_capture_years(out, report)
    for problem in report.problems:
        say(out, problem_text(problem))
    if not report.papers:
        say(out, "nothing usable to index: no paper could be read from the listings")


def _update_summary(report: SyncReport) -> str:
    changes = report.changes
    if not (changes.to_read or changes.removed):
        return "already up to date"
    return (
        f"updated: {counted(len(changes.added), 'file')} added, {len(changes.changed):,} changed, "
        f"{len(changes.removed):,} removed; {counted(report.papers_updated, 'paper')} written, "
        f"{report.papers_removed:,} removed"
    )


def _print_capture_years(out: Console, report: SyncReport) -> None:
    unknown = []
    for path, (year, source) in report.capture_years.items():
        name = file_name(Path(path).name)
        if source is YearSource.INFERRED:
            say(out, f"{name}: dates without a year read as {year} (the file shows years up to {year - 1})")
        elif source is YearSource.OVERRIDE:
            say(out, f"{name}: dates without a year read as {year} (--capture-year)")
        else:
            unknown.append(name)
    if unknown:
        shows = "shows" if len(unknown) == 1 else "show"
        say(
            out,
            f"{counted(len(unknown), 'file')} {shows} no year at all: their dates stay year-less "
            f"(set one with --capture-year YEAR): {', '.join(unknown)}",
        )


def print_page(out: Console, searcher: PaperSearcher, page: SearchPage) -> None:
    if not page.hits:
        if page.total == 0:
            message = f"no papers match '{page.query}'"
        elif page.offset >= page.total:
            message = f"{counted(page.total, 'paper')} match; none from row {page.offset + 1} on"
        else:  # --limit 0: the count only
            message = f"{counted(page.total, 'paper')} match"
        if page.suggestion:
            message += f"; did you mean: {page.suggestion}"
        say(out, message + _muted_note(page))
        return
    from rich.table import Table

    table = Table(title=None, show_lines=False, expand=True)
    explained = page.hits[0].because is not None  # a for-you sort: why each placed
    columns = [("#", {"justify": "right"}), ("id", {}), ("title", {"ratio": 1}), ("date", {}), ("up", {"justify": "right"})]
    for name, options in columns + ([("because", {"max_width": 32})] if explained else []):
        table.add_column(name, **options)
    for row, hit in enumerate(page.hits, start=page.offset + 1):
        title_spans, _ = searcher.highlights(hit.paper, page.terms)
        because = [because_text(hit)] if explained else []
        table.add_row(*cells(
            str(row), hit.paper.id, highlighted(hit.paper.title, title_spans),
            date_text(hit.paper.date), "" if hit.paper.upvotes is None else str(hit.paper.upvotes), *because),
        )
    out.print(table)
    shown_to = page.offset + len(page.hits)
    say(out, f"{page.offset + 1}-{shown_to} of {counted(page.total, 'paper')}, sorted by {page.sort}{_muted_note(page)}")


def _muted_note(page: SearchPage) -> str:
    return f" ({counted(page.hidden, 'muted paper')} hidden)" if page.hidden else ""


def because_text(hit: Hit) -> str:
    """A for-you hit's words, for and against: "theorem, lean; against: survey"."""
    text = ", ".join(hit.because or ())
    if hit.against:
        text += ("; " if text else "") + "against: " + ", ".join(hit.against)
    return text


def hit_json(hit: Hit) -> dict:
    paper = hit.paper
    org = paper.organisation
    return {
        "id": paper.id,
        "title": paper.title,
        "published": _iso(paper.published),
        "upvotes": paper.upvotes,
        "authors": paper.authors,
        "org": None if org is None else {"handle": org.handle, "name": org.name},
        "listings": [
            {"file": undecodable_escaped(Path(a.file).name), "date": _iso(a.listing_date), "line": a.line}
            for a in paper.appearances
        ],
        "score": None if hit.score is None else round(hit.score, 4),
        # By a for-you sort, the words that placed it (None by the others).
        "because": None if hit.because is None else list(hit.because),
        "against": None if hit.against is None else list(hit.against),
    }


def _iso(date: ListingDate | None) -> str | None:
    """ISO 8601; a date of unknown year as --MM-DD (ISO's year-less form)."""
    if date is None:
        return None
    return date.iso() or f"--{date.month:02d}-{date.day:02d}"


def print_json_hits(out: Console, hits: list[Hit], states: dict[str, dict] | None = None) -> None:
    """One line per hit; `states`: more fields by paper id (the reading state)."""
    for hit in hits:
        out.file.write(json_line({**hit_json(hit), **(states or {}).get(hit.paper.id, {})}) + "\n")


def print_paper(out: Console, paper: Paper, state: dict | None) -> None:
    """The paper for people, or with `state` (its reading state) as one JSON line."""
    if state is not None:
        data = hit_json(Hit(paper, None))
        for key in ("score", "because", "against"):
            data.pop(key)
        data["abstract"] = paper.abstract
        out.file.write(json_line(data | state) + "\n")
        return
    # A terminal gets lines of its width, cut between words; a pipe gets each text whole on one line.
    soft_wrap = not out.is_terminal
    out.print(safe_text(paper.title, "bold"), soft_wrap=soft_wrap)
    out.print(safe_text(meta_line(paper)), soft_wrap=soft_wrap)
    out.print()
    out.print(safe_text(paper.abstract), soft_wrap=soft_wrap)


def print_similar(out: Console, similar: Similar, as_json: bool) -> None:
    if as_json:
        for hit in similar.hits:
            out.file.write(json_line(hit_json(hit)) + "\n")
        return
    say(out, f"key terms: {', '.join(similar.key_terms)}")
    for hit in similar.hits:
        out.print(Text.assemble((hit.paper.id, "dim"), "  ", one_line(hit.paper.title)))
