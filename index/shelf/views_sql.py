"""Views (saved searches) in the reading-list store; see index.shelf.views for what a view is.

A mixin of ReadingStore: every method runs in one of its transactions (`_read`, `_write`).
Names are matched as list names are: the exact name first, else ignoring letter case.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import datetime, timezone
from typing import TypeVar

from index.shelf.views import View, ViewError, valid_view_name, valid_view_query, valid_view_sort

_T = TypeVar("_T")
_COLUMNS = "name, query, sort, reverse, created"


def _now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


class SavedViews:
    """Views: list, get, save (replacing one of the same name), rename, delete."""

    _write: Callable[[Callable[[sqlite3.Connection], _T]], _T]
    _read: Callable[[Callable[[sqlite3.Connection], _T]], _T]

    def views(self) -> list[View]:
        """Every view, in the order they were first saved."""
        return self._read(lambda c: [_view(row) for row in c.execute(f"SELECT {_COLUMNS} FROM views ORDER BY id")])

    def view(self, name: str) -> View:
        """The view of that name; ViewError naming the views there are when there is none."""
        return self._read(lambda c: _view(c.execute(f"SELECT {_COLUMNS} FROM views WHERE id = ?", (_id(c, name),)).fetchone()))

    def save_view(self, name: str, query: str, sort: str | None = None, reverse: bool = False) -> tuple[View, bool]:
        """Save the view (checked: see index.shelf.views), replacing one of the same name in any
        letter case; the view as stored and whether it replaced one."""
        name, query, sort = valid_view_name(name), valid_view_query(query), valid_view_sort(sort)

        def save(connection: sqlite3.Connection) -> tuple[View, bool]:
            found = find(connection, name)
            if found is None:
                connection.execute(
                    "INSERT INTO views (name, query, sort, reverse, created) VALUES (?, ?, ?, ?, ?)",
                    (name, query, sort, int(bool(reverse)), _now()),
                )
            else:
                connection.execute(
                    "UPDATE views SET name = ?, query = ?, sort = ?, reverse = ? WHERE id = ?",
                    (name, query, sort, int(bool(reverse)), found),
                )
            row = connection.execute(f"SELECT {_COLUMNS} FROM views WHERE name = ?", (name,)).fetchone()
            return _view(row), found is not None

        return self._write(save)

    def rename_view(self, old: str, new: str) -> None:
        new = valid_view_name(new)

        def rename(connection: sqlite3.Connection) -> None:
            number = _id(connection, old)
            taken = find(connection, new)
            if taken is not None and taken != number:
                existing = connection.execute("SELECT name FROM views WHERE id = ?", (taken,)).fetchone()[0]
                raise ViewError(f"a view named '{existing}' already exists")
            connection.execute("UPDATE views SET name = ? WHERE id = ?", (new, number))

        self._write(rename)

    def delete_view(self, name: str) -> View:
        """Delete the view; the view that was deleted."""

        def delete(connection: sqlite3.Connection) -> View:
            number = _id(connection, name)
            row = connection.execute(f"SELECT {_COLUMNS} FROM views WHERE id = ?", (number,)).fetchone()
            connection.execute("DELETE FROM views WHERE id = ?", (number,))
            return _view(row)

        return self._write(delete)


def _view(row: tuple) -> View:
    name, query, sort, reverse, created = row
    return View(name, query, sort, bool(reverse), created)


def find(connection: sqlite3.Connection, name: str) -> int | None:
    wanted = name.strip()
    rows = connection.execute("SELECT id, name FROM views ORDER BY id").fetchall()
    exact = [number for number, found in rows if found == wanted]
    folded = [number for number, found in rows if found.casefold() == wanted.casefold()]
    found = exact or folded
    return found[0] if found else None


def _id(connection: sqlite3.Connection, name: str) -> int:
    found = find(connection, name)
    if found is None:
        names = [row[0] for row in connection.execute("SELECT name FROM views ORDER BY id")]
        there = f"views: {', '.join(names)}" if names else "there are no views yet"
        raise ViewError(f"no view named '{name}'; {there}")
    return found
