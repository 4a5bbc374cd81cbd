"""The facade the CLI and the reader hold: listing sources, the index kept in step, search."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from index.errors import NoListings
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

    def check_sources(self) -> None:
        """Raise NoListings for a named listing folder or file that cannot be read."""
        for source in self.sources:
            if not source.exists():
                raise NoListings(f"no such listing folder or file: {source}")
            if source.is_dir() and not os.access(source, os.R_OK | os.X_OK):
                raise NoListings(f"cannot read the listing folder: {source}")

    def sync(self, progress: Progress | None = None) -> SyncReport:
        """Bring the index in step with the listing files (a no-op when it already is)."""
        self.check_sources()
        return sync_index(self.home, self.sources, self.options, progress)

    def has_index(self) -> bool:
        return self.home.current() is not None

    def open_in_step(self) -> Searcher:
        """Sync, then open a searcher: what every search-like command starts with."""
        self.sync()
        return self.open_searcher()

    def open_searcher(self) -> Searcher:
        """A searcher on the live index generation; sync first if there is none."""
        live = self.home.current()
        if live is None:
            self.sync()
            live = self.home.current()
        assert live is not None, "sync publishes a generation"
        return Searcher(live / WHOOSH_FOLDER)
