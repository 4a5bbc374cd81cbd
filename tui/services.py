"""What the reader is given to work with, built outside it (tests build their own)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from index.config import Config
from index.library import Library
from index.shelf.store import ReadingStore, StoreCorrupt
from index.search.results import SearchPage
from index.shelf.undo import UndoStack
from tui.shared_searcher import SharedSearcher


@dataclass
class Services:
    searcher: SharedSearcher
    paper_count: int
    library: Library | None = None  # keeps the index in step while the app runs
    config: Config = field(default_factory=Config)
    config_file: Path | None = None  # where choices such as the theme are remembered
    config_problems: list[str] = field(default_factory=list)
    over_ssh: bool = False
    store: ReadingStore | None = None  # None when it could not be opened (the problems say why)
    damaged_store: StoreCorrupt | None = None  # a damaged file the user has not yet agreed to replace
    first_page: SearchPage | None = None  # every paper newest first, as the index was at start
    log_file: Path | None = None  # where internal errors are logged (None: nowhere, as in tests)
    index_ready: bool = True  # False until a first run's index is built (searches wait for it)
    _undo: UndoStack | None = field(default=None, repr=False)

    def undo_stack(self) -> UndoStack | None:
        """The reader's undo of reading-list changes (index.shelf.undo): one for every screen,
        so `u` takes back the last change wherever it was made; None without a store."""
        if self.store is None:
            return None
        if self._undo is None or self._undo.store is not self.store:  # a damaged store replaced
            self._undo = UndoStack(self.store)
        return self._undo

    @property
    def cursor_blink(self) -> bool:
        """Blink locally; over SSH every blink is bytes on the wire, so not by default."""
        if self.config.cursor_blink is not None:
            return self.config.cursor_blink
        return not self.over_ssh


def connected_over_ssh() -> bool:
    return bool(os.environ.get("SSH_CONNECTION") or os.environ.get("SSH_TTY"))
