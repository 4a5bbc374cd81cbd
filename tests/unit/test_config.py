"""The config file: defaults, every key, and bad input reported with key and line."""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path

import pytest

from index.config import Config, ConfigError, load_config, remember_theme
from tests.unwritable import read_only_folder
from tui.link_opening import browser_command


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
        'copy_format = "ris"\n[keymap]\n"list.down" = "j,ctrl+n"\n'
    )))
    assert not problems
    assert config.listings == (Path("~/papers").expanduser(), Path("/srv/listings"))
    assert (config.default_sort, config.default_query, config.theme) == ("hot", "is:unread", "nord")
    assert (config.cursor_blink, config.browser, config.mark_read_after) == (False, "firefox %u", 2.5)
    assert config.copy_format == "ris" and config.keymap == {"list.down": "j,ctrl+n"}


def test_copy_format_must_be_a_citation_format(tmp_path):
    path = write(tmp_path, 'theme = "nord"\ncopy_format = "docx"\n')
    config, problems = load_config(path)
    assert config.copy_format == "bibtex" and config.theme == "nord"
    assert problems == [
        f"{path}:2: 'copy_format' must be one of bibtex, biblatex, ris, csljson, not 'docx'; using the default"
    ]


def test_bad_values_name_the_key_and_line_and_keep_the_rest(tmp_path):
    path = write(tmp_path, '# comment\ntheme = "nord"\nmark_read_after = true\nsort = "date"\ndefault_sort = 3\n')
    config, problems = load_config(path)
    assert config.theme == "nord" and config.mark_read_after == 0.0 and config.default_sort is None
    assert problems[0] == f"{path}:3: 'mark_read_after' must be a number, not bool True; using the default"
    assert problems[1].startswith(f"{path}:4: unknown key 'sort'")
    assert problems[2].startswith(f"{path}:5: 'default_sort' must be a string")


@pytest.mark.parametrize("bad", ["a\\u001b]52;c;QQ==\\u0007b", "right\\u202eleft", "x\\u0000"])
def test_the_default_query_is_checked_as_a_views_query(tmp_path, bad):
    """The filter shows it as typed: an escape or a bidirectional override in it is refused, by line."""
    config, problems = load_config(write(tmp_path, f'theme = "nord"\ndefault_query = "{bad}"\n'))
    assert config.default_query == "" and config.theme == "nord"
    assert len(problems) == 1 and "config.toml:2: 'default_query'" in problems[0] and "U+" in problems[0]
    config, problems = load_config(write(tmp_path, 'default_query = "is:unread ☃"\n'))
    assert config.default_query == "is:unread ☃" and not problems


def test_the_start_view_is_a_view_name_checked_as_one(tmp_path):
    config, problems = load_config(write(tmp_path, 'start_view = "  morning  "\n'))
    assert config.start_view == "morning" and not problems
    path = write(tmp_path, 'theme = "nord"\nstart_view = "a\\u001b[31mb"\n')
    config, problems = load_config(path)
    assert config.start_view is None and config.theme == "nord"
    assert problems == [
        f"{path}:2: 'start_view' must be a view's name: a view name cannot contain the character U+001B "
        "(at character 2); using the default"
    ]
    for bad in ('""', "3", '"' + "x" * 101 + '"'):
        config, problems = load_config(write(tmp_path, f"start_view = {bad}\n"))
        assert config.start_view is None and problems[0].startswith(f"{tmp_path / 'config.toml'}:1: 'start_view' must be")


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


def load_in_time(path: Path, seconds: float = 10.0) -> tuple[Config, list[str]]:
    """load_config's result, failing the test should it block (a FIFO would)."""
    outcome: list = []
    worker = threading.Thread(target=lambda: outcome.append(load_config(path)), daemon=True)
    worker.start()
    worker.join(seconds)
    assert outcome, f"reading {path} blocked"
    return outcome[0]


@pytest.mark.parametrize(
    ("template", "message"),
    [
        ("firefox 'unbalanced %u", "'browser' is not a command line (no closing quotation)"),
        ("", "'browser' must name a program"),
        ("   ", "'browser' must name a program"),
        ("%u --new-tab", "'browser' must start with a program, not the link"),
    ],
)
def test_a_browser_template_that_cannot_run_is_reported_at_load(tmp_path, template, message):
    path = write(tmp_path, f'theme = "nord"\nbrowser = {json.dumps(template)}\n')
    config, problems = load_config(path)
    assert config.browser is None and config.theme == "nord"
    assert problems == [f"{path}:2: {message}" + problems[0].split(message, 1)[1]]
    assert problems[0].endswith("; using the default")


