"""The config's keymap, checked against the bindings the reader really has before it applies."""

from __future__ import annotations

from textual.app import App
from textual.command import CommandPalette

from index.config import load_config
from index.library import Library
from index.sync.report import SyncOptions
from tests.ui.reader_pilot import settle
from tests.unwritable import read_only_folder
from tui.app import PapershelfApp, make_app
from tui.key_help import key_rows
from tui.keymap_check import check_keymap, key_name, textual_keys
from tui.widgets.paper_list import PaperList


def configured_app(library: Library, config_text: str):
    library.places.config_file.parent.mkdir(parents=True, exist_ok=True)
    library.places.config_file.write_text(config_text, encoding="utf-8")
    library, config, problems = Library.configured([*library.sources], library.places, SyncOptions(procs=1))
    return make_app(library, config, problems)


def notices(app) -> list[str]:
    return [text for _severity, text in app.said]


def check(keymap: dict[str, str]) -> tuple[dict[str, str], list[str]]:
    return check_keymap(keymap, {}, key_rows(), textual_keys(PapershelfApp))


async def test_the_palette_key_given_to_a_binding_is_reported_and_the_rest_applies(library):
    app = configured_app(library, '# keys\n[keymap]\n"list.up" = "ctrl+p"\n"list.down" = "ctrl+n"\n')
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        path = library.places.config_file
        assert any(m.startswith(f"{path}:3: keymap 'list.up' = 'ctrl+p': 'ctrl+p' is Textual's own key")
                   for m in notices(app))
        papers = app.screen.query_one(PaperList)
        await pilot.press("ctrl+n", "ctrl+n", "k")  # list.down remapped; list.up keeps its own key
        assert papers.cursor == 1
        await pilot.press("ctrl+p")
        assert isinstance(app.screen, CommandPalette)


async def test_unknown_ids_and_keys_textual_cannot_name_are_reported(library):
    app = configured_app(library, '[keymap]\n"list.dwon" = "x"\n"list.down" = "ctrl+shft+x"\n"main.sort" = ""\n')
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        shown = notices(app)
        path = library.places.config_file
        assert any(m.startswith(f"{path}:2: keymap 'list.dwon' = 'x': no binding has this id") for m in shown)
        assert any(m.startswith(f"{path}:3: keymap 'list.down'") and "not a key Textual can name" in m for m in shown)
        assert any(m.startswith(f"{path}:4: keymap 'main.sort' = '': gives no key") for m in shown)
        await pilot.press("j")
        assert app.screen.query_one(PaperList).cursor == 1


async def test_a_keymap_cannot_take_every_quit_key_away(library):
    app = configured_app(library, '[keymap]\n"main.sort" = "q"\n"app.help" = "ctrl+q"\n"main.quit" = ","\n')
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        assert sum("not applied" in m for m in notices(app)) == 3
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running  # q still quits


async def test_swapping_two_keys_is_no_clash(library):
    app = configured_app(library, '[keymap]\n"list.down" = "k"\n"list.up" = "j"\n')
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        assert not [m for m in notices(app) if "keymap" in m]
        papers = app.screen.query_one(PaperList)
        await pilot.press("k", "k", "j")
        assert papers.cursor == 1


def test_a_key_two_bindings_of_one_place_would_share_is_refused():
    keymap, problems = check({"main.sort": "q", "app.help": "j", "pane.down": "f5", "list.down": "m"})
    assert keymap == {"pane.down": "f5"}
    assert problems[0].endswith("keymap 'main.sort' = 'q': 'q' is already 'main.quit' (Quit, Main screen); not applied")
    assert "'j' is already 'list.down' (Down, Paper list)" in problems[1]
    assert "'m' is already 'main.similar' (Similar, Main screen)" in problems[2]


def test_the_same_key_in_places_never_active_together_is_fine():
    # The list and the abstract pane are never focused at once; dialogs are screens of their own.
    keymap = {"list.down": "ctrl+n", "pane.down": "ctrl+n", "similar.down": "ctrl+n", "entries.cursor_down": "ctrl+n"}
    assert check(keymap) == (keymap, [])


def test_the_default_bindings_pass_their_own_check():
    every_binding = {row.binding_id: ",".join(row.keys) for row in key_rows()}
    assert check(every_binding) == (every_binding, [])


def test_textual_keeps_quit_and_the_palette():
    reserved = textual_keys(App)
    assert reserved["ctrl+q"] == "Quit" and reserved["ctrl+p"] == "Command palette"


def test_the_list_and_the_pane_count_with_the_main_screen():
    for binding_id in ("list.first", "pane.down"):  # 's' sorts on the main screen around them
        keymap, problems = check({binding_id: "s"})
        assert keymap == {} and "'s' is already 'main.sort' (Sort, Main screen)" in problems[0]


def test_key_names():
    assert [key_name(k) for k in ("?", "j", "J", "ctrl+n", "shift+up", "f12", "comma", "pagedown", "space")] == [
        "question_mark", "j", "J", "ctrl+n", "shift+up", "f12", "comma", "pagedown", "space"]
    assert [key_name(k) for k in ("Enter", "ctrl+shft+x", "ctrl+", "f99", "\x1b", "ctrl+ctrl+a", "")] == [None] * 7


async def test_a_theme_choice_in_a_read_only_config_folder_is_said_once_and_not_fatal(library):
    app = configured_app(library, '# mine\n')
    folder = library.places.config_file.parent
    with read_only_folder(folder):
        async with app.run_test(size=(120, 36)) as pilot:
            await settle(pilot)
            app.theme = "gruvbox"
            await pilot.pause()
            app.theme = "nord"
            await pilot.pause()
            told = [m for m in notices(app) if m.startswith("The theme is not remembered")]
            assert len(told) == 1 and str(library.places.config_file) in told[0]
            assert app.is_running and app.theme == "nord"
    assert load_config(library.places.config_file)[0].theme is None
