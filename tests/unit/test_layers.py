"""The architecture's lines, checked: index/ knows nothing of the UI, Whoosh stays in
index/engine/, and exactly one Whoosh distribution is installed."""

from __future__ import annotations

import ast
import subprocess
import sys
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).parents[2]


def imported_modules(folder: Path) -> dict[Path, set[str]]:
    found = {}
    for path in folder.rglob("*.py"):
        names = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names.add(node.module.split(".")[0])
        found[path] = names
    return found


def test_index_never_imports_textual_or_tui():
    offenders = {p: n & {"textual", "tui"} for p, n in imported_modules(ROOT / "index").items() if n & {"textual", "tui"}}
    assert offenders == {}


def test_importing_and_using_the_index_layer_loads_no_textual():
    code = (
        "import sys\n"
        "from index.library import Library\nfrom index.search.paper_searcher import PaperSearcher\nfrom index.sync.update import sync_index\n"
        "assert 'textual' not in sys.modules, sorted(m for m in sys.modules if m.startswith('textual'))\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


def test_whoosh_is_imported_only_inside_index_engine():
    users = {
        path.relative_to(ROOT).as_posix()
        for folder in ("index", "tui")
        for path, names in imported_modules(ROOT / folder).items()
        if "whoosh" in names
    }
    assert users and all(user.startswith("index/engine/") for user in users), users


def test_exactly_one_distribution_provides_whoosh():
    providers = sorted(
        dist.metadata["Name"]
        for dist in metadata.distributions()
        if any(str(f).startswith("whoosh/") for f in (dist.files or ()))
    )
    assert providers == ["Whoosh-Reloaded"]


def test_whoosh_imports_without_warnings():
    subprocess.run([sys.executable, "-W", "error", "-c", "import whoosh.index, whoosh.qparser, whoosh.query"], check=True)


def test_styles_and_samples_ship_inside_the_package():
    from index.locations import sample_listings

    assert len(list(sample_listings().glob("*.txt"))) == 5


def _private_whoosh_names(path: Path) -> list[str]:
    """`value._name` reads of Whoosh objects (anything but self/cls) and imports of `_names` from whoosh."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Attribute) and node.attr.startswith("_") and not node.attr.startswith("__"):
            base = ast.unparse(node.value)
            if base not in ("self", "cls", "os", "sys"):
                found.append(f"{path.name}:{node.lineno}: {base}.{node.attr}")
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("whoosh"):
            found += [f"{path.name}:{node.lineno}: {alias.name}" for alias in node.names if alias.name.startswith("_")]
    return found


def test_whooshs_private_names_are_used_in_one_module_only():
    door = ROOT / "index" / "engine" / "whoosh_format.py"
    users = [name for path in (ROOT / "index").rglob("*.py") if path != door for name in _private_whoosh_names(path)]
    assert users == []


def test_a_whoosh_without_a_name_the_engine_relies_on_fails_at_once_naming_version_and_name():
    from whoosh.codec.whoosh3 import W3TermsReader

    from index.engine import whoosh_format

    whoosh_format.check_private_names()  # the installed Whoosh has every name
    lacking = ((W3TermsReader, "_postfile", "__init__"), (W3TermsReader, "_no_such_name", "__init__"),
               (W3TermsReader, "_no_such_method", "attr"))
    try:
        whoosh_format.check_private_names(lacking)
    except whoosh_format.WhooshMismatch as mismatch:
        message = str(mismatch)
    else:
        raise AssertionError("a missing private name passed the check")
    assert "Whoosh 2.7.5" in message
    assert "W3TermsReader._no_such_name" in message and "W3TermsReader._no_such_method" in message
    assert "_postfile" not in message


def _index_imports() -> dict[str, set[str]]:
    """Each index/ module's imports of other index/ modules, those inside functions included."""
    modules = {}
    for path in (ROOT / "index").rglob("*.py"):
        name = ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        modules[name] = path
    graph = {}
    for name, path in modules.items():
        found = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                targets = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
            elif isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            else:
                continue
            found.update(target for target in targets if target in modules and target != name)
        graph[name] = found - {"index", "index.engine"}  # packages: their __init__ is empty
    return graph


def test_no_two_index_modules_import_each_other_even_through_others():
    graph = _index_imports()
    cycles = []
    state: dict[str, int] = {}  # 1: on the current path, 2: done

    def visit(module: str, path: list[str]) -> None:
        state[module] = 1
        for imported in sorted(graph[module]):
            if state.get(imported) == 1:
                cycles.append(path[path.index(imported):] + [imported])
            elif imported not in state:
                visit(imported, [*path, imported])
        state[module] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    assert cycles == []
