"""A generated corpus big enough to take every branch of index/engine/, indexed three ways.

The 253-paper sample has no term of more than 253 postings, so the engine's
branches for big posting lists, big indexes, several segments and several
writer processes were never compared with Whoosh. This corpus has:

- more than 5,000 documents (Whoosh's Or picks its union matcher by that count,
  and so does the evaluator for constant-score expansions);
- words planted in given shares of the abstracts, so that terms have more than
  4,096 postings (match-filtered scoring), more than 2,048 (shared idf rows)
  and more than 512 in one segment (posting lists of several blocks), with the
  generator's sample-vocabulary text and titles around them;
- a bulk build by two writer processes into segments of SEGMENT_PAPERS papers
  (`ours`), the same papers written by Whoosh's own SegmentWriter (`theirs`),
  and `updated`: `ours` plus an incremental update through Whoosh's writer
  (new papers, changed ones, deleted ones: one more segment, and deletions).

Abstracts are a few sentences, not the sample's dozen: the branches need
document counts, not long documents, and Whoosh's own writer costs per word.
Built once per test session (tests/conftest.py) and, at 100,000 papers, by
`python -m tests.benchmarks.differential`.
"""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import pytest

from index.engine import writer
from index.listings.parser import parse_listing
from index.listings.papers import Paper, merge_entries
from tests.benchmarks.corpus import PAPERS_PER_FILE, CorpusWriter
from tests.benchmarks.timing import timed
from tests.index_equivalence import FALLBACK_YEAR, whoosh_build

BULK_PAPERS = 5_600
SEGMENT_PAPERS = 2_000  # with two writer processes of 2,800 papers each: segments of 2,000 and 800
ADDED, CHANGED, DELETED = 300, 100, 50  # the incremental update
# Words put into the given share of the abstracts (in one sentence: phrases over big lists).
PLANTED = (("model", 0.85), ("language", 0.6), ("reasoning", 0.4), ("benchmark", 0.28), ("diffusion", 0.1))
ORGANISATIONS = ("amazon Amazon", "google Google", "nvidia NVIDIA", "deepmind Google DeepMind", "meta-llama Meta Llama")


class _Writer(CorpusWriter):
    """The benchmark generator with short abstracts, planted words and some organisations."""

    def __init__(self, seed: int, sentences: int) -> None:
        super().__init__(seed)
        self.sentences = sentences

    def abstract(self) -> str:
        planted = [word for word, share in PLANTED if self.random.random() < share]
        sentences = [" ".join(self._words(self.random.randint(8, 20))) for _ in range(self.sentences)]
        if planted:
            sentences.insert(self.random.randrange(len(sentences) + 1), " ".join(planted + self._words(3)))
        return " ".join(sentence.capitalize() + "." for sentence in sentences)

    def metadata(self) -> str:
        block = super().metadata()
        if self.random.random() < 0.2:
            first, rest = block.split("\n", 1)
            block = f"{self.random.choice(ORGANISATIONS)}\n{rest}"
        return block


def generate_papers(count: int, seed: int = 11, first: int = 0, sentences: int = 1) -> list[Paper]:
    """`count` papers, parsed from listing text in the real format and merged as a sync merges them."""
    generator = _Writer(seed, sentences)
    entries = []
    for number in range(first, first + count, PAPERS_PER_FILE):
        size = min(PAPERS_PER_FILE, first + count - number)
        text = generator.listing(number, size, number // PAPERS_PER_FILE)
        entries += parse_listing(f"generated_{number // PAPERS_PER_FILE:05d}.txt", text.encode("utf-8")).entries
    return merge_entries(entries, FALLBACK_YEAR)


@dataclass(frozen=True)
class DifferentialCorpus:
    papers: list[Paper]  # of the bulk build, in document order
    upserts: list[Paper]  # the incremental update: new and changed papers
    deletions: list[str]  # ids the incremental update deletes
    ours: Path  # the bulk build, by writer.build_index
    theirs: Path  # the same papers by Whoosh's SegmentWriter
    updated: Path  # ours, then the incremental update
    seconds: dict[str, float]  # what each step took


def build_differential_corpus(
    folder: Path, papers: Sequence[Paper], upserts: Sequence[Paper], deletions: Sequence[str],
    procs: int = 2, segment_papers: int | None = None,
) -> DifferentialCorpus:
    """Index `papers` both ways in `folder`, and a copy of ours updated by `upserts` and `deletions`."""
    seconds = {}
    with pytest.MonkeyPatch.context() as patch:
        if segment_papers is not None:
            patch.setattr(writer, "SEGMENT_PAPERS", segment_papers)
        seconds["ours"], _ = timed(lambda: writer.build_index(folder / "ours", papers, FALLBACK_YEAR, procs=procs))
    seconds["theirs"], _ = timed(lambda: whoosh_build(folder / "theirs", papers))
    shutil.copytree(folder / "ours", folder / "updated")
    seconds["updated"], _ = timed(lambda: writer.update_index(folder / "updated", upserts, deletions, FALLBACK_YEAR))
    return DifferentialCorpus(
        list(papers), list(upserts), list(deletions), folder / "ours", folder / "theirs", folder / "updated", seconds
    )


def incremental_update(
    papers: Sequence[Paper], added: int, changed: int, deleted: int, seed: int = 12, new: Sequence[Paper] = (),
) -> tuple[list[Paper], list[str]]:
    """Upserts (`new` papers or `added` generated ones, and papers of `papers` with another
    abstract) and ids of `papers` to delete."""
    new = list(new) or generate_papers(added, seed, first=10 * len(papers))
    step = max(1, len(papers) // (changed + deleted + 1))
    picked = papers[::step][: changed + deleted]
    donors = generate_papers(changed, seed + 1, first=20 * len(papers))
    # Listed again on the donor's day too: papers with several listing dates (`listed:` counts each).
    rewritten = [
        replace(paper, abstract=donor.abstract, appearances=paper.appearances + donor.appearances)
        for paper, donor in zip(picked[:changed], donors)
    ]
    return new + rewritten, [paper.id for paper in picked[changed:]]


def build_test_corpus(folder: Path) -> DifferentialCorpus:
    """The default test run's corpus (see the module docstring)."""
    generated, papers = timed(lambda: generate_papers(BULK_PAPERS))
    upserts, deletions = incremental_update(papers, ADDED, CHANGED, DELETED)
    corpus = build_differential_corpus(folder, papers, upserts, deletions, 2, SEGMENT_PAPERS)
    corpus.seconds["generate"] = generated
    return corpus
