"""What other modules take from ``sync/merge.py`` and the SQLite first load's modules is their
public face: no module of the program imports one of their private (underscored) names
(``merge_pg`` once took ``_chained_at`` and ``_Chunk``, the PostgreSQL first load ``_Writer``,
``_merge_one`` and ``_drop_held``; they are public now)."""

from __future__ import annotations

import ast
from pathlib import Path

import jifen_desktop

PACKAGE = Path(jifen_desktop.__file__).parent
SHARED = {
    "jifen_desktop.sync.merge",
    "jifen_desktop.sync.first_load_worker",
    "jifen_desktop.sync.first_load_parallel",
}


def _module(path: Path) -> str:
    return ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts)


def _imported_from(node: ast.ImportFrom, importer: str) -> str:
    """The absolute name of the module a ``from … import`` reads (relative ones resolved)."""
    if not node.level:
        return node.module or ""
    base = importer.split(".")[: -node.level]
    return ".".join([*base, *([node.module] if node.module else [])])


def test_no_module_imports_a_private_name_of_merge_or_the_first_load() -> None:
    private, seen = [], 0
    for path in sorted(PACKAGE.rglob("*.py")):
        importer = _module(path)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and _imported_from(node, importer) in SHARED:
                seen += 1
                names = [a.name for a in node.names if a.name.startswith("_")]
                private += [f"{importer}: {name}" for name in names]
    assert seen > 0  # (the imports it means to check were found)
    assert private == []
