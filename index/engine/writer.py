"""Writing papers into a Whoosh index: full builds and incremental updates.

A full build writes Whoosh segments directly through the W3 codec's
per-document and field writers, the same calls Whoosh's SegmentWriter makes
when it commits, but without its per-posting machinery: analysis by
analysis.py's equivalent of the field analyzers, postings gathered per word
in memory (no external sort of posting tuples), written a whole posting list
at a time, and document lengths passed along instead of read back per
posting. Segments hold at most SEGMENT_PAPERS papers, to bound memory; with
several processes (spawned: see below) each writes its own share of the segments, and the table
of contents lists them in paper order.

Incremental updates (a few listing files) go through Whoosh's SegmentWriter.
"""

from __future__ import annotations

import gc
import os
import subprocess
import sys
import tempfile
import threading
import traceback
from array import array
from collections.abc import Callable, Sequence
from multiprocessing.connection import Connection, wait
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.codec.whoosh3 import LENGTHS_COLUMN
from whoosh.filedb.filestore import FileStorage
from whoosh.index import TOC, clean_files
from whoosh.util.numeric import length_to_byte
from whoosh.writing import SegmentWriter

from index.engine import whoosh_format as w3
from index.engine.analysis import FieldIndexer, field_indexer
from index.engine.schema import paper_document, schema_for
from index.listings.papers import Paper

Progress = Callable[[int, int], None]

_INDEX_NAME = "MAIN"  # Whoosh's default index name in a storage
# Whoosh's compound segment files are copied from the memory map into memory on
# every open: plain segment files open an order of magnitude faster and smaller.
_WRITER_OPTIONS = {"compound": False, "limitmb": 128}
_PARALLEL_MINIMUM = 5000  # below this, starting writer processes costs more than it saves
SEGMENT_PAPERS = 50_000
_PROGRESS_EVERY = 500


def build_index(
    folder: Path,
    papers: Sequence[Paper],
    fallback_year: int,
    procs: int = 1,
    progress: Progress | None = None,
) -> None:
    """Create a new index in the empty `folder` holding `papers`."""
    folder.mkdir(parents=True, exist_ok=True)
    storage = FileStorage(str(folder))
    schema = schema_for(papers)
    storage.create_index(schema, indexname=_INDEX_NAME)
    workers = procs if len(papers) >= _PARALLEL_MINIMUM else 1
    shares = _split(len(papers), max(1, min(workers, len(papers))))
    if len(shares) > 1:
        segments = _build_in_processes(folder, schema, papers, fallback_year, shares, progress)
    else:
        done = _Counter(len(papers), progress)
        segments = _write_segments(storage, schema, papers, fallback_year, done.add)
    TOC(schema, segments, 1).write(storage, _INDEX_NAME)
    clean_files(storage, _INDEX_NAME, 1, segments)
    if progress is not None:
        progress(len(papers), len(papers))


def update_index(
    folder: Path, upserts: Sequence[Paper], deletions: Sequence[str], fallback_year: int
) -> None:
    """Replace or add `upserts` and delete the papers with ids in `deletions`, in one commit."""
    ix = whoosh_index.open_dir(str(folder))
    writer = SegmentWriter(ix, timeout=30.0, delay=0.05, codec=w3.ShelfCodec(), **_WRITER_OPTIONS)
    try:
        for paper_id in deletions:
            writer.delete_by_term("id", paper_id)
        for paper in upserts:
            writer.update_document(**paper_document(paper, fallback_year))
    except BaseException:
        writer.cancel()
        raise
    writer.commit()


# Segments


def _write_segments(
    storage, schema, papers: Sequence[Paper], fallback_year: int, done: Callable[[int], None], size: int = 0
) -> list:
    size = size or SEGMENT_PAPERS
    return [
        _write_segment(storage, schema, papers[start : start + size], fallback_year, done)
        for start in range(0, len(papers), size)
    ]


