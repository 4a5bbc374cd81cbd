"""tantivy, a compiled search engine (Rust, through its Python binding), over the
same papers: the limit a compiled engine reaches on this machine.

Installed by the bench extra only (`pip install -e '.[bench]'`); papershelf never
imports it. The index has the fields papershelf searches: title and abstract with an
English stemmer and papershelf's stop words, org with words as written (papershelf's
SimpleAnalyzer), and date and upvotes as fast fields for the filters and sorts.
Each search runs with the meaning papershelf gives it (meaning.py): its parsed tree,
translated node by node into tantivy's query objects.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterable
from pathlib import Path

import tantivy
from whoosh.query import And, AndNot, Every, Not, NullQuery, NumericRange, Or, Phrase, Prefix, Query, Term

from index.engine.schema import STOP_WORDS
from tests.benchmarks.baselines import Row
from tests.benchmarks.meaning import Planned, WholeWords
from tests.benchmarks.timing import timed
from tests.benchmarks.workload import LIMIT

STEMMED = "papers_en"
_TITLE_BOOST = 2.0  # as papershelf's title field_boost
_NO_UPPER = 2**32  # above every upvotes value: a range open at the top
_ORDER_FIELD = {"relevance": None, "date": "date", "upvotes": "upvotes"}
# Heap for the writer's in-memory segments: tantivy's default, split between its threads.
_WRITER_HEAP = 256_000_000


def _stemmed_analyzer() -> tantivy.TextAnalyzer:
    return (
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
        .filter(tantivy.Filter.remove_long(40))
        .filter(tantivy.Filter.lowercase())
        .filter(tantivy.Filter.custom_stopword(sorted(STOP_WORDS)))
        .filter(tantivy.Filter.stemmer("english"))
        .build()
    )


def _schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("title", stored=True, tokenizer_name=STEMMED)
    builder.add_text_field("abstract", stored=True, tokenizer_name=STEMMED)
    builder.add_text_field("org", stored=True, tokenizer_name="default")
    builder.add_unsigned_field("date", stored=True, fast=True)
    builder.add_unsigned_field("upvotes", stored=True, fast=True)
    return builder.build()


def _open(folder: Path, schema: tantivy.Schema | None = None) -> tantivy.Index:
    index = tantivy.Index(schema, path=str(folder)) if schema is not None else tantivy.Index.open(str(folder))
    index.register_tokenizer(STEMMED, _stemmed_analyzer())
    return index


def build(folder: Path, rows: Iterable[Row]) -> float:
    """Index `rows` into a fresh `folder` with every core; return the seconds."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)

    def index_all() -> None:
        index = _open(folder, _schema())
        writer = index.writer(heap_size=_WRITER_HEAP)
        for title, abstract, org, date, upvotes in rows:
            document = tantivy.Document(title=title, abstract=abstract, org=org)
            document.add_unsigned("date", date)  # keywords would make it signed, which the field refuses
            if upvotes is not None:  # no value: outside every upvotes range, as in papershelf
                document.add_unsigned("upvotes", upvotes)
            writer.add_document(document)
        writer.commit()
        writer.wait_merging_threads()

    seconds, _ = timed(index_all)
    return seconds


