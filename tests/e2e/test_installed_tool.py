"""papershelf installed as a tool is installed: a wheel built from the source, put into a fresh
virtual environment with pip (from the package sources pip is configured with), and run from there."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from importlib import metadata
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[2]
SOURCES = ("index", "tui", "styles", "pyproject.toml", "README.md")


def run(*command: str | Path, **options) -> subprocess.CompletedProcess:
    result = subprocess.run([str(part) for part in command], capture_output=True, text=True, timeout=600, **options)
    assert result.returncode == 0, result.stdout + result.stderr
    return result


def build_wheel(folder: Path) -> Path:
    """A wheel of a clean copy of the source (a build in the work tree would leave build/ in it)."""
    source = folder / "source"
    source.mkdir()
    ignore = shutil.ignore_patterns("__pycache__", "*.egg-info")
    for name in SOURCES:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, source / name, ignore=ignore)
        else:
            shutil.copy2(ROOT / name, source / name)
    built = run(sys.executable, "-m", "pip", "wheel", "--verbose", "--no-deps", "--wheel-dir", folder / "dist", source)
    # What a newcomer's install would warn about: a deprecated setting, a package left out of the list.
    log = built.stdout + built.stderr
    assert "DeprecationWarning" not in log and "absent from the `packages` configuration" not in log
    [wheel] = (folder / "dist").glob("papershelf-*.whl")
    return wheel


@pytest.mark.slow
def test_a_wheel_installed_in_a_fresh_venv_runs_papershelf(tmp_path):
    wheel = build_wheel(tmp_path)
    names = zipfile.ZipFile(wheel).namelist()
    assert any(name.startswith("styles/") and name.endswith(".tcss") for name in names)
    assert sum(name.startswith("index/sample_listings/") and name.endswith(".txt") for name in names) == 5
    venv = tmp_path / "venv"
    run(sys.executable, "-m", "venv", venv)
    run(venv / "bin" / "python", "-m", "pip", "install", "--quiet", wheel)
    command = venv / "bin" / "papershelf"
    # Run from elsewhere, with the venv not activated, as an installed tool is run.
    env = {key: value for key, value in os.environ.items() if key not in ("PYTHONPATH", "VIRTUAL_ENV")}
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    version = run(command, "--version", cwd=elsewhere, env=env).stdout
    assert version == f"papershelf {metadata.version('papershelf')}\n"
    found = run(command, "search", "theorem proving", "--json", "--data-dir", tmp_path / "data", cwd=elsewhere, env=env)
    rows = [json.loads(line) for line in found.stdout.splitlines()]
    assert "LeanAgent: Lifelong Learning for Formal Theorem Proving" in [row["title"] for row in rows]
    imported = run(venv / "bin" / "python", "-c", "import tui, index; print(tui.__file__, index.__file__)",
                   cwd=elsewhere, env=env).stdout
    assert str(ROOT) not in imported  # the venv's own copy ran, not this work tree
