"""The facade the CLI and the reader hold: listing sources, the index kept in step, search."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from index.index_home import IndexHome
from index.locations import Locations, sample_listings
from index.search import Searcher
from index.sync import WHOOSH_FOLDER, Progress, SyncOptions, SyncReport, sync_index


class Library:
    def __init__(self, sources: Sequence[Path], places: Locations, options: SyncOptions = SyncOptions()) -> None:
        self.sources = list(sources) or [sample_listings()]
        self.places = places
        self.options = options
        self.home = IndexHome(places.index_root)

    def sync(self, progress: Progress | None = None) -> SyncReport:
        """Bring the index in step with the listing files (a no-op when it already is)."""
        return sync_index(self.home, self.sources, self.options, progress)

    def has_index(self) -> bool:
        return self.home.current() is not None

    def open_searcher(self) -> Searcher:
        """A searcher on the live index generation; sync first if there is none."""
        live = self.home.current()
        if live is None:
            self.sync()
            live = self.home.current()
        assert live is not None, "sync publishes a generation"
        return Searcher(live / WHOOSH_FOLDER)
