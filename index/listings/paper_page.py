"""Every paper's own page: a search for its title, from the config's `paper_url` template.

The listings give most papers no link of their own (an abstract's first link is
usually its code), so `o` and the exports build one: Hugging Face's paper search
by default, or any search the user prefers (arXiv, Semantic Scholar). The title
is percent-encoded whole, so whatever it holds (`&`, `#`, spaces, control
characters, any script) the page is a plain http(s) URL of printable ASCII.
"""

from __future__ import annotations

import unicodedata
from urllib.parse import quote, quote_plus

from index.listings.links import safe_url

DEFAULT_PAPER_URL = "https://huggingface.co/papers?q=%q"
PLACEHOLDERS = ("%t", "%q")


def paper_page(title: str, template: str = DEFAULT_PAPER_URL) -> str | None:
    """The paper's page: `%q` is the title encoded for a query (spaces as +), `%t` for a path
    (spaces as %20). None when the result is no safe link (a title past any URL's length)."""
    # Searched as shown: the invisible characters the screen drops are no part of the title's words.
    words = "".join(char for char in " ".join(title.split()) if unicodedata.category(char) not in ("Cc", "Cf"))
    url = template.replace("%q", quote_plus(words, safe="")).replace("%t", quote(words, safe=""))
    return safe_url(url)


def checked_template(template: str) -> str:
    """`template` when it makes a safe http(s) link of a title; ValueError says what is wrong."""
    if not any(mark in template for mark in PLACEHOLDERS):
        raise ValueError("must hold %q (the title, encoded for a query) or %t (for a path)")
    if paper_page("A title", template) is None:
        raise ValueError("must be an http(s) address with a host, of printable ASCII without spaces")
    return template
