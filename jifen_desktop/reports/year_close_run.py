"""Running 年度结转 from start to end, for the wizard and ``jifen year-close run`` alike: the
model's steps (``model.year_close``) and the two that write files — the year archive
(``year_archive``) and the backup — in order, each in its own transaction or file. It lives
here, not in the model, because the archive needs the report makers (the model imports no
reports). A step already done is passed over; so running it again after a cut-short run goes
on where it stopped."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from jifen_desktop.model.backup.service import BackupService
from jifen_desktop.model.year_close import (
    STEP_TITLES,
    HonourChoice,
    YearCloseService,
    YearCloseStatus,
)

from .common import Cancel, Progress, Steps
from .year_archive import write_year_archive

if TYPE_CHECKING:
    from jifen_desktop.model.base_points import BaseResult
    from jifen_desktop.model.calendar.honour_awards import AwardResult
    from jifen_desktop.model.ledger import Ledger

    from .year_archive import ArchiveResult


@dataclass(frozen=True)
class YearClosePlan:
    """What the admin confirmed: each step's choices (None: the step is left out)."""

    year: int
    meeting_on: dt.date
    honour: HonourChoice | None = None
    honour_households: tuple[str, ...] | None = None  # None: every household the choice names
    expire: bool = True
    give_base: bool = True
    withhold: Mapping[str, str] | None = None  # None: the default withhold list
    archive_dir: Path | None = None
    backup_dir: Path | None = None


@dataclass(frozen=True)
class StepOutcome:
    step: str
    text: str
    done: bool  # done now or before (False: left out or not possible yet)

    @property
    def title(self) -> str:
        return STEP_TITLES[self.step]


Step = Callable[["_Run", Steps], StepOutcome]


@dataclass
class _Run:
    ledger: Ledger
    village_id: str
    plan: YearClosePlan
    status: YearCloseStatus

    @property
    def service(self) -> YearCloseService:
        return YearCloseService(self.ledger)


def _honours(run: _Run, steps: Steps) -> StepOutcome:
    plan = run.plan
    if plan.honour is None:
        return StepOutcome("honours", "本次不评（没有选择荣誉称号）", run.status.done("honours"))
    steps(0.0, "正在记录荣誉称号…")
    result = run.service.award_honours(
        run.village_id, plan.year, plan.honour, plan.meeting_on, plan.honour_households
    ).value
    return StepOutcome("honours", _honours_done(plan.honour, result), True)


def _honours_done(honour: HonourChoice, result: AwardResult) -> str:
    """The honours recorded, in words."""
    text = f"“{honour.title}”新记录 {len(result.awarded)} 户"
    if result.already:
        text += f"，{len(result.already)} 户之前已记录"
    return text


def _expiry(run: _Run, steps: Steps) -> StepOutcome:
    status = run.status
    if not status.year_end_policy or status.expired is not None:
        return StepOutcome("expiry", status.detail("expiry"), True)
    if status.blocked("expiry") or not run.plan.expire:
        return StepOutcome("expiry", status.blocked("expiry") or "本次不做", False)
    steps(0.0, "正在年底清零…")
    result = run.ledger.store.expire_year(run.village_id, run.plan.year).value
    return StepOutcome("expiry", f"已清零 {len(result.rows)} 户，共 {result.points} 分", True)


def _base(run: _Run, steps: Steps) -> StepOutcome:
    status = run.status
    if status.done("base"):
        return StepOutcome("base", status.detail("base"), True)
    if status.base is None or not run.plan.give_base:
        return StepOutcome("base", status.blocked("base") or "本次不发", False)
    steps(0.0, f"正在发放{status.next_year}年度基础分…")
    result = run.service.give_base(run.village_id, run.plan.year, run.plan.withhold).value
    return StepOutcome("base", _base_done(status.next_year, result), True)


def _base_done(year: int, result: BaseResult) -> str:
    """The base points given (and withheld), in words."""
    text = f"{year}年度基础分新发 {result.given} 户（每户 {result.points} 分）"
    if result.withheld:
        text += f"，不发 {len(result.withheld)} 户（理由已记入审计日志）"
    return text


def _archive(run: _Run, steps: Steps) -> StepOutcome:
    if run.status.archive is not None:
        return StepOutcome("archive", run.status.detail("archive"), True)
    if run.plan.archive_dir is None:
        return StepOutcome("archive", "本次不存档（没有选择文件夹）", False)
    made = write_year_archive(
        run.ledger, run.village_id, run.plan.year, run.plan.archive_dir, progress=steps
    )
    run.service.record(run.village_id, run.plan.year, "archive", made.folder, made.files)
    return StepOutcome("archive", _archive_done(made), True)


def _archive_done(made: ArchiveResult) -> str:
    """The year archive saved, in words (with what it could not hold)."""
    text = f"{len(made.files)} 个文件已保存到 {made.folder}"
    if made.notes:
        text += "；" + "；".join(made.notes)
    return text


def _backup(run: _Run, steps: Steps) -> StepOutcome:
    if run.status.backup is not None:
        return StepOutcome("backup", run.status.detail("backup"), True)
    if run.plan.backup_dir is None:
        return StepOutcome("backup", "本次不备份（没有选择U盘或文件夹）", False)
    made = BackupService(run.ledger).backup(run.plan.backup_dir, progress=steps).value
    path = made.backup.path
    run.service.record(run.village_id, run.plan.year, "backup", path.parent, [path.name])
    return StepOutcome("backup", f"已备份到 {path}", True)


STEPS: tuple[Step, ...] = (_honours, _expiry, _base, _archive, _backup)


def run_year_close(
    ledger: Ledger,
    village_id: str,
    plan: YearClosePlan,
    *,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
) -> list[StepOutcome]:
    """Run every step in order; what each did (or why not)."""
    steps = Steps(progress, cancel)
    steps(0.0, "正在读取本年度的情况…")
    status = YearCloseService(ledger).status(village_id, plan.year, plan.honour)
    run = _Run(ledger, village_id, plan, status)
    outcomes = []
    for i, step in enumerate(STEPS):
        part = _part(steps, i / len(STEPS), (i + 1) / len(STEPS))
        outcomes.append(step(run, part))
    steps(1.0, "年度结转完成")
    return outcomes


def _part(steps: Steps, start: float, end: float) -> Steps:
    """A ``Steps`` reporting into [start, end] of the whole, cancelled with it."""
    return Steps(lambda f, m: steps(start + (end - start) * f, m), steps.cancelled)
