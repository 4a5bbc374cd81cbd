"""Where papershelf keeps things: config, reading lists (data) and the index (cache).

platformdirs honours the XDG variables, so tests point all three at temp dirs.
`--data-dir` makes one portable folder that holds everything.
"""

from __future__ import annotations

import errno
import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP_NAME = "papershelf"


@dataclass(frozen=True, slots=True)
class Locations:
    config_dir: Path
    data_dir: Path
    cache_dir: Path
    log_dir: Path  # the reader's log of internal errors (the XDG state dir)

    @property
    def index_root(self) -> Path:
        return self.cache_dir / "index"

    @property
    def log_file(self) -> Path:
        return self.log_dir / "papershelf.log"

    @property
    def config_file(self) -> Path:
        return self.config_dir / "config.toml"


def locations(data_dir: Path | None = None) -> Locations:
    if data_dir is not None:
        return Locations(data_dir, data_dir, data_dir / "cache", data_dir)
    return Locations(
        platformdirs.user_config_path(APP_NAME),
        platformdirs.user_data_path(APP_NAME),
        platformdirs.user_cache_path(APP_NAME),
        platformdirs.user_state_path(APP_NAME),
    )


def sample_listings() -> Path:
    """The built-in sample listings shipped inside the package."""
    return Path(__file__).resolve().with_name("sample_listings")


def make_private_folder(folder: Path) -> None:
    """Create `folder` and any missing parents owner-only (700): the listings' paths and
    everything indexed from them are the user's own. Existing folders are left as they are."""
    missing = []
    for level in (folder, *folder.parents):
        if level.is_dir():
            break
        missing.append(level)
    for level in reversed(missing):
        try:
            level.mkdir(mode=0o700)
        except FileExistsError:
            if not level.is_dir():
                raise NotADirectoryError(errno.ENOTDIR, f"{level} is a file, not a folder") from None
            continue  # made by another process meanwhile
        os.chmod(level, 0o700)  # mkdir's mode is cut by the umask: 0o277 would leave it unwritable
