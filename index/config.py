"""The user's config file (TOML): what it may hold, and reading it without ever failing.

A bad file or a bad value is reported as one message naming the key and the
line, and the defaults stand in for what could not be used. Every command reads
it, so nothing in it may stop one: only a regular file of at most CONFIG_LIMIT
bytes is read, and each value is checked here, when it is loaded.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

from index.errors import PapershelfError
from index.export.formats import CITATION_FORMATS
from index.listings.paper_page import DEFAULT_PAPER_URL, checked_template
from index.user_files import UserFileError, os_reason, read_text_file, write_text_file

SORT_NAMES = ("relevance", "date", "upvotes", "hot", "title", "rising")
CONFIG_LIMIT = 2**20
MOST_PROBLEMS = 10  # each is a notice in the reader: a file of mistakes must not bury it
LONGEST_MARK_READ = 86_400.0

EXAMPLE = """\
# papershelf config. Every key is optional.
# listings = ["~/papers/listings"]   # folders of listing files (default: the built-in sample)
# default_sort = "date"              # relevance, date, upvotes, hot, title, rising, foryou or for:LIST
# default_query = "is:unread"        # the filter the reader starts with
# start_view = "morning"             # a saved view the reader starts with (papershelf views)
# theme = "nord"                     # any Textual theme; the command palette remembers your choice here
# cursor_blink = false               # default: blink locally, never over SSH (it costs bytes)
# browser = "firefox %u"             # how `o` opens a link when there is a display
# mark_read_after = 0                # seconds in the abstract pane before a paper counts as read; 0 = off
# copy_format = "bibtex"             # what Y copies: bibtex, biblatex, ris or csljson
# paper_url = "https://arxiv.org/search/?query=%q&searchtype=title"   # a paper's page (o, exports)
# mute = ["survey", "org:spam"]      # papers matching any of these searches are never shown (see Facets)
# [keymap]                           # binding id = keys, see the help screen (?) for the ids
# "list.down" = "j,down,ctrl+n"
"""


@dataclass(frozen=True, slots=True)
class Config:
    listings: tuple[Path, ...] = ()
    default_sort: str | None = None
    default_query: str = ""
    start_view: str | None = None  # a view's name; whether it exists is the reader's to check
    theme: str | None = None
    cursor_blink: bool | None = None  # None: decide from the connection
    browser: str | None = None
    mark_read_after: float = 0.0
    copy_format: str = "bibtex"
    paper_url: str = DEFAULT_PAPER_URL  # a paper's own page, from its title (index/listings/paper_page.py)
    mute: tuple[str, ...] = ()  # search terms whose papers are never shown (index.search.mute)
    keymap: dict[str, str] = field(default_factory=dict)
    # Where each keymap entry was written ("FILE:LINE"), for the reader's check of the keymap.
    keymap_origins: dict[str, str] = field(default_factory=dict, compare=False)


class ConfigError(PapershelfError):
    """The config file could not be written (reading never fails: it reports problems)."""


_TYPES = {
    "listings": list, "default_sort": str, "default_query": str, "start_view": str, "theme": str,
    "cursor_blink": bool, "browser": str, "mark_read_after": (int, float), "copy_format": str,
    "paper_url": str, "keymap": dict,
    "mute": list, "keymap": dict,
}


def load_config(path: Path) -> tuple[Config, list[str]]:
    """The config at `path` (defaults when it does not exist) and the problems found."""
    try:
        raw_text = read_text_file(path, CONFIG_LIMIT)
    except UserFileError as error:
        return Config(), [f"{path}: cannot read the config file ({error.reason}); using the defaults"]
    if raw_text is None:
        return Config(), []
    import tomllib  # only when there is a config file to read

    try:
        data = tomllib.loads(raw_text)
    except ValueError as error:  # TOMLDecodeError, or an integer of thousands of digits
        return Config(), [f"{path}: {error}; using the defaults"]
    except RecursionError:
        return Config(), [f"{path}: values nested too deeply to read; using the defaults"]
    return _from_data(data, _key_lines(raw_text), path)


def _from_data(data: dict, lines: dict[tuple[str, str], int], path: Path) -> tuple[Config, list[str]]:
    config, problems = Config(), []
    known = {f.name for f in fields(Config)} - {"keymap_origins"}
    for key, value in data.items():
        where = f"{path}:{lines.get(('', key), 1)}"
        if key not in known:
            problems.append(f"{where}: unknown key {_cut(key)} (keys: {', '.join(sorted(known))}); ignored")
            continue
        try:
            config = replace(config, **{key: _checked(key, value)})
        except ValueError as error:
            problems.append(f"{where}: '{key}' {error}; using the default")
    origins = {binding: f"{path}:{lines.get(('keymap', binding), lines.get(('', 'keymap'), 1))}"
               for binding in config.keymap}
    return replace(config, keymap_origins=origins), _at_most(problems)


def _at_most(problems: list[str]) -> list[str]:
    if len(problems) <= MOST_PROBLEMS:
        return problems
    return [*problems[:MOST_PROBLEMS], f"... and {len(problems) - MOST_PROBLEMS} more problems in the config file"]


def _checked(key: str, value):
    expected = _TYPES[key]
    # bool is an int in Python: `mark_read_after = true` must not pass as 1 second.
    if not isinstance(value, expected) or (isinstance(value, bool) and expected is not bool):
        raise ValueError(f"must be {_type_name(expected)}, not {type(value).__name__} {_cut(value)}")
    check = _CHECKS.get(key)
    return check(value) if check else value


def _listings(value: list) -> tuple[Path, ...]:
    for number, item in enumerate(value, 1):
        if not isinstance(item, str):
            raise ValueError(f"must be a list of folder names: item {number} is {type(item).__name__} {_cut(item)}")
        if not item.strip():
            raise ValueError(f"must be a list of folder names: item {number} is empty")
        if "\0" in item:
            raise ValueError(f"must be a list of folder names: item {number} holds a NUL character")
    return tuple(Path(item).expanduser() for item in value)


def _default_sort(value: str) -> str:
    from index.search.for_you import FOR_LIST, FOR_YOU, is_taste_sort, sort_name

    if not is_taste_sort(value) and value not in SORT_NAMES:
        raise ValueError(f"must be one of {', '.join(SORT_NAMES)}, {FOR_YOU} or {FOR_LIST}LIST, not {_cut(value)}")
    return sort_name(value, SORT_NAMES)


def _start_view(value: str) -> str:
    from index.shelf.views import ViewError, valid_view_name

    try:
        return valid_view_name(value)
    except ViewError as error:
        raise ValueError(f"must be a view's name: {error}") from None


def _default_query(value: str) -> str:
    from index.shelf.views import ViewError, valid_view_query  # a view's query is checked the same

    try:
        return valid_view_query(value)
    except ViewError as error:
        problem = str(error).replace("a view's query", "it")
        raise ValueError(f"must be a query the filter can show: {problem}") from None


def _mark_read_after(value: float) -> float:
    # TOML has inf and nan; isfinite() of a huge integer would overflow, so ints skip it.
    if not (isinstance(value, int) or math.isfinite(value)) or not 0 <= value <= LONGEST_MARK_READ:
        raise ValueError(f"must be 0 (off) or a number of seconds up to {LONGEST_MARK_READ:g}, not {_cut(value)}")
    return value


def _copy_format(value: str) -> str:
    if value not in CITATION_FORMATS:
        raise ValueError(f"must be one of {', '.join(CITATION_FORMATS)}, not {_cut(value)}")
    return value


def _mute(value: list) -> tuple[str, ...]:
    from index.search.mute import checked_terms  # its checks are the query language's

    return checked_terms(value)


def _keymap(value: dict) -> dict[str, str]:
    if not all(isinstance(keys, str) for keys in value.values()):
        raise ValueError('must map binding ids to key strings, like "list.down" = "j,down"')
    return value


def browser_words(template: str) -> list[str]:
    """The browser command's words (`firefox %u` -> ["firefox", "%u"]); ValueError says what is wrong."""
    import shlex  # only for a config that names a browser

    try:
        words = shlex.split(template)
    except ValueError as error:  # "No closing quotation"
        raise ValueError(f"is not a command line ({str(error).lower()}): {_cut(template)}") from None
    if not words:
        raise ValueError('must name a program, like "firefox %u"')
    if "%u" in words[0]:
        raise ValueError(f"must start with a program, not the link: {_cut(template)}")
    return words


