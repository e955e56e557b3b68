"""The rule catalog (积分细则): the township template shipped as data, a village's own copy, and
editing it. Entries copy a rule's code, name and points when recorded, so an edit here never
changes what was already recorded.
"""

from __future__ import annotations

import builtins
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy import func, select

from . import authz
from .choices import APPLIES_NAMES as APPLIES_NAMES
from .choices import CAP_NAMES as CAP_NAMES
from .choices import DIRECTION_NAMES
from .errors import NotFound, ValidationError
from .pinyin_keys import text_keys
from .rule_compare import Comparison, compare
from .rule_evidence import SWITCH_TEXT, evidence_waived, observations_allowed
from .rule_template import ITEM_FIELDS, copy_template, current_template, optional_as_template
from .schema import RuleCategory, RuleItem, Village
from .tx import Change, Op, Tx, row_values

if TYPE_CHECKING:
    from .ledger import Ledger

Coded = TypeVar("Coded", RuleItem, RuleCategory)


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
    source: str = ""

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


def short_source(source: str) -> str:
    """A source's first part, for a narrow column: ``篇7 一、1`` of ``篇7 一、1（种子001第206行）``,
    ``非方案原文`` of the optional set's; the village's own items have none (本村自订)."""
    return source.split("（")[0].split("：")[0].strip() or "本村自订"


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
        rule.source,
    )


@dataclass(frozen=True)
class CategoryInfo:
    id: str
    code: str
    name: str
    item_count: int


def _check_category_code(code: str) -> str:
    code = code.strip().upper()
    if not re.fullmatch(r"[A-Z][A-Z0-9]{0,7}", code):
        raise ValidationError("类别代码应以字母开头，最多8位字母或数字，如 G 或 G1。", field="code")
    return code


def _check_category_name(name: str) -> str:
    name = name.strip()
    if not name:
        raise ValidationError("类别名称不能为空。", field="name")
    if len(name) > 64:
        raise ValidationError("类别名称太长（最多64个字）。", field="name")
    return name


def _check_rule_code(code: str) -> None:
    """A rule's code: a letter, then letters or digits, 2 to 16 in all (B20)."""
    if not re.fullmatch(r"[A-Za-z][A-Za-z0-9]{1,15}", code.strip()):
        raise ValidationError(
            "细则编号应以字母开头，由2到16位字母或数字组成，如 B20。", field="code"
        )


def _coded(tx: Tx, kind: type[Coded], village_id: str, code: str) -> Coded | None:
    """The village's rule item or category of ``code`` (codes are kept in capitals)."""
    return tx.session.scalars(
        select(kind).where(kind.village_id == village_id, kind.code == code.strip().upper())
    ).first()


def _refuse_taken_code(tx: Tx, village_id: str, code: str) -> None:
    """Refuse a rule code the village has already (codes are kept in capitals)."""
    if _coded(tx, RuleItem, village_id, code) is not None:
        raise ValidationError(f"细则编号 {code.upper()} 已被占用，请换一个。", field="code")


def _check_rule_name(name: str) -> str:
    name = str(name).strip()
    if not name:
        raise ValidationError("细则名称不能为空。", field="name")
    return name


def _category(tx: Tx, village_id: str, code: str) -> RuleCategory:
    category = _coded(tx, RuleCategory, village_id, code)
    if category is None:
        raise NotFound(f"找不到细则类别“{code}”。", field="category")
    return category


def _next_order(tx: Tx, category_id: str) -> int:
    count = tx.session.scalar(
        select(func.count()).select_from(RuleItem).where(RuleItem.category_id == category_id)
    )
    return count or 0


