"""The results table: figures, ratios to FTS5 and tantivy, each target's PASS/MISS,
and how many searches each engine answered with another total than papershelf.

The targets are set for 100,000 papers (and 1,000,000 for the build time, the
typing p95 and the peak RSS); smaller sizes show them too, as an early warning.
"""

from __future__ import annotations

from dataclasses import dataclass

from tests.benchmarks.search_process import READER_TYPING
from tests.benchmarks.timing import median, percentile
from tests.benchmarks.workload import Sample

QUERY_FTS_RATIO = 3  # every query of the mix: p95 within 3x FTS5's
TYPING_P95_MS = 50
TYPING_P95_MS_AT_SCALE = 100  # from SCALE papers on
TYPING_FTS_RATIO = 1  # the typing stream's p95 no slower than FTS5's...
TYPING_TANTIVY_RATIO = 10  # ... and within 10x tantivy's
ADD_SECONDS = 2
BUILD_FTS_RATIO = 10
BUILD_SECONDS_AT_SCALE = 600
PEAK_RSS_MIB = 300
PEAK_RSS_MIB_AT_SCALE = 1024
SCALE = 1_000_000

ENGINES = ("papershelf", "FTS5", "tantivy", "LIKE")
HEADER = (
    "N", "measure", "papershelf", "FTS5", "tantivy", "LIKE scan", "papershelf ÷ FTS5", "papershelf ÷ tantivy",
    "target", "result", "median matches: papershelf / FTS5 / tantivy / LIKE",
    "searches whose total differs from papershelf's: FTS5 / tantivy / LIKE",
)


@dataclass(slots=True)
class SizeResult:
    papers: int
    shelf_build: float
    kept_prefix_build: float  # the kept prefix file, which the reader builds in the background
    parse_seconds: float  # listing parse + merge into the plain table, outside fts_build and tantivy_build
    fts_build: float
    tantivy_build: float
    add_seconds: float
    noop_seconds: float
    open_seconds: float
    tantivy_open_seconds: float
    peak_rss_mib: float
    shelf: dict[str, list[Sample]]
    fts: dict[str, list[Sample]]
    tantivy: dict[str, list[Sample]]
    like: dict[str, list[Sample]]
    shelf_errors: list[str]  # keystrokes papershelf failed on with other than QueryError
    index_bytes: dict[str, int]  # by engine
    texts: dict[str, list[str]]  # each recorded search's text, by category, in the samples' order

    def engines(self) -> tuple[dict[str, list[Sample]], ...]:
        return self.shelf, self.fts, self.tantivy, self.like


def rows(result: SizeResult) -> list[tuple[str, ...]]:
    n = f"{result.papers:,}"
    at_scale = result.papers >= SCALE
    build_ratio = result.shelf_build / result.fts_build
    build_target, build_passed = f"≤ {BUILD_FTS_RATIO}x FTS5", build_ratio <= BUILD_FTS_RATIO
    if at_scale:
        build_target += f" and < {BUILD_SECONDS_AT_SCALE // 60} min"
        build_passed = build_passed and result.shelf_build < BUILD_SECONDS_AT_SCALE
    rss_target = PEAK_RSS_MIB_AT_SCALE if at_scale else PEAK_RSS_MIB
    sizes = result.index_bytes
    table = [
        (n, "full build (s)", _s(result.shelf_build), _s(result.fts_build), _s(result.tantivy_build), "",
         f"{build_ratio:.1f}x", f"{result.shelf_build / result.tantivy_build:.1f}x",
         build_target, _verdict(build_passed), "", ""),
        (n, "… then the kept prefix file, in the background (s)", _s(result.kept_prefix_build), "", "", "", "", "",
         "", "", "", ""),
        (n, "… parse + merge listings (s)", _s(result.parse_seconds), "not in FTS5's figure", "nor tantivy's", "",
         "", "", "", "", "", ""),
        (n, "incremental add, 100 papers (s)", _s(result.add_seconds), "", "", "", "", "",
         f"< {ADD_SECONDS} s", _verdict(result.add_seconds < ADD_SECONDS), "", ""),
        (n, "no-op sync at start (s)", _s(result.noop_seconds), "", "", "", "", "", "", "", "", ""),
        (n, "open index (s): papershelf in a fresh process", _s(result.open_seconds), "",
         _s(result.tantivy_open_seconds), "", "", "", "", "", "", ""),
    ]
    for category in result.shelf:
        table.append(_latency_row(n, category, result))
    table += [
        (n, "peak RSS of the search process (MiB)", f"{result.peak_rss_mib:.0f}", "", "", "", "", "",
         f"< {rss_target} MiB", _verdict(result.peak_rss_mib < rss_target), "", ""),
        (n, "index size on disk (MiB)", _mib(sizes["papershelf"]), _mib(sizes["FTS5"]), _mib(sizes["tantivy"]), "",
         "", "", "", "", "", ""),
    ]
    return table