def test_a_bad_browser_template_never_starts_the_link(tmp_path):
    for template in ("firefox 'unbalanced %u", "", "%u"):
        with pytest.raises(OSError, match="the config's browser"):
            browser_command(template, "https://example.org/")
    assert browser_command("firefox --new-tab", "https://x.org/") == ["firefox", "--new-tab", "https://x.org/"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("listings = " + "[" * 5000 + "]" * 5000 + "\n", "nested too deeply"),
        ("theme = " + "{a = " * 5000 + "1" + "}" * 5000 + "\n", "nested too deeply"),
        ("mark_read_after = " + "9" * 5000 + "\n", "Exceeds the limit"),
    ],
    ids=["array", "inline-table", "huge-integer"],
)
def test_a_config_too_deep_or_too_big_to_read_gives_the_defaults(tmp_path, text, message):
    config, problems = load_config(write(tmp_path, text))
    assert config == Config() and len(problems) == 1 and message in problems[0]
    assert problems[0].endswith("using the defaults")


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("mark_read_after = nan", "'mark_read_after' must be 0 (off) or a number of seconds up to 86400, not nan"),
        ("mark_read_after = inf", "not inf"),
        ("mark_read_after = 1e400", "not inf"),
        ("mark_read_after = 99999999999", "not 99999999999"),
        ('listings = ["ok", "a\\u0000b"]', "'listings' must be a list of folder names: item 2 holds a NUL character"),
        ('listings = [""]', "'listings' must be a list of folder names: item 1 is empty"),
        ('listings = ["ok", 3]', "'listings' must be a list of folder names: item 2 is int 3"),
        ('[keymap]\n"list.down" = ["j"]', "'keymap' must map binding ids to key strings"),
    ],
)
def test_hostile_values_are_refused_at_load(tmp_path, line, message):
    config, problems = load_config(write(tmp_path, line + "\n"))
    assert config == Config() and len(problems) == 1 and message in problems[0]


def test_a_fifo_config_is_reported_not_waited_on(tmp_path):
    os.mkfifo(tmp_path / "config.toml")
    config, problems = load_in_time(tmp_path / "config.toml")
    assert config == Config() and "not a regular file" in problems[0] and "using the defaults" in problems[0]


def test_a_config_linked_to_dev_zero_is_reported_not_read(tmp_path):
    (tmp_path / "config.toml").symlink_to("/dev/zero")
    config, problems = load_in_time(tmp_path / "config.toml")
    assert config == Config() and "not a regular file" in problems[0]


def test_a_config_past_the_size_bound_is_reported(tmp_path):
    path = write(tmp_path, "# padding\n" * 200_000)
    config, problems = load_in_time(path)
    assert config == Config() and "larger than 1 MB" in problems[0]


def test_many_mistakes_are_summed_up_after_ten(tmp_path):
    path = write(tmp_path, "".join(f"key{number} = 1\n" for number in range(500)))
    config, problems = load_config(path)
    assert len(problems) == 11 and problems[-1] == "... and 490 more problems in the config file"
    assert problems[9].startswith(f"{path}:10: unknown key 'key9'")


def test_keymap_entries_know_their_lines(tmp_path):
    path = write(tmp_path, 'theme = "nord"\n[keymap]\n# mine\n"list.down" = "n"\n  \'list.up\'="p"\n')
    config, problems = load_config(path)
    assert not problems and config.keymap_origins == {"list.down": f"{path}:4", "list.up": f"{path}:5"}


def test_remember_theme_writes_through_a_symlink_into_dotfiles(tmp_path):
    dotfiles = tmp_path / "dotfiles"
    dotfiles.mkdir()
    (dotfiles / "papershelf.toml").write_text('# mine\ntheme = "nord"\n', encoding="utf-8")
    link = tmp_path / "config" / "config.toml"
    link.parent.mkdir()
    link.symlink_to(dotfiles / "papershelf.toml")
    remember_theme(link, "gruvbox")
    assert link.is_symlink() and (dotfiles / "papershelf.toml").read_text() == '# mine\ntheme = "gruvbox"\n'
    assert sorted(p.name for p in dotfiles.iterdir()) == ["papershelf.toml"]


def test_remember_theme_in_a_read_only_folder_is_a_config_error(tmp_path):
    (tmp_path / "config").mkdir()
    path = write(tmp_path / "config", "# mine\n")
    with read_only_folder(path.parent):
        with pytest.raises(ConfigError, match=f"cannot write {path}: "):
            remember_theme(path, "gruvbox")
    assert path.read_text() == "# mine\n"


def test_remember_theme_leaves_a_read_only_config_file_as_it_is(tmp_path):
    path = write(tmp_path, '# mine\n')
    path.chmod(0o444)
    with pytest.raises(ConfigError, match="read-only"):
        remember_theme(path, "gruvbox")
    assert path.read_text() == "# mine\n"


def test_remember_theme_writes_a_name_as_a_toml_string(tmp_path):
    path = write(tmp_path, "")
    remember_theme(path, 'odd "name" \\ \x7f')
    assert load_config(path)[0].theme == 'odd "name" \\ \x7f'
