"""The reader app: wiring only. Services come in through `make_app`, so tests
build the app on a temporary index."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from index.config import Config, remember_theme
from index.library import Library
from tui.key_help import palette_commands
from tui.results import LockedSearcher
from tui.screens.main_screen import MainScreen
from tui.services import Services, connected_over_ssh

STYLES = Path(__file__).resolve().parent.parent / "styles"


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

    @property
    def searcher(self) -> LockedSearcher:
        return self.services.searcher

    @property
    def paper_count(self) -> int:
        return self.services.paper_count

    def on_mount(self) -> None:
        config = self.services.config
        if config.keymap:
            self.set_keymap(config.keymap)
        if config.theme and config.theme in self.available_themes:
            self.theme = config.theme
        elif config.theme:
            self.services.config_problems.append(f"config: unknown theme '{config.theme}'; using the default")
        self.theme_changed_signal.subscribe(self, self._remember_theme)
        self.push_screen(MainScreen(self.services))
        for problem in self.services.config_problems:
            self.notify(problem, title="Config", severity="warning", timeout=10, markup=False)

    def _remember_theme(self, theme) -> None:
        if self.services.config_file is not None:
            remember_theme(self.services.config_file, theme.name)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield from palette_commands(screen)

    def action_help(self) -> None:
        from tui.screens.help_screen import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def on_unmount(self) -> None:
        self.searcher.close()


def make_app(
    library: Library, config: Config | None = None, config_problems: Iterable[str] = (), watch: bool = True
) -> PapershelfApp:
    """Open the index at once (building it only when there is none yet) and the app over it.

    When an index exists the app opens it as it is and brings it in step in the
    background, so a changed listing folder never delays the first screen.
    """
    searcher = library.open_searcher() if library.has_index() else library.open_in_step()
    config = config or Config()
    services = Services(
        LockedSearcher(searcher), searcher.paper_count, library if watch else None, config,
        library.places.config_file, list(config_problems), connected_over_ssh(),
    )
    return PapershelfApp(services)


def run_reader(library: Library, config: Config | None = None, config_problems: Iterable[str] = ()) -> int:
    make_app(library, config, config_problems).run()
    return 0
