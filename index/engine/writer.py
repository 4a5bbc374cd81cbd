"""Writing papers into a Whoosh index: full builds and incremental updates."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.filedb.filestore import FileStorage
from whoosh.writing import SegmentWriter

from index.engine.codec import ShelfCodec
from index.engine.schema import build_schema, paper_document
from index.papers import Paper

Progress = Callable[[int, int], None]

# Whoosh's compound segment files are copied from the memory map into memory on
# every open: plain segment files open an order of magnitude faster and smaller.
_WRITER_OPTIONS = {"compound": False, "limitmb": 128}


def _options() -> dict:
    return {**_WRITER_OPTIONS, "codec": ShelfCodec()}
_PARALLEL_MINIMUM = 5000  # below this, forking writer processes costs more than it saves


def build_index(
    folder: Path,
    papers: Sequence[Paper],
    fallback_year: int,
    procs: int = 1,
    progress: Progress | None = None,
) -> None:
    """Create a new index in the empty `folder` holding `papers`."""
    folder.mkdir(parents=True, exist_ok=True)
    ix = FileStorage(str(folder)).create_index(build_schema())
    writer = _bulk_writer(ix, procs if len(papers) >= _PARALLEL_MINIMUM else 1)
    try:
        for done, paper in enumerate(papers, start=1):
            writer.add_document(**paper_document(paper, fallback_year))
            if progress is not None and done % 500 == 0:
                progress(done, len(papers))
    except BaseException:
        writer.cancel()
        raise
    writer.commit(optimize=False)
    if progress is not None:
        progress(len(papers), len(papers))


def _bulk_writer(ix, procs: int):
    if procs > 1:
        # Each process writes its own segment; merging them would cost as much again.
        return ix.writer(procs=procs, multisegment=True, **_options())
    return ix.writer(**_options())


def update_index(
    folder: Path, upserts: Sequence[Paper], deletions: Sequence[str], fallback_year: int
) -> None:
    """Replace or add `upserts` and delete the papers with ids in `deletions`, in one commit."""
    ix = whoosh_index.open_dir(str(folder))
    writer = SegmentWriter(ix, timeout=30.0, delay=0.05, **_options())
    try:
        for paper_id in deletions:
            writer.delete_by_term("id", paper_id)
        for paper in upserts:
            writer.update_document(**paper_document(paper, fallback_year))
    except BaseException:
        writer.cancel()
        raise
    writer.commit()
