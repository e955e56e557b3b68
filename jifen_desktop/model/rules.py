"""The rule catalog (积分细则): the township template shipped as data, a village's own copy, and
editing it. Entries copy a rule's code, name and points when recorded, so an edit here never
changes what was already recorded.
"""

from __future__ import annotations

import builtins
import json
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from . import authz, paths
from .errors import NotFound, ValidationError
from .pinyin_keys import text_keys
from .tables import RuleCategory, RuleItem
from .tx import Change, Op, Tx, row_values

if TYPE_CHECKING:
    from .ledger import Ledger

TEMPLATE_FILE = "rule_template.json"
CAP_NAMES = {"each": "每次", "month": "当月", "year": "当年"}
DIRECTION_NAMES = {"add": "加分", "deduct": "扣分"}
APPLIES_NAMES = {"household": "农户", "unit": "单位"}


@dataclass(frozen=True)
class RuleInfo:
    id: str
    code: str
    name: str
    category_code: str
    category_name: str
    direction: str
    points_min: int
    points_max: int
    period_cap: str
    applies_to: str
    evidence_required: bool
    counts_people: bool
    kind: str
    active: bool

    @property
    def fixed(self) -> bool:
        return self.points_min == self.points_max

    @property
    def sign(self) -> int:
        return 1 if self.direction == "add" else -1

    def points_text(self) -> str:
        verb = "加" if self.direction == "add" else "扣"
        amount = str(self.points_min) if self.fixed else f"{self.points_min}-{self.points_max}"
        per = "每人" if self.counts_people else ""
        return f"{per}{verb}{amount}分"


@cache
def load_template() -> dict[str, Any]:
    """The default catalog (from seed 001, 篇7 and 篇5), as shipped in resources/."""
    with open(paths.resources_dir() / TEMPLATE_FILE, encoding="utf-8") as f:
        data: dict[str, Any] = json.load(f)
    if data.get("format") != 1:
        raise ValidationError("积分细则模板的格式版本不认识，请更新积分台账程序。")
    return data


def copy_template(tx: Tx, village_id: str, template: dict[str, Any] | None = None) -> int:
    """Copy the template's categories and items into a village; returns the item count."""
    template = template or load_template()
    count = 0
    for c_order, cat in enumerate(template["categories"]):
        category = RuleCategory(
            village_id=village_id, code=cat["code"], name=cat["name"], sort_order=c_order
        )
        tx.add(category)
        tx.session.flush()
        for i_order, item in enumerate(cat["items"]):
            rule = RuleItem(
                village_id=village_id,
                category_id=category.id,
                sort_order=i_order,
                active=True,
                **{k: item[k] for k in _ITEM_FIELDS},
            )
            tx.add(rule)
            count += 1
    tx.audit(
        "rules.copy_template",
        "village",
        village_id,
        f"从模板“{template['name']}”复制积分细则 {count} 项",
        village_id=village_id,
    )
    tx.changed(Change.RULES)
    return count


