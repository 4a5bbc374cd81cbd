"""Files the user names, read and written on real files: FIFOs, devices, links, full disks."""

from __future__ import annotations

import os
import stat
import threading
from pathlib import Path

import pytest

from index.user_files import UserFileError, read_text_file, write_text_file
from tests.unwritable import fill, read_only_folder, small_disk

LIMIT = 1000


def read_in_time(path: Path, limit: int = LIMIT, seconds: float = 10.0):
    """read_text_file's result or error, failing the test should it block (a FIFO would)."""
    outcome: list = []

    def reading() -> None:
        try:
            outcome.append(read_text_file(path, limit))
        except UserFileError as error:
            outcome.append(error)

    worker = threading.Thread(target=reading, daemon=True)
    worker.start()
    worker.join(seconds)
    assert outcome, f"reading {path} blocked"
    return outcome[0]


def test_a_regular_file_is_read_and_a_missing_one_is_none(tmp_path):
    (tmp_path / "a.json").write_text("{}\n", encoding="utf-8")
    assert read_in_time(tmp_path / "a.json") == "{}\n"
    assert read_in_time(tmp_path / "missing.json") is None


def test_a_fifo_is_refused_not_waited_on(tmp_path):
    os.mkfifo(tmp_path / "pipe.json")
    error = read_in_time(tmp_path / "pipe.json")
    assert isinstance(error, UserFileError) and "not a regular file" in str(error)


def test_a_link_to_dev_zero_is_refused_not_read(tmp_path):
    (tmp_path / "zero.json").symlink_to("/dev/zero")
    error = read_in_time(tmp_path / "zero.json")
    assert isinstance(error, UserFileError) and "not a regular file" in str(error)


def test_a_folder_is_refused(tmp_path):
    error = read_in_time(tmp_path)
    assert isinstance(error, UserFileError) and "it is a folder" in str(error)


def test_a_file_past_the_bound_is_refused_unread(tmp_path):
    big = tmp_path / "big.json"
    with open(big, "wb") as file:
        file.truncate(LIMIT + 1)  # sparse: no disk used
    error = read_in_time(big)
    assert isinstance(error, UserFileError) and "larger than 1,000 bytes" in str(error)
    big.write_bytes(b"x" * LIMIT)
    assert read_in_time(big) == "x" * LIMIT


def test_text_that_is_not_utf8_names_the_byte(tmp_path):
    (tmp_path / "latin1.json").write_bytes(b'{"a": "caf\xe9"}')
    error = read_in_time(tmp_path / "latin1.json")
    assert isinstance(error, UserFileError) and "not UTF-8 text (byte 11)" in str(error)


def test_writing_replaces_the_file_keeping_its_mode(tmp_path):
    path = tmp_path / "out.md"
    path.write_text("old", encoding="utf-8")
    path.chmod(0o640)
    assert write_text_file(path, "new") == path
    assert path.read_text(encoding="utf-8") == "new" and stat.S_IMODE(path.stat().st_mode) == 0o640
    assert sorted(tmp_path.iterdir()) == [path]


def test_writing_through_a_symlink_keeps_the_link(tmp_path):
    dotfiles = tmp_path / "dotfiles"
    dotfiles.mkdir()
    target = dotfiles / "list.md"
    target.write_text("old", encoding="utf-8")
    link = tmp_path / "list.md"
    link.symlink_to(target)
    assert write_text_file(link, "new") == target
    assert link.is_symlink() and target.read_text(encoding="utf-8") == "new"
    assert sorted(p.name for p in dotfiles.iterdir()) == ["list.md"]


def test_a_dangling_symlink_is_written_at_its_target(tmp_path):
    link = tmp_path / "list.md"
    link.symlink_to(tmp_path / "made.md")
    write_text_file(link, "new")
    assert link.is_symlink() and (tmp_path / "made.md").read_text(encoding="utf-8") == "new"


def test_a_read_only_file_is_refused_and_kept(tmp_path):
    path = tmp_path / "keep.bib"
    path.write_text("mine", encoding="utf-8")
    path.chmod(0o444)
    with pytest.raises(UserFileError, match="the file is read-only; it was left as it is"):
        write_text_file(path, "theirs")
    assert path.read_text(encoding="utf-8") == "mine" and sorted(tmp_path.iterdir()) == [path]


def test_a_fifo_in_the_way_is_refused_not_replaced(tmp_path):
    os.mkfifo(tmp_path / "out.json")
    with pytest.raises(UserFileError, match="not a regular file"):
        write_text_file(tmp_path / "out.json", "text")
    assert stat.S_ISFIFO((tmp_path / "out.json").stat().st_mode)


def test_a_full_disk_says_so_and_leaves_nothing_behind(tmp_path):
    with small_disk(tmp_path / "disk") as disk:
        (disk / "list.json").write_text("old", encoding="utf-8")
        fill(disk)
        before = sorted(p.name for p in disk.iterdir())
        for _ in range(3):  # each try used to leave one hidden temporary file
            with pytest.raises(UserFileError, match="disk full"):
                write_text_file(disk / "list.json", "new " * 100_000)
        assert sorted(p.name for p in disk.iterdir()) == before
        assert (disk / "list.json").read_text(encoding="utf-8") == "old"


def test_a_read_only_folder_is_a_clear_error(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    with read_only_folder(folder):
        with pytest.raises(UserFileError, match=f"cannot write {folder / 'x.md'}: "):
            write_text_file(folder / "x.md", "text")
    assert list(folder.iterdir()) == []
