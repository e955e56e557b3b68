"""积分台账 in Excel: every entry of a period with its household, item, points and status, who
recorded it and when, how it was decided; and the household table with its balances."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from jifen_desktop.model import periods
from jifen_desktop.model.balances import Balance
from jifen_desktop.model.entry_queries import KIND_NAMES, EntryInfo
from jifen_desktop.model.errors import PermissionDenied
from jifen_desktop.model.households import KIND_NAMES as HOUSEHOLD_KINDS
from jifen_desktop.model.households import STATUS_NAMES, HouseholdInfo
from jifen_desktop.model.periods import Period

from .common import (
    Cancel,
    Progress,
    Steps,
    Written,
    check_output,
    grid_name,
    mask_phone,
    printed_on,
)
from .xlsx_sheet import Column, SheetData, save_workbook

if TYPE_CHECKING:
    from jifen_desktop.model.calendar.review import SessionInfo
    from jifen_desktop.model.ledger import Ledger

LEDGER_COLUMNS = (
    Column("日期", "date"),
    Column("户号"),
    Column("户主/单位"),
    Column("网格"),
    Column("事项编号"),
    Column("事项名称"),
    Column("类别"),
    Column("类型"),
    Column("分值", "signed"),
    Column("数量", "int"),
    Column("状态"),
    Column("记录人"),
    Column("记录时间", "datetime"),
    Column("审核"),
    Column("审核人"),
    Column("审核时间", "datetime"),
    Column("补记原日期", "date"),
    Column("成员"),
    Column("说明"),
    Column("记录编号"),
)


def as_period(period: Period | str) -> Period:
    return periods.parse(period) if isinstance(period, str) else period


def write_ledger(
    ledger: Ledger,
    village_id: str,
    period: Period | str,
    path: Path | str,
    *,
    grid_id: str | None = None,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
) -> Written:
    """The 积分台账 of a period (every entry, whatever its status) as an .xlsx at ``path``."""
    target = check_output(path, ".xlsx")
    steps = Steps(progress, cancel)
    chosen = as_period(period)
    steps(0.0, "正在读取积分记录…")
    village = ledger.villages.get(village_id)
    grids = {h.id: h.grid_name for h in ledger.households.list(village_id, grid_id=grid_id)}
    entries = ledger.entries.list(village_id, period=chosen, order="oldest")
    sessions = {s.id: s for s in ledger.review.list(village_id)}
    steps(0.2, "正在整理积分记录…")
    rows = [
        _entry_row(e, grids[e.household_id], sessions) for e in entries if e.household_id in grids
    ]
    scope = grid_name(ledger, village_id, grid_id)
    sheet = SheetData(
        "积分台账",
        f"{village.name}{scope}积分台账（{chosen.label}，共 {len(rows)} 条，{printed_on()}导出）",
        LEDGER_COLUMNS,
        rows,
    )
    count = save_workbook(target, [sheet], steps)
    steps(1.0, "积分台账已导出。")
    return Written(target, rows=count)


def _decision(e: EntryInfo, sessions: dict[str, SessionInfo]) -> str:
    """How an entry was decided: at which review, else why it needed none."""
    session = sessions.get(e.session_id or "")
    if session is not None:
        return session.label
    if e.status == "approved":
        return "登记即通过（活动、冲正、基础分）"
    if e.status == "withdrawn":
        return "本人撤回"
    return ""


def _entry_row(
    e: EntryInfo, grid_name: str, sessions: dict[str, SessionInfo]
) -> tuple[object, ...]:
    notes = [t for t in (e.note, e.reason, e.decision_reason) if t]
    return (
        e.occurred_on,
        e.household_number,
        e.household_name,
        grid_name,
        e.rule_code,
        e.rule_name,
        e.category_name,
        KIND_NAMES.get(e.kind, e.kind) or "普通",
        e.points,
        e.quantity,
        e.status_name,
        e.recorded_by_name,
        e.recorded_at,
        _decision(e, sessions),
        e.decided_by_name,
        e.decided_at,
        e.original_on,
        e.member_name,
        "；".join(notes),
        e.id,
    )


def write_households(
    ledger: Ledger,
    village_id: str,
    path: Path | str,
    *,
    year: int | None = None,
    full_phone: bool = False,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
) -> Written:
    """The household table with each household's points for ``year`` (default this year);
    phone numbers masked (138****5678) unless ``full_phone`` (admins only)."""
    target = check_output(path, ".xlsx")
    if full_phone and ledger.actor.role != "admin":
        raise PermissionDenied("只有管理员可以导出完整的电话号码；请去掉“完整电话”选项再导出。")
    steps = Steps(progress, cancel)
    year = year or dt.date.today().year
    steps(0.0, "正在读取农户…")
    village = ledger.villages.get(village_id)
    households = ledger.households.list(village_id)
    balances = ledger.balances.many(village_id, [h.id for h in households], year)
    phone = (lambda p: p) if full_phone else mask_phone
    rows = [_household_row(h, phone(h.phone), balances[h.id]) for h in households]
    title = f"{village.name}农户积分表（{len(rows)} 户，{printed_on()}导出）"
    sheet = SheetData("农户", title, _household_columns(year), rows)
    count = save_workbook(target, [sheet], steps)
    steps(1.0, "农户表已导出。")
    return Written(target, rows=count)


def _household_columns(year: int) -> tuple[Column, ...]:
    """The household table's columns, ``_household_row``'s cells in order."""
    return (
        Column("户号"),
        Column("类型"),
        Column("户主/单位"),
        Column("网格"),
        Column("地址"),
        Column("联系电话"),
        Column("状态"),
        Column("状态日期", "date"),
        Column("登记日期", "date"),
        Column(f"{year}年度积分", "signed"),
        Column("累计积分", "signed"),
        Column("可用积分", "signed"),
    )


def _household_row(h: HouseholdInfo, phone: str, balance: Balance) -> tuple[object, ...]:
    return (
        h.number,
        HOUSEHOLD_KINDS.get(h.kind, h.kind),
        h.unit_name if h.kind == "unit" else h.head_name,
        h.grid_name,
        h.address,
        phone,
        STATUS_NAMES.get(h.status, h.status),
        h.status_since,
        h.registered_on,
        balance.annual,
        balance.lifetime,
        balance.available,
    )
