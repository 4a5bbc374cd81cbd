"""The facade the CLI and the reader hold: listing sources, the index kept in step, search."""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import TYPE_CHECKING
from pathlib import Path

from index.config import Config, load_config
from index.errors import NoListings
from index.index_home import GenerationGone, IndexHome, IndexUnavailable
from index.locations import Locations, sample_listings
from index.sync.first_page import read_first_page, write_first_page
from index.search.results import SearchPage
from index.sync.report import WHOOSH_FOLDER, Progress, SyncOptions, SyncReport

_OPEN_ATTEMPTS = 5

if TYPE_CHECKING:
    import subprocess

    from index.sync.status import IndexStatus
    from index.search.paper_searcher import PaperSearcher


class Library:
    def __init__(self, sources: Sequence[Path], places: Locations, options: SyncOptions = SyncOptions()) -> None:
        self.sources = list(sources) or [sample_listings()]
        self.places = places
        self.options = options
        self.home = IndexHome(places.index_root)
        self.mute: tuple[str, ...] = ()  # search terms whose papers every searcher leaves out (index.search.mute)

    def check_sources(self) -> None:
        """Raise NoListings for a named listing folder or file that cannot be read."""
        for source in self.sources:
            if not source.exists():
                raise NoListings(f"no such listing folder or file: {source}")
            if source.is_dir() and not os.access(source, os.R_OK | os.X_OK):
                raise NoListings(f"cannot read the listing folder: {source}")

    def sync(self, progress: Progress | None = None) -> SyncReport:
        """Bring the index in step with the listing files (a no-op when it already is)."""
        # Imported here: the writer and Whoosh's codecs are not needed to open and search an index.
        from index.sync.update import sync_index

        self.check_sources()
        return sync_index(self.home, self.sources, self.options, progress)

    @classmethod
    def configured(
        cls, listings: Sequence[Path], places: Locations, options: SyncOptions = SyncOptions()
    ) -> tuple[Library, Config, list[str]]:
        """A library over the named listings, else the config file's, else the sample.

        Also returns the config and its problems, for the caller to show.
        """
        from index.search.mute import mute_file, read_mute_file

        config, problems = load_config(places.config_file)
        library = cls(list(listings) or list(config.listings), places, options)
        added, mute_problems = read_mute_file(mute_file(places.config_file))
        library.mute = tuple(dict.fromkeys(config.mute + added))
        return library, config, problems + mute_problems

    def status(self) -> IndexStatus | None:
        """The live index's files, counts and problems (None before the first build)."""
        from index.sync.status import index_status

        return index_status(self.home.current(), self.sources)

    def has_index(self) -> bool:
        """Whether an index was built; when not, the first search or first page builds it."""
        return self.home.current() is not None

    def moved_on(self) -> bool:
        """Whether the listing files changed since the live index was built (stat only)."""
        from index.sync.status import listings_moved_on

        return listings_moved_on(self.home.current(), self.sources)

    def index_version(self) -> tuple[str | None, str | None]:
        """What identifies the index as it is now: the live generation and its last commit
        (see index_seal). Another process's rebuild or update changes it; cheap enough to poll."""
        from index.sync.seal import commit_of

        live = self.home.current()
        return (None, None) if live is None else (live.name, commit_of(live))

    def build_prefix_bits_in_background(self) -> subprocess.Popen | None:
        """Start building the live index's prefix bitsets in a process of its own if they are
        missing or stale (a sync builds a small index's itself; see index.engine.prefix_process)."""
        from index.engine.prefix_process import start_building

        live = self.home.current()
        if live is None or not os.access(live, os.W_OK):
            return None
        try:
            return start_building(live / WHOOSH_FOLDER)
        except Exception:  # noqa: BLE001 - only an optimisation: never worth failing the reader for
            return None

    def open_in_step(self) -> PaperSearcher:
        """Sync, then open a searcher: what every search-like command starts with."""
        self.sync()
        return self.open_searcher()

    def open_searcher(self) -> PaperSearcher:
        """A searcher on the live index generation; sync first if there is none or it is damaged."""
        return self._open_checked()[1]

    def _open_checked(self) -> tuple[Path, PaperSearcher]:
        """The live generation, checked (a stat of its files, see index_seal), and a searcher on it."""
        from index.sync.seal import check
        from index.search.paper_searcher import PaperSearcher  # imports Whoosh: only when a search is to be run

        for _attempt in range(_OPEN_ATTEMPTS):
            live = self._live()
            if check(live).damage is not None:
                self.sync()  # rebuilds it, or says why it cannot
                live = self._live()
            try:
                searcher = PaperSearcher(live / WHOOSH_FOLDER)
            except GenerationGone:
                continue  # another process's rebuild replaced it just now: open the new one
            if self.mute:
                searcher.mute(self.mute)
            return live, searcher
        raise IndexUnavailable(f"the index in {self.home.root} keeps changing: try again")

    def first_page(self) -> SearchPage:
        """Every paper newest first, the first page, without opening the index when it can."""
        page = read_first_page(self._live())
        if page is None:
            live, searcher = self._open_checked()
            with searcher:
                page = write_first_page(live, searcher)
        return page

    def _live(self) -> Path:
        live = self.home.current()
        if live is None:
            self.sync()
            live = self.home.current()
        assert live is not None, "sync publishes a generation"
        return live
