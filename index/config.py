"""The user's config file (TOML): what it may hold, and reading it without ever failing.

A bad file or a bad value is reported as one message naming the key and the
line, and the defaults stand in for what could not be used.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

SORT_NAMES = ("relevance", "date", "upvotes", "hot", "title")

EXAMPLE = """\
# papershelf config. Every key is optional.
# listings = ["~/papers/listings"]   # folders of listing files (default: the built-in sample)
# default_sort = "date"              # relevance, date, upvotes, hot or title
# default_query = "is:unread"        # the filter the reader starts with
# theme = "nord"                     # any Textual theme; the command palette remembers your choice here
# cursor_blink = false               # default: blink locally, never over SSH (it costs bytes)
# browser = "firefox %u"             # how `o` opens a link when there is a display
# mark_read_after = 0                # seconds in the abstract pane before a paper counts as read; 0 = off
# [keymap]                           # binding id = keys, see the help screen (?) for the ids
# "list.down" = "j,down,ctrl+n"
"""


@dataclass(frozen=True, slots=True)
class Config:
    listings: tuple[Path, ...] = ()
    default_sort: str | None = None
    default_query: str = ""
    theme: str | None = None
    cursor_blink: bool | None = None  # None: decide from the connection
    browser: str | None = None
    mark_read_after: float = 0.0
    keymap: dict[str, str] = field(default_factory=dict)


_TYPES = {
    "listings": list, "default_sort": str, "default_query": str, "theme": str,
    "cursor_blink": bool, "browser": str, "mark_read_after": (int, float), "keymap": dict,
}


def load_config(path: Path) -> tuple[Config, list[str]]:
    """The config at `path` (defaults when it does not exist) and the problems found."""
    try:
        raw_text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Config(), []
    except (OSError, UnicodeDecodeError) as error:
        return Config(), [f"{path}: cannot read the config file ({error}); using the defaults"]
    import tomllib  # only when there is a config file to read

    try:
        data = tomllib.loads(raw_text)
    except tomllib.TOMLDecodeError as error:
        return Config(), [f"{path}: {error}; using the defaults"]
    return _from_data(data, raw_text, path)


def _from_data(data: dict, raw_text: str, path: Path) -> tuple[Config, list[str]]:
    config, problems = Config(), []
    known = {f.name for f in fields(Config)}
    for key, value in data.items():
        where = f"{path}:{_line_of(raw_text, key)}"
        if key not in known:
            problems.append(f"{where}: unknown key '{key}' (keys: {', '.join(sorted(known))}); ignored")
            continue
        try:
            config = replace(config, **{key: _checked(key, value)})
        except ValueError as error:
            problems.append(f"{where}: '{key}' {error}; using the default")
    return config, problems


def _checked(key: str, value):
    expected = _TYPES[key]
    # bool is an int in Python: `mark_read_after = true` must not pass as 1 second.
    if not isinstance(value, expected) or (isinstance(value, bool) and expected is not bool):
        raise ValueError(f"must be {_type_name(expected)}, not {type(value).__name__} {value!r}")
    if key == "listings":
        if not all(isinstance(item, str) for item in value):
            raise ValueError("must be a list of folder names")
        return tuple(Path(item).expanduser() for item in value)
    if key == "default_sort" and value not in SORT_NAMES:
        raise ValueError(f"must be one of {', '.join(SORT_NAMES)}, not {value!r}")
    if key == "mark_read_after" and value < 0:
        raise ValueError("must be 0 (off) or more seconds")
    if key == "keymap" and not all(isinstance(keys, str) for keys in value.values()):
        raise ValueError('must map binding ids to key strings, like "list.down" = "j,down"')
    return value


def _type_name(expected) -> str:
    names = {list: "a list", str: "a string", bool: "true or false", dict: "a table"}
    return names.get(expected, "a number")


def _line_of(raw_text: str, key: str) -> int:
    """The line where `key` is set, for messages; tomllib does not keep positions."""
    pattern = re.compile(rf"^\s*(\[\s*)?[\"']?{re.escape(key)}[\"']?\s*(=|\])")
    for number, line in enumerate(raw_text.splitlines(), start=1):
        if pattern.match(line):
            return number
    return 1


_THEME_LINE = re.compile(r"^\s*theme\s*=.*$", re.MULTILINE)
_FIRST_TABLE = re.compile(r"^\s*\[", re.MULTILINE)


def remember_theme(path: Path, theme: str) -> None:
    """Write `theme = "..."` into the config file, keeping everything else as the user wrote it."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        text = EXAMPLE
    line = f'theme = "{theme}"'
    table = _FIRST_TABLE.search(text)
    top_level = text[: table.start()] if table else text
    if _THEME_LINE.search(top_level):
        text = _THEME_LINE.sub(line, top_level, count=1) + text[len(top_level) :]
    else:
        text = top_level.rstrip("\n") + f"\n{line}\n" + ("\n" + text[len(top_level) :] if table else "")
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".toml.tmp")
    temporary.write_text(text, encoding="utf-8")
    temporary.replace(path)
