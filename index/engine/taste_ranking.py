"""Ranking a query's matches by a reading list's taste (see taste.py), and why each paper placed.

The profile of a set of seed papers is kept (the reader asks again at every key
typed), and so is each paper's set of words: a profile of 200 seeds reads 200
records and tokenises them once, then costs a lookup. Each profile orders the
whole index once; a query's ranking walks that order, as the other sorts do.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Sequence
from itertools import compress

from whoosh.query import Or, Term

from index.engine.analysis import word_stems
from index.engine.evaluate import Evaluator
from index.engine.lexicon import Lexicon
from index.engine.lru import LRU
from index.engine.postings import IndexView
from index.engine.taste import Profile, build_profile, explained, stems_of, telling, words_of

FIELD = "abstract"  # the words of the title and abstract, stemmed as the abstract is
_CACHED_PAPERS = 8192
_CACHED_PROFILES = 4

TasteDocs = tuple[frozenset[int], frozenset[int]]  # the seeds' and the dismissed papers' document numbers


class TasteRanker:
    """Profiles of seed papers and the order of every paper by each, over one open index;
    not thread-safe."""

    def __init__(self, view: IndexView, evaluator: Evaluator, lexicon: Lexicon, text_at: Callable[[int], str]) -> None:
        self._view = view
        self._evaluator = evaluator
        self._lexicon = lexicon
        self._text_at = text_at
        self._analyzer = view.schema[FIELD].analyzer
        self._word_stem = word_stems(view.schema[FIELD])  # the analyzer's result for one word, faster
        self._stems: dict[str, str] = {}
        self._frequencies: dict[str, int] = {}
        self._papers: LRU[int, dict[str, str]] = LRU(_CACHED_PAPERS)  # stems by paper
        self._profiles: LRU[TasteDocs, Profile] = LRU(_CACHED_PROFILES)
        self._orders: LRU[TasteDocs, tuple[tuple[int, ...], tuple[float, ...]]] = LRU(_CACHED_PROFILES)

    def profile(self, taste: TasteDocs) -> Profile:
        """The profile of (seed docnums, dismissed docnums)."""
        profile = self._profiles.get(taste)
        if profile is None:
            seeds, against = taste
            profile = self._profiles.put(taste, build_profile(
                [self._stems_at(d) for d in sorted(seeds)], [self._stems_at(d) for d in sorted(against)],
                self._frequency, self._view.size,
            ))
        return profile

    def order(self, taste: TasteDocs, newest_first: Callable[[], Sequence[int]]) -> tuple[tuple[int, ...], tuple[float, ...]]:
        """Every document by its score under the taste's profile, and the scores by document number.

        Scored once over the whole index: a query's ranking is then a walk of this order
        keeping its matches, as for the other sorts. Score descending, then document
        number; then the papers without a score, in `newest_first` (every document by date),
        then those with a score below 0.
        """
        found = self._orders.get(taste)
        if found is None:
            found = self._orders.put(taste, self._ordered(self.profile(taste), newest_first()))
        return found

    def explain_page(
        self, profile: Profile, papers: Sequence[tuple[int, str]],
    ) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
        """The words that placed each paper of a page (document number, and its title and
        abstract as it writes them): the strongest of the profile's for it and against it.
        Each term's postings are searched once for the whole page, and scored in one call."""
        contributions: dict[int, list[tuple[str, float]]] = {docnum: [] for docnum, _text in papers}
        wanted = sorted(contributions)
        for stem, weight in (*profile.positive, *profile.negative):
            postings = self._view.term(FIELD, stem)
            if postings is None:
                continue
            ids, found, weights, at = postings.ids, [], [], 0
            for docnum in wanted:  # ascending: each search starts where the last one ended
                at = bisect_left(ids, docnum, at)
                if at == len(ids):
                    break
                if ids[at] == docnum:
                    found.append(docnum)
                    weights.append(postings.weights[at])
            for docnum, score in zip(found, postings.scores_at(found, weights)):
                contributions[docnum].append((stem, weight * score))
        explanations = []
        for docnum, text in papers:
            written = self._written(text, {stem for stem, _c in contributions[docnum]})
            explanations.append(explained((written.get(stem) or profile.word(stem), c) for stem, c in contributions[docnum]))
        return explanations

    def _written(self, text: str, stems: set[str]) -> dict[str, str]:
        """A word of `text` for each of `stems` it has. Only words that begin as a stem does
        are stemmed: a Porter stem keeps its word's first three letters."""
        heads = {stem[:3] for stem in stems}
        words = frozenset(word for word in words_of(text) if word[:3] in heads)
        self._learn_stems(words)
        return {stem: word for stem, word in stems_of(words, self._stems.__getitem__).items() if stem in stems}

    def _ordered(self, profile: Profile, newest_first: Sequence[int]) -> tuple[tuple[int, ...], tuple[float, ...]]:
        view = self._view
        terms = [Term(FIELD, stem, boost=weight) for stem, weight in (*profile.positive, *profile.negative)]
        if not terms:
            return view.docnums, (0.0,) * view.size
        evaluation = self._evaluator.evaluate(Or(terms))
        totals, _constant = evaluation.scores()  # no constant: an OR of terms
        space = view.space
        scored = space.ids(evaluation.matches)
        placed = sorted((d for d in scored if totals[d] > 0), key=totals.__getitem__, reverse=True)
        against = sorted((d for d in scored if totals[d] < 0), key=totals.__getitem__, reverse=True)
        # The unscored in the date order (newest first), which the searcher keeps: a walk, not a sort.
        # A match whose terms for and against cancel out (a score of exactly 0) is as unscored.
        cancelled = space.from_ids([d for d in scored if totals[d] == 0])
        unscored = space.flags((space.all & ~evaluation.matches) | cancelled)
        placed.extend(compress(newest_first, map(unscored.__getitem__, newest_first)))
        placed.extend(against)
        return tuple(placed), totals

    def _stems_at(self, docnum: int) -> dict[str, str]:
        stems = self._papers.get(docnum)
        if stems is None:
            words = words_of(self._text_at(docnum))
            self._learn_stems(words)
            stems = self._papers.put(docnum, stems_of(words, self._stems.__getitem__))
        return stems

    def _learn_stems(self, words: frozenset[str]) -> None:
        """Stem the words not seen yet in one run of the analyzer (a run costs more than a word):
        each token's start tells its word; a word without a token is a stop word."""
        unknown = sorted(word for word in words if word not in self._stems)
        if self._word_stem is not None:
            for word in unknown:
                stem = self._word_stem(word)
                self._stems[word] = stem if stem is not None and telling(stem) else ""
            return
        starts, at = {}, 0
        for word in unknown:
            starts[at] = word
            self._stems[word] = ""
            at += len(word) + 1
        for token in self._analyzer(" ".join(unknown), chars=True):
            word = starts.get(token.startchar)
            if word is not None and telling(token.text):
                self._stems[word] = token.text

    def _frequency(self, stem: str) -> int:
        frequency = self._frequencies.get(stem)
        if frequency is None:
            frequency = self._frequencies[stem] = self._lexicon.frequency(FIELD, stem)
        return frequency
