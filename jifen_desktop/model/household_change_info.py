"""Reading household changes (分户, 合户, 注销户): ``ChangeInfo``, the plain record a screen, the
card and the command line show, with its one-line wording and the state of its transfer pair,
and the rule about points that the dialogs show."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from .schema import Entry, EntryDecision, Household
from .schema.household_changes import CHANGE_KIND_NAMES as KIND_NAMES
from .schema.household_changes import TRANSFER, HouseholdChange

TRANSFER_RULE = (
    "积分转移只移动可用积分（积分超市可用的分）：转出、转入两条记录成对审核，通过一条即两条都通过。"
    "累计积分和年度积分留在原户的历史里，排名、公示和评先评优都不计转移。"
)
STATUS_WORDS = {
    None: "待审核",
    "approved": "已通过",
    "rejected": "未通过",
    "withdrawn": "已撤回",
}


@dataclass(frozen=True)
class ChangeInfo:
    id: str
    kind: str
    from_household_id: str
    from_label: str
    to_household_id: str | None
    to_label: str
    effective_on: dt.date
    members: tuple[str, ...]
    split_rule: str
    transfer_points: int
    transfer_status: str  # 待审核 / 已通过 / 未通过 / 已撤回, "" without a transfer
    reason: str
    meeting_on: dt.date | None
    recorded_at: dt.datetime

    @property
    def kind_name(self) -> str:
        return KIND_NAMES[self.kind]

    @property
    def line(self) -> str:
        """The change in one line, as the household card shows it."""
        return f"{self.effective_on} {self.kind_name}：{self.text}"

    @property
    def text(self) -> str:
        """What changed, without the day and the kind (the detail's 户籍变动 tab)."""
        names = "、".join(self.members)
        if self.kind == "split":
            text = f"{names} 从 {self.from_label} 分出，另立新户 {self.to_label}"
        elif self.kind == "merge":
            text = f"{self.from_label} 并入 {self.to_label}" + (f"（{names}）" if names else "")
        else:
            text = f"{self.from_label} 注销"
        if self.transfer_points:
            text += f"，转移可用积分 {self.transfer_points} 分（{self.transfer_status}）"
        elif self.kind != "close":
            text += "，可用积分不分"
        if self.reason:
            text += f"，{self.reason}"
        if self.meeting_on:
            text += f"（{self.meeting_on} 村民代表会议决定）"
        return text


def changes_of(session: Session, household_id: str) -> list[ChangeInfo]:
    """A household's changes (given or received), oldest first: for the card and the detail."""
    rows = session.scalars(
        select(HouseholdChange)
        .where(
            or_(
                HouseholdChange.from_household_id == household_id,
                HouseholdChange.to_household_id == household_id,
            )
        )
        .order_by(HouseholdChange.effective_on, HouseholdChange.recorded_at)
    ).all()
    return [change_info(session, c) for c in rows]


def change_info(session: Session, change: HouseholdChange) -> ChangeInfo:
    labels = {
        h.id: f"{h.number} {h.unit_name or h.head_name}"
        for h in session.scalars(
            select(Household).where(
                Household.id.in_([change.from_household_id, change.to_household_id or ""])
            )
        )
    }
    status = ""
    if change.transfer_points:
        decision = session.scalar(
            select(EntryDecision.decision)
            .join(Entry, Entry.id == EntryDecision.entry_id)
            .where(Entry.batch_id == change.id, Entry.kind == TRANSFER)
        )
        status = STATUS_WORDS.get(decision, decision or "")
    return ChangeInfo(
        change.id,
        change.kind,
        change.from_household_id,
        labels.get(change.from_household_id, ""),
        change.to_household_id,
        labels.get(change.to_household_id or "", ""),
        change.effective_on,
        tuple(json.loads(change.members or "[]")),
        change.split_rule,
        change.transfer_points,
        status,
        change.reason,
        change.meeting_on,
        change.recorded_at,
    )
