"""What the benchmark searches for: the fixed query mix and the typing stream.

Each search is described once, engine-neutrally, and each engine translates
it (papershelf query text here; SQL in baselines.py). All choices come from
fixed seeds, the sample vocabulary and the corpus itself, so every run and
every engine sees the same searches.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from index.engine.schema import STOP_WORDS
from index.listings.parser import read_listing
from tests.benchmarks.corpus import sample_vocabulary
from tests.benchmarks.timing import timed

LIMIT = 50
# Distinct searches per mix category: papershelf caches a query's sort order,
# so repeating one query would time the cache instead of the search.
VARIANTS = 20
MIN_UPVOTES = 50

# Realistic searches, all made of words the synthetic corpus uses.
TYPED_QUERIES = (
    "neural network",
    "theorem proving",
    "diffusion model",
    "large language models",
    "mathematical reasoning",
    "reinforcement learning",
    "code generation",
    "multimodal benchmark",
    "preference optimization",
    "synthetic data generation",
    "formal theorem prover",
    "visual question answering",
    "process reward model",
    "scaling laws",
    "instruction tuning",
    "knowledge distillation",
    "geometry problems",
    "math word problems",
    "supervised fine-tuning",
    "data contamination",
)


@dataclass(frozen=True, slots=True)
class Search:
    category: str
    words: tuple[str, ...]
    phrase: bool = False  # the words in this order, adjacent
    title_only: bool = False
    min_upvotes: int | None = None
    sort: str = "relevance"  # relevance, date or upvotes
    typing: bool = False  # the text is a keystroke of a query being typed
    text: str = ""  # papershelf's query text
    warmup: bool = False  # run but not recorded


def query_mix(corpus: Path, seed: int = 11) -> list[Search]:
    """VARIANTS searches of each mix category, after one warm-up round.

    Categories are interleaved, as a user's searches would be. The warm-up
    round is run but not recorded: it pays one-off costs (loading sort
    columns, filling the page cache) that a session's first search pays once.
    """
    pick = random.Random(seed)
    words = _content_words()
    phrases = _phrases(corpus)
    mix = []
    for number in range(VARIANTS + 1):
        round_ = [
            _plain("1 word", pick.sample(words, 1)),
            _plain("2 words", pick.sample(words, 2)),
            _plain("3 words", pick.sample(words, 3)),
            Search("phrase", phrases[number], phrase=True, text='"' + " ".join(phrases[number]) + '"'),
            _title_and_upvotes(pick.choice(words)),
            _plain("2 words, by date", pick.sample(words, 2), sort="date"),
            _plain("1 word, by upvotes", pick.sample(words, 1), sort="upvotes"),
        ]
        mix += [replace(search, warmup=number == 0) for search in round_]
    return mix


def typing_stream() -> list[Search]:
    """Every keystroke of every typed query, as the reader would search it."""
    stream = []
    for query in TYPED_QUERIES:
        for end in range(1, len(query) + 1):
            text = query[:end]
            stream.append(Search("typing", tuple(text.split()), typing=True, text=text))
    return stream


# One search run by one engine: (seconds, total matches or None for a rejected query).
Sample = tuple[float, int | None]


def measure(
    searches: list[Search], run_one: Callable[[Any], int | None], prepare: Callable[[Search], Any] | None = None,
) -> dict[str, list[Sample]]:
    """Time each search with `run_one`, which returns the total it found; by category.

    `prepare` turns each search into what `run_one` takes, before any clock starts: the
    harness's own work (meaning.planned), not the engine's.
    """
    prepared = [prepare(search) for search in searches] if prepare is not None else searches
    samples: dict[str, list[Sample]] = {}
    for search, item in zip(searches, prepared):
        seconds, total = timed(lambda: run_one(item))
        if not search.warmup:
            samples.setdefault(search.category, []).append((seconds, total))
    return samples


def _plain(category: str, words: list[str], sort: str = "relevance") -> Search:
    return Search(category, tuple(words), sort=sort, text=" ".join(words))


def _title_and_upvotes(word: str) -> Search:
    text = f"title:{word} upvotes:>={MIN_UPVOTES}"
    return Search("title: + upvotes:>=50", (word,), title_only=True, min_upvotes=MIN_UPVOTES, text=text)


def _content_words() -> list[str]:
    """Frequent lower-case words of the vocabulary: ones people search for and
    that every engine indexes (no stop words, no hyphens)."""
    words, counts = sample_vocabulary()
    return [
        word
        for word, count in zip(words, counts)
        if count >= 20 and len(word) >= 4 and word.isalpha() and word.islower() and word not in STOP_WORDS
    ]


def _phrases(corpus: Path) -> list[tuple[str, ...]]:
    """Three-word runs taken from the corpus's own abstracts, so phrases do match:
    the generator draws words independently, so made-up phrases rarely would."""
    first_file = min(corpus.glob("*.txt"))
    phrases = []
    for entry in read_listing(first_file).entries:
        tokens = entry.abstract.split()
        for start in range(len(tokens) - 2):
            run = tokens[start : start + 3]
            if all(t.isalpha() and len(t) >= 3 and t.lower() not in STOP_WORDS for t in run):
                phrases.append(tuple(t.lower() for t in run))
                break
        if len(phrases) == VARIANTS + 1:
            return phrases
    raise RuntimeError(f"{first_file} has too few abstracts to take {VARIANTS + 1} phrases from")
