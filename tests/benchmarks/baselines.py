"""The yardsticks: SQLite FTS5 (a real full-text index) and a LIKE scan
(what simple feed readers do), over the same papers papershelf indexes.

The papers are parsed and merged once, as papershelf merges them, into a plain
SQLite table (papers.sqlite), a row at a time; every other engine reads its
papers from there, so none holds the corpus in memory. Only the FTS5 table's
insert and commit is timed as "build", because parsing the listings is the same
work for any engine and is reported on its own.

Each search runs with the meaning papershelf gives it (meaning.py): its parsed
tree, translated node by node into an FTS5 MATCH expression or LIKE conditions.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

from whoosh.query import And, AndNot, Every, Not, NullQuery, NumericRange, Or, Phrase, Prefix, Query, Term

from index.listings.parser import read_listing
from index.listings.papers import merge_entries
from tests.benchmarks.meaning import Meaning, Planned, WholeWords, title_words
from tests.benchmarks.timing import timed
from tests.benchmarks.workload import LIMIT

# Date and upvotes ride along unindexed, for filtering and sorting matches,
# as papershelf's sortable columns do. The title weighs twice the abstract, as in papershelf.
_FTS_TABLE = (
    "CREATE VIRTUAL TABLE fts USING fts5(title, abstract, org, date UNINDEXED, upvotes UNINDEXED, tokenize='porter')"
)
_FTS_RANK = "INSERT INTO fts(fts, rank) VALUES ('rank', 'bm25(2.0, 1.0, 1.0)')"
_PLAIN_TABLE = "CREATE TABLE plain(title TEXT, abstract TEXT, org TEXT, date INTEGER, upvotes INTEGER)"
_ORDER = {"relevance": "rank", "date": "date DESC", "upvotes": "upvotes DESC"}
_COLUMNS = "rowid, title, abstract, date, upvotes"

Row = tuple[str, str, str, int, int | None]


class Untranslatable(Exception):
    """A query an engine has no way to say (FTS5: a NOT with nothing before it)."""


def load(database: Path, listing_files: list[Path]) -> int:
    """Papers as papershelf merges them (same parser, same merge, same date key) into the
    plain table of a fresh `database`, with the whole title words prefixes take; returns
    the number of papers."""
    database.unlink(missing_ok=True)
    connection = sqlite3.connect(database)
    with connection:
        connection.execute(_PLAIN_TABLE)
        connection.execute("CREATE TABLE whole_words(word TEXT PRIMARY KEY) WITHOUT ROWID")
        words: set[str] = set()
        connection.executemany("INSERT INTO plain VALUES (?, ?, ?, ?, ?)", _rows(listing_files, words))
        connection.executemany("INSERT INTO whole_words VALUES (?)", ((word,) for word in sorted(words)))
    (papers,) = connection.execute("SELECT count(*) FROM plain").fetchone()
    connection.close()
    return papers


def _rows(listing_files: list[Path], words: set[str]) -> Iterator[Row]:
    # Merging needs every entry at once (a paper can be listed in any file); the rows
    # that come out of it are written as they come.
    parsed = [read_listing(path) for path in listing_files]
    # The year undated papers sort in, chosen as papershelf's sync chooses it.
    fallback = max((p.capture_year for p in parsed if p.capture_year is not None), default=0)
    entries = [entry for p in parsed for entry in p.entries]
    del parsed
    for paper in merge_entries(entries, fallback):
        words |= title_words(paper.title)
        org = paper.organisation
        yield (
            paper.title, paper.abstract, "" if org is None else f"{org.handle} {org.name}",
            paper.date.sort_key(fallback) if paper.date else 0, paper.upvotes,
        )


def papers(database: Path) -> Iterator[Row]:
    """The loaded papers, one row at a time."""
    connection = sqlite3.connect(database)
    try:
        yield from connection.execute("SELECT title, abstract, org, date, upvotes FROM plain ORDER BY rowid")
    finally:
        connection.close()


def whole_words(database: Path) -> WholeWords:
    connection = sqlite3.connect(database)
    try:
        return WholeWords(word for (word,) in connection.execute("SELECT word FROM whole_words"))
    finally:
        connection.close()


def build(fts_database: Path, papers_database: Path) -> float:
    """Build the FTS5 table of the loaded papers into a fresh `fts_database`, with a copy
    of the plain table for the LIKE scan; return the FTS5 build's seconds."""
    fts_database.unlink(missing_ok=True)
    connection = sqlite3.connect(fts_database)
    connection.execute("ATTACH DATABASE ? AS papers", (str(papers_database),))
    with connection:
        connection.execute(_PLAIN_TABLE)
        connection.execute("INSERT INTO plain SELECT * FROM papers.plain ORDER BY rowid")

    def build_fts() -> None:
        with connection:
            connection.execute(_FTS_TABLE)
            connection.execute(_FTS_RANK)
            connection.execute("INSERT INTO fts SELECT title, abstract, org, date, upvotes FROM papers.plain ORDER BY rowid")

    seconds, _ = timed(build_fts)
    connection.close()
    return seconds


