"""The import graph of jifen_desktop read from the source (nothing is imported): every
``import``/``from … import`` with relative imports resolved, late imports inside functions
included, imports under ``if TYPE_CHECKING:`` left out (they never run). Used by the structure
test (which package may import what) and the import-cycle test."""

from __future__ import annotations

import ast
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "jifen_desktop"


@dataclass(frozen=True)
class Import:
    """One import statement as Python resolves it: ``module`` the absolute dotted module,
    ``names`` what a ``from`` import takes from it (each a name or a submodule)."""

    module: str
    names: tuple[str, ...]
    line: int
    type_only: bool


def module_name(path: Path, root: Path = ROOT) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _base(module: str, is_package: bool, node: ast.ImportFrom) -> str:
    """The absolute module a ``from`` import names, relative dots resolved."""
    if not node.level:
        return node.module or ""
    parts = module.split(".") if is_package else module.split(".")[:-1]
    parts = parts[: len(parts) - (node.level - 1)]
    return ".".join([*parts, *([node.module] if node.module else [])])


def imports_of(source: str, module: str, is_package: bool = False) -> Iterator[Import]:
    """The import statements ``module`` (its ``source``) runs or only type-checks."""

    def visit(node: ast.AST, type_only: bool) -> Iterator[Import]:
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            for child in node.body:
                yield from visit(child, True)
            for child in node.orelse:
                yield from visit(child, type_only)
            return
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield Import(alias.name, (), node.lineno, type_only)
        elif isinstance(node, ast.ImportFrom):
            names = tuple(alias.name for alias in node.names)
            yield Import(_base(module, is_package, node), names, node.lineno, type_only)
        for child in ast.iter_child_nodes(node):
            yield from visit(child, type_only)

    yield from visit(ast.parse(source), False)


def modules(package: Path = PACKAGE) -> dict[str, Path]:
    return {module_name(p, package.parent): p for p in sorted(package.rglob("*.py"))}


def graph(package: Path = PACKAGE) -> dict[str, set[str]]:
    """Module -> the modules of the package it imports when it runs (type-only imports out)."""
    known = modules(package)
    edges: dict[str, set[str]] = {}
    for name, path in known.items():
        source = path.read_text(encoding="utf-8")
        edges[name] = {
            target
            for imp in imports_of(source, name, path.name == "__init__.py")
            if not imp.type_only
            for target in targets(imp, known)
        } - {name}
    return edges


def targets(imp: Import, known: Collection[str]) -> set[str]:
    """The modules an import runs: ``from pkg import sub`` runs ``pkg.sub`` when that is a
    module, and ``pkg`` itself when it takes a name defined there."""
    subs = {f"{imp.module}.{n}" for n in imp.names if f"{imp.module}.{n}" in known}
    whole = imp.module in known and (not imp.names or len(subs) < len(imp.names))
    return subs | ({imp.module} if whole else set())


def cycles(edges: dict[str, set[str]]) -> list[frozenset[str]]:
    """The strongly connected parts of more than one module (Tarjan's algorithm, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[frozenset[str]] = []
    for start in sorted(edges):
        if start in index:
            continue
        work = [(start, iter(sorted(edges[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is None:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    part = _pop_part(stack, on_stack, node)
                    if len(part) > 1:
                        found.append(part)
            elif child not in index:
                index[child] = low[child] = len(index)
                stack.append(child)
                on_stack.add(child)
                work.append((child, iter(sorted(edges.get(child, ())))))
            elif child in on_stack:
                low[node] = min(low[node], index[child])
    return found


def _pop_part(stack: list[str], on_stack: set[str], root: str) -> frozenset[str]:
    part = set()
    while True:
        node = stack.pop()
        on_stack.discard(node)
        part.add(node)
        if node == root:
            return frozenset(part)
