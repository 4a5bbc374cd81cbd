"""A fuzzer over config files: TOML made from the config's keys, each value hostile or sound.

Whatever the file holds, load_config returns a Config whose every field has its declared
type and a list of one-line problems; nothing it lets through can stop a command: the
browser template gives a command, the keymap check applies only keys Textual can name,
and the theme can be written back (or a ConfigError says why not).
"""

from __future__ import annotations

import itertools
import math
from pathlib import Path

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from index.config import SORT_NAMES, Config, ConfigError, load_config, remember_theme
from index.export.formats import CITATION_FORMATS
from index.shelf.views import valid_view_name
from tests.fuzz_budget import examples, fuzz
from tests.hostile_text import HOSTILE
from tui.app import PapershelfApp
from tui.key_help import key_rows
from tui.keymap_check import check_keymap, key_name, textual_keys
from tui.link_opening import browser_command

_serial = itertools.count()
ROWS = key_rows()
RESERVED = textual_keys(PapershelfApp)
BINDING_IDS = [row.binding_id for row in ROWS]
KEYS = ["j", "k", "ctrl+n", "ctrl+p", "ctrl+q", "q", "?", "f5", "enter", "shift+up", "", ",", "ctrl+shft+x", "Enter"]


def mostly(sound: st.SearchStrategy, hostile: st.SearchStrategy) -> st.SearchStrategy:
    # Not draw == 0: Hypothesis favours the ends of a range.
    return st.integers(0, 9).flatmap(lambda draw: hostile if draw == 7 else sound)


def toml_string(text: str) -> str:
    """`text` as a TOML basic string: quotes, backslashes and control characters escaped."""
    escaped = []
    for char in text:
        if char in '"\\':
            escaped.append("\\" + char)
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            escaped.append(f"\\u{ord(char):04x}")
        else:
            escaped.append(char)
    return '"' + "".join(escaped) + '"'


def toml_float(number: float) -> str:
    if math.isnan(number):
        return "nan"
    if math.isinf(number):
        return "inf" if number > 0 else "-inf"
    return repr(number)


toml_texts = st.text(st.characters(exclude_categories=("Cs",)), max_size=40) | st.sampled_from(list(HOSTILE.values()))
strings = toml_texts.map(toml_string) | st.sampled_from(["'literal'", "'''multi\nline'''", '"""multi\nbasic"""'])
scalars = st.one_of(
    strings,
    st.integers(min_value=-(2**80), max_value=2**80).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(toml_float),
    st.sampled_from(["true", "false", "1979-05-27T07:32:00Z", "1979-05-27", "07:32:00", "1e400", "9" * 5000]),
    st.integers(min_value=10, max_value=8000).map(lambda depth: "[" * depth + "]" * depth),
    st.integers(min_value=10, max_value=8000).map(lambda depth: "{a = " * depth + "1" + "}" * depth),
)
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4).map(lambda items: "[" + ", ".join(items) + "]")
    | st.lists(st.tuples(toml_texts.map(toml_string), inner), max_size=3).map(
        lambda pairs: "{" + ", ".join(f"{k} = {v}" for k, v in dict(pairs).items()) + "}"),
    max_leaves=8,
)
SOUND = {  # what each key may well hold
    "listings": st.lists(st.sampled_from(["~/papers", "/srv/listings", "rel/dir"]), max_size=3).map(
        lambda items: "[" + ", ".join(map(toml_string, items)) + "]"),
    "default_sort": st.sampled_from([*SORT_NAMES, "newest"]).map(toml_string),
    "default_query": toml_texts.map(toml_string),
    "start_view": st.one_of(toml_texts, st.sampled_from(["morning", " thesis ", "", "a\u202eb", "x" * 101])).map(toml_string),
    "theme": st.sampled_from(["nord", "gruvbox", "no-such-theme"]).map(toml_string),
    "cursor_blink": st.sampled_from(["true", "false"]),
    "browser": st.sampled_from(["firefox %u", "firefox 'unbalanced %u", "", "%u", "w3m", "a 'b c' %u"]).map(toml_string),
    "mark_read_after": st.sampled_from(["0", "2.5", "-1", "nan", "inf", "86401", "10"]),
    "copy_format": st.sampled_from([*CITATION_FORMATS, "md", "BibTeX", ""]).map(toml_string),
}
keymap_ids = st.sampled_from(BINDING_IDS) | toml_texts
keymap_values = mostly(st.lists(st.sampled_from(KEYS), min_size=1, max_size=3).map(",".join).map(toml_string), values)


@st.composite
def config_files(draw) -> str:
    lines = []
    for key in draw(st.lists(st.sampled_from([*SOUND, "unknown_key", "keymap"]), max_size=8)):
        if key == "keymap":
            continue  # the [keymap] table comes last
        value = draw(mostly(SOUND[key], values)) if key in SOUND else draw(values)
        lines.append(f"{key} = {value}")
    if draw(st.booleans()):
        lines.append("[keymap]")
        for binding_id in draw(st.lists(keymap_ids, max_size=6)):
            lines.append(f"{toml_string(binding_id)} = {draw(keymap_values)}")
    if draw(st.integers(0, 9)) == 7:
        lines.insert(draw(st.integers(0, len(lines))), draw(toml_texts))  # a line that is no TOML at all
    return "\n".join(lines) + "\n"


def assert_well_typed(config: Config) -> None:
    assert all(isinstance(folder, Path) for folder in config.listings)
    assert config.default_sort is None or config.default_sort in SORT_NAMES
    assert isinstance(config.default_query, str) and (config.theme is None or isinstance(config.theme, str))
    assert config.cursor_blink in (None, True, False)
    if config.start_view is not None:
        assert valid_view_name(config.start_view) == config.start_view
    assert isinstance(config.mark_read_after, (int, float)) and 0 <= config.mark_read_after <= 86_400
    assert config.copy_format in CITATION_FORMATS
    assert all(isinstance(k, str) and isinstance(v, str) for k, v in config.keymap.items())


@fuzz
@settings(max_examples=examples(300), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=config_files())
def test_a_config_file_gives_a_config_and_one_line_problems(tmp_path, text):
    path = tmp_path / f"config-{next(_serial)}.toml"
    path.write_text(text, encoding="utf-8")
    config, problems = load_config(path)
    assert_well_typed(config)
    assert all(isinstance(p, str) and p.strip() and "\n" not in p for p in problems)
    event("problems" if problems else "clean")
    if config.browser is not None:
        command = browser_command(config.browser, "https://example.org/")
        assert command[0] != "https://example.org/" and "https://example.org/" in command
    keymap, keymap_problems = check_keymap(config.keymap, config.keymap_origins, ROWS, RESERVED)
    assert all(key_name(key.strip()) for keys in keymap.values() for key in keys.split(","))
    assert all("\n" not in p for p in keymap_problems)
    try:
        remember_theme(path, "gruvbox")
    except ConfigError as error:
        assert "\n" not in str(error)
        return
    assert load_config(path)[0].theme in ("gruvbox", None)  # None: the file was not TOML before either
