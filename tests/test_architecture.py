"""The import rules of README's "How it is built", checked on the source (issue 13).

- no import cycles between toolkit modules, lazy (function-level) imports included;
- stages never import the batch job, the CLI or evaluation;
- writers (toolkit.formats) read the document model only, never a stage;
- nothing imports toolkit.cli, and only toolkit.cli prints or exits;
- no module over MAX_LINES lines.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "toolkit"
MAX_LINES = 500

# Packages and modules that make up the analysis and translation stages.
STAGES = ("toolkit.lang", "toolkit.segment", "toolkit.quotes", "toolkit.translate", "toolkit.align",
          "toolkit.checks", "toolkit.ingest", "toolkit.clean")
# What stages may not import: the job that drives them, the CLI, and what measures them.
ABOVE_STAGES = ("toolkit.batch", "toolkit.cli", "toolkit.evaluation", "toolkit.pipeline")
# What a writer may read: the document model and plumbing with no analysis in it.
WRITER_MAY_IMPORT = ("toolkit", "toolkit.document", "toolkit.errors", "toolkit.paths", "toolkit.formats")
# Library modules that may not print or exit, whatever they are: only the CLI talks to people.
TALKING_CALLS = {("print",), ("sys", "exit"), ("sys", "stdout", "write"), ("sys", "stderr", "write")}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _within(name: str, prefixes) -> bool:
    return any(name == p or name.startswith(p + ".") for p in prefixes)


def _imports(name: str) -> set[str]:
    """Every toolkit module `name` imports, anywhere in the file (lazy imports count)."""
    path = MODULES[name]
    is_package = path.name == "__init__.py"
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = name.split(".") if is_package else name.split(".")[:-1]
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join(anchor + ([base] if base else []))
            # `from pkg import sub` imports the submodule when there is one.
            targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in MODULES else base for a in node.names]
        else:
            continue
        for target in targets:
            while target and target not in MODULES:
                target = target.rpartition(".")[0]
            if target.startswith("toolkit") and target != name:
                found.add(target)
    return found


GRAPH = {name: _imports(name) for name in MODULES}


def _cycles() -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(GRAPH[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                components.append(sorted(component))

    for v in sorted(GRAPH):
        if v not in index:
            visit(v)
    return components


def test_the_checker_sees_imports():
    # A rule checker that found no imports would pass everything.
    assert "toolkit.document" in GRAPH["toolkit.pipeline"]
    assert any(_within(t, ("toolkit.quotes",)) for t in GRAPH["toolkit.pipeline"])


def test_no_import_cycles():
    assert _cycles() == []


@pytest.mark.parametrize("name", [n for n in MODULES if _within(n, STAGES)])
def test_stages_never_import_the_job_cli_or_evaluation(name):
    assert sorted(t for t in GRAPH[name] if _within(t, ABOVE_STAGES)) == []


@pytest.mark.parametrize("name", [n for n in MODULES if _within(n, ("toolkit.formats",))])
def test_writers_read_the_document_model_only(name):
    assert sorted(t for t in GRAPH[name] if t not in WRITER_MAY_IMPORT and not _within(t, ("toolkit.formats",))) == []


def test_nothing_imports_the_cli():
    importers = sorted(n for n, targets in GRAPH.items()
                       if not _within(n, ("toolkit.cli", "toolkit.__main__")) and any(_within(t, ("toolkit.cli",)) for t in targets))
    assert importers == []


def _talking_calls(path: Path) -> list[str]:
    calls = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call):
            chain, func = [], node.func
            while isinstance(func, ast.Attribute):
                chain.insert(0, func.attr)
                func = func.value
            if isinstance(func, ast.Name):
                chain.insert(0, func.id)
                if tuple(chain) in TALKING_CALLS:
                    calls.append(f"{path.name}:{node.lineno} {'.'.join(chain)}")
    return calls


@pytest.mark.parametrize("name", [n for n in MODULES if not _within(n, ("toolkit.cli", "toolkit.__main__"))])
def test_only_the_cli_prints_or_exits(name):
    assert _talking_calls(MODULES[name]) == []


@pytest.mark.parametrize("name", sorted(MODULES))
def test_no_module_over_the_size_a_reader_can_hold(name):
    lines = len(MODULES[name].read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{MODULES[name]} has {lines} lines"
