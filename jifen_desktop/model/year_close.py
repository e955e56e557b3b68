"""年度结转 (year-end close) of a village: the steps in order, each idempotent, with where each
stands derived from the ledger itself (awards, the year's closing row, base entries and the
withholdings in the audit log, the archive's and the backup's audit rows) — never a side file,
so a close switched off half way is simply run again and goes on where it stopped.

1. ``open``: what the year leaves open (``year_close_open``): shown, with where to go.
2. ``honours``: the year's honours (top N / a grade / above average; vetoed households apart),
   confirmed and recorded as honour records (``calendar.honour_awards``).
3. ``expiry``: 年底清零 for a village whose policy is year_end (``store.expiry``).
4. ``base``: the new year's base points with the withhold list (``year_close_base``).
5. ``archive`` and 6. ``backup``: written by ``reports.year_close_run`` (files are not the
   model's business); this module records and reads their audit rows.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from . import authz, periods
from .base_points import BaseResult, give
from .base_withhold import withhold_rules
from .calendar.honour_awards import AwardInfo, AwardResult, HonourAwardService
from .calendar.honours import Honours
from .errors import ValidationError
from .ids import new_id
from .rankings import RankRow
from .schema import AuditRow, Village
from .store.expiry import year_end_closing
from .tx import Change, Op, Tx
from .year_close_base import (
    NewYearBase,
    deduct_rules,
    new_year_base,
    write_withhold_rules,
)
from .year_close_open import OpenItem, open_items

if TYPE_CHECKING:
    from .ledger import Ledger

STEP_TITLES = {
    "open": "未了结事项",
    "honours": "评先评优",
    "expiry": "年底清零",
    "base": "新年度基础分",
    "archive": "年度档案",
    "backup": "备份",
}
ARCHIVE_ACTION = "year_close.archive"
BACKUP_ACTION = "year_close.backup"
HOW_NAMES = {"top": "前几名", "above_average": "高于平均分", "grade": "评星定级"}


@dataclass(frozen=True)
class HonourChoice:
    """How the year's honour is chosen: the title, and top N / above average / a grade."""

    title: str = "十星级文明户"
    how: str = "top"  # top | above_average | grade
    top_n: int = 10
    grade: str = ""

    def candidates(self, honours: Honours) -> list[tuple[RankRow, str]]:
        """The households the choice names, each with its basis (vetoed ones never)."""
        if self.how == "above_average":
            return [
                (r, f"高于平均分{honours.average:.1f}（{r.points}分）")
                for r in honours.above_average
            ]
        if self.how == "grade":
            return self._graded(honours)
        return [(r, f"前{self.top_n}名（第{r.rank}名，{r.points}分）") for r in honours.top]

    def _graded(self, honours: Honours) -> list[tuple[RankRow, str]]:
        """The households of the chosen grade (评星定级), each with its basis."""
        rows = next((rows for g, rows in honours.grades if g.name == self.grade), None)
        if rows is None:
            raise ValidationError(f"本村没有“{self.grade}”这个等级。", field="grade")
        return [(r, f"评星定级：{self.grade}（{r.points}分）") for r in rows]


@dataclass(frozen=True)
class Recorded:
    """An archive or a backup the close made: when, where, and the files."""

    at: dt.datetime
    where: str
    files: tuple[str, ...]


@dataclass(frozen=True)
class YearCloseStatus:
    year: int
    today: dt.date
    open_items: tuple[OpenItem, ...]
    honours: Honours
    awarded: tuple[AwardInfo, ...]  # honour records of the year, in force
    year_end_policy: bool  # the village clears available points at year end
    expired: dt.datetime | None  # when the year's 年底清零 was done
    base: NewYearBase | None  # None: the new year has not begun
    archive: Recorded | None
    backup: Recorded | None
    deduct_rules: tuple[tuple[str, str], ...]  # (code, name) of the village's deductions
    withhold_rules: tuple[str, ...]  # the codes marked as disqualifying

    @property
    def next_year(self) -> int:
        return self.year + 1

    @property
    def year_over(self) -> bool:
        return self.today.year > self.year

    def done(self, step: str) -> bool:
        return {
            "open": not self.open_items,
            "honours": bool(self.awarded),
            "expiry": not self.year_end_policy or self.expired is not None,
            "base": self.base is not None and self.base.done,
            "archive": self.archive is not None,
            "backup": self.backup is not None,
        }[step]

    def blocked(self, step: str) -> str:
        """Why a step cannot run yet ("" when it can)."""
        if step == "expiry" and self.year_end_policy and not self.year_over:
            return f"年底清零要到{self.next_year}年1月1日以后才能做。"
        if step == "base" and self.base is None:
            return f"{self.next_year}年度基础分要到{self.next_year}年1月1日以后才能发。"
        return ""

    def detail(self, step: str) -> str:
        """One line on where the step stands."""
        return _DETAILS[step](self)


def _open_detail(s: YearCloseStatus) -> str:
    return f"还有 {len(s.open_items)} 项没了结" if s.open_items else "没有未了结的事项"


def _honours_detail(s: YearCloseStatus) -> str:
    if not s.awarded:
        return "还没有记录本年度的荣誉称号"
    titles = sorted({a.title for a in s.awarded})
    return f"已记录 {len(s.awarded)} 户：{'、'.join(titles)}"


def _expiry_detail(s: YearCloseStatus) -> str:
    if not s.year_end_policy:
        return "本村可用积分跨年结转，不清零"
    return f"已于 {s.expired:%Y-%m-%d %H:%M} 清零" if s.expired else "还没有清零"


def _base_detail(s: YearCloseStatus) -> str:
    if s.base is None:
        return s.blocked("base")
    b = s.base
    return (
        f"已发 {b.plan.already} 户，待发 {b.to_give} 户，不发 {len(b.withhold)} 户"
        f"（每户 {b.plan.points} 分）"
    )


