"""The yardsticks: SQLite FTS5 (a real full-text index) and a LIKE scan
(what simple feed readers do), over the same papers papershelf indexes.

Both live in one SQLite file; only the FTS5 table's insert and commit is
timed as "build", because parsing the listings is the same work for any engine
and is reported on its own.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from index.listings.parser import read_listing
from index.listings.papers import merge_entries
from tests.benchmarks.timing import timed
from tests.benchmarks.workload import LIMIT, Search

# Date and upvotes ride along unindexed, for filtering and sorting matches,
# as papershelf's sortable columns do.
_FTS_TABLE = (
    "CREATE VIRTUAL TABLE fts USING fts5(title, abstract, date UNINDEXED, upvotes UNINDEXED, tokenize='porter')"
)
_PLAIN_TABLE = "CREATE TABLE plain(title TEXT, abstract TEXT, date INTEGER, upvotes INTEGER)"
_ORDER = {"relevance": "rank", "date": "date DESC", "upvotes": "upvotes DESC"}
_COLUMNS = "rowid, title, abstract, date, upvotes"

Row = tuple[str, str, int, int | None]


def load_rows(listing_files: list[Path]) -> list[Row]:
    """Papers as papershelf merges them: same parser, same merge, same date key."""
    parsed = [read_listing(path) for path in listing_files]
    # The year undated papers sort in, chosen as papershelf's sync chooses it.
    fallback = max((p.capture_year for p in parsed if p.capture_year is not None), default=0)
    papers = merge_entries((entry for p in parsed for entry in p.entries), fallback)
    return [
        (paper.title, paper.abstract, paper.date.sort_key(fallback) if paper.date else 0, paper.upvotes)
        for paper in papers
    ]


def build(database: Path, rows: list[Row]) -> float:
    """Write both tables into a fresh `database`; return the FTS5 build's seconds."""
    database.unlink(missing_ok=True)
    with sqlite3.connect(database) as connection:
        connection.execute(_PLAIN_TABLE)
        connection.executemany("INSERT INTO plain VALUES (?, ?, ?, ?)", rows)
    connection.close()

    def build_fts() -> None:
        connection = sqlite3.connect(database)
        connection.execute(_FTS_TABLE)
        connection.executemany("INSERT INTO fts VALUES (?, ?, ?, ?)", rows)
        connection.commit()
        connection.close()

    seconds, _ = timed(build_fts)
    return seconds


class SqlSearcher:
    """Runs a workload Search as FTS5 MATCH or as LIKE scans; returns the total."""

    def __init__(self, database: Path) -> None:
        self.connection = sqlite3.connect(database)

    def close(self) -> None:
        self.connection.close()

    def fts(self, search: Search) -> int | None:
        where, values = "fts MATCH ?", [fts_expression(search)]
        if search.min_upvotes is not None:
            where, values = where + " AND upvotes >= ?", values + [search.min_upvotes]
        try:
            # A separate count, because papershelf's page carries the total too.
            (total,) = self.connection.execute(f"SELECT count(*) FROM fts WHERE {where}", values).fetchone()
            page = f"SELECT {_COLUMNS} FROM fts WHERE {where} ORDER BY {_ORDER[search.sort]} LIMIT {LIMIT}"
            self.connection.execute(page, values).fetchall()
        except sqlite3.OperationalError:
            if not search.typing:
                raise
            return None  # a keystroke FTS5 cannot parse still gets an answer: the error
        return total

    def like(self, search: Search) -> int | None:
        where, values = like_condition(search)
        # LIKE has no relevance, so those lists come newest first, as feed readers
        # show them. The window count keeps it to one scan, not two.
        order = "upvotes DESC" if search.sort == "upvotes" else "date DESC"
        page = f"SELECT {_COLUMNS}, count(*) OVER () FROM plain WHERE {where} ORDER BY {order} LIMIT {LIMIT}"
        rows = self.connection.execute(page, values).fetchall()
        return rows[0][-1] if rows else 0


def fts_expression(search: Search) -> str:
    """The FTS5 MATCH text: quoted words (so no word reads as an operator), AND-ed."""
    if search.phrase:
        expression = '"' + " ".join(search.words) + '"'
    else:
        terms = [f'"{word}"' for word in search.words]
        if search.prefix_last:
            terms[-1] += "*"
        expression = " ".join(terms)
    return f"title : ({expression})" if search.title_only else expression


def like_condition(search: Search) -> tuple[str, list]:
    """Every word (or the whole phrase) somewhere in the title or abstract."""
    patterns = [" ".join(search.words)] if search.phrase else list(search.words)
    clauses, values = [], []
    for pattern in patterns:
        if search.title_only:
            clauses.append("title LIKE ?")
            values.append(f"%{pattern}%")
        else:
            clauses.append("(title LIKE ? OR abstract LIKE ?)")
            values += [f"%{pattern}%"] * 2
    if search.min_upvotes is not None:
        clauses.append("upvotes >= ?")
        values.append(search.min_upvotes)
    return " AND ".join(clauses), values