class TantivySearcher:
    """Runs a planned search as a tantivy query: the total, and a page of stored documents."""

    def __init__(self, folder: Path, words: WholeWords) -> None:
        self.index = _open(folder)
        self.index.reload()
        self.schema = self.index.schema
        self.searcher = self.index.searcher()
        self.words = words
        self._stems: dict[str, str] = {}  # whole word -> its stem, as the index's analyzer makes it
        self._analyzers = {"title": _stemmed_analyzer(), "abstract": _stemmed_analyzer()}
        self._plain = tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple()).filter(tantivy.Filter.lowercase()).build()

    def search(self, planned: Planned) -> int | None:
        search = planned.search
        tries = planned.meaning.tries
        for number, tree in enumerate(tries):
            query = self.query(tree, constant_prefixes=search.typing)
            field = _ORDER_FIELD[search.sort]
            if field is None:
                result = self.searcher.search(query, LIMIT, count=True)
            else:
                result = self.searcher.search(query, LIMIT, count=True, order_by_field=field, order=tantivy.Order.Desc)
            if result.count or number == len(tries) - 1:
                for _key, address in result.hits:  # the page, as the other engines read theirs
                    self.searcher.doc(address)
                return result.count
        raise AssertionError("a meaning has at least one try")

    def query(self, tree: Query, constant_prefixes: bool = False) -> tantivy.Query:
        """tantivy's query for one of papershelf's parsed trees (of unstemmed words)."""
        Occur = tantivy.Occur
        if isinstance(tree, Every):
            return tantivy.Query.all_query()
        if tree is NullQuery:  # all stop words: nothing
            return tantivy.Query.empty_query()
        if isinstance(tree, (And, Or)):
            occur = Occur.Must if isinstance(tree, And) else Occur.Should
            return tantivy.Query.boolean_query([(occur, self.query(part, constant_prefixes)) for part in tree.subqueries])
        if isinstance(tree, AndNot):
            return tantivy.Query.boolean_query(
                [(Occur.Must, self.query(tree.a, constant_prefixes)), (Occur.MustNot, self.query(tree.b))]
            )
        if isinstance(tree, Not):
            return tantivy.Query.boolean_query([(Occur.Must, tantivy.Query.all_query()), (Occur.MustNot, self.query(tree.query))])
        if isinstance(tree, NumericRange):
            upper = _NO_UPPER if tree.end is None else tree.end
            return tantivy.Query.range_query(
                self.schema, tree.fieldname, tantivy.FieldType.Unsigned, tree.start if tree.start is not None else 0, upper,
                include_lower=not tree.startexcl, include_upper=tree.end is None or not tree.endexcl,
            )
        if isinstance(tree, Prefix):
            return self._prefix(tree, constant_prefixes)
        if isinstance(tree, Term):
            return self._boosted(tree.fieldname, self._words(tree.fieldname, tree.text))
        if isinstance(tree, Phrase):
            return self._boosted(tree.fieldname, self._words(tree.fieldname, " ".join(tree.words)))
        raise ValueError(f"no tantivy query for {tree!r}")

    def _words(self, field: str, text: str) -> tantivy.Query:
        tokens = self._analyzer(field).analyze(text)
        if not tokens:
            return tantivy.Query.empty_query()
        if len(tokens) == 1:
            return tantivy.Query.term_query(self.schema, field, tokens[0])
        return tantivy.Query.phrase_query(self.schema, field, tokens)

    def _prefix(self, tree: Prefix, constant: bool) -> tantivy.Query:
        """Every indexed word the prefix begins, and the stems of the whole title words it
        begins (what papershelf's prefix covers); while typing, without ranking."""
        field, prefix = tree.fieldname, tree.text
        clauses = [tantivy.Query.regex_query(self.schema, field, _regex_literal(prefix) + ".*")]
        if field in self._analyzers:
            stem = self._stem
            stems = sorted({stem(word) for word in self.words.not_begun_by_stem(prefix, stem)} - {""})
            if stems:
                clauses.append(tantivy.Query.term_set_query(self.schema, field, stems))
        query = tantivy.Query.boolean_query([(tantivy.Occur.Should, clause) for clause in clauses])
        return tantivy.Query.const_score_query(query, 1.0) if constant else self._boosted(field, query)

    def _stem(self, word: str) -> str:
        stem = self._stems.get(word)
        if stem is None:
            tokens = self._analyzers["title"].analyze(word)
            stem = self._stems[word] = tokens[0] if tokens else ""
        return stem

    def _analyzer(self, field: str) -> tantivy.TextAnalyzer:
        return self._analyzers.get(field, self._plain)

    def _boosted(self, field: str, query: tantivy.Query) -> tantivy.Query:
        return tantivy.Query.boost_query(query, _TITLE_BOOST) if field == "title" else query


def _regex_literal(text: str) -> str:
    # A prefix is word characters; anything else is escaped for tantivy's regex syntax.
    return "".join(char if char.isalnum() else "\\" + char for char in text)

