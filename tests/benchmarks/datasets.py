"""Where the benchmark's files live under bench-data/ (git-ignored), and making
the synthetic corpora once: they are deterministic, so later runs reuse them."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from tests.benchmarks.corpus import PAPERS_PER_FILE, write_corpus

BENCH_DATA = Path(__file__).resolve().parents[2] / "bench-data"
RESULTS = BENCH_DATA / "bench-results.md"
SEED = 7
_DONE = ".complete"  # written last: a corpus cut short by ^C is rewritten, not reused


@dataclass(frozen=True, slots=True)
class SizeFiles:
    papers: int
    corpus: Path  # the N papers, reused across runs
    extra: Path  # one more listing file of new papers, for the incremental add
    shelf: Path  # papershelf's data dir, rebuilt every run
    sqlite: Path  # the FTS5 and LIKE tables, rebuilt every run

    @property
    def extra_file(self) -> Path:
        return next(self.extra.glob("*.txt"))


def files_for(papers: int) -> SizeFiles:
    work = BENCH_DATA / f"run-{papers}"
    return SizeFiles(
        papers,
        BENCH_DATA / f"corpus-{papers}",
        BENCH_DATA / f"extra-{papers}",
        work / "shelf",
        work / "baselines.sqlite",
    )


def ensure_corpora(files: SizeFiles) -> None:
    _ensure(files.corpus, lambda folder: write_corpus(folder, files.papers, SEED))
    # Numbered after the corpus's last file, so its papers are new ones.
    next_file = -(-files.papers // PAPERS_PER_FILE)
    _ensure(files.extra, lambda folder: write_corpus(folder, PAPERS_PER_FILE, SEED, first_file=next_file))
    files.sqlite.parent.mkdir(parents=True, exist_ok=True)


def _ensure(folder: Path, write) -> None:
    if (folder / _DONE).exists():
        return
    shutil.rmtree(folder, ignore_errors=True)
    write(folder)
    (folder / _DONE).touch()