class SqlSearcher:
    """Runs a planned search as FTS5 MATCH or as LIKE scans; returns the total."""

    def __init__(self, database: Path, words: WholeWords) -> None:
        self.connection = sqlite3.connect(database)
        self.words = words
        self.stems = porter_stems(words.words)

    def close(self) -> None:
        self.connection.close()

    def fts(self, planned: Planned) -> int | None:
        search = planned.search
        try:
            where, values = self._fts_where(planned.meaning)
            # A separate count, because papershelf's page carries the total too.
            (total,) = self.connection.execute(f"SELECT count(*) FROM fts WHERE {where}", values).fetchone()
            page = f"SELECT {_COLUMNS} FROM fts WHERE {where} ORDER BY {_ORDER[search.sort]} LIMIT {LIMIT}"
            self.connection.execute(page, values).fetchall()
        except (sqlite3.OperationalError, Untranslatable):
            if not search.typing:
                raise
            return None  # a keystroke FTS5 cannot take still gets an answer: the error
        return total

    def _fts_where(self, meaning: Meaning) -> tuple[str, list]:
        """The condition of the first of the meaning's tries that matches (the last one else)."""
        for number, query in enumerate(meaning.tries):
            where, values = fts_condition(query, self.words, self.stems.__getitem__)
            last = number == len(meaning.tries) - 1
            if last or self.connection.execute(f"SELECT 1 FROM fts WHERE {where} LIMIT 1", values).fetchone():
                return where, values
        raise AssertionError("a meaning has at least one try")

    def like(self, planned: Planned) -> int | None:
        search = planned.search
        for number, query in enumerate(planned.meaning.tries):
            where, values = like_condition(query)
            # LIKE has no relevance, so those lists come newest first, as feed readers
            # show them. The window count keeps it to one scan, not two.
            order = "upvotes DESC" if search.sort == "upvotes" else "date DESC"
            page = f"SELECT {_COLUMNS}, count(*) OVER () FROM plain WHERE {where} ORDER BY {order} LIMIT {LIMIT}"
            rows = self.connection.execute(page, values).fetchall()
            if rows or number == len(planned.meaning.tries) - 1:
                return rows[0][-1] if rows else 0
        raise AssertionError("a meaning has at least one try")


def porter_stems(words: list[str]) -> dict[str, str]:
    """Each word as FTS5's porter tokenizer stems it (SQLite's Porter differs from Whoosh's:
    `evaluated` is `evalu` to one, `evaluat` to the other), read back from its own index."""
    connection = sqlite3.connect(":memory:")
    try:
        connection.execute("CREATE VIRTUAL TABLE one USING fts5(word, tokenize='porter')")
        connection.executemany("INSERT INTO one(rowid, word) VALUES (?, ?)", enumerate(words, 1))
        connection.execute("CREATE VIRTUAL TABLE stems USING fts5vocab(one, 'instance')")
        stems = {words[rowid - 1]: term for term, rowid in connection.execute("SELECT term, doc FROM stems")}
    finally:
        connection.close()
    return {word: stems.get(word, "") for word in words}


Stem = Callable[[str], str]


def fts_condition(query: Query, words: WholeWords, stem: Stem) -> tuple[str, list]:
    """The WHERE condition for `query` on the fts table: its words as one MATCH (a range
    beside them is a condition on the unindexed column)."""
    if query is NullQuery:  # all stop words: nothing
        return "0", []
    parts = list(query.subqueries) if isinstance(query, And) else [query]
    ranges = [part for part in parts if isinstance(part, NumericRange)]
    text = [part for part in parts if not isinstance(part, (NumericRange, Every))]
    clauses, values = [], []
    if text:
        clauses.append("fts MATCH ?")
        values.append(fts_expression(text[0] if len(text) == 1 else And(text), words, stem))
    for found in ranges:
        condition, bounds = _range_condition(found)
        clauses.append(condition)
        values += bounds
    return (" AND ".join(clauses) or "1"), values


