"""The web links an abstract contains (code, project pages), in order, without repeats."""

from __future__ import annotations

import re

# Stops before trailing punctuation: "see https://github.com/x/y." ends at "y".
_URL = re.compile(r"https?://[^\s<>\"'()\[\]{}]+[^\s<>\"'()\[\]{}.,;:!?]")


def abstract_links(abstract: str) -> list[str]:
    return list(dict.fromkeys(_URL.findall(abstract)))
