"""What the 公示 page offers for a quarter: the quarters to choose from, the one chosen first (the
last quarter that has ended), and for the chosen publication's state which of 生成/刷新草稿,
张贴公示 and 定稿 apply, with one sentence that says why the others do not. The model decides in
the end; these only keep the buttons honest."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication

from jifen_desktop.model import periods
from jifen_desktop.model.calendar.publications import PublicationInfo

RECENT_QUARTERS = 8  # the current quarter and the seven before it, at least


def tr(text: str) -> str:
    return QCoreApplication.translate("PublicationPage", text)


def previous_quarter(today: dt.date) -> periods.Period:
    """The last quarter that has ended: the one normally published now."""
    return periods.quarter_of(periods.quarter_of(today).start - dt.timedelta(days=1))


def quarter_choices(today: dt.date, published: Iterable[str] = ()) -> list[periods.Period]:
    """The current quarter back to the earliest of the recent ones and of those ``published``
    (quarter keys), newest first."""
    quarter = periods.quarter_of(today)
    earliest = min((periods.parse(q).start for q in published), default=quarter.start)
    choices: list[periods.Period] = []
    while len(choices) < RECENT_QUARTERS or quarter.start >= earliest:
        choices.append(quarter)
        quarter = periods.quarter_of(quarter.start - dt.timedelta(days=1))
    return choices


@dataclass(frozen=True)
class Actions:
    """Which buttons apply, the draft button's words, and what to tell the user."""

    draft: bool
    post: bool
    finalise: bool
    draft_text: str
    explanation: str


def covering(
    publications: Iterable[PublicationInfo], quarter: str, grid_id: str | None
) -> PublicationInfo | None:
    """A posted or final publication of the quarter for another scope that takes in this one
    (the village's for a grid, a grid's for the village): no second one may be drafted."""
    return next(
        (
            p
            for p in publications
            if p.quarter == quarter
            and p.grid_id != grid_id
            and p.status != "draft"
            and None in (p.grid_id, grid_id)
        ),
        None,
    )


def actions(
    pub: PublicationInfo | None,
    quarter: periods.Period,
    today: dt.date,
    covered: PublicationInfo | None = None,
) -> Actions:
    """The actions for ``pub`` (None: the quarter has no publication in this scope yet;
    ``covered``: the one of another scope that takes this scope in)."""
    ended = today > quarter.end
    wait = tr("{0}到 {1} 才结束，季度结束后才能张贴公示。").format(quarter.label, quarter.end)
    if pub is None and covered is not None:
        return Actions(False, False, False, tr("生成草稿"), _covered_text(covered))
    if pub is None:
        text = (
            tr("{0}还没有公示：先“生成草稿”核对，无误后再“张贴公示”。").format(quarter.label)
            if ended
            else tr("现在可以先生成草稿核对；") + wait
        )
        return Actions(True, False, False, tr("生成草稿"), text)
    if pub.status == "draft":
        text = tr("这是草稿，只供核对，可以随时刷新。") + (
            tr("核对无误后张贴公示；张贴后公示表就不再改动。") if ended else wait
        )
        return Actions(True, ended, False, tr("刷新草稿"), text)
    if pub.status == "posted":
        return Actions(False, False, True, tr("刷新草稿"), _posted_text(pub, today))
    text = tr(
        "已于 {0} 定稿，不能重新公示。定稿后发现错误或漏记，请在“积分录入”里按补记录入"
        "（注明原日期），下一期公示时单独列出。"
    ).format(f"{pub.final_at:%Y-%m-%d}" if pub.final_at else "")
    return Actions(False, False, False, tr("刷新草稿"), text)


def _covered_text(other: PublicationInfo) -> str:
    scope = tr(other.scope)
    if other.status == "final":
        return tr(
            "本季度“{0}”的公示已定稿，这个范围不能另出一份；发现错误或漏记，请按补记录入。"
        ).format(scope)
    return tr(
        "本季度“{0}”的公示正在公示（{1} 至 {2}），这个范围不能另出一份；异议请在“{0}”里登记和处理。"
    ).format(scope, other.posting_start, other.posting_end)


def _posted_text(pub: PublicationInfo, today: dt.date) -> str:
    text = tr("已张贴，公示表不再改动。")
    if today <= pub.posting_end:
        text += tr("公示期到 {0} 结束，期满后才能定稿").format(pub.posting_end)
        if pub.open_objections:
            text += tr("，还有 {0} 件异议待处理").format(pub.open_objections)
        return text + tr("。")
    if pub.open_objections:
        return text + tr("公示期已满，还有 {0} 件异议待处理，处理完后才能定稿。").format(
            pub.open_objections
        )
    return text + tr("公示期已满，异议都已处理，可以定稿。")


def state_text(pub: PublicationInfo | None) -> str:
    """One line: the state, the posting period and the objection contact, the size."""
    if pub is None:
        return tr("状态：未公示")
    parts = [tr("状态：{0}").format(tr(pub.status_name))]
    if pub.status == "draft":
        parts.append(tr("草稿生成于 {0}").format(f"{pub.taken_at:%Y-%m-%d %H:%M}"))
    else:
        parts.append(tr("公示期 {0} 至 {1}").format(pub.posting_start, pub.posting_end))
        parts.append(tr("异议联系人：{0}").format(pub.contact))
    parts.append(tr("共 {0} 户").format(pub.households))
    if pub.objections:
        parts.append(tr("异议 {0} 件（待处理 {1} 件）").format(pub.objections, pub.open_objections))
    return "　".join(parts)
