"""How good the "for you" ranking is on the built-in sample: `python -m tests.for_you_quality`.

For each topic, defined by a keyword query (the papers it matches are the topic's), a list
is seeded with five of them (the first five by id) and the whole sample is ranked for that
list. Precision at 10 is the share of topic papers among the top 10, which never hold a seed
(a list's papers are left out of its ranking); the base rate is the topic's share of all
papers, what a random order would give. The best reachable precision is also printed: when
a topic has fewer than 15 papers, 10 non-seeds of it do not exist.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

from index.search.for_you import Taste
from index.search.paper_searcher import PaperSearcher

SEEDS = 5
TOPICS = {
    "theorem proving": "theorem OR prover",
    "multimodal models": "multimodal OR vision",
    "agents": "agent",
    "reinforcement learning": "reinforcement",
    "diffusion": "diffusion",
}


@dataclass(frozen=True)
class Quality:
    topic: str
    query: str
    papers: int  # the topic's
    base_rate: float
    precision: float  # at 10
    best: float  # the precision at 10 a perfect ranking would reach

    @property
    def lift(self) -> float:
        return self.precision / self.base_rate


def measure(searcher: PaperSearcher, topic: str, query: str) -> Quality:
    topical = sorted(searcher.paper_ids(query))
    seeds = frozenset(topical[:SEEDS])
    page = searcher.search("", "for:topic", limit=10, taste=Taste("topic", seeds, frozenset()))
    assert not seeds & {hit.paper.id for hit in page.hits}
    found = sum(hit.paper.id in topical for hit in page.hits)
    best = min(10, len(topical) - SEEDS) / 10
    return Quality(topic, query, len(topical), len(topical) / searcher.paper_count, found / 10, best)


def main() -> None:
    from index.library import Library
    from index.locations import locations, sample_listings
    from index.sync.report import SyncOptions

    with tempfile.TemporaryDirectory() as folder:
        library = Library([sample_listings()], locations(Path(folder)), SyncOptions(procs=1))
        library.sync()
        with library.open_searcher() as searcher:
            print(f"{'topic':24} {'query':22} papers  base  P@10  best  lift")
            for topic, query in TOPICS.items():
                q = measure(searcher, topic, query)
                print(f"{q.topic:24} {q.query:22} {q.papers:6} {q.base_rate:5.2f} {q.precision:5.1f} {q.best:5.1f} {q.lift:5.1f}x")


if __name__ == "__main__":
    main()
