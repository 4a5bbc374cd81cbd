"""The reader app: wiring only. Services come in through `make_app`, so tests
build the app on a temporary index."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.filter import Monochrome, NoColor
from textual.screen import Screen

from index.config import Config, ConfigError, remember_theme
from index.library import Library
from index.reading_store import ReadingStore, StoreCorrupt, StoreError
from tui import startup_gc
from tui.results import LockedSearcher
from tui.screens.main_screen import MainScreen
from tui.services import Services, connected_over_ssh

STYLES = Path(__file__).resolve().parent.parent / "styles"
FIRST_FRAME_FALLBACK_SECONDS = 2.0


class PapershelfApp(App):
    TITLE = "papershelf"
    CSS_PATH = [STYLES / "app.tcss"]
    BINDINGS = [
        Binding("question_mark", "help", "Help", id="app.help"),
        Binding("ctrl+z", "suspend_process", "Suspend", show=False, id="app.suspend"),
    ]

    def __init__(self, services: Services) -> None:
        super().__init__()
        self.services = services
        if self.no_color:
            # Textual's NO_COLOR turns colours into greys, which still reach the terminal as
            # colour escapes; NO_COLOR (no-color.org) means none: default colours, attributes only.
            self._filters = [NoColor() if isinstance(f, Monochrome) else f for f in self._filters]

    @property
    def searcher(self) -> LockedSearcher:
        return self.services.searcher

    @property
    def paper_count(self) -> int:
        return self.services.paper_count

    def action_suspend_process(self) -> None:
        # Only a job-control shell resumes a stopped process; it gives each job a process group
        # of its own. Started by sshd's `command=`/ForceCommand or a plain `sh -c`, we share the
        # session's group, and a stop would hang the session for good.
        if os.getpgrp() == os.getsid(0):
            self.notify("No shell to return to here: ctrl+z does nothing.", severity="warning")
            return
        super().action_suspend_process()

    def on_mount(self) -> None:
        config = self.services.config
        if config.keymap:
            from tui.keymap_check import checked_keymap  # loads the screens' bindings: only for a keymap

            keymap, problems = checked_keymap(self, config.keymap, config.keymap_origins)
            self.services.config_problems.extend(problems)
            self.set_keymap(keymap)
        if config.theme and config.theme in self.available_themes:
            self.theme = config.theme
        elif config.theme:
            self.services.config_problems.append(f"config: unknown theme '{config.theme}'; using the default")
        self.theme_changed_signal.subscribe(self, self._remember_theme)
        self.main_screen = MainScreen(self.services)
        self.push_screen(self.main_screen)
        if self.services.damaged_store is not None:
            from tui.dialogs.confirm_dialog import ConfirmDialog

            self.push_screen(ConfirmDialog(_damaged_question(self.services.damaged_store), yes="Start afresh"),
                             self._reset_store_answered)
        for problem in self.services.config_problems:
            self.notify(problem, title="Config", severity="warning", timeout=10, markup=False)

    def on_ready(self) -> None:
        # Textual posts Ready at the first layout, inside start-up's batch, and handles it
        # once the batch is over; the screen then holds a callback until its pending frame
        # is drawn. So the work that would delay the first frame runs after it. (Scheduled
        # from the screen's on_mount, it ran at once, inside the batch: ~25 ms later frame.)
        self.call_after_refresh(self.main_screen.after_first_frame)
        # Should the screen holding that callback go first (a dialog answered at once), a
        # second chance: the collector must not stay paused, nor the searcher unopened.
        self.set_timer(FIRST_FRAME_FALLBACK_SECONDS, self.main_screen.after_first_frame)

    def _reset_store_answered(self, yes: bool | None) -> None:
        damaged = self.services.damaged_store
        if not yes:
            self.notify("Reading lists are off until the store is repaired or reset.", severity="warning")
            return
        self.services.store = ReadingStore.open(damaged.path, reset_corrupt=True)
        self.services.damaged_store = None
        self.notify(f"A fresh reading-list store; the damaged file is kept as {self.services.store.moved_aside}",
                    markup=False)
        self.main_screen.shelf_changed()

    def _remember_theme(self, theme) -> None:
        if self.services.config_file is not None:
            try:
                remember_theme(self.services.config_file, theme.name)
            except ConfigError as error:
                self.services.config_file = None  # said once; later choices are not written either
                self.notify(f"The theme is not remembered: {error}", title="Config", severity="warning", markup=False)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        from tui.key_help import palette_commands  # built when the palette opens

        yield from palette_commands(screen)

    def action_help(self) -> None:
        from tui.screens.help_screen import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def on_unmount(self) -> None:
        self.searcher.close()
        if self.services.store is not None:
            self.services.store.close()


def make_app(
    library: Library, config: Config | None = None, config_problems: Iterable[str] = (), watch: bool = True,
    reset_store: bool = False,
) -> PapershelfApp:
    """Open the index at once (building it only when there is none yet) and the app over it.

    When an index exists the app opens it as it is and brings it in step in the
    background, so a changed listing folder never delays the first screen.
    """
    if not library.has_index():
        startup_gc.resume()  # a first run builds the index: long work that makes garbage
    first_page = library.first_page()  # builds the index only when there is none
    config = config or Config()
    problems = list(config_problems)
    services = Services(
        LockedSearcher(library.open_searcher), first_page.total, library if watch else None, config,
        library.places.config_file, problems, connected_over_ssh(), first_page=first_page,
    )
    try:
        services.store = ReadingStore.open(ReadingStore.default_path(library.places), reset_corrupt=reset_store)
    except StoreCorrupt as error:
        services.damaged_store = error  # the app asks before anything replaces it
    except StoreError as error:
        problems.append(f"reading lists are off: {error}")
    return PapershelfApp(services)


def run_reader(
    library: Library, config: Config | None = None, config_problems: Iterable[str] = (), reset_store: bool = False
) -> int:
    make_app(library, config, config_problems, reset_store=reset_store).run()
    return 0


def _damaged_question(error: StoreCorrupt) -> str:
    return (
        f"The reading-list file {error.path} is damaged and cannot be read.\n\n"
        "Keep it aside untouched (for recovery) and start an empty store?\n"
        "Answer no to run without reading lists."
    )
