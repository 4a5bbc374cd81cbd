"""The web links an abstract contains (code, project pages), in order, without repeats.

A link is taken only when it is a plain http(s) URL of printable ASCII: it becomes
a terminal hyperlink (OSC 8), a browser argument and an export's `url`, and a
control character inside it (BEL, ESC, C1) would end the hyperlink early and
let the rest of the abstract act on the terminal.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

# Printable ASCII only; stops before trailing punctuation: "see https://github.com/x/y." ends at "y".
_URL = re.compile(r"https?://[!#-&*-;=?-Z\\^-z|~]*[#-&*+\-/-9=@-Z\\^-z|~]", re.ASCII)
_SCHEMES = ("http", "https")
MAX_URL = 2000  # past this no browser or terminal is expected to take it


def safe_url(url: str) -> str | None:
    """`url` when it is an http(s) URL with a host, of printable ASCII without spaces; else None."""
    if not url or len(url) > MAX_URL or not (url.isascii() and url.isprintable()) or " " in url:
        return None
    try:
        parts = urlsplit(url)
    except ValueError:  # a malformed IPv6 host, say
        return None
    if parts.scheme.lower() not in _SCHEMES or not parts.hostname:
        return None
    return url


def abstract_links(abstract: str) -> list[str]:
    """The abstract's safe links, in order of appearance, each once."""
    found = (safe_url(url) for url in _URL.findall(abstract))
    return list(dict.fromkeys(url for url in found if url is not None))