def _write_segment(storage, schema, papers: Sequence[Paper], fallback_year: int, done: Callable[[int], None]):
    """Write one segment holding `papers` (document numbers in their order); return it."""
    codec = w3.ShelfCodec()
    segment = codec.new_segment(storage, _INDEX_NAME)
    perdoc = codec.per_document_writer(storage, segment)
    count = len(papers)
    tables: dict = {}
    indexers = {name: field_indexer(field, tables) for name, field in schema.items() if field.indexed}
    words: dict[str, dict[object, list]] = {name: {} for name in indexers}
    lengths = {name: array("I", bytes(4 * count)) for name in indexers if schema[name].scorable}
    columns = {name: [None] * count for name, field in schema.items() if field.column_type is not None}
    try:
        for docnum, paper in enumerate(papers):
            document = paper_document(paper, fallback_year)
            perdoc.start_doc(docnum)
            for name, value in document.items():
                field = schema[name]
                if field.indexed:
                    length = indexers[name].index(value, docnum, words[name])
                    if length:
                        lengths[name][docnum] = length
                if field.stored:
                    perdoc.add_field(name, field, value, 0)
                if field.column_type is not None:
                    columns[name][docnum] = field.to_column_value(value)
            perdoc.finish_doc()
            if (docnum + 1) % _PROGRESS_EVERY == 0:
                done(_PROGRESS_EVERY)
        # What add_field and add_column_value would have written document by document.
        for name, values in columns.items():
            w3.write_column(perdoc, name, schema[name].column_type, values)
        for name, field_lengths in lengths.items():
            if any(field_lengths):
                w3.write_column(perdoc, f"_{name}_len", LENGTHS_COLUMN, list(map(length_to_byte, field_lengths)))
                w3.add_field_length(perdoc, name, sum(field_lengths))
        perdoc.close()
        _write_postings(codec, storage, segment, schema, indexers, words, lengths)
    except BaseException:
        if not perdoc.is_closed:
            perdoc.close()
        raise
    done(count % _PROGRESS_EVERY)
    segment.set_doc_count(count)
    return segment


def _write_postings(
    codec, storage, segment, schema, indexers: dict[str, FieldIndexer], words: dict[str, dict[object, list]], lengths
) -> None:
    fieldwriter = codec.field_writer(storage, segment)
    try:
        for name in sorted(words):
            table = words[name]
            if not table:
                continue
            fieldwriter.start_field(name, schema[name])
            finish = indexers[name].finish
            bare = indexers[name].bare
            field_lengths = lengths.get(name)
            encoded = sorted((word.encode("utf-8") if isinstance(word, str) else word, word) for word in table)
            for tbytes, word in encoded:
                flat = table.pop(word)  # document number, code, document number, code...
                if bare and w3.add_bare_term(fieldwriter, tbytes, flat[0::2]):
                    continue
                ids = array("I", flat[0::2])
                weights, values = finish(flat[1::2])
                doc_lengths = list(map(field_lengths.__getitem__, ids)) if field_lengths else [0] * len(ids)
                fieldwriter.start_term(tbytes)
                w3.add_postings(fieldwriter, ids, weights, values, doc_lengths)
                fieldwriter.finish_term()
            fieldwriter.finish_field()
    finally:
        fieldwriter.close()


# Several processes
#
# Writers are separate interpreters started with subprocess, never forked: the reader
# syncs from a thread, and a fork of a threaded process copies locks other threads
# held. (Nor multiprocessing's spawn: it runs the parent's main script again in each
# child.) A writer inherits no file descriptor but its pipes, so a killed build
# leaves no writer holding the update lock, and it ends as soon as its parent does:
# its stdin reaches end of file.


