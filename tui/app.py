"""The reader app: wiring only. Services come in through `make_app`, so tests
build the app on a temporary index."""

from __future__ import annotations

import asyncio
import os
from collections import deque
import signal
from collections.abc import Iterable
from pathlib import Path

from rich.text import Text

from textual import events, on
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.filter import LineFilter, Monochrome, NoColor
from textual.screen import Screen

from index.config import Config, ConfigError, remember_theme
from index.library import Library
from index.shelf.store import ReadingStore, StoreCorrupt, StoreError
from tui import startup_gc
from tui.error_boundary import ErrorLog, ErrorSink, Guarded, summary
from tui.shared_searcher import SharedSearcher
from tui.safe_text import one_line, visible
from tui.screens.main_screen import MainScreen
from tui.services import Services, connected_over_ssh
from tui.terminal_guard import TerminalGuard
from tui.terminal_input import tolerate_undecodable_input
from tui.typed_ahead import TypedAhead
from tui.widgets.filter_input import FilterInput

STYLES = Path(__file__).resolve().parent.parent / "styles"
FIRST_FRAME_FALLBACK_SECONDS = 2.0


class PapershelfApp(Guarded, App):
    HELP_GROUP, HELP_ORDER = "Everywhere", 0  # where the help and the README list its keys
    TITLE = "papershelf"
    CSS_PATH = [STYLES / "app.tcss"]
    BINDINGS = [
        Binding("question_mark", "help", "Help", id="app.help", priority=True),
        Binding("ctrl+z", "suspend_process", "Suspend", show=False, id="app.suspend"),
    ]

    def __init__(self, services: Services) -> None:
        super().__init__()
        self.services = services
        log = ErrorLog(services.log_file) if services.log_file is not None else None
        self.error_sink = ErrorSink(log, self._show_internal_error)
        self._no_color = NoColor()
        self._guard = TerminalGuard()
        self.keymap: dict[str, str] = {}  # the config's keymap as applied (binding id -> keys), for the help
        self.said: deque[tuple[str, str]] = deque(maxlen=50)  # (severity, text) of the latest toasts
        self.typed_ahead = TypedAhead(self, self._dispatch_input)

    def get_line_filters(self) -> list[LineFilter]:
        # Textual's NO_COLOR turns colours into greys, which still reach the terminal as
        # colour escapes; NO_COLOR (no-color.org) means none: default colours, attributes only.
        filters = [self._no_color if isinstance(f, Monochrome) else f for f in super().get_line_filters()]
        return [*filters, self._guard]  # last: nothing drawn reaches the terminal unchecked

    # The display boundary for what every screen says and copies.

    def notify(self, message: str, *, title: str = "", severity="information", timeout=None, markup: bool = True):
        """Every toast's text is outside text until proved otherwise: shown as typed, never as markup."""
        text = visible(message, keep_newlines=True)
        self.said.append((severity, text))
        super().notify(text, title=one_line(title), severity=severity, timeout=timeout, markup=False)

    def copy_to_clipboard(self, text: str) -> None:
        # Pasted later into a terminal, a control character in the copy would act there.
        super().copy_to_clipboard(visible(text, keep_newlines=True))

    # The error boundary (tui/error_boundary.py): what is caught there, and what is not.

    def call_from_thread(self, callback, *args, **kwargs):
        return super().call_from_thread(self._guarded(callback, "from a worker"), *args, **kwargs)

    async def run_action(self, action, default_namespace=None, namespaces=None) -> bool:
        try:
            return await super().run_action(action, default_namespace, namespaces)
        except Exception as error:  # noqa: BLE001 - the boundary: reported, never fatal
            self.error_sink.report(error, f"action {action}")
            return True

    async def on_event(self, event) -> None:
        if not isinstance(event, (events.Key, events.Paste)) or event.is_forwarded:
            await super().on_event(event)
            return
        # Escape and a key right after it arrive in one read as alt+key (over SSH, from a
        # quick vim hand). papershelf binds no alt key: it is Escape, then the key.
        if isinstance(event, events.Key) and _escape_then_key(event):
            arrivals = [events.Key("escape", "\x1b"), events.Key(event.character, event.character)]
        else:
            arrivals = [event]
        for arrival in arrivals:
            if not self.typed_ahead.takes(arrival):  # tui/typed_ahead.py
                await self._dispatch_input(arrival)

    async def _dispatch_input(self, event: events.Key | events.Paste) -> None:
        target = self.focused
        await super().on_event(event)
        if event.is_forwarded and isinstance(target, FilterInput):
            target.keys_coming += 1  # in its queue: its text is not yet what was typed

    @on(FilterInput.CaughtUp)
    def _filter_caught_up(self) -> None:
        self.typed_ahead.may_go()

    def _show_internal_error(self, line: str) -> None:
        self.notify(line, title="papershelf", severity="error", timeout=15)
        screen = getattr(self, "main_screen", None)
        if screen is not None and screen.is_attached:
            screen.show_internal_error(line)

    # What Textual itself could not handle ends the app: Textual has no public hook for
    # it. Instead of its traceback over the screen, the log gets the traceback, and the
    # app ends with status 1 and one line saying where the log is.
    def _handle_exception(self, error: Exception) -> None:
        log = self.error_sink.log
        if log is not None:
            log.write(error, "fatal")
        where = f"; details in {log.path}" if log is not None else ""
        self._exception = self._exception or error  # a test's run_test still raises it
        self._exception_event.set()
        self.exit(return_code=1, message=Text(f"papershelf: internal error: {summary(error)}{where}"))

    # Textual's own panic (its input thread failed, a stylesheet would not load) printed what
    # it was given, a traceback, over the terminal as the app ended, with exit status 0.
    def panic(self, *renderables) -> None:
        log = self.error_sink.log
        if log is not None:
            log.write_text(_plain_text(renderables), "fatal, in Textual")
        where = f"; details in {log.path}" if log is not None else ""
        self.exit(return_code=1, message=Text(f"papershelf: internal error in the terminal's input or display{where}"))

    @property
    def searcher(self) -> SharedSearcher:
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
        self._end_on_signals()
        config = self.services.config
        if config.keymap:
            from tui.keymap_check import checked_keymap  # loads the screens' bindings: only for a keymap

            keymap, problems = checked_keymap(self, config.keymap, config.keymap_origins)
            self.services.config_problems.extend(problems)
            self.keymap = keymap
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

    def _end_on_signals(self) -> None:
        """SIGTERM (a kill, a shutdown) and SIGHUP (the terminal went away) end the reader as q
        does, restoring the terminal where there still is one: left to Python, either killed
        it inside the alternate screen with mouse tracking on and the cursor hidden."""
        if self.is_headless:
            return  # under a test runner, whose own signals these are
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGTERM, signal.SIGHUP):
            loop.add_signal_handler(signum, self.exit, None, 128 + signum)

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

    async def action_help(self) -> None:
        from tui.screens.help_screen import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            await self.push_screen(HelpScreen())

    def on_unmount(self) -> None:
        self.searcher.close()
        if self.services.store is not None:
            try:
                self.services.store.end_visit()  # what is new next time counts from now
            except StoreError:
                pass  # the store said what is wrong with it while the reader ran
            self.services.store.close()