def check_applies(applies_to: str, kind: str) -> None:
    """``all`` (农户和单位) is for the items not recorded directly, such as 弄虚作假 (seed 001
    篇7 四、13: 个人、家庭或者单位); a recorded item is for households or for units."""
    if applies_to not in APPLIES_NAMES:
        raise ValidationError("适用于只能是农户（household）、单位（unit）或农户和单位（all）。")
    if applies_to == "all" and kind == "normal":
        raise ValidationError(
            "直接录入的细则请选适用于农户或单位；“农户和单位”只用于弄虚作假这类细则。",
            field="applies_to",
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
        _check_updatable(changes)
        if "name" in changes:
            changes["name"] = _check_rule_name(changes["name"])
        category_code = changes.pop("category_code", None)

        def work(tx: Tx) -> RuleInfo:
            rule = _rule_by_code(tx, village_id, code)
            before = row_values(rule)
            for key, value in changes.items():
                setattr(rule, key, value)
            if category_code is not None:
                rule.category_id = _category(tx, village_id, category_code).id
            check_points(rule.direction, rule.points_min, rule.points_max)
            check_applies(rule.applies_to, rule.kind)
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
        check_applies(flags.get("applies_to", "household"), "normal")
        name = _check_rule_name(name)
        _check_rule_code(code)

        def work(tx: Tx) -> RuleInfo:
            category = _category(tx, village_id, category_code)
            _refuse_taken_code(tx, village_id, code)
            rule = RuleItem(
                village_id=village_id,
                category_id=category.id,
                code=code.strip().upper(),
                name=name,
                direction=direction,
                points_min=points_min,
                points_max=points_max,
                kind="normal",
                active=True,
                sort_order=_next_order(tx, category.id),
                **flags,
            )
            tx.created(
                rule, "rule.create", f"新增积分细则 {rule.code} {rule.name}", village_id=village_id
            )
            tx.changed(Change.RULES)
            return rule_info(rule, category)

        return self.ledger.run(work)

    # -- categories and the template -------------------------------------------------------

    def categories(self, village_id: str) -> builtins.list[CategoryInfo]:
        authz.require_village(self.ledger.actor, village_id)
        with self.ledger.read() as s:
            counts = dict(
                s.execute(
                    select(RuleItem.category_id, func.count())
                    .where(RuleItem.village_id == village_id, ~RuleItem.is_deleted)
                    .group_by(RuleItem.category_id)
                ).all()
            )
            rows = s.scalars(
                select(RuleCategory)
                .where(RuleCategory.village_id == village_id, ~RuleCategory.is_deleted)
                .order_by(RuleCategory.sort_order, RuleCategory.code)
            )
            return [CategoryInfo(c.id, c.code, c.name, counts.get(c.id, 0)) for c in rows]

    def add_category(self, village_id: str, code: str, name: str) -> Op[CategoryInfo]:
        authz.require(self.ledger.actor, authz.ADMIN_ROLES, "新增细则类别")
        authz.require_village(self.ledger.actor, village_id)
        code = _check_category_code(code)
        name = _check_category_name(name)

        def work(tx: Tx) -> CategoryInfo:
            taken = tx.session.scalars(
                select(RuleCategory.id).where(
                    RuleCategory.village_id == village_id, RuleCategory.code == code
                )
            ).first()
            if taken:
                raise ValidationError(f"类别代码 {code} 已被占用，请换一个。", field="code")
            order = tx.session.scalar(
                select(func.count())
                .select_from(RuleCategory)
                .where(RuleCategory.village_id == village_id)
            )
            category = RuleCategory(
                village_id=village_id, code=code, name=name, sort_order=order or 0
            )
            tx.created(
                category, "rule.category", f"新增细则类别 {code} {name}", village_id=village_id
            )
            tx.changed(Change.RULES)
            return CategoryInfo(category.id, code, name, 0)

        return self.ledger.run(work)

    def rename_category(self, village_id: str, code: str, name: str) -> Op[CategoryInfo]:
        """Rename a category. Entries keep the item names they were recorded with."""
        authz.require(self.ledger.actor, authz.ADMIN_ROLES, "修改细则类别")
        authz.require_village(self.ledger.actor, village_id)
        name = _check_category_name(name)

        def work(tx: Tx) -> CategoryInfo:
            category = _category(tx, village_id, code)
            before = row_values(category)
            category.name = name
            tx.updated(
                category,
                "rule.category",
                f"细则类别 {category.code} 改名为 {name}",
                village_id=village_id,
                before=before,
            )
            tx.changed(Change.RULES)
            return CategoryInfo(category.id, category.code, name, _next_order(tx, category.id))

        return self.ledger.run(work)

    def copy_template(self, village_id: str) -> Op[int]:
        """Copy the template's items the village lacks (all of it for an empty catalog).
        Items the village already has, edited or not, are left exactly as they are."""
        authz.require(self.ledger.actor, authz.ADMIN_ROLES, "从模板复制积分细则")
        authz.require_village(self.ledger.actor, village_id)
        template = current_template(self.ledger.folder)
        return self.ledger.run(lambda tx: copy_template(tx, village_id, template))

    def add_optional(self, village_id: str) -> Op[int]:
        """Add the optional set 常用扣分项（非方案原文）: the items not in the seeds, in a category
        of their own; codes the village already has (an old template's A16 …) are left alone."""
        authz.require(self.ledger.actor, authz.ADMIN_ROLES, "加入常用扣分项")
        authz.require_village(self.ledger.actor, village_id)
        extra = optional_as_template(current_template(self.ledger.folder))
        return self.ledger.run(lambda tx: copy_template(tx, village_id, extra))

    # -- 与方案原文对照 -----------------------------------------------------------------------

    def compare_with_seed(self, village_id: str) -> Comparison:
        """The village's catalog against seed 001 篇7's (stopped items included)."""
        return compare(self.list(village_id, include_inactive=True))

    def adopt_seed(self, village_id: str, code: str) -> Op[RuleInfo]:
        """Give one item the seed's values where they differ (an audited ``rule.update``)."""
        row = self.compare_with_seed(village_id).find(code)
        if row is None or not row.fields:
            raise ValidationError(f"细则 {code.upper()} 没有与方案原文不同的分值或要求，不用采用。")
        return self.update(village_id, row.code, **row.seed_values())

    def observations_without_evidence(self, village_id: str) -> bool:
        """Whether recorders' own observations may go without a photo (``rule_evidence``)."""
        authz.require_village(self.ledger.actor, village_id)
        with self.ledger.read() as s:
            return observations_allowed(s.get(Village, village_id))

    def evidence_waived(self, village_id: str, source: str) -> bool:
        """Whether an entry from ``source`` may go without evidence on an evidence-required rule
        of this village (``rule_evidence.evidence_waived``: what the entry form tells the clerk)."""
        authz.require_village(self.ledger.actor, village_id)
        with self.ledger.read() as s:
            return evidence_waived(s, village_id, source)

    def set_observations_without_evidence(self, village_id: str, allowed: bool) -> Op[bool]:
        """Switch it; audited and synced with the village's other settings."""
        authz.require(self.ledger.actor, authz.ADMIN_ROLES, "修改证明材料要求")
        authz.require_village(self.ledger.actor, village_id)

        def work(tx: Tx) -> bool:
            village = tx.session.get(Village, village_id)
            if village is None:
                raise NotFound("找不到这个村。")
            before = row_values(village)
            village.observations_without_evidence = allowed
            state = "允许" if allowed else "不再允许"
            tx.updated(
                village, "village.update", f"{state}{SWITCH_TEXT}", village_id=village_id,
                before=before,
            )  # fmt: skip
            tx.changed(Change.VILLAGE)
            return allowed

        return self.ledger.run(work)


def _check_updatable(changes: dict[str, Any]) -> None:
    """Refuse fields a rule item's update cannot change (its code and kind, unknown names)."""
    allowed = set(ITEM_FIELDS) - {"code", "kind"} | {"active", "category_code"}
    unknown = set(changes) - allowed
    if unknown:
        raise ValidationError(f"不能修改细则的这些字段：{'、'.join(sorted(unknown))}。")


def _rule_by_code(tx: Tx, village_id: str, code: str) -> RuleItem:
    rule = tx.session.scalars(
        select(RuleItem).where(RuleItem.village_id == village_id, RuleItem.code == code.upper())
    ).first()
    if rule is None:
        raise NotFound(f"找不到积分细则“{code}”。")
    return rule
