"""The township's rule template (积分细则模板) shipped in resources/, and copying it into a
village's catalog: all of it for a new village, or only what is missing for a village that
started empty or has dropped items. A copy never touches the village's own items. A template the
township sends in a sync bundle is kept in the data folder and used instead of the shipped one.

The shipped template is seed 001 篇7's catalog, item for item (83 items, each with its 篇, item
and line in ``source``; tests/data/seed001_items.csv is the table it is checked against). Items
that are not in the seeds are a separate optional set, ``常用扣分项（非方案原文）``, that a village
adds knowingly (``copy_optional``)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from . import paths
from .errors import ValidationError
from .files import replace_atomically
from .schema import RuleCategory, RuleItem
from .tx import Change, Tx

TEMPLATE_FILE = "rule_template.json"

ITEM_FIELDS = (
    "code",
    "name",
    "direction",
    "points_min",
    "points_max",
    "period_cap",
    "applies_to",
    "evidence_required",
    "counts_people",
    "kind",
    "source",
)


@cache
def load_template() -> dict[str, Any]:
    """The default catalog (seed 001 篇7) and its optional set, as shipped in resources/."""
    with open(paths.resources_dir() / TEMPLATE_FILE, encoding="utf-8") as f:
        data: dict[str, Any] = json.load(f)
    if data.get("format") != 1:
        raise ValidationError("积分细则模板的格式版本不认识，请更新积分台账程序。")
    return data


RECEIVED_FILE = "rule_template.json"  # in the data folder: the township's, from a bundle


def store_received(folder: Path, template: Any) -> None:
    """Keep a template the township sent; ``从模板补齐`` uses it from then on."""
    if not isinstance(template, dict) or template.get("format") != 1:
        raise ValidationError("乡镇发来的积分细则模板格式不对，没有保存。请让乡镇办重新导出。")
    data = json.dumps(template, ensure_ascii=False, indent=1)
    replace_atomically(folder / RECEIVED_FILE, lambda tmp: tmp.write_text(data, encoding="utf-8"))


def current_template(folder: Path) -> dict[str, Any]:
    """The township's template if one was received, else the one shipped with the program."""
    return _received(folder / RECEIVED_FILE) or load_template()


def _received(path: Path) -> dict[str, Any] | None:
    """The template received from the township, if there is a readable one."""
    if not path.is_file():
        return None
    try:
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    ok = data.get("format") == 1 and isinstance(data.get("categories"), list)
    return data if ok else None


def optional_set(template: dict[str, Any] | None = None) -> dict[str, Any]:
    """The optional set (常用扣分项（非方案原文）): its category code, name, note and items. A
    template the township sent without one falls back to the shipped set."""
    found = (template or {}).get("optional")
    return found if isinstance(found, dict) else dict(load_template()["optional"])


def optional_as_template(template: dict[str, Any] | None = None) -> dict[str, Any]:
    """The optional set shaped as a template of one category, for ``copy_template``."""
    extra = optional_set(template)
    category = {"code": extra["code"], "name": extra["name"], "items": extra["items"]}
    return {"format": 1, "name": extra["name"], "categories": [category]}


def template_item_count(template: dict[str, Any] | None = None) -> int:
    template = template or load_template()
    return sum(len(cat["items"]) for cat in template["categories"])


def _new_category(tx: Tx, village_id: str, cat: dict[str, Any], sort_order: int) -> RuleCategory:
    """A category of the template the village lacks, added after its own."""
    category = RuleCategory(
        village_id=village_id, code=cat["code"], name=cat["name"], sort_order=sort_order
    )
    tx.created(
        category, "rule.category", f"从模板新增细则类别 {category.code} {category.name}",
        village_id=village_id,
    )  # fmt: skip
    return category


def _copy_items(tx: Tx, category: RuleCategory, items: list[dict[str, Any]]) -> int:
    """The template's ``items`` added to the village's ``category``, after its own items."""
    order = tx.session.scalar(
        select(func.count()).select_from(RuleItem).where(RuleItem.category_id == category.id)
    )
    for i, item in enumerate(items, start=order or 0):
        rule = RuleItem(
            village_id=category.village_id,
            category_id=category.id,
            sort_order=i,
            active=True,
            **{k: item[k] for k in ITEM_FIELDS},
        )
        tx.created(
            rule, "rule.create", f"从模板新增积分细则 {rule.code} {rule.name}",
            village_id=category.village_id,
        )  # fmt: skip
    return len(items)


def copy_template(tx: Tx, village_id: str, template: dict[str, Any] | None = None) -> int:
    """Copy the template's categories and items whose codes the village lacks; returns how
    many items were copied (0 when the village already has them all: nothing is written)."""
    template = template or load_template()
    session = tx.session
    categories = {
        c.code: c
        for c in session.scalars(select(RuleCategory).where(RuleCategory.village_id == village_id))
    }
    taken = set(session.scalars(select(RuleItem.code).where(RuleItem.village_id == village_id)))
    next_order = len(categories)
    count = 0
    for cat in template["categories"]:
        items = [item for item in cat["items"] if item["code"] not in taken]
        if not items:
            continue
        category = categories.get(cat["code"])
        if category is None:
            category = _new_category(tx, village_id, cat, next_order)
            next_order += 1
        count += _copy_items(tx, category, items)
    if count:
        tx.audit(
            "rules.copy_template",
            "village",
            village_id,
            f"从模板“{template['name']}”复制积分细则 {count} 项",
            village_id=village_id,
        )
        tx.changed(Change.RULES)
    return count
