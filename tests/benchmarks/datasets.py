"""Where the benchmark's files live under bench-data/ (git-ignored), and making
the synthetic corpora once: they are deterministic, so later runs reuse them."""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from tests.benchmarks.corpus import PAPERS_PER_FILE, CorpusWriter, write_corpus
from tests.benchmarks.long_tail import LongTailWriter

BENCH_DATA = Path(__file__).resolve().parents[2] / "bench-data"
RESULTS = BENCH_DATA / "bench-results.md"
MISMATCHES = BENCH_DATA / "bench-mismatches.md"  # each search whose total differs between engines
SEED = 7
# The corpora the benchmark can run on: the sample's words, or a long-tailed lexicon (long_tail.py).
CORPORA: dict[str, type[CorpusWriter]] = {"standard": CorpusWriter, "long-tail": LongTailWriter}
# Larger corpora are copies of this one (replicate_corpus).
GENERATED_UP_TO = 100_000
_STUDY = re.compile(r": study ([0-9]+)\n")
_DONE = ".complete"  # written last: a corpus cut short by ^C is rewritten, not reused


@dataclass(frozen=True, slots=True)
class SizeFiles:
    papers: int
    kind: str  # a key of CORPORA
    corpus: Path  # the N papers, reused across runs
    extra: Path  # one more listing file of new papers, for the incremental add
    shelf: Path  # papershelf's data dir, rebuilt every run
    sqlite: Path  # the FTS5 and LIKE tables, rebuilt every run
    papers_db: Path  # the parsed, merged papers every baseline reads (baselines.load)
    tantivy: Path  # tantivy's index folder

    @property
    def extra_file(self) -> Path:
        return next(self.extra.glob("*.txt"))


def files_for(papers: int, kind: str = "standard") -> SizeFiles:
    name = str(papers) if kind == "standard" else f"{kind}-{papers}"
    work = BENCH_DATA / f"run-{name}"
    return SizeFiles(
        papers,
        kind,
        BENCH_DATA / f"corpus-{name}",
        BENCH_DATA / f"extra-{name}",
        work / "shelf",
        work / "baselines.sqlite",
        work / "papers.sqlite",
        work / "tantivy",
    )


def ensure_corpora(files: SizeFiles) -> None:
    writer = CORPORA[files.kind]
    if files.papers > GENERATED_UP_TO and files.papers % GENERATED_UP_TO == 0:
        source = files_for(GENERATED_UP_TO, files.kind)
        ensure_corpora(source)
        _ensure(files.corpus, lambda folder: replicate_corpus(source.corpus, folder, files.papers // GENERATED_UP_TO))
    else:
        _ensure(files.corpus, lambda folder: write_corpus(folder, files.papers, SEED, writer_class=writer))
    # Numbered after the corpus's last file, so its papers are new ones.
    next_file = -(-files.papers // PAPERS_PER_FILE)
    _ensure(files.extra, lambda folder: write_corpus(folder, PAPERS_PER_FILE, SEED, next_file, writer))
    files.sqlite.parent.mkdir(parents=True, exist_ok=True)


def replicate_corpus(source: Path, folder: Path, copies: int) -> None:
    """`copies` copies of the corpus in `source`, one listing file at a time, each copy's
    papers renumbered (`: study N` keeps titles distinct, so they stay distinct papers).

    Generating a million papers takes about ten minutes of one core, most of an hour on
    a shared machine; copying takes seconds. The copies have the generated corpus's
    word frequencies and lengths; posting lists and columns grow with the copies.
    """
    folder.mkdir(parents=True, exist_ok=True)
    files = sorted(source.glob("synthetic_*.txt"))
    per_copy = len(files) * PAPERS_PER_FILE
    for copy in range(copies):
        def renumbered(match: re.Match, shift: int = copy * per_copy) -> str:
            return f": study {int(match[1]) + shift}\n"

        for number, path in enumerate(files):
            text = _STUDY.sub(renumbered, path.read_text(encoding="utf-8"))
            (folder / f"synthetic_{copy * len(files) + number:05d}.txt").write_text(text, encoding="utf-8")


def _ensure(folder: Path, write) -> None:
    if (folder / _DONE).exists():
        return
    shutil.rmtree(folder, ignore_errors=True)
    write(folder)
    (folder / _DONE).touch()
