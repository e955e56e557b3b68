"""The 年度结转 wizard's summary: what the confirmed run will do, step by step, in the words the
admin chose them in (and what is done already or must wait)."""

from __future__ import annotations

from jifen_desktop.model.year_close import YearCloseStatus
from jifen_desktop.reports.year_close_run import YearClosePlan


def _honours(status: YearCloseStatus, plan: YearClosePlan) -> str:
    if plan.honour is None:
        return "不评（不记录荣誉称号）"
    count = len(plan.honour_households or ())
    text = f"授予 {count} 户“{plan.honour.title}”，评议会议日期 {plan.meeting_on}"
    return text + ("（已记录的不会重复）" if status.awarded else "")


def _expiry(status: YearCloseStatus, plan: YearClosePlan) -> str:
    if not status.year_end_policy or status.expired is not None:
        return status.detail("expiry")
    if status.blocked("expiry"):
        return status.blocked("expiry")
    return "清零上一年没兑换完的可用积分" if plan.expire else "这次不做"


def _base(status: YearCloseStatus, plan: YearClosePlan) -> str:
    base = status.base
    if base is None or status.done("base"):
        return status.detail("base")
    if not plan.give_base:
        return "这次不发"
    withheld = len(plan.withhold or {})
    given = sum(1 for c in base.plan.candidates if c.on is not None) - withheld
    return (
        f"{status.next_year}年度基础分发给 {given} 户，每户 {base.plan.points} 分；"
        f"不发 {withheld} 户（理由记入审计日志）"
    )


def _folder(done: str, folder: object, what: str) -> str:
    if done:
        return done
    return f"{what}到 {folder}" if folder else f"这次不{what}"


def summary_lines(status: YearCloseStatus, plan: YearClosePlan) -> list[str]:
    open_text = (
        f"还有 {len(status.open_items)} 项没了结（以后仍可处理）"
        if status.open_items
        else "都已了结"
    )
    return [
        f"结转 {plan.year} 年度：",
        f"1. 未了结事项：{open_text}",
        f"2. 评先评优：{_honours(status, plan)}",
        f"3. 年底清零：{_expiry(status, plan)}",
        f"4. 新年度基础分：{_base(status, plan)}",
        "5. 年度档案："
        + _folder(status.detail("archive") if status.archive else "", plan.archive_dir, "存档"),
        "6. 备份："
        + _folder(status.detail("backup") if status.backup else "", plan.backup_dir, "备份"),
    ]
