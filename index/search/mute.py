"""The mute list: terms whose papers are never shown (`mute = [...]` in the config, and `mute.txt`).

A term is a query of the filter's language without reading-list terms (`survey`,
`org:spam`, `title:"position paper"`). The config's `mute` is the user's own text and
is never written; what the reader's mute key adds goes to `mute.txt` beside the
config, one term a line: the config file is left as the user wrote it (only the
theme line is ever rewritten), and a plain list of lines is what a person edits or
deletes by hand. The store was not chosen: a mute list belongs to the person, like
the keymap, not to the reading lists it would be exported and merged with.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

from index.user_files import UserFileError, read_text_file, write_text_file

MUTE_FILE = "mute.txt"
MUTE_FILE_LIMIT = 2**16
MOST_TERMS = 200
LONGEST_TERM = 200  # characters
_FORBIDDEN = ("Cc", "Cf", "Cs", "Zl", "Zp")  # controls, bidirectional and zero-width, surrogates, separators


def mute_file(config_file: Path) -> Path:
    return config_file.with_name(MUTE_FILE)


def checked_term(term: object) -> str:
    """The term trimmed; ValueError saying what is wrong with it (in the config's words: "must ...")."""
    if not isinstance(term, str):
        raise ValueError(f"must be text, not {type(term).__name__}")
    term = term.strip()
    if not term:
        raise ValueError("is empty")
    if len(term) > LONGEST_TERM:
        raise ValueError(f"is longer than {LONGEST_TERM} characters")
    for column, char in enumerate(term, start=1):
        if unicodedata.category(char) in _FORBIDDEN:
            raise ValueError(f"holds the character U+{ord(char):04X} (at character {column})")
    from index.errors import QueryError
    from index.search.query_text import check_and_rewrite
    from index.search.shelf_terms import split_terms

    if split_terms(term)[1]:
        raise ValueError(f"is a reading-list term ({term!r}): a mute term is a search, like 'survey' or 'org:spam'")
    try:
        check_and_rewrite(term)
    except QueryError as error:
        raise ValueError(f"is not a query: {error}") from None
    return term


def checked_terms(value: list) -> tuple[str, ...]:
    """The config's `mute` list checked; ValueError names the item that is wrong."""
    if len(value) > MOST_TERMS:
        raise ValueError(f"holds {len(value)} terms; at most {MOST_TERMS}")
    terms = []
    for number, item in enumerate(value, 1):
        try:
            terms.append(checked_term(item))
        except ValueError as error:
            raise ValueError(f"must be a list of search terms: item {number} {error}") from None
    return tuple(dict.fromkeys(terms))


def read_mute_file(path: Path) -> tuple[tuple[str, ...], list[str]]:
    """The terms of the mute file (none when it does not exist) and its problems, each with its line."""
    try:
        text = read_text_file(path, MUTE_FILE_LIMIT)
    except UserFileError as error:
        return (), [f"{path}: cannot read the mute list ({error.reason}); nothing of it is muted"]
    terms, problems = [], []
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        try:
            terms.append(checked_term(line))
        except ValueError as error:
            problems.append(f"{path}:{number}: the mute term {error}; ignored")
    return tuple(dict.fromkeys(terms[:MOST_TERMS])), problems


def add_muted(path: Path, term: str) -> None:
    """Add a term to the mute file (kept once). UserFileError says why it cannot be written."""
    term = checked_term(term)
    text = read_text_file(path, MUTE_FILE_LIMIT) or "# papershelf mute list: one search term a line (see the README)\n"
    if term in (line.strip() for line in text.splitlines()):
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    write_text_file(path, text.rstrip("\n") + "\n" + term + "\n")
