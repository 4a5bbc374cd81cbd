"""A reading list's taste: the words its papers share, weighed against those of dismissed papers.

The "for you" sorts rank papers by how much of this profile they have. A term
weighs by the share of the seed papers that have it times its inverse document
frequency (Rocchio's centroid of binary word vectors, with idf); the dismissed
papers' terms weigh the same way, with a minus. The profile is then run through
the evaluator as an OR of weighted terms, so a paper's score is BM25F's own:
a word that is rarer in the index and denser in the paper counts more.

Terms that most papers have are left out: they tell little and, with postings
for half the index, would cost most of the scoring.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

POSITIVE_TERMS = 24
NEGATIVE_TERMS = 8
AGAINST_WEIGHT = 0.5  # how much a dismissed paper's word counts against, relative to a seed's for
COMMON_SHARE = 0.08  # terms in more than this share of the papers are not used
EXPLAINED = 3  # terms shown for, and at most this many against
# Whoosh's RegexTokenizer's default expression, which StemmingAnalyzer uses.
_WORDS = re.compile(r"\w+(?:\.?\w+)*")

TasteDocs = tuple[frozenset[int], frozenset[int]]  # the seeds' and the dismissed papers' document numbers


@dataclass(frozen=True, slots=True)
class Profile:
    """Weighted stems for and against, strongest first, and each stem's word as the papers write it."""

    positive: tuple[tuple[str, float], ...]
    negative: tuple[tuple[str, float], ...]
    surface: dict[str, str]

    def word(self, stem: str) -> str:
        return self.surface.get(stem, stem)


def words_of(text: str) -> frozenset[str]:
    """The distinct words of `text`, lower case, as the index tokenises it (lower-cased first:
    one pass, which splits a word only where a letter's lower case is no letter, as U+0130's)."""
    return frozenset(_WORDS.findall(text.lower()))


def stems_of(words: frozenset[str], stem: Callable[[str], str]) -> dict[str, str]:
    """A paper's stems, each with one of its words that has it. `stem` gives a word's stem as
    the index has it, "" for a word to leave out (a stop word, or one not `telling`)."""
    stems: dict[str, str] = {}
    for word in sorted(words):
        term = stem(word)
        if term:
            stems.setdefault(term, word)
    return stems


def build_profile(
    seeds: Sequence[dict[str, str]], against: Sequence[dict[str, str]], frequency: Callable[[str], int], papers: int,
) -> Profile:
    """The profile of papers given by their stems (`stems_of`); `frequency` is the number of
    papers having a stem, of the index's `papers`."""
    written: Counter = Counter()
    for paper in (*seeds, *against):
        written.update(paper.items())
    positive = _weights(seeds, frequency, papers)
    negative = _weights(against, frequency, papers)
    net = {term: weight - AGAINST_WEIGHT * negative.get(term, 0.0) for term, weight in positive.items()}
    for term, weight in negative.items():
        net.setdefault(term, -AGAINST_WEIGHT * weight)
    ordered = sorted(net.items(), key=lambda item: (-abs(item[1]), item[0]))
    positive_terms = tuple((t, w) for t, w in ordered if w > 0)[:POSITIVE_TERMS]
    negative_terms = tuple((t, w) for t, w in ordered if w < 0)[:NEGATIVE_TERMS]
    used = {term for term, _weight in (*positive_terms, *negative_terms)}
    surface: dict[str, tuple[int, str]] = {}
    for (term, word), count in written.items():
        if term in used:
            best = surface.get(term)
            if best is None or (-count, len(word), word) < (-best[0], len(best[1]), best[1]):
                surface[term] = (count, word)
    return Profile(positive_terms, negative_terms, {term: word for term, (_c, word) in surface.items()})


def _weights(papers_stems: Sequence[dict[str, str]], frequency: Callable[[str], int], papers: int) -> dict[str, float]:
    """Share of these papers having each stem, times its idf, for the stems that tell something."""
    if not papers_stems:
        return {}
    having: Counter = Counter()
    for stems in papers_stems:
        having.update(stems.keys())
    # A word of one paper only is that paper's, not the list's (unless the list is one or two).
    least = 2 if len(papers_stems) > 2 else 1
    weights = {}
    for term, count in having.items():
        if count < least:
            continue
        df = frequency(term)
        if 0 < df <= COMMON_SHARE * papers:
            weights[term] = count / len(papers_stems) * math.log(papers / df)
    return weights


def telling(term: str) -> bool:
    """Not a number, a version ("2.0") or an abbreviation ("i.e")."""
    return sum(c.isalpha() for c in term) >= 2 and "." not in term


def explained(contributions: Iterable[tuple[str, float]]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The strongest terms for (positive contributions) and against (negative) one paper."""
    ordered = sorted(contributions, key=lambda item: (-abs(item[1]), item[0]))
    return (
        tuple(term for term, c in ordered if c > 0)[:EXPLAINED],
        tuple(term for term, c in ordered if c < 0)[:EXPLAINED],
    )

