"""Builders of listing-file text for tests, in the real format."""

from __future__ import annotations

HEADER = "new\n\nGet trending papers in your email inbox!\n\nSubscribe\n\nbyAK and the research community\n\n"
ABSTRACT_FILLER = " We study this question with care and report results on several benchmarks." * 5


def abstract(topic: str) -> str:
    return f"This paper is about {topic}.{ABSTRACT_FILLER}"


def entry(title: str, topic: str | None = None, meta: str | None = None) -> str:
    text = f"{title}\n\n{abstract(topic or title)}\n\n"
    return text + (f"{meta}\n\n" if meta else "")


def listing(date: str, *entries: str, header: str = HEADER) -> str:
    return f"{header}{date}\n\n" + "".join(entries)


def authors_meta(count: int, date: str) -> str:
    return f"  \u2022 {count} authors\n\n\u00b7\n\n{date}"


def org_meta(org: str, date: str) -> str:
    return f"{org}\n\n\u00b7\n\n{date}"
