"""docs/architecture.md names only paths that exist, and its layer table says what the structure
test enforces (``MAY_IMPORT``), so the map cannot drift from the house."""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "architecture.md"
# A path in backticks: starts with a top-level folder of the repository, or is a sibling module
# named right after one (`pending_model.py`, `pdf_parts.py`).
PATH = re.compile(r"`((?:jifen_desktop|tests|scripts|docs|resources|benchmarks)/[^`\s]*)`")
SIBLING = re.compile(r"`([a-z_]+\.py)`")


def named_paths(text: str) -> list[str]:
    return PATH.findall(text)


def test_every_path_the_doc_names_exists():
    text = DOC.read_text(encoding="utf-8")
    paths = named_paths(text)
    assert len(paths) > 40
    assert [p for p in paths if not (ROOT / p).exists()] == []


def test_every_module_named_alone_exists_somewhere_in_the_package():
    text = DOC.read_text(encoding="utf-8")
    modules = {name for name in SIBLING.findall(text) if "/" not in name}
    package = {p.name for p in (ROOT / "jifen_desktop").rglob("*.py")}
    assert modules and modules - package == set()


def test_a_missing_path_is_caught():
    assert named_paths("see `jifen_desktop/model/nothing.py` and `scripts/shots/`") == [
        "jifen_desktop/model/nothing.py",
        "scripts/shots/",
    ]
    assert not (ROOT / "jifen_desktop/model/nothing.py").exists()


def test_the_layer_table_is_the_one_the_structure_test_enforces():
    sys.path.insert(0, str(ROOT / "tests" / "model"))
    from test_structure import MAY_IMPORT

    text = DOC.read_text(encoding="utf-8")
    table = text[text.index("## The layers") : text.index("## Where a change goes")]
    rows = re.findall(r"^\| `jifen_desktop/([^`]*)` \|[^|]*\| ([^|]*) \|", table, re.M)
    documented = {
        name: set(re.findall(r"`(\w+)`", allowed)) - {name}
        for name, allowed in ((p.strip("/").removesuffix(".py"), a) for p, a in rows)
    }
    enforced = {part: allowed - {part, ""} for part, allowed in MAY_IMPORT.items() if part}
    assert documented == enforced
