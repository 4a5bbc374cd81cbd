"""A synthetic corpus with a long-tailed lexicon: Zipf-distributed words, most of them rare.

The standard corpus (corpus.py) draws from the sample's 7,000 words, so a
three-letter prefix has a few dozen completions at most. Real listings have a
long tail of rare words (names, coinages, typos), hundreds per three-letter
prefix. Here the sample's words, most frequent first, are followed by tens of
thousands of made-up words that start the way real words start (`pre`, `con`,
`sha`...), and every word is drawn with Zipf's law, frequency 1 / (rank + 2.7):
the sample's words stay the common ones, and the made-up words are each seen
in a few papers of 10,000. The same (n, seed) always writes the same bytes.
"""

from __future__ import annotations

import itertools
import random
from pathlib import Path

from tests.benchmarks.corpus import CorpusWriter, sample_vocabulary, write_corpus

MADE_UP_WORDS = 60_000
ZIPF_SHIFT = 2.7  # Mandelbrot's shift: the first few ranks are less steep than 1/rank
_SYLLABLES = [c + v for c in "bcdfghklmnprstvz" for v in "aeiou"] + ["str", "th", "ch", "qu", "gr", "pl"]
_ENDINGS = ("", "", "", "ic", "ive", "ism", "ology", "ation", "ment", "ance", "ous", "ity", "er", "al")


def made_up_words(count: int, seed: int) -> list[str]:
    """`count` distinct lower-case words, each the start (3-5 letters) of a sample word
    of five letters or more, then made-up syllables: their starts are as common as in English."""
    pick = random.Random(seed)
    words, _counts = sample_vocabulary()
    starts = sorted({word.lower() for word in words if len(word) >= 5 and word.isalpha()})
    real = {word.lower() for word in words}
    made: dict[str, None] = {}  # insertion-ordered: the same list every time
    while len(made) < count:
        stem = pick.choice(starts)[: pick.randint(3, 5)]
        word = stem + "".join(pick.choices(_SYLLABLES, k=pick.randint(1, 3))) + pick.choice(_ENDINGS)
        if word not in real:
            made[word] = None
    return list(made)


class LongTailWriter(CorpusWriter):
    """CorpusWriter drawing its words from the long-tailed lexicon."""

    def __init__(self, seed: int = 7) -> None:
        super().__init__(seed)
        words, counts = sample_vocabulary()
        self.words = _by_count(words, counts) + made_up_words(MADE_UP_WORDS, seed)
        self.cumulative = list(itertools.accumulate(1.0 / (rank + ZIPF_SHIFT) for rank in range(1, len(self.words) + 1)))


def _by_count(words: list[str], counts: list[int]) -> list[str]:
    return [word for _count, word in sorted(zip(counts, words), key=lambda pair: (-pair[0], pair[1]))]


def write_long_tail_corpus(folder: Path, papers: int, seed: int = 7, first_file: int = 0) -> list[Path]:
    """Write `papers` long-tail papers as listing files of 100 each into `folder`."""
    return write_corpus(folder, papers, seed, first_file, LongTailWriter)
