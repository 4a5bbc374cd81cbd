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

from index.dates import ListingDate, YearSource
from index.papers import Paper
from index.search_page import Hit, SearchPage, Similar
from index.sync_report import SyncReport
from tui.paper_text import date_text, highlighted, meta_line
from tui.safe_text import json_line, visible

if TYPE_CHECKING:
    from index.search import Searcher

PROGRESS_DELAY = 1.0  # builds shorter than this show no bar


@contextmanager
def progress_after_a_second(console: Console) -> Iterator:
    """A progress callback that shows a bar only once the work has taken a second."""
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
        bar.stop()


def print_sync_report(out: Console, report: SyncReport) -> None:
    how = f"rebuilt ({report.rebuild_reason})" if report.rebuild_reason else _update_summary(report)
    out.print(
        f"{report.files} files, {report.entries} entries, {report.papers} papers, "
        f"{len(report.problems)} problems; index {how} in {report.seconds:.2f} s",
        markup=False,
    )
    _print_capture_years(out, report)
    for problem in report.problems:
        out.print(visible(str(problem)), markup=False)
    if not report.papers:
        out.print("nothing usable to index: no paper could be read from the listings", markup=False)


def _update_summary(report: SyncReport) -> str:
    changes = report.changes
    if not (changes.to_read or changes.removed):
        return "already up to date"
    return (
        f"updated: {len(changes.added)} files added, {len(changes.changed)} changed, "
        f"{len(changes.removed)} removed; {report.papers_updated} papers written, "
        f"{report.papers_removed} removed"
    )


def _print_capture_years(out: Console, report: SyncReport) -> None:
    unknown = []
    for path, (year, source) in report.capture_years.items():
        name = Path(path).name
        if source is YearSource.INFERRED:
            out.print(f"{name}: dates without a year read as {year} (the file shows years up to {year - 1})", markup=False)
        elif source is YearSource.OVERRIDE:
            out.print(f"{name}: dates without a year read as {year} (--capture-year)", markup=False)
        else:
            unknown.append(name)
    if unknown:
        out.print(
            f"{len(unknown)} files show no year at all: their dates stay year-less "
            f"(set one with --capture-year YEAR): {', '.join(unknown)}",
            markup=False,
        )


def print_page(out: Console, searcher: Searcher, page: SearchPage) -> None:
    if not page.hits:
        message = f"no papers match {page.query!r}" if page.total == 0 else "no rows at this offset"
        if page.suggestion:
            message += f"; did you mean: {page.suggestion}"
        out.print(visible(message), markup=False)
        return
    from rich.table import Table

    table = Table(title=None, show_lines=False, expand=True)
    for name, options in (("#", {"justify": "right"}), ("id", {}), ("title", {"ratio": 1}), ("date", {}), ("up", {"justify": "right"})):
        table.add_column(name, **options)
    for row, hit in enumerate(page.hits, start=page.offset + 1):
        title_spans, _ = searcher.highlights(hit.paper, page.terms)
        table.add_row(
            str(row), hit.paper.id, highlighted(hit.paper.title, title_spans),
            date_text(hit.paper.date), "" if hit.paper.upvotes is None else str(hit.paper.upvotes),
        )
    out.print(table)
    shown_to = page.offset + len(page.hits)
    out.print(f"{page.offset + 1}-{shown_to} of {page.total} papers, sorted by {page.sort}", markup=False)


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
            {"file": Path(a.file).name, "date": _iso(a.listing_date), "line": a.line} for a in paper.appearances
        ],
        "score": None if hit.score is None else round(hit.score, 4),
    }


def _iso(date: ListingDate | None) -> str | None:
    """ISO 8601; a date of unknown year as --MM-DD (ISO's year-less form)."""
    if date is None:
        return None
    return date.iso() or f"--{date.month:02d}-{date.day:02d}"


def print_json_hits(out: Console, hits: list[Hit]) -> None:
    for hit in hits:
        out.file.write(json_line(hit_json(hit)) + "\n")


def print_paper(out: Console, paper: Paper, as_json: bool) -> None:
    if as_json:
        data = hit_json(Hit(paper, None))
        data.pop("score")
        data["abstract"] = paper.abstract
        out.file.write(json_line(data) + "\n")
        return
    out.print(Text(visible(paper.title), style="bold"))
    out.print(meta_line(paper), markup=False)
    out.print()
    out.print(Text(visible(paper.abstract)))


def print_similar(out: Console, similar: Similar, as_json: bool) -> None:
    if as_json:
        for hit in similar.hits:
            out.file.write(json_line(hit_json(hit)) + "\n")
        return
    out.print(f"key terms: {', '.join(similar.key_terms)}", markup=False)
    for hit in similar.hits:
        out.print(Text.assemble((hit.paper.id, "dim"), "  ", visible(hit.paper.title)))