def _latency_row(n: str, category: str, result: SizeResult) -> tuple[str, ...]:
    # The reader's typing is the same keystrokes as the stream: compared with the same samples.
    compared = "typing" if category == READER_TYPING else category
    engines = [result.shelf[category], *(engine[compared] for engine in result.engines()[1:])]
    shelf, fts, tantivy, like = (_ms(samples) for samples in engines)
    p95 = percentile(shelf, 0.95)
    ratio, tantivy_ratio = p95 / percentile(fts, 0.95), p95 / percentile(tantivy, 0.95)
    if compared == "typing":
        limit = TYPING_P95_MS_AT_SCALE if result.papers >= SCALE else TYPING_P95_MS
        label = (
            f"typing stream, {len(shelf)} keystrokes: p50 / p95 (ms)" if category == "typing"
            else "… the same in the reader (kept prefix file, warmed): p50 / p95 (ms)"
        )
        target = f"p95 ≤ FTS5, ≤ {TYPING_TANTIVY_RATIO}x tantivy, < {limit} ms"
        passed = ratio <= TYPING_FTS_RATIO and tantivy_ratio <= TYPING_TANTIVY_RATIO and p95 < limit
    else:
        label = f"query “{category}” ×{len(shelf)}: p50 / p95 (ms)"
        target, passed = f"p95 ≤ {QUERY_FTS_RATIO}x FTS5", ratio <= QUERY_FTS_RATIO
    matches = " / ".join(_median_total(samples) for samples in engines)
    differ = " / ".join(differing(engines[0], samples) for samples in engines[1:])
    return (
        n, label, _p50_p95(shelf), _p50_p95(fts), _p50_p95(tantivy), _p50_p95(like), f"{ratio:.1f}x",
        f"{tantivy_ratio:.1f}x", target, _verdict(passed), matches, differ,
    )


def differing(shelf: list[Sample], other: list[Sample]) -> str:
    """How many of the same searches (same order in every engine) gave another total."""
    if not other:
        return "-"  # not run
    return str(sum(1 for (_, mine), (_, theirs) in zip(shelf, other, strict=True) if mine != theirs))


def mismatch_listing(results: list[SizeResult]) -> str:
    """Every search whose total differs between papershelf and another engine, with the totals."""
    lines = ["# Searches whose totals differ from papershelf's\n", "| N | category | search | papershelf | FTS5 | tantivy | LIKE |",
             "|---:|---|---|---:|---:|---:|---:|"]
    for result in results:
        for category, texts in result.texts.items():
            totals = [[total for _, total in engine[category]] for engine in result.engines()]
            for number, text in enumerate(texts):
                row = [column[number] if column else None for column in totals]
                if any(other != row[0] for other in row[1:3]):  # LIKE differs almost always: not listed for it alone
                    cells = " | ".join("-" if total is None else f"{total:,}" for total in row)
                    lines.append(f"| {result.papers:,} | {category} | `{text}` | {cells} |")
    return "\n".join(lines) + "\n"


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
    if not milliseconds:
        return "not run"
    return f"{percentile(milliseconds, 0.5):.1f} / {percentile(milliseconds, 0.95):.1f}"


def _median_total(samples: list[Sample]) -> str:
    # Shows the engines did comparable work: similar match counts for the same searches.
    totals = [total for _, total in samples if total is not None]
    return f"{median(totals):,.0f}" if totals else "-"


def _mib(size: int) -> str:
    return f"{size / 2**20:,.0f}"


def _s(seconds: float) -> str:
    return f"{seconds:.3f}" if seconds < 10 else f"{seconds:.1f}"


def _verdict(passed: bool) -> str:
    return "PASS" if passed else "MISS"
