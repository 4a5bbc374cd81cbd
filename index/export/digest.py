"""The digest: for each view, the papers first seen in a span of time, as Markdown or JSON lines.

`papershelf digest` writes it (a cron job mails it): for each view asked for (every
saved view by default, or all papers when there are none) the papers papershelf
first indexed after the last digest's mark (or after a given time) and not dismissed,
in the view's order. Offline: it reads the index and the store, nothing else.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from index.listings.dates import ListingDate
from index.errors import PapershelfError
from index.search.for_you import Taste, TooFewSeeds, is_taste_sort, taste_for
from index.listings.links import abstract_links
from index.listings.papers import Paper
from index.shelf.views import View

if TYPE_CHECKING:
    from index.shelf.store import ReadingStore
    from index.search.paper_searcher import PaperSearcher

ALL_PAPERS = View("All papers", "", "date")  # the digest's one section when there are no views
SENTENCES = 2  # of the abstract, in the Markdown
_SHORTEST = 280  # characters: two short sentences say too little
_LONGEST = 600
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(\[])")
# Characters Markdown would read as formatting inside a title or an abstract.
_MARKDOWN = str.maketrans({c: "\\" + c for c in "\\`*_[]<>|~$#"})


@dataclass(frozen=True, slots=True)
class Section:
    view: View
    papers: list[Paper]


def digest(
    searcher: PaperSearcher, store: ReadingStore, names: list[str] | None, after: datetime | None, until: datetime,
) -> list[Section]:
    """A section per view (`names`: those views, each checked; None: every view, or all papers
    when there are none) of the papers first seen after `after` and at or before `until`."""
    views = [store.view(name) for name in dict.fromkeys(names)] if names else store.views() or [ALL_PAPERS]
    fresh = store.first_seen_between(after, until)
    sections = []
    for view in views:
        try:
            sections.append(Section(view, _papers_of(searcher, store, view, fresh)))
        except PapershelfError as error:  # a view another program wrote into the store, say: which one
            raise PapershelfError(f"the view {view.name!r} cannot run: {error}") from None
    return sections


def _papers_of(searcher: PaperSearcher, store: ReadingStore, view: View, fresh: frozenset[str]) -> list:
    from index.search.shelf_terms import resolve  # on use, as the rest of the search side
    from index.shelf.schema import DEFAULT_LIST

    shelf = resolve(view.query, store, DEFAULT_LIST)
    within = fresh if shelf.within is None else fresh & shelf.within
    # Every match is among `within`: one page of that size holds them all, in one evaluation.
    sort, taste = _order_of(view, store)
    try:
        page = searcher.search(shelf.text, sort, view.reverse, 0, len(within), within=within, without=shelf.without, taste=taste)
    except TooFewSeeds:  # a for-you view whose list is still short: its papers in the default order
        page = searcher.search(shelf.text, None, view.reverse, 0, len(within), within=within, without=shelf.without)
    return [hit.paper for hit in page.hits]


def _order_of(view: View, store: ReadingStore) -> tuple[str | None, Taste | None]:
    """The view's sort, and for a for-you sort the lists' papers it ranks by."""
    return view.sort, taste_for(view.sort, store) if is_taste_sort(view.sort) else None


def parse_since(text: str) -> datetime:
    """`--since`: a date (YYYY-MM-DD, from its start) or a time (ISO 8601, UTC unless it says)."""
    from datetime import timezone

    try:
        when = datetime.fromisoformat(text.strip().removesuffix("Z").removesuffix("z"))
    except ValueError:
        raise PapershelfError(f"--since expects a date like 2025-11-04 or a time like 2025-11-04T09:00, got {text!r}") from None
    return when.replace(tzinfo=timezone.utc) if when.tzinfo is None else when.astimezone(timezone.utc)


def first_sentences(abstract: str) -> str:
    """The abstract's first sentences: SENTENCES of them, more while short, cut when long."""
    sentences = _SENTENCE_END.split(" ".join(abstract.split()))
    text = " ".join(sentences[:SENTENCES])
    for sentence in sentences[SENTENCES:]:
        if len(text) >= _SHORTEST:
            break
        text += " " + sentence
    return text if len(text) <= _LONGEST else text[: _LONGEST - 1].rsplit(" ", 1)[0] + "…"


def to_markdown(sections: list[Section], after: datetime | None, until: datetime) -> str:
    span = f"since {when_text(after)}" if after is not None else "until " + when_text(until)
    lines = [f"# papershelf digest: new {span}", ""]
    for section in sections:
        lines += [f"## {_md(section.view.name)} ({_count(len(section.papers))})", ""]
        if section.view.query:
            lines += [f"Query: `{section.view.query.replace('`', chr(39))}`", ""]
        for paper in section.papers:
            lines.append(f"### {_md(paper.title)}")
            lines.append("")
            lines.append(" · ".join(_facts(paper)))
            lines.append("")
            lines.append(_md(first_sentences(paper.abstract)))
            lines += [f"- <{link}>" for link in abstract_links(paper.abstract)]
            lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def json_records(sections: list[Section]) -> list[dict]:
    """One record per paper of each section, with its view (a paper in two views: twice)."""
    return [
        {
            "view": section.view.name,
            "id": paper.id,
            "title": paper.title,
            "date": _iso(paper.date),
            "upvotes": paper.upvotes,
            "org": None if paper.organisation is None else paper.organisation.name,
            "abstract": paper.abstract,
            "links": abstract_links(paper.abstract),
        }
        for section in sections
        for paper in section.papers
    ]


def _facts(paper: Paper) -> list[str]:
    facts = [paper.date.display() if paper.date is not None else "no date"]
    if paper.upvotes is not None:
        facts.append(f"{paper.upvotes} upvotes")
    if paper.organisation is not None:
        facts.append(_md(paper.organisation.name))
    facts.append(f"id {paper.id}")
    return facts


def _md(text: str) -> str:
    return " ".join(text.split()).translate(_MARKDOWN)


def _iso(date: ListingDate | None) -> str | None:
    if date is None:
        return None
    return date.iso() or f"--{date.month:02d}-{date.day:02d}"


def when_text(moment: datetime) -> str:
    """A moment as the digest names it: 2025-11-04 09:00 UTC (the year always of four digits:
    strftime's %Y gives "1" for the year 1 on glibc)."""
    return f"{moment.year:04d}-{moment:%m-%d %H:%M} UTC"


def _count(number: int) -> str:
    return f"{number:,} paper" if number == 1 else f"{number:,} papers"
