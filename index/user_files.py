"""Files the user names (an import, an export, the config): read and written safely.

Reading takes regular files only, up to a size bound: a FIFO would block for ever,
a link to /dev/zero would fill the memory. Writing replaces a file whole or not at
all, goes through a symbolic link to the file it names, refuses a read-only file,
and leaves nothing behind when it fails.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from index.errors import PapershelfError

_FULL = (errno.ENOSPC, errno.EDQUOT)


class UserFileError(PapershelfError):
    """A file the user named that cannot be read or written as asked."""

    def __init__(self, doing: str, path: Path, reason: str) -> None:
        self.path, self.reason = path, reason
        super().__init__(f"cannot {doing} {path}: {reason}")


def os_reason(error: OSError) -> str:
    """Why an OS call failed, as a user reads it: "disk full" rather than errno 28."""
    if error.errno in _FULL:
        return "disk full"
    return error.strerror or str(error)


def read_text_file(path: Path, limit: int) -> str | None:
    """The UTF-8 text of the regular file at `path`, at most `limit` bytes; None when
    there is no such file; UserFileError for anything else that stops the reading."""
    try:
        return _read_bounded(path, limit).decode("utf-8")
    except FileNotFoundError:
        return None
    except UnicodeDecodeError as error:
        raise UserFileError("read", path, f"not UTF-8 text (byte {error.start + 1})") from None
    except OSError as error:
        raise UserFileError("read", path, os_reason(error)) from None
    except ValueError as error:  # a NUL in the name
        raise UserFileError("read", path, str(error)) from None


def _read_bounded(path: Path, limit: int) -> bytes:
    _refuse_unreadable_kind(path, os.stat(path))  # before opening: opening a device can act
    # O_NONBLOCK: should a FIFO take the file's place meanwhile, open() must not wait for a writer.
    descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    with open(descriptor, "rb") as file:
        _refuse_unreadable_kind(path, os.fstat(descriptor))
        data = file.read(limit + 1)  # the file may have grown since fstat
    if len(data) > limit:
        raise UserFileError("read", path, f"it is larger than {_size(limit)}, more than this file can be")
    return data


def _refuse_unreadable_kind(path: Path, status: os.stat_result) -> None:
    if stat.S_ISDIR(status.st_mode):
        raise UserFileError("read", path, "it is a folder, not a file")
    if not stat.S_ISREG(status.st_mode):
        raise UserFileError("read", path, "not a regular file (a device, FIFO or socket)")


def _size(count: int) -> str:
    return f"{count / 2**20:g} MB" if count >= 2**20 else f"{count:,} bytes"


def write_text_file(path: Path, text: str) -> Path:
    """Replace the file at `path` (through a symbolic link) with `text`, atomically;
    returns the file written. UserFileError says why not, and then nothing changed."""
    try:
        target = Path(os.path.realpath(path))
        mode = _mode_for(path, target)
        _replace(target, text.encode("utf-8"), mode)
    except OSError as error:
        raise UserFileError("write", path, os_reason(error)) from None
    except ValueError as error:  # a NUL in the name, text that is not text
        raise UserFileError("write", path, str(error)) from None
    return target


def _mode_for(path: Path, target: Path) -> int:
    """The permission bits the new file gets: the old file's, else an ordinary file's."""
    try:
        status = os.stat(target)
    except FileNotFoundError:
        return 0o666 & ~_umask()
    if not stat.S_ISREG(status.st_mode):
        raise UserFileError("write", path, "it is not a regular file; not replaced")
    # Checked by its bits too: root may write anything, yet a file made read-only means "keep".
    if not status.st_mode & 0o222 or not os.access(target, os.W_OK):
        raise UserFileError("write", path, "the file is read-only; it was left as it is")
    return stat.S_IMODE(status.st_mode)


def _replace(target: Path, data: bytes, mode: int) -> None:
    import tempfile  # on a write only: every command reads the config, few write a file

    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())  # the rename must not land before the bytes do
        os.chmod(temporary, mode)  # mkstemp makes 0600
        os.replace(temporary, target)
    except BaseException:
        try:
            os.unlink(temporary)
        except FileNotFoundError:
            pass
        raise


def _umask() -> int:
    current = os.umask(0)  # the only way to read it is to set it
    os.umask(current)
    return current
