"""纸质检查表: what a grid's paper check sheet holds and how its ticks come back as one batch.

A sheet is one grid's active accounts (农户 or 单位, as the chosen items apply to) in household
order, one tick column per chosen rule item (fixed points, recorded directly: up to
``MOST_ITEMS``), and a check date. The printout (``reports.check_sheet``) and the screen that
takes the ticks back (``ui.check_sheet_dialog``) are both laid out from this one description,
column headers included.

The ticks come back as drafts with their source: the grid's recorder (网格员记录) or a 抽检 by
named inspectors (检查评比, the names in each entry's note), with the signed sheet's photo or
scan as every entry's evidence when one is given. ``refusals`` checks every draft
the way recording does (caps 当月/当年 included) without writing anything, so the screen can
show each refused tick on its row; ``record`` writes the drafts through the entry service's
batch registration: one transaction, one batch id, all or nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from . import authz, text_fields
from .entry_checks import EntryChecker, EntryDraft
from .entry_queries import EntryInfo
from .errors import DomainError, ValidationError
from .households import HouseholdInfo
from .rules import CAP_NAMES, RuleInfo
from .tx import Op

if TYPE_CHECKING:
    from .ledger import Ledger

MOST_ITEMS = 10  # what an A4 sheet holds side by side at 10 pt (landscape past ``PORTRAIT_MOST``)
PORTRAIT_MOST = 6
SHORT_NAME = 8  # characters of an item's name in its column header
SOURCE_NAMES = {"recorder": "网格员检查", "inspection": "抽检"}
INSPECTORS_MOST = 60


@dataclass(frozen=True)
class SheetItem:
    """One tick column: the rule and its header's three lines (code, short name, points)."""

    rule: RuleInfo

    @property
    def header(self) -> tuple[str, str, str]:
        name = self.rule.name
        short = name if len(name) <= SHORT_NAME else name[: SHORT_NAME - 1] + "…"
        return self.rule.code, short, f"{self.rule.sign * self.rule.points_min:+d}分"

    @property
    def legend(self) -> str:
        """The item in full for the sheet's key: code, name, points and its cap."""
        cap = "" if self.rule.period_cap == "each" else f"，{CAP_NAMES[self.rule.period_cap]}限一次"
        return f"{self.rule.code} {self.rule.name}（{self.rule.points_text()}{cap}）"


@dataclass(frozen=True)
class CheckSheet:
    village_name: str
    grid_id: str
    grid_name: str
    day: dt.date | None  # the check date, or None: written in by hand
    items: list[SheetItem]
    households: list[HouseholdInfo]
    mask_names: bool

    @property
    def title(self) -> str:
        return f"{self.village_name}{self.grid_name}积分检查表"


@dataclass(frozen=True)
class SheetSource:
    """Who checked: the grid's recorder, or a 抽检 by the named inspectors."""

    kind: str = "recorder"  # recorder | inspection
    inspectors: str = ""
    # The signed sheet, photographed or scanned: the evidence of every entry it gives (stored
    # once, by its content), so that items asking for evidence can be ticked on paper too.
    evidence: tuple[Path, ...] = ()

    def note(self, grid_name: str) -> str:
        if self.kind == "inspection":
            return f"抽检（纸质检查表，{grid_name}），检查人：{self.inspectors.strip()}"
        return f"网格员检查（纸质检查表，{grid_name}）"

    def check(self) -> None:
        if self.kind not in SOURCE_NAMES:
            raise ValidationError("检查来源只能是网格员检查或抽检。", field="source")
        if self.kind == "inspection":
            self._check_inspectors()

    def _check_inspectors(self) -> None:
        """An inspection names its inspectors, within the length a sheet holds."""
        names = self.inspectors.strip()
        if not names:
            raise ValidationError(
                "抽检请写上检查人的姓名（几个人用顿号隔开），再登记。", field="inspectors"
            )
        text_fields.clean_text(names, "检查人", INSPECTORS_MOST, field="inspectors")