def _split(count: int, parts: int) -> list[tuple[int, int]]:
    """`parts` contiguous ranges of 0..count, as even as possible."""
    bounds = [count * k // parts for k in range(parts + 1)]
    return [(bounds[k], bounds[k + 1]) for k in range(parts) if bounds[k + 1] > bounds[k]]


def _build_in_processes(folder: Path, schema, papers, fallback_year: int, shares, progress: Progress | None) -> list:
    workers: list[_Writer] = []
    try:
        for _share in shares:
            workers.append(_Writer())  # all started first: they import Whoosh side by side
        for worker, (start, end) in zip(workers, shares):
            worker.give(folder, schema, papers[start:end], fallback_year)
        return _gather(workers, len(papers), progress)
    finally:
        for worker in workers:
            worker.end()


class _Writer:
    """One writer process, given its share of the papers; its messages come on `results`."""

    def __init__(self) -> None:
        self.errors = tempfile.TemporaryFile()
        self.process = subprocess.Popen(
            # -P: the user's working folder is not put on the path (an `index.py` there would be imported).
            [sys.executable, "-P", "-m", "index.engine.writer"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.errors,
        )
        self.jobs = Connection(os.dup(self.process.stdin.fileno()), readable=False)
        self.results = Connection(os.dup(self.process.stdout.fileno()), writable=False)
        self.process.stdin.close()
        self.process.stdout.close()

    def give(self, folder: Path, schema, papers: Sequence[Paper], fallback_year: int) -> None:
        # The schema itself: its pairs fields hold the common words the parent picked.
        self.jobs.send((str(folder), schema, list(papers), fallback_year, SEGMENT_PAPERS))  # the pipe stays open: see above

    def failure(self) -> str:
        self.process.wait()
        self.errors.seek(0)
        said = self.errors.read()[-4000:].decode("utf-8", errors="replace").strip()
        return said or f"a writer process ended without a result (exit status {self.process.returncode})"

    def end(self) -> None:
        self.jobs.close()  # end of file: a writer still at work stops
        self.results.close()
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.errors.close()


def _gather(workers: list[_Writer], total: int, progress: Progress | None) -> list:
    """The writers' segments in paper order, reporting their progress as it comes."""
    segments: dict[int, list] = {}
    pending = {worker.results: number for number, worker in enumerate(workers)}
    done = 0
    while pending:
        for ready in wait(list(pending)):
            number = pending[ready]
            try:
                status, value = ready.recv()
            except EOFError:
                status, value = "error", workers[number].failure()
            if status == "progress":
                done += value
                if progress is not None:
                    progress(min(done, total), total)
                continue
            if status != "ok":
                raise RuntimeError(f"building the index failed in a writer process:\n{value}")
            segments[number] = value
            del pending[ready]
    return [segment for number in range(len(workers)) for segment in segments[number]]


def _serve() -> None:
    """A writer process: write the share of papers read from stdin, report on stdout."""
    jobs = Connection(os.dup(0), writable=False)
    results = Connection(os.dup(1), readable=False)
    os.dup2(os.open(os.devnull, os.O_WRONLY), 1)  # a stray print must not break the messages
    # The postings gathered are millions of small lists and numbers, none of them in a
    # reference cycle: the collector's passes over them only cost time.
    gc.disable()
    folder, schema, papers, fallback_year, segment_papers = jobs.recv()
    threading.Thread(target=_end_with_parent, args=(jobs,), daemon=True).start()
    try:
        segments = _write_segments(
            FileStorage(folder), schema, papers, fallback_year,
            lambda count: results.send(("progress", count)), segment_papers,
        )
        results.send(("ok", segments))
    except BaseException:
        results.send(("error", traceback.format_exc()))
    results.close()
    os._exit(0)  # not waiting for the watcher's end of file


def _end_with_parent(jobs: Connection) -> None:
    """Nothing more comes on stdin: its end of file means the parent ended (or gave up)."""
    try:
        jobs.recv_bytes()
    except (EOFError, OSError):
        pass
    os._exit(1)


class _Counter:
    def __init__(self, total: int, progress: Progress | None) -> None:
        self.total = total
        self.done = 0
        self.progress = progress

    def add(self, count: int) -> None:
        self.done += count
        if self.progress is not None:
            self.progress(min(self.done, self.total), self.total)


if __name__ == "__main__":  # a writer process of _build_in_processes
    _serve()
