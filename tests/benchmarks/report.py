"""The results table: figures, ratios to FTS5, and each target's PASS/MISS.

The targets are set for 100,000 papers; smaller sizes show them too, as an
early warning.
"""

from __future__ import annotations

from dataclasses import dataclass

from tests.benchmarks.timing import median, percentile
from tests.benchmarks.workload import Sample

QUERY_P95_MS = 100
TYPING_P95_MS = 50
TYPING_FTS_RATIO = 5
ADD_SECONDS = 2
BUILD_FTS_RATIO = 10
PEAK_RSS_MIB = 300

HEADER = ("N", "measure", "papershelf", "FTS5", "LIKE scan", "papershelf ÷ FTS5", "target", "result", "median matches: papershelf / FTS5 / LIKE")


@dataclass(slots=True)
class SizeResult:
    papers: int
    shelf_build: float
    parse_seconds: float  # listing parse + merge, inside shelf_build, outside fts_build
    fts_build: float
    add_seconds: float
    noop_seconds: float
    open_seconds: float
    peak_rss_mib: float
    shelf: dict[str, list[Sample]]
    fts: dict[str, list[Sample]]
    like: dict[str, list[Sample]]
    shelf_errors: list[str]  # keystrokes papershelf failed on with other than QueryError


def rows(result: SizeResult) -> list[tuple[str, ...]]:
    n = f"{result.papers:,}"
    build_ratio = result.shelf_build / result.fts_build
    table = [
        (n, "full build (s)", _s(result.shelf_build), _s(result.fts_build), "", f"{build_ratio:.1f}x",
         f"≤ {BUILD_FTS_RATIO}x FTS5", _verdict(build_ratio <= BUILD_FTS_RATIO), ""),
        (n, "… of which parse + merge listings (s)", _s(result.parse_seconds), "not in FTS5's figure", "", "", "", "", ""),
        (n, "incremental add, 100 papers (s)", _s(result.add_seconds), "", "", "",
         f"< {ADD_SECONDS} s", _verdict(result.add_seconds < ADD_SECONDS), ""),
        (n, "no-op sync at start (s)", _s(result.noop_seconds), "", "", "", "", "", ""),
        (n, "open index, fresh process (s)", _s(result.open_seconds), "", "", "", "", "", ""),
    ]
    for category in result.shelf:
        table.append(_latency_row(n, category, result))
    table.append(
        (n, "peak RSS of the search process (MiB)", f"{result.peak_rss_mib:.0f}", "", "", "",
         f"< {PEAK_RSS_MIB} MiB", _verdict(result.peak_rss_mib < PEAK_RSS_MIB), "")
    )
    return table


def _latency_row(n: str, category: str, result: SizeResult) -> tuple[str, ...]:
    shelf, fts, like = (_ms(engine[category]) for engine in (result.shelf, result.fts, result.like))
    ratio = percentile(shelf, 0.95) / percentile(fts, 0.95)
    if category == "typing":
        label = f"typing stream, {len(shelf)} keystrokes: p50 / p95 (ms)"
        target = f"p95 ≤ {TYPING_FTS_RATIO}x FTS5 and < {TYPING_P95_MS} ms"
        passed = ratio <= TYPING_FTS_RATIO and percentile(shelf, 0.95) < TYPING_P95_MS
    else:
        label = f"query “{category}” ×{len(shelf)}: p50 / p95 (ms)"
        target, passed = f"p95 < {QUERY_P95_MS} ms", percentile(shelf, 0.95) < QUERY_P95_MS
    matches = " / ".join(_median_total(engine[category]) for engine in (result.shelf, result.fts, result.like))
    return (n, label, _p50_p95(shelf), _p50_p95(fts), _p50_p95(like), f"{ratio:.1f}x", target, _verdict(passed), matches)


def markdown(table: list[tuple[str, ...]]) -> str:
    """A Markdown table padded to line up in a terminal too."""
    lines = [HEADER, *table]
    widths = [max(len(line[column]) for line in lines) for column in range(len(HEADER))]

    def render(cells: tuple[str, ...]) -> str:
        return "| " + " | ".join(cell.ljust(width) for cell, width in zip(cells, widths)) + " |"

    rule = "|" + "|".join("-" * (width + 2) for width in widths) + "|"
    return "\n".join([render(HEADER), rule, *(render(line) for line in table)])


def error_notes(results: list[SizeResult]) -> str:
    """The keystrokes papershelf failed on unexpectedly, or "" when there were none."""
    lines = [f"- N={r.papers:,}: {error}" for r in results for error in r.shelf_errors]
    if not lines:
        return ""
    return "**papershelf raised errors other than QueryError while typing** (timed as answered):\n\n" + "\n".join(lines)


def _ms(samples: list[Sample]) -> list[float]:
    return [seconds * 1000 for seconds, _ in samples]


def _p50_p95(milliseconds: list[float]) -> str:
    return f"{percentile(milliseconds, 0.5):.1f} / {percentile(milliseconds, 0.95):.1f}"


def _median_total(samples: list[Sample]) -> str:
    # Shows the engines did comparable work: similar match counts for the same searches.
    totals = [total for _, total in samples if total is not None]
    return f"{median(totals):,.0f}" if totals else "-"


def _s(seconds: float) -> str:
    return f"{seconds:.3f}" if seconds < 10 else f"{seconds:.1f}"


def _verdict(passed: bool) -> str:
    return "PASS" if passed else "MISS"