def make_app(
    library: Library, config: Config | None = None, config_problems: Iterable[str] = (), watch: bool = True,
    reset_store: bool = False,
) -> PapershelfApp:
    """The app over the index, opened as it is: the reader brings it in step in the background,
    so a changed listing folder never delays the first screen. With no index yet (a first run)
    the reader shows at once and builds it in the background, with a progress bar; without
    `watch` (nothing runs in the background) the index is built here first.
    """
    ready = library.has_index() or not watch
    if not library.has_index():
        startup_gc.resume()  # a first run builds the index: long work that makes garbage
    first_page = library.first_page() if ready else None  # builds the index only without `watch`
    config = config or Config()
    problems = list(config_problems)
    services = Services(
        SharedSearcher(library.open_searcher), first_page.total if first_page else 0, library if watch else None,
        config, library.places.config_file, problems, connected_over_ssh(),
        # The start page is every paper: with a mute list, the first search leaves the muted out instead.
        first_page=None if library.mute else first_page,
        log_file=library.places.log_file, index_ready=ready,
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
    """Run the reader; its exit status (1 when an internal error ended it)."""
    app = make_app(library, config, config_problems, reset_store=reset_store)
    tolerate_undecodable_input(app.driver_class)
    app.run()
    return app.return_code or 0


def _plain_text(renderables) -> str:
    """What Textual's panic would have shown, as plain text for the log."""
    from io import StringIO

    from rich.console import Console

    buffer = StringIO()
    console = Console(file=buffer, width=120, color_system=None, force_terminal=False)
    for renderable in renderables:
        console.print(renderable)
    return buffer.getvalue()


def _escape_then_key(event) -> bool:
    """alt+ a letter or digit (shifted or not): what Escape and that key typed together read as.
    (A letter's or digit's key name is the character itself, as in the bindings' `G`.)"""
    character = event.character or ""
    return event.key.startswith("alt+") and len(character) == 1 and character.isascii() and character.isalnum()


def _damaged_question(error: StoreCorrupt) -> str:
    return (
        f"The reading-list file {error.path} is damaged and cannot be read.\n\n"
        "Keep it aside untouched (for recovery) and start an empty store?\n"
        "Answer no to run without reading lists."
    )