def _paper_url(value: str) -> str:
    try:
        return checked_template(value)
    except ValueError as error:
        raise ValueError(f"{error}, like {DEFAULT_PAPER_URL!r}; not {_cut(value)}") from None


def _browser(value: str) -> str:
    browser_words(value)
    return value


_CHECKS = {
    "listings": _listings, "default_sort": _default_sort, "default_query": _default_query, "start_view": _start_view,
    "mark_read_after": _mark_read_after,
    "keymap": _keymap, "browser": _browser, "copy_format": _copy_format,
    "paper_url": _paper_url,
    "mute": _mute,
}


def _type_name(expected) -> str:
    names = {list: "a list", str: "a string", bool: "true or false", dict: "a table"}
    return names.get(expected, "a number")


def _cut(value: object) -> str:
    """A value as a message quotes it, a long one shortened."""
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


# A key at the start of a line, bare or quoted, being set (`key =`) or opening a table (`[key]`).
_KEY_LINE = re.compile(r"""^\s*(\[\s*)?(?:"([^"]*)"|'([^']*)'|([A-Za-z0-9_.-]+))\s*(=|\])""")


def _key_lines(raw_text: str) -> dict[tuple[str, str], int]:
    """(table, key) -> the line where it is first set, for messages; tomllib keeps no positions.
    One pass, whatever the number of keys."""
    lines: dict[tuple[str, str], int] = {}
    table = ""
    for number, line in enumerate(raw_text.splitlines(), start=1):
        found = _KEY_LINE.match(line)
        if not found:
            continue
        key = next(part for part in found.group(2, 3, 4) if part is not None)
        if found.group(1):
            lines.setdefault(("", key), number)
            table = key
        else:
            lines.setdefault((table, key), number)
    return lines