def fts_expression(query: Query, words: WholeWords, stem: Stem) -> str:
    """FTS5 query syntax for a tree of words: every word quoted (none reads as an operator);
    FTS5's porter tokenizer stems each one, as it stemmed the indexed text."""
    if isinstance(query, Or):
        return "(" + " OR ".join(_fts_or_groups(query.subqueries, words, stem)) + ")"
    if isinstance(query, And):
        return "(" + " AND ".join(fts_expression(part, words, stem) for part in query.subqueries) + ")"
    if isinstance(query, AndNot):
        return f"({fts_expression(query.a, words, stem)} NOT {fts_expression(query.b, words, stem)})"
    if isinstance(query, (Term, Prefix, Phrase)):
        return f"{query.fieldname} : {_fts_words(query, words, stem)}"
    raise Untranslatable(f"FTS5 has no expression for {query!r}")


def _fts_or_groups(parts, words: WholeWords, stem: Stem) -> list[str]:
    """An OR of the same words in several fields (title OR abstract, as papershelf's parser
    writes every word) as one column filter: {title abstract} : "word"."""
    columns: dict[tuple, list[str]] = {}
    rest = []
    for part in parts:
        if isinstance(part, (Term, Prefix, Phrase)):
            columns.setdefault((type(part), repr(_key(part))), [part, []])[1].append(part.fieldname)
        else:
            rest.append(fts_expression(part, words, stem))
    grouped = [f"{{{' '.join(fields)}}} : {_fts_words(part, words, stem)}" for part, fields in columns.values()]
    return grouped + rest


def _key(query: Query):
    return query.words if isinstance(query, Phrase) else query.text


def _fts_words(query: Query, words: WholeWords, stem: Stem) -> str:
    if isinstance(query, Term):
        return _quoted(query.text)
    if isinstance(query, Phrase):
        return _quoted(" ".join(query.words))
    # A prefix: the indexed words it begins, and the stems of the whole title words it
    # begins: `reinforcem` begins `reinforcement`, indexed as `reinforc`. One whole word per
    # stem, quoted: FTS5 stems it as it stemmed the text (Porter is not idempotent: a stem
    # could be stemmed again into another).
    one_per_stem = {stem(word): word for word in words.not_begun_by_stem(query.text, stem)}
    one_per_stem.pop("", None)  # a stop word: FTS5 indexed it, papershelf did not
    stems = [_quoted(word) for word in sorted(one_per_stem.values())]
    return "(" + " OR ".join([_quoted(query.text) + "*", *stems]) + ")"


def _quoted(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def like_condition(query: Query) -> tuple[str, list]:
    """The same tree as LIKE conditions: each word (or phrase) anywhere in the field's text."""
    if isinstance(query, Every):
        return "1", []
    if query is NullQuery:
        return "0", []
    if isinstance(query, NumericRange):
        return _range_condition(query)
    if isinstance(query, (Term, Prefix)):
        return f"{query.fieldname} LIKE ?", [f"%{query.text}%"]
    if isinstance(query, Phrase):
        return f"{query.fieldname} LIKE ?", [f"%{' '.join(query.words)}%"]
    if isinstance(query, (And, Or)):
        joined = " AND " if isinstance(query, And) else " OR "
        parts = [like_condition(part) for part in query.subqueries]
        return "(" + joined.join(c for c, _ in parts) + ")", [v for _, values in parts for v in values]
    if isinstance(query, AndNot):
        (a, av), (b, bv) = like_condition(query.a), like_condition(query.b)
        return f"({a} AND NOT {b})", av + bv
    if isinstance(query, Not):
        condition, values = like_condition(query.query)
        return f"(NOT {condition})", values
    raise Untranslatable(f"no LIKE condition for {query!r}")


def _range_condition(query: NumericRange) -> tuple[str, list]:
    clauses, values = [], []
    if query.start is not None:
        clauses.append(f"{query.fieldname} {'>' if query.startexcl else '>='} ?")
        values.append(query.start)
    if query.end is not None:
        clauses.append(f"{query.fieldname} {'<' if query.endexcl else '<='} ?")
        values.append(query.end)
    return "(" + (" AND ".join(clauses) or f"{query.fieldname} IS NOT NULL") + ")", values