def sheet_items(ledger: Ledger, village_id: str, codes: Sequence[str]) -> list[SheetItem]:
    """The chosen items in the order given, each checked to be tickable on paper."""
    wanted = [c.strip().upper() for c in codes if c.strip()]
    if not wanted:
        raise ValidationError("请至少选一条细则（例如 E08）作为检查表的一栏。", field="items")
    if len(wanted) > MOST_ITEMS:
        raise ValidationError(
            f"一张检查表最多 {MOST_ITEMS} 栏（现在选了 {len(wanted)} 条），请分成两张表。",
            field="items",
        )
    if len(set(wanted)) != len(wanted):
        raise ValidationError("同一条细则选了两次，请去掉重复的。", field="items")
    items = [SheetItem(_tickable(ledger.rules.get(village_id, code))) for code in wanted]
    kinds = {item.rule.applies_to for item in items}
    if len(kinds) > 1:
        raise ValidationError(
            "所选细则有的适用于农户、有的适用于单位，请分开打两张检查表。", field="items"
        )
    return items


def _tickable(rule: RuleInfo) -> RuleInfo:
    label = f"细则 {rule.code}“{rule.name}”"
    if not rule.active:
        raise ValidationError(f"{label}已停用，不能放进检查表。", field="items")
    if rule.kind != "normal":
        raise ValidationError(f"{label}不能直接录入，不能放进检查表。", field="items")
    if not rule.fixed:
        raise ValidationError(
            f"{label}的分值是一个范围（{rule.points_text()}），要逐户填分，"
            "请在积分录入里逐条录入；检查表只放固定分值的细则。",
            field="items",
        )
    return rule


def build_sheet(
    ledger: Ledger,
    village_id: str,
    grid_id: str,
    codes: Sequence[str],
    day: dt.date | None = None,
) -> CheckSheet:
    """The sheet of a grid for the chosen items: its active accounts of the items' kind."""
    items = sheet_items(ledger, village_id, codes)
    village = ledger.villages.get(village_id)
    grids = {g.id: g.name for g in ledger.villages.grids(village_id)}
    if grid_id not in grids:
        raise ValidationError("请选择一个本村的网格。", field="grid")
    kind = items[0].rule.applies_to
    households = ledger.households.list(village_id, grid_id=grid_id, status="active", kind=kind)
    if not households:
        raise ValidationError(
            f"网格“{grids[grid_id]}”没有在册的{'单位' if kind == 'unit' else '农户'}，"
            "换一个网格或换细则。",
            field="grid",
        )
    return CheckSheet(
        village.name, grid_id, grids[grid_id], day, items, households, village.mask_names
    )


def drafts(
    sheet: CheckSheet,
    ticks: Sequence[tuple[str, str]],
    day: dt.date,
    source: SheetSource,
) -> list[EntryDraft]:
    """The ticks ((household id, rule code) pairs) as entry drafts dated ``day``."""
    source.check()
    if not ticks:
        raise ValidationError("表上还没有打勾：用方向键移到格子上，按空格打勾。")
    kind = "inspection" if source.kind == "inspection" else "recorder"
    note = source.note(sheet.grid_name)
    return [
        EntryDraft(h, code, day, note=note, source=kind, evidence=source.evidence)
        for h, code in ticks
    ]


def refusals(ledger: Ledger, village_id: str, sheet_drafts: Sequence[EntryDraft]) -> list[str]:
    """For each draft, why recording would refuse it ("" where it would be recorded), checked
    as one batch (two ticks of one monthly item: the second is refused). Writes nothing."""
    authz.require(ledger.actor, authz.RECORD_ROLES)
    authz.require_village(ledger.actor, village_id)
    found = []
    with ledger.read() as session:
        checker = EntryChecker(session, ledger.actor, village_id)
        checker.prefetch(sheet_drafts)
        for draft in sheet_drafts:
            try:
                checker.check(draft)
            except DomainError as exc:
                found.append(exc.message)
            else:
                found.append("")
    return found


def record(
    ledger: Ledger, village_id: str, sheet_drafts: Sequence[EntryDraft]
) -> Op[list[EntryInfo]]:
    """Record the drafts as one batch (one transaction; all or none), pending review."""
    return ledger.entries.record_many(village_id, sheet_drafts, batch=True)