_THEME_LINE = re.compile(r"^\s*theme\s*=.*$", re.MULTILINE)
_FIRST_TABLE = re.compile(r"^\s*\[", re.MULTILINE)


def remember_theme(path: Path, theme: str) -> None:
    """Write `theme = "..."` into the config file, keeping everything else as the user wrote it;
    a config file that is a symbolic link is written through it. ConfigError says why not."""
    import json  # its strings are TOML's basic strings

    try:
        text = read_text_file(path, CONFIG_LIMIT)
        if text is None:
            text = EXAMPLE
        line = "theme = " + json.dumps(theme, ensure_ascii=False).replace("\x7f", "\\u007f")  # a TOML string
        table = _FIRST_TABLE.search(text)
        top_level = text[: table.start()] if table else text
        if _THEME_LINE.search(top_level):
            text = _THEME_LINE.sub(lambda _: line, top_level, count=1) + text[len(top_level) :]
        else:
            text = top_level.rstrip("\n") + f"\n{line}\n" + ("\n" + text[len(top_level) :] if table else "")
        path.parent.mkdir(parents=True, exist_ok=True)
        write_text_file(path, text)
    except OSError as error:  # the folder could not be made
        raise ConfigError(f"cannot write {path}: {os_reason(error)}") from None
    except PapershelfError as error:
        raise ConfigError(str(error)) from None