_ITEM_FIELDS = (
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


def rule_info(rule: RuleItem, category: RuleCategory) -> RuleInfo:
    return RuleInfo(
        rule.id,
        rule.code,
        rule.name,
        category.code,
        category.name,
        rule.direction,
        rule.points_min,
        rule.points_max,
        rule.period_cap,
        rule.applies_to,
        rule.evidence_required,
        rule.counts_people,
        rule.kind,
        rule.active,
    )


def check_points(direction: str, points_min: int, points_max: int) -> None:
    if direction not in DIRECTION_NAMES:
        raise ValidationError("方向只能是加分（add）或扣分（deduct）。", field="direction")
    if points_min < 0 or points_max < points_min:
        raise ValidationError(
            "分值范围不对：最低分不能小于0，最高分不能小于最低分。", field="points"
        )


class RuleService:
    def __init__(self, ledger: Ledger) -> None:
        self.ledger = ledger

    def list(
        self, village_id: str, *, include_inactive: bool = False, query: str = ""
    ) -> builtins.list[RuleInfo]:
        """The village's rules in catalog order; ``query`` matches code, name or pinyin."""
        authz.require_village(self.ledger.actor, village_id)
        with self.ledger.read() as s:
            stmt = (
                select(RuleItem, RuleCategory)
                .join(RuleCategory, RuleItem.category_id == RuleCategory.id)
                .where(RuleItem.village_id == village_id, ~RuleItem.is_deleted)
                .order_by(RuleCategory.sort_order, RuleItem.sort_order)
            )
            if not include_inactive:
                stmt = stmt.where(RuleItem.active)
            rules = [rule_info(r, c) for r, c in s.execute(stmt)]
        if query:
            q = query.strip().lower()
            rules = [
                r
                for r in rules
                if r.code.lower().startswith(q)
                or q in r.name
                or any(q in key for key in text_keys(r.name))
            ]
        return rules

    def get(self, village_id: str, code_or_id: str) -> RuleInfo:
        with self.ledger.read() as s:
            row = s.execute(
                select(RuleItem, RuleCategory)
                .join(RuleCategory, RuleItem.category_id == RuleCategory.id)
                .where(
                    RuleItem.village_id == village_id,
                    (RuleItem.code == code_or_id.upper()) | (RuleItem.id == code_or_id),
                )
            ).first()
        if row is None:
            raise NotFound(
                f"找不到积分细则“{code_or_id}”，请用 jifen rule list 查看本村的细则编号。"
            )
        return rule_info(*row)

    def update(self, village_id: str, code: str, **changes: Any) -> Op[RuleInfo]:
        """Edit a rule item (name, points, cap, flags, active). Past entries keep their copy."""
        authz.require(self.ledger.actor, authz.ADMIN_ROLES, "修改积分细则")
        authz.require_village(self.ledger.actor, village_id)
        allowed = set(_ITEM_FIELDS) - {"code", "kind"} | {"active"}
        unknown = set(changes) - allowed
        if unknown:
            raise ValidationError(f"不能修改细则的这些字段：{'、'.join(sorted(unknown))}。")

        def work(tx: Tx) -> RuleInfo:
            rule = tx.session.scalars(
                select(RuleItem).where(
                    RuleItem.village_id == village_id, RuleItem.code == code.upper()
                )
            ).first()
            if rule is None:
                raise NotFound(f"找不到积分细则“{code}”。")
            before = row_values(rule)
            for key, value in changes.items():
                setattr(rule, key, value)
            check_points(rule.direction, rule.points_min, rule.points_max)
            tx.updated(
                rule,
                "rule.update",
                f"修改积分细则 {rule.code} {rule.name}",
                village_id=village_id,
                before=before,
            )
            tx.changed(Change.RULES)
            category = tx.session.get(RuleCategory, rule.category_id)
            assert category is not None
            return rule_info(rule, category)

        return self.ledger.run(work)

    def add(
        self,
        village_id: str,
        category_code: str,
        code: str,
        name: str,
        direction: str,
        points_min: int,
        points_max: int,
        **flags: Any,
    ) -> Op[RuleInfo]:
        """Add a village's own rule item to one of its categories."""
        authz.require(self.ledger.actor, authz.ADMIN_ROLES, "新增积分细则")
        authz.require_village(self.ledger.actor, village_id)
        check_points(direction, points_min, points_max)
        if not name.strip():
            raise ValidationError("细则名称不能为空。", field="name")

        def work(tx: Tx) -> RuleInfo:
            category = tx.session.scalars(
                select(RuleCategory).where(
                    RuleCategory.village_id == village_id,
                    RuleCategory.code == category_code.upper(),
                )
            ).first()
            if category is None:
                raise NotFound(f"找不到细则类别“{category_code}”。")
            taken = tx.session.scalars(
                select(RuleItem.id).where(
                    RuleItem.village_id == village_id, RuleItem.code == code.upper()
                )
            ).first()
            if taken:
                raise ValidationError(f"细则编号 {code.upper()} 已被占用，请换一个。", field="code")
            rule = RuleItem(
                village_id=village_id,
                category_id=category.id,
                code=code.upper(),
                name=name.strip(),
                direction=direction,
                points_min=points_min,
                points_max=points_max,
                kind="normal",
                active=True,
                sort_order=1000,
                **flags,
            )
            tx.created(
                rule, "rule.create", f"新增积分细则 {rule.code} {rule.name}", village_id=village_id
            )
            tx.changed(Change.RULES)
            return rule_info(rule, category)

        return self.ledger.run(work)
