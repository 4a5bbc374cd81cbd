"""Ranking a query's matches by a reading list's taste (see taste.py), and why each paper placed.

The profile of a set of seed papers is kept (the reader asks again at every key
typed), and so is each paper's set of words: a profile of 200 seeds reads 200
records and tokenises them once, then costs a lookup. Each profile orders the
whole index once; a query's ranking walks that order, as the other sorts do.
A ranking is also kept beside the index for the next process (kept_rankings.py).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from itertools import compress

from whoosh.query import Or, Term

from index.engine.analysis import indexed_words, word_stems
from index.engine.evaluate import Evaluator
from index.engine.kept_rankings import KeptRankings, Ranking
from index.engine.lexicon import Lexicon
from index.engine.lru import LRU
from index.engine.postings import IndexView
from index.engine.taste import Profile, TasteDocs, build_profile, explained, stems_of, telling, words_of

FIELD = "abstract"  # the words of the title and abstract, stemmed as the abstract is
_CACHED_PAPERS = 8192
_CACHED_PAGES = 2048  # papers whose terms are counted, for the explanations of pages shown again
_CACHED_PROFILES = 4


class TasteRanker:
    """Profiles of seed papers and the order of every paper by each, over one open index;
    not thread-safe."""

    def __init__(
        self, view: IndexView, evaluator: Evaluator, lexicon: Lexicon, text_at: Callable[[int], str],
        kept: KeptRankings | None = None,
    ) -> None:
        self._view = view
        self._kept = kept
        self._evaluator = evaluator
        self._lexicon = lexicon
        self._text_at = text_at
        self._analyzer = view.schema[FIELD].analyzer
        self._word_stem = word_stems(view.schema[FIELD])  # the analyzer's result for one word, faster
        self._indexed = indexed_words(view.schema[FIELD])  # a text's terms, as the field indexes them
        self._stems: dict[str, str] = {}
        self._frequencies: dict[str, int] = {}
        self._papers: LRU[int, dict[str, str]] = LRU(_CACHED_PAPERS)  # stems by paper
        self._terms: LRU[int, Counter] = LRU(_CACHED_PAGES)  # each indexed term's count, by paper
        self._profiles: LRU[TasteDocs, Profile] = LRU(_CACHED_PROFILES)
        self._orders: LRU[TasteDocs, tuple[tuple[int, ...], tuple[float, ...]]] = LRU(_CACHED_PROFILES)

    def profile(self, taste: TasteDocs) -> Profile:
        """The profile of (seed docnums, dismissed docnums)."""
        profile = self._profiles.get(taste)
        if profile is None and self._from_kept(taste):
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
        if found is None and self._from_kept(taste):
            found = self._orders.get(taste)
        if found is None:
            profile = self.profile(taste)
            found = self._orders.put(taste, self._ordered(profile, newest_first()))
            if self._kept is not None:
                self._kept.put(taste, Ranking(profile, *found))
        return found

    def _from_kept(self, taste: TasteDocs) -> bool:
        """Take the taste's profile and order from the kept rankings, if they have it."""
        if self._kept is None or taste in self._orders:
            return False
        ranking = self._kept.get(taste)
        if ranking is None:
            return False
        self._profiles.put(taste, ranking.profile)
        self._orders.put(taste, (ranking.order, ranking.totals))
        return True

    def explain_page(
        self, profile: Profile, papers: Sequence[tuple[int, str, str]],
    ) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
        """The words that placed each paper of a page (document number, title and abstract as
        it writes them): the strongest of the profile's for it and against it. A term's part
        is its score in the paper, from the paper's own abstract analysed as the field indexes
        it (the same terms as its postings hold), so no posting list is read."""
        explanations = []
        for docnum, title, abstract in papers:
            contributions = self.contributions(profile, docnum, abstract)
            written = self._written(f"{title} {abstract}", {stem for stem, _c in contributions})
            explanations.append(explained((written.get(stem) or profile.word(stem), c) for stem, c in contributions))
        return explanations

    def contributions(self, profile: Profile, docnum: int, abstract: str) -> list[tuple[str, float]]:
        """Each profile term's part of a paper's score (they add up to it), given its abstract."""
        weights = dict((*profile.positive, *profile.negative))
        terms = self._terms.get(docnum)
        if terms is None:
            terms = self._terms.put(docnum, Counter(self._indexed(abstract)))
        counts = {stem: count for stem, count in terms.items() if stem in weights}
        return [
            (stem, weights[stem] * self._view.score(FIELD, self._frequency(stem), float(count), docnum))
            for stem, count in counts.items()
        ]

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
