"""What a sync is asked to do and what it reports, and the names of the files it writes.

Apart from index.sync.update so that holding these (the reader does from its first
frame) costs no import of the index writer, Whoosh's codecs or the parser.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # only named here; the reader's start imports this module, not those
    from index.listings.dates import YearSource
    from index.sync.manifest import FileChanges
    from index.listings.problems import Problem

ENTRIES_FILE = "entries.sqlite"
WHOOSH_FOLDER = "whoosh"
Progress = Callable[[int, int], None]


def _no_changes() -> FileChanges:
    from index.sync.manifest import FileChanges

    return FileChanges()


@dataclass(slots=True)
class SyncReport:
    files: int = 0
    entries: int = 0
    papers: int = 0
    problems: list[Problem] = field(default_factory=list)
    capture_years: dict[str, tuple[int | None, YearSource]] = field(default_factory=dict)
    rebuild_reason: str | None = None  # None: updated in place, or nothing to do
    changes: FileChanges = field(default_factory=_no_changes)
    papers_updated: int = 0
    papers_removed: int = 0
    seconds: float = 0.0

    @property
    def changed_anything(self) -> bool:
        return self.rebuild_reason is not None or bool(self.changes.to_read or self.changes.removed)


@dataclass(frozen=True, slots=True)
class SyncOptions:
    capture_year: int | None = None  # overrides the inferred capture year of every file
    rebuild: bool = False
    procs: int = field(default_factory=lambda: os.cpu_count() or 1)
    lock_timeout: float = 300.0
