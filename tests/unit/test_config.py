"""The config file: defaults, every key, and bad input reported with key and line."""

from __future__ import annotations

from pathlib import Path

from index.config import Config, load_config, remember_theme


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_missing_file_gives_defaults(tmp_path):
    assert load_config(tmp_path / "none.toml") == (Config(), [])


def test_every_key_is_read(tmp_path):
    config, problems = load_config(write(tmp_path, (
        'listings = ["~/papers", "/srv/listings"]\ndefault_sort = "hot"\ndefault_query = "is:unread"\n'
        'theme = "nord"\ncursor_blink = false\nbrowser = "firefox %u"\nmark_read_after = 2.5\n'
        '[keymap]\n"list.down" = "j,ctrl+n"\n'
    )))
    assert not problems
    assert config.listings == (Path("~/papers").expanduser(), Path("/srv/listings"))
    assert (config.default_sort, config.default_query, config.theme) == ("hot", "is:unread", "nord")
    assert (config.cursor_blink, config.browser, config.mark_read_after) == (False, "firefox %u", 2.5)
    assert config.keymap == {"list.down": "j,ctrl+n"}


def test_bad_values_name_the_key_and_line_and_keep_the_rest(tmp_path):
    path = write(tmp_path, '# comment\ntheme = "nord"\nmark_read_after = true\nsort = "date"\ndefault_sort = 3\n')
    config, problems = load_config(path)
    assert config.theme == "nord" and config.mark_read_after == 0.0 and config.default_sort is None
    assert problems[0] == f"{path}:3: 'mark_read_after' must be a number, not bool True; using the default"
    assert problems[1].startswith(f"{path}:4: unknown key 'sort'")
    assert problems[2].startswith(f"{path}:5: 'default_sort' must be a string")


def test_broken_toml_reports_its_line(tmp_path):
    config, problems = load_config(write(tmp_path, 'browser = "w3m"\ntheme = nord\ncursor_blink = true\n'))
    assert config == Config() and "line 2" in problems[0] and "using the defaults" in problems[0]


def test_not_utf8_is_reported(tmp_path):
    path = tmp_path / "config.toml"
    path.write_bytes(b"theme = \"\xff\"\n")
    config, problems = load_config(path)
    assert config == Config() and "cannot read the config file" in problems[0]


def test_remember_theme_keeps_the_rest_of_the_file(tmp_path):
    path = write(tmp_path, '# mine\ntheme = "nord"\n\n[keymap]\n"list.down" = "n"\ntheme = "kept"\n')
    remember_theme(path, "gruvbox")
    text = path.read_text()
    assert text.startswith('# mine\ntheme = "gruvbox"\n') and '"list.down" = "n"\ntheme = "kept"' in text
    config, problems = load_config(path)
    assert config.theme == "gruvbox" and not problems or "keymap" in problems[0]


def test_remember_theme_creates_a_commented_file(tmp_path):
    path = tmp_path / "sub" / "config.toml"
    remember_theme(path, "dracula")
    config, problems = load_config(path)
    assert config.theme == "dracula" and not problems and "# papershelf config" in path.read_text()
