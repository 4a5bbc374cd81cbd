"""Reading lists' rankings of the whole index, kept beside it from one process to the next.

A "for you" ranking costs two to three hundred milliseconds at 100,000 papers
(the seeds' words, then every paper scored and sorted: see taste_ranking.py),
and the reader and `papershelf search` would pay it at every start for the
same lists and the same index. So each ranking, once computed, is kept in a
file of its own in the index's generation folder (see kept_files) and read
back in a few milliseconds by the next process that asks for the same taste
(the same seed and dismissed papers) of the same index (the same Whoosh
generation and document count) by the same rules.

A file is only ever a shortcut: missing, damaged, foreign or unwritable, the
ranking is computed as before. Its data is checked as untrusted before use:
the order must be a permutation of the documents, the scores finite numbers.
"""

from __future__ import annotations

import hashlib
import math
import sys
from array import array
from dataclasses import dataclass
from pathlib import Path

from index.engine import taste
from index.engine.kept_files import MAX_FILE, inside, read_kept, write_kept
from index.engine.taste import Profile, TasteDocs

RANKINGS_KEPT = 4  # files per generation folder: the lists of the last few tastes asked for
_MAGIC = b"papershelf-taste-ranking 1\n"
_PREFIX = "taste-"
_SUFFIX = ".bin"
_RULES = {  # a change to how a profile is made is a different ranking
    "version": 1,
    "positive": taste.POSITIVE_TERMS,
    "negative": taste.NEGATIVE_TERMS,
    "against": taste.AGAINST_WEIGHT,
    "common": taste.COMMON_SHARE,
}


@dataclass(frozen=True, slots=True)
class Ranking:
    """A taste's profile, every document in its order, and every document's score."""

    profile: Profile
    order: tuple[int, ...]
    totals: tuple[float, ...]


class KeptRankings:
    """The kept rankings of one open index (its generation folder, generation and size)."""

    def __init__(self, folder: Path, generation: int, documents: int) -> None:
        self._folder = folder
        self._generation = generation
        self._documents = documents

    def get(self, docs: TasteDocs) -> Ranking | None:
        """The kept ranking of this taste, if there is a sound one for this index."""
        try:
            meta, body = read_kept(self._path(docs), _MAGIC, self._identity(docs), MAX_FILE)
            return _ranking(meta, body, self._documents)
        except (OSError, ValueError, KeyError, TypeError, OverflowError, MemoryError):
            return None  # missing, damaged or another index's: computed again

    def put(self, docs: TasteDocs, ranking: Ranking) -> None:
        """Keep a ranking for the next process; the oldest beyond RANKINGS_KEPT are let go."""
        profile = ranking.profile
        header = {
            **self._identity(docs),
            "profile": {"positive": profile.positive, "negative": profile.negative, "surface": profile.surface},
        }
        order = array("I", ranking.order).tobytes()
        if write_kept(self._path(docs), _MAGIC, {**header, "order": len(order)}, [order, array("d", ranking.totals).tobytes()]):
            self._let_go_of_old()

    def _identity(self, docs: TasteDocs) -> dict:
        seeds, against = docs
        return {
            "generation": self._generation, "documents": self._documents, "byteorder": sys.byteorder,
            "rules": _RULES, "seeds": sorted(seeds), "against": sorted(against),
        }

    def _path(self, docs: TasteDocs) -> Path:
        seeds, against = docs
        name = hashlib.sha256(repr((sorted(seeds), sorted(against))).encode()).hexdigest()[:24]
        return self._folder / f"{_PREFIX}{name}{_SUFFIX}"

    def _let_go_of_old(self) -> None:
        try:
            kept = sorted(self._folder.glob(f"{_PREFIX}*{_SUFFIX}"), key=lambda path: path.stat().st_mtime_ns, reverse=True)
            for path in kept[RANKINGS_KEPT:]:
                path.unlink(missing_ok=True)
        except OSError:
            pass  # another process let go of the same file first


def _ranking(meta: dict, body: bytes, documents: int) -> Ranking:
    """The ranking a kept file holds; ValueError (or TypeError, KeyError) unless sound."""
    start, length = inside(body, 0, meta["order"])
    order, totals = array("I"), array("d")
    order.frombytes(body[start:length])
    totals.frombytes(body[length:])
    if len(order) != documents or len(totals) != documents or len(set(order)) != documents:
        raise ValueError("not an order of this index's documents")
    if order and max(order) >= documents or not all(map(math.isfinite, totals)):
        raise ValueError("not an order of this index's documents")
    return Ranking(_profile(meta["profile"]), tuple(order), tuple(totals))


def _profile(data: dict) -> Profile:
    def weighted(pairs) -> tuple[tuple[str, float], ...]:
        found = tuple((term, float(weight)) for term, weight in pairs)
        if not all(isinstance(term, str) and math.isfinite(weight) for term, weight in found):
            raise ValueError("a term that is not a word")
        return found

    surface = data["surface"]
    if not isinstance(surface, dict) or not all(isinstance(key, str) and isinstance(value, str) for key, value in surface.items()):
        raise ValueError("a word that is not text")
    return Profile(weighted(data["positive"]), weighted(data["negative"]), dict(surface))
