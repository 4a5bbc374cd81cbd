"""A deterministic generator of synthetic listing files for benchmarks.

Titles and abstracts draw words with the frequencies seen in the built-in
sample listings, and have the samples' lengths, so index sizes and posting
list shapes resemble real data. The same (n, seed) always writes the same bytes.
"""

from __future__ import annotations

import itertools
import random
import re
from collections import Counter
from importlib import resources
from pathlib import Path

from index.listings.dates import MONTHS

PAPERS_PER_FILE = 100
_WORD = re.compile(r"[A-Za-z][A-Za-z-]{1,}")
_HEADER = "new\n\nGet trending papers in your email inbox!\n\nSubscribe\n\nbyAK and the research community\n\n"


def sample_vocabulary() -> tuple[list[str], list[int]]:
    """Words of the sample abstracts and titles with their counts."""
    counts: Counter[str] = Counter()
    folder = resources.files("index") / "sample_listings"
    for item in folder.iterdir():
        if item.name.endswith(".txt"):
            counts.update(_WORD.findall(item.read_text(encoding="utf-8")))
    words = sorted(counts)
    return words, [counts[word] for word in words]


class CorpusWriter:
    def __init__(self, seed: int = 7) -> None:
        self.random = random.Random(seed)
        self.words, weights = sample_vocabulary()
        self.cumulative = list(itertools.accumulate(weights))

    def _words(self, count: int) -> list[str]:
        return self.random.choices(self.words, cum_weights=self.cumulative, k=count)

    def title(self, number: int) -> str:
        words = self._words(self.random.randint(5, 16))
        words[0] = words[0].capitalize()
        # The number keeps titles distinct, so N papers stay N papers after merging.
        return " ".join(words) + f": study {number}"

    def abstract(self) -> str:
        sentences = []
        for _ in range(self.random.randint(7, 14)):
            words = self._words(self.random.randint(12, 28))
            sentences.append(" ".join(words).capitalize() + ".")
        return " ".join(sentences)

    def metadata(self) -> str:
        month = self.random.choice(MONTHS)
        day = self.random.randint(1, 28)
        year = self.random.choice([2021, 2022, 2023, 2024, None])
        date = f"{month} {day}" + (f", {year}" if year else "")
        upvotes = self.random.choice([None, self.random.randint(0, 300)])
        first = f"  \u2022 {self.random.randint(1, 30)} authors"
        return f"{first}\n\n\u00b7\n\n{date}" + (f" {upvotes}" if upvotes is not None else "")

    def listing(self, first_number: int, count: int, listing_day: int) -> str:
        month = MONTHS[(listing_day // 28) % 12]
        parts = [_HEADER, f"{month} {listing_day % 28 + 1}\n\n"]
        for number in range(first_number, first_number + count):
            parts.append(f"{self.title(number)}\n\n{self.abstract()}\n\n")
            if self.random.random() < 0.9:
                parts.append(self.metadata() + "\n\n")
        return "".join(parts)


def write_corpus(
    folder: Path, papers: int, seed: int = 7, first_file: int = 0, writer_class: type[CorpusWriter] = CorpusWriter,
) -> list[Path]:
    """Write `papers` synthetic papers as listing files of 100 each into `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    writer = writer_class(seed + first_file)
    paths = []
    for file_number in range(first_file, first_file + (papers + PAPERS_PER_FILE - 1) // PAPERS_PER_FILE):
        first = file_number * PAPERS_PER_FILE
        count = min(PAPERS_PER_FILE, papers - (file_number - first_file) * PAPERS_PER_FILE)
        path = folder / f"synthetic_{file_number:05d}.txt"
        path.write_text(writer.listing(first, count, file_number), encoding="utf-8")
        paths.append(path)
    return paths
