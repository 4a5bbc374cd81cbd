"""Counts as people read them, for the reader and the CLI alike."""

from __future__ import annotations


def counted(count: int, word: str, plural: str | None = None) -> str:
    """"1 paper", "2 papers", "1,234 entries"."""
    return f"{count:,} {word if count == 1 else plural or word + 's'}"