def _recorded_detail(r: Recorded | None, what: str) -> str:
    return f"已于 {r.at:%Y-%m-%d %H:%M} {what}到 {r.where}" if r else f"还没有{what}"


_DETAILS = {
    "open": _open_detail,
    "honours": _honours_detail,
    "expiry": _expiry_detail,
    "base": _base_detail,
    "archive": lambda s: _recorded_detail(s.archive, "存档"),
    "backup": lambda s: _recorded_detail(s.backup, "备份"),
}


class YearCloseService:
    """年度结转: where a village's year stands, and its model steps."""

    def __init__(self, ledger: Ledger) -> None:
        self.ledger = ledger

    def status(
        self, village_id: str, year: int, choice: HonourChoice | None = None
    ) -> YearCloseStatus:
        authz.require_village(self.ledger.actor, village_id)
        periods.check_year(year)
        today = dt.date.today()
        choice = choice or HonourChoice()
        honours = self.ledger.honours.honours(village_id, periods.year(year), max(1, choice.top_n))
        awarded = HonourAwardService(self.ledger).list(village_id, str(year), in_force=True)
        with self.ledger.read() as s:
            village = s.get(Village, village_id)
            assert village is not None
            closing = year_end_closing(s, village_id, year)
            expired = closing.recorded_at if closing else None
            base = new_year_base(s, village_id, year, today) if year < today.year else None
            rules, marked = deduct_rules(s, village_id), withhold_rules(village)
            archive = _recorded(s, village_id, ARCHIVE_ACTION, year)
            backup = _recorded(s, village_id, BACKUP_ACTION, year)
        return YearCloseStatus(
            year,
            today,
            tuple(open_items(self.ledger, village_id, year, today)),
            honours,
            tuple(awarded),
            village.available_policy == "year_end",
            expired,
            base,
            archive,
            backup,
            tuple(rules),
            tuple(marked),
        )

    def award_honours(
        self,
        village_id: str,
        year: int,
        choice: HonourChoice,
        meeting_on: dt.date,
        household_ids: Sequence[str] | None = None,
    ) -> Op[AwardResult]:
        """Record the chosen households' honour (all the choice names unless ``household_ids``
        narrows it); those recorded already are left alone."""
        authz.require(self.ledger.actor, authz.ADMIN_ROLES, "年度结转")
        honours = self.ledger.honours.honours(village_id, periods.year(year), max(1, choice.top_n))
        named = dict((r.household_id, basis) for r, basis in choice.candidates(honours))
        chosen = [h for h in (household_ids if household_ids is not None else named) if h]
        stray = [h for h in chosen if h not in named]
        if stray:
            raise ValidationError("所选的户不在这次评选的名单里，请刷新名单后再选。")
        if not chosen:  # nobody qualifies, or the admin ticked nobody: nothing to record
            return Op(AwardResult((), ()), Change.NONE)
        how = choice.how if choice.how in HOW_NAMES else "hand"
        return HonourAwardService(self.ledger).award(
            village_id, chosen, choice.title, str(year), meeting_on, how, named
        )

    def give_base(
        self, village_id: str, year: int, withhold: Mapping[str, str] | None = None
    ) -> Op[BaseResult]:
        """Give ``year + 1``'s base points; ``withhold`` None: the default list (vetoes,
        earlier choices, disqualifying deductions), each written in the audit log."""
        authz.require(self.ledger.actor, authz.ADMIN_ROLES, "发放基础分")
        authz.require_village(self.ledger.actor, village_id)

        def work(tx: Tx) -> BaseResult:
            proposed = new_year_base(tx.session, village_id, year, tx.now.date())
            chosen = proposed.withhold if withhold is None else withhold
            # A household given its base points since the list was read is no longer withheld.
            waiting = {c.household_id for c in proposed.plan.candidates}
            return give(tx, village_id, year + 1, {h: r for h, r in chosen.items() if h in waiting})

        return self.ledger.run(work)

    def set_withhold_rules(self, village_id: str, codes: Sequence[str]) -> Op[list[str]]:
        """Mark the deduction rules that withhold the next year's base points."""
        authz.require(self.ledger.actor, authz.ADMIN_ROLES, "设置不发基础分的扣分项目")
        authz.require_village(self.ledger.actor, village_id)
        return self.ledger.run(lambda tx: write_withhold_rules(tx, village_id, codes))

    def record(
        self, village_id: str, year: int, step: str, where: Path, files: Sequence[str]
    ) -> None:
        """The archive or backup of the year made: one audit row that the status reads."""
        authz.require(self.ledger.actor, authz.ADMIN_ROLES, "年度结转")
        action = {"archive": ARCHIVE_ACTION, "backup": BACKUP_ACTION}[step]
        what = "年度档案" if step == "archive" else "备份"
        self.ledger.run(
            lambda tx: tx.audit(
                action,
                "year_close",
                new_id(),
                f"{year}年度结转：{what}已保存到 {where}（{len(files)} 个文件）",
                village_id=village_id,
                after={"year": year, "where": str(where), "files": list(files)},
            )
        )


def _recorded(s: Session, village_id: str, action: str, year: int) -> Recorded | None:
    rows = s.execute(
        select(AuditRow.at, AuditRow.after_json)
        .where(AuditRow.village_id == village_id, AuditRow.action == action)
        .order_by(AuditRow.at.desc(), AuditRow.seq.desc())
    )
    for at, after_json in rows:
        after = json.loads(after_json or "{}")
        if after.get("year") == year:
            return Recorded(at, after.get("where", ""), tuple(after.get("files", ())))
    return None
