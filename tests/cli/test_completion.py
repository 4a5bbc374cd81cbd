"""Shell completion generated from the parser, run in a real bash (and zsh, where installed)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[2]
BIN = Path(sys.executable).parent  # where the `papershelf` script is, which list names are asked of


@pytest.fixture
def env(tmp_path) -> dict[str, str]:
    home = tmp_path / "home"
    variables = {name: str(home / name.lower()) for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME")}
    return dict(os.environ, PATH=f"{BIN}{os.pathsep}{os.environ['PATH']}", **variables)


def script(shell: str, env: dict[str, str], folder: Path) -> Path:
    path = folder / f"papershelf.{shell}"
    result = subprocess.run([sys.executable, "-m", "tui", "completion", shell], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=60, check=True)
    path.write_text(result.stdout, encoding="utf-8")
    return path


def bash_completes(line: str, completion: Path, env: dict[str, str], cwd: Path) -> list[str]:
    """What bash offers for the last word of `line`, with the script sourced, as at a Tab."""
    program = (
        f"source {completion}\n"
        f"COMP_LINE={line!r}; COMP_POINT=${{#COMP_LINE}}\n"
        "read -r -a COMP_WORDS <<< \"$COMP_LINE\"\n"
        "[[ $COMP_LINE == *' ' ]] && COMP_WORDS+=('')\n"
        "COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))\n"
        "_shtab_papershelf papershelf \"${COMP_WORDS[COMP_CWORD]}\" \"${COMP_WORDS[COMP_CWORD-1]}\"\n"
        "printf '%s\\n' \"${COMPREPLY[@]}\"\n"
    )
    result = subprocess.run(["bash", "--norc", "--noprofile", "-c", program], cwd=cwd, env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return sorted(filter(None, result.stdout.splitlines()))


def test_bash_completes_sub_commands_options_choices_and_list_names(env, tmp_path):
    completion = script("bash", env, tmp_path)
    assert bash_completes("papershelf se", completion, env, tmp_path) == ["search", "serve"]
    assert bash_completes("papershelf s", completion, env, tmp_path) == ["search", "serve", "show", "similar", "store"]
    assert bash_completes("papershelf search --so", completion, env, tmp_path) == ["--sort"]
    assert bash_completes("papershelf export x --format bib", completion, env, tmp_path) == ["biblatex", "bibtex"]
    assert bash_completes("papershelf completion ", completion, env, tmp_path) == ["bash", "list-names", "zsh"]
    (tmp_path / "listings-here").mkdir()
    assert bash_completes("papershelf --listings listings-h", completion, env, tmp_path) == ["listings-here"]
    assert bash_completes("papershelf list ", completion, env, tmp_path) == []  # no store: no names, none made
    assert not (Path(env["XDG_DATA_HOME"]) / "papershelf").exists()
    subprocess.run([sys.executable, "-m", "tui", "export", "Bookmarks"], cwd=ROOT, env=env, check=True,
                   capture_output=True)  # makes the store, with its Bookmarks
    assert bash_completes("papershelf add abcd --list Bo", completion, env, tmp_path) == ["Bookmarks"]
    assert bash_completes("papershelf export ", completion, env, tmp_path) == ["Bookmarks"]


@pytest.mark.skipif(shutil.which("zsh") is None, reason="zsh is not installed (.ci/run installs it)")
def test_zsh_registers_the_completion_as_the_readme_says(env, tmp_path):
    completion = script("zsh", env, tmp_path)
    assert subprocess.run(["zsh", "-n", str(completion)], timeout=60).returncode == 0
    program = (
        f"autoload -U compinit && compinit -u -d {tmp_path / 'zcompdump'}\n"
        f'eval "$(<{completion})"\n'
        "print -r -- $_comps[papershelf]; whence -w _papershelf_list_names\n"
    )
    result = subprocess.run(["zsh", "-f", "-c", program], env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and result.stderr == ""
    assert result.stdout.splitlines() == ["_shtab_papershelf", "_papershelf_list_names: function"]


def test_bash_offers_a_list_name_with_spaces_as_one_word(env, tmp_path):
    from index.export.reading_list import export_list
    from index.shelf.store import ReadingStore

    names = ["Reading group", "Reading later", "Tom's $HOME list"]
    with ReadingStore.open(tmp_path / "made.sqlite") as store:
        for number, name in enumerate(names):
            store.create_list(name)
            exported = tmp_path / f"list{number}.json"
            exported.write_text(export_list(store, name, "json"), encoding="utf-8")
            subprocess.run([sys.executable, "-m", "tui", "import", str(exported)], cwd=ROOT, env=env, check=True,
                           capture_output=True, timeout=60)
    completion = script("bash", env, tmp_path)
    offered = bash_completes("papershelf add abcd --list Rea", completion, env, tmp_path)
    assert offered == ["Reading\\ group", "Reading\\ later"]
    # A word typed escaped already (bash hands the word as typed, `Reading\ l`) still completes.
    typed = subprocess.run(["bash", "--norc", "--noprofile", "-c", f"source {completion}; _papershelf_list_names "
                            "'Reading\\ l'"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60)
    assert typed.stdout == "Reading\\ later\n"
    [odd] = bash_completes("papershelf list To", completion, env, tmp_path)
    for word, name in zip((*offered, odd), names, strict=True):
        # What bash makes of the word inserted on the command line: one argument, the list's name.
        program = f'set -- {word}; printf "%s\\n" "$#" "$1"'
        result = subprocess.run(["bash", "--norc", "--noprofile", "-c", program], capture_output=True, text=True,
                                timeout=60)
        assert result.stdout == f"1\n{name}\n"
