"""审核会议记录: the minutes of a month's review session (审核会) — when and where, who
attended and who reviewed, every decision with its reason, the totals, and lines to sign."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from reportlab.platypus import Flowable, KeepTogether, Spacer  # type: ignore[import-untyped, unused-ignore]

from jifen_desktop.model.calendar.review import LATE_REASON, SessionInfo, is_activity_approval
from jifen_desktop.model.entry_queries import EntryInfo

from .common import Cancel, Progress, Written
from .pdf_page import Heading, PageSetup
from .pdf_parts import Styles, data_table, facts_table, fits_auto_column, signature_block
from .pdf_report import PdfReport

if TYPE_CHECKING:
    from jifen_desktop.model.ledger import Ledger

HEADER = ("序号", "户号", "户主", "日期", "事项", "分值", "决定", "理由")
# The item takes most of what the other columns leave, the head's name about four characters
# (a unit's long name wraps); the reason (written for a rejection only) is as wide as its
# longest text, or, when a reason would not fit on a line there, shares the rest with them.
ITEM_SHARE, HEAD_SHARE, LONG_REASON_SHARE = 55, 16, 30
ROWS_PER_PAGE = 30
SIGN_LINES = (
    ("主持人：____________", "记录人：____________", "审核人：____________"),
    ("参会人员签字：", "", ""),
    ("________________", "________________", "________________"),
    ("________________", "________________", "________________"),
)


def decision_name(e: EntryInfo) -> str:
    if e.status == "rejected":
        return "转为补记" if e.decision_reason == LATE_REASON else "不通过"
    if is_activity_approval(e):
        return "活动直接通过"
    if e.status == "approved":
        return "按补记通过" if e.is_late else "通过"
    return e.status_name


def write_minutes(
    ledger: Ledger,
    session_id: str,
    path: Path | str,
    *,
    font: Path | str | None = None,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
) -> Written:
    """The minutes of a review session as a PDF at ``path``."""
    report = PdfReport(path, PageSetup(), font, progress, cancel)
    report.steps(0.0, "正在读取审核会…")
    session = ledger.review.get(session_id)
    village = ledger.villages.get(session.village_id)
    decisions = ledger.review.decisions(session_id)
    styles = report.styles
    title = f"{village.name}{session.label.removesuffix('审核会')}积分审核会议记录"
    story: list[Flowable] = [
        styles.para(title, styles.title),
        Spacer(1, styles.size * 0.5),
        _facts(styles, session),
        Spacer(1, styles.size * 0.6),
        styles.para(_summary(session, decisions), styles.body),
        styles.para("审核决定", styles.heading),
        _decisions(styles, decisions),
        *_closing(styles, session),
    ]
    heading = Heading(title, f"会议日期：{session.held_on}")
    return report.write(story, heading, len(decisions), len(decisions) // ROWS_PER_PAGE + 1)


def _facts(styles: Styles, s: SessionInfo) -> Flowable:
    return facts_table(
        styles,
        [
            ("会议日期", str(s.held_on)),
            ("审核月份", s.month),
            ("会议地点", s.place or "—"),
            ("审核人", s.reviewer_name or "—"),
            ("参会人员", s.attendees or "—"),
            ("状态", s.status_name),
        ],
    )


def _summary(s: SessionInfo, decisions: list[EntryInfo]) -> str:
    activities = [e for e in decisions if is_activity_approval(e)]
    reviewed = [e for e in decisions if not is_activity_approval(e)]
    names = [decision_name(e) for e in reviewed]
    text = (
        f"本次会议共审核 {len(reviewed)} 条：通过 {names.count('通过')} 条，"
        f"不通过 {names.count('不通过')} 条"
    )
    if names.count("按补记通过"):
        text += f"，按补记通过 {names.count('按补记通过')} 条（原记录所在季度已公示）"
    text += "。通过的" + _points_text(e.points for e in reviewed if e.status == "approved") + "。"
    if activities:
        text += (
            f"另有本月组织活动批量登记、登记时直接通过的记录 {len(activities)} 条"
            f"（{_points_text(e.points for e in activities)}），一并列入下表备查。"
        )
    if s.pending:
        text += f"该月仍有 {s.pending} 条记录待审核。"
    return text


def _points_text(points: Iterable[int]) -> str:
    values = list(points)
    added = sum(p for p in values if p > 0)
    deducted = sum(p for p in values if p < 0)
    return f"加分合计 {added} 分，扣分合计 {deducted} 分"


def _decisions(styles: Styles, decisions: list[EntryInfo]) -> Flowable:
    if not decisions:
        return styles.para("本次会议没有作出审核决定。")
    rows = [
        (
            i,
            e.household_number,
            e.household_name,
            str(e.original_on or e.occurred_on),
            f"{e.rule_code} {e.rule_name}",
            f"{e.points:+d}",
            decision_name(e),
            e.decision_reason if e.status == "rejected" else "",
        )
        for i, e in enumerate(decisions, 1)
    ]
    widths = decision_widths(styles, [r[-1] for r in rows])
    return data_table(styles, HEADER, rows, widths, right=(5,), center=(0, 1, 3, 6))


def decision_widths(styles: Styles, reasons: list[str]) -> tuple[float | None, ...]:
    """The columns' widths for ``data_table``, the reason's after the reasons given."""
    reason = None if fits_auto_column(styles, reasons) else LONG_REASON_SHARE
    return (None, None, HEAD_SHARE, None, ITEM_SHARE, None, None, reason)


def _closing(styles: Styles, s: SessionInfo) -> list[Flowable]:
    story: list[Flowable] = [Spacer(1, styles.size)]
    if s.note:
        story.append(styles.para(f"备注：{s.note}"))
    return [*story, KeepTogether([signature_block(styles, SIGN_LINES)])]
