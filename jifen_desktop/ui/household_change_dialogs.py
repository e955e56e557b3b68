"""The 农户 page's 分户/合户 menu: 分户… (members leave to form a new household), 合户… (this
household merges into another and closes) and 注销户… (the household dies out), each a
``FormDialog`` over ``HouseholdChangeService``. Each says what happens to the points: a
transfer moves available points only, is approved by a reviewer as a pair, and lifetime and
annual points stay with the history (``TRANSFER_RULE``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QSpinBox,
    QWidget,
)

from jifen_desktop.model.household_changes import (
    TRANSFER_RULE,
    ChangeInfo,
    HouseholdChangeService,
    SplitPlan,
)
from jifen_desktop.model.households import HouseholdInfo
from jifen_desktop.model.members import MemberInfo
from jifen_desktop.model.tx import Op

from .context import AppContext
from .form_dialog import FormDialog
from .forms import date_edit, date_of, hint, row, up_to_today
from .household_dialogs import parse_date
from .messages import confirm


def _points_row(choices: list[tuple[str, str]]) -> tuple[QComboBox, QSpinBox, QWidget]:
    """A choice of how available points move, and the amount box (for 指定积分 only)."""
    how = QComboBox()
    for label, key in choices:
        how.addItem(label, key)
    amount = QSpinBox()
    amount.setRange(0, 1_000_000)
    amount.setSuffix(" 分")
    panel = QWidget()
    line = row(how, amount, None)
    line.setContentsMargins(0, 0, 0, 0)
    panel.setLayout(line)

    def follow() -> None:
        amount.setEnabled(how.currentData() == "amount")

    how.currentIndexChanged.connect(follow)
    follow()
    return how, amount, panel


class ChangeDialog(FormDialog):
    """What the three dialogs share: the household, the day, the reason and the meeting date,
    the rule about points, and a confirmation before anything is written."""

    def __init__(
        self, ctx: AppContext, title: str, household: HouseholdInfo, parent: QWidget | None
    ) -> None:
        super().__init__(ctx, title.format(household.label), parent)
        self.household = household
        self.changes = HouseholdChangeService(ctx.ledger)
        self.ok_button.setText(self.tr("办理"))
        self.available = ctx.ledger.balances.of(household.id).available

    def add_common(self, reason_example: str) -> None:
        self.effective_on = self.add_field(
            "effective_on", self.tr("生效日期"), up_to_today(date_edit())
        )
        self.reason = self.add_field("reason", self.tr("原因"), QLineEdit())
        self.reason.setPlaceholderText(reason_example)
        self.meeting = self.add_field("meeting_on", self.tr("会议日期"), QLineEdit())
        self.meeting.setPlaceholderText(self.tr("村民代表会议决定的日期，可不填"))

    def add_rule(self) -> None:
        self.form.addRow(hint(self.tr(TRANSFER_RULE)))

    def confirmed(self, what: str) -> bool:
        question = self.tr(
            "确定办理吗？\n\n{0}\n\n办理后会记入两户的户籍变动和审计日志，不能撤销。"
        )
        return confirm(self, self.tr("请确认"), question.format(what))

    def common_values(self) -> dict[str, Any]:
        return {
            "reason": self.reason.text(),
            "meeting_on": parse_date(self.meeting.text(), "meeting_on"),
        }


class SplitDialog(ChangeDialog):
    """分户…: tick the members who leave; the new household's number, grid and head; points."""

    def __init__(
        self, ctx: AppContext, household: HouseholdInfo, parent: QWidget | None = None
    ) -> None:
        super().__init__(ctx, self.tr("分户：{0}"), household, parent)
        self.members = [
            m
            for m in ctx.ledger.members.list(household.id)
            if m.status == "present" and m.relation != "户主"
        ]
        self.add_rule()  # what the clerk must read comes first, above the fields (特大 too)
        choices = [("不分可用积分", "none"), ("按人口分", "members"), ("转移指定积分", "amount")]
        self.how, self.amount, panel = _points_row([(self.tr(t), k) for t, k in choices])
        self.add_field("split_rule", self.tr("可用积分"), panel, "amount")
        self.share = hint("")
        self.form.addRow("", self.share)
        self._add_new_household(household)
        self.add_common(self.tr("例如：儿子结婚，另立门户"))
        self.leaving.itemChanged.connect(lambda _item: self._leaving_changed())
        self.how.currentIndexChanged.connect(lambda _i: self._show_share())
        self._leaving_changed()

    def _add_new_household(self, household: HouseholdInfo) -> None:
        """The members who leave, and the new household's head, number and grid."""
        self.leaving = self.add_field("members", self.tr("分出的成员"), QListWidget())
        for m in self.members:
            item = QListWidgetItem(f"{m.name}（{m.relation or self.tr('未填关系')}）")
            item.setCheckState(Qt.CheckState.Unchecked)
            self.leaving.addItem(item)
        self.leaving.setMaximumHeight(self.fontMetrics().height() * 5)
        self.head = self.add_field("head", self.tr("新户户主"), QComboBox())
        self.number = self.add_field("number", self.tr("新户户号"), QLineEdit())
        self.grid = self.add_field("grid", self.tr("新户网格"), QComboBox(), "grid_id")
        self.grid.addItem(self.tr("（不分网格）"), None)
        for g in self.ctx.ledger.villages.grids(self.ctx.village_id):
            self.grid.addItem(g.name, g.id)
        self.grid.setCurrentIndex(max(0, self.grid.findData(household.grid_id)))

    def chosen(self) -> list[MemberInfo]:
        checked = Qt.CheckState.Checked
        return [
            m for i, m in enumerate(self.members) if self.leaving.item(i).checkState() == checked
        ]

    def _leaving_changed(self) -> None:
        before = self.head.currentData()
        self.head.clear()
        for m in self.chosen():
            self.head.addItem(m.name, m.id)
        self.head.setCurrentIndex(max(0, self.head.findData(before)))
        self._show_share()

    def _show_share(self) -> None:
        text = self.tr("原户现有可用积分 {0} 分").format(self.available)
        if self.how.currentData() == "members":
            text += self._members_share()
        self.share.setText(text)

    def _members_share(self) -> str:
        """按人口分: the share of the available points that goes with the chosen members."""
        present = len(self.members) + 1  # the head stays
        share = self.available * len(self.chosen()) // present if self.available > 0 else 0
        return self.tr("；按人口分，分出 {0} 人约可转 {1} 分").format(len(self.chosen()), share)

    def submit(self) -> Op[ChangeInfo] | None:
        plan = self._plan()
        confirmed = self.confirmed(self._split_text(plan))
        return self.changes.split(self.household.id, plan) if confirmed else None

    def _plan(self) -> SplitPlan:
        return SplitPlan(
            tuple(m.id for m in self.chosen()),
            self.head.currentData() or "",
            self.number.text(),
            self.grid.currentData(),
            date_of(self.effective_on),
            split_rule=self.how.currentData(),
            amount=self.amount.value(),
            address=self.household.address,
            **self.common_values(),
        )

    def _split_text(self, plan: SplitPlan) -> str:
        """The 分户 to confirm: who moves out, from which household, into which new one."""
        names = "、".join(m.name for m in self.chosen()) or self.tr("（未选成员）")
        return self.tr("{0} 从 {1} 分出，另立新户 {2}，{3}。").format(
            names, self.household.label, plan.number.strip(), self.how.currentText()
        )


class MergeDialog(ChangeDialog):
    """合户…: this household's members all move into another; this one closes."""

    def __init__(
        self, ctx: AppContext, household: HouseholdInfo, parent: QWidget | None = None
    ) -> None:
        super().__init__(ctx, self.tr("合户：{0}"), household, parent)
        self.into = self.add_field("into", self.tr("并入到（户号）"), QLineEdit())
        self.into.setPlaceholderText(self.tr("接收这一户的户号，如 0101"))
        self.into_name = hint("")
        self.form.addRow("", self.into_name)
        self.add_common(self.tr("例如：老人随子女生活"))
        choices = [("全部转入", "all"), ("转入指定积分", "amount"), ("不转", "none")]
        self.how, self.amount, panel = _points_row([(self.tr(t), k) for t, k in choices])
        self.add_field("transfer", self.tr("可用积分"), panel, "amount")
        self.form.addRow("", hint(self.tr("本户现有可用积分 {0} 分").format(self.available)))
        self.add_rule()
        self.into.textChanged.connect(lambda _t: self._show_into())

    def _receiving(self) -> HouseholdInfo | None:
        number = self.into.text().strip()
        if not number:
            return None
        try:
            return self.ctx.ledger.households.by_number(self.ctx.village_id, number)
        except Exception:  # noqa: BLE001 - not (yet) a household number: said on the form
            return None

    def _show_into(self) -> None:
        found = self._receiving()
        self.into_name.setText(found.label if found else self.tr("（没有这个户号）"))

    def submit(self) -> Op[ChangeInfo] | None:
        receiving = self.ctx.ledger.households.by_number(self.ctx.village_id, self.into.text())
        if not self.confirmed(self._merge_text(receiving)):
            return None
        return self.changes.merge(
            self.household.id,
            receiving.id,
            date_of(self.effective_on),
            transfer=self.how.currentData(),
            amount=self.amount.value(),
            **self.common_values(),
        )

    def _merge_text(self, receiving: HouseholdInfo) -> str:
        """The 合户 to confirm: this household into the receiving one, and its points."""
        return self.tr("{0} 并入 {1}，成员全部迁入，{0} 注销；可用积分：{2}。").format(
            self.household.label, receiving.label, self.how.currentText()
        )


class CloseDialog(ChangeDialog):
    """注销户…: the household dies out; its history stays and no entry may follow."""

    def __init__(
        self, ctx: AppContext, household: HouseholdInfo, parent: QWidget | None = None
    ) -> None:
        super().__init__(ctx, self.tr("注销户：{0}"), household, parent)
        self.form.addRow("", self._what_stays())
        self.add_common(self.tr("例如：户内无人，全户外迁"))

    def _what_stays(self) -> QLabel:
        return hint(
            self.tr(
                "注销后这一户的积分记录和历史都保留，但从生效日期起不能再给它录入积分。"
                "成员并到别的户请用“合户”。"
            )
        )

    def submit(self) -> Op[ChangeInfo] | None:
        when = date_of(self.effective_on)
        if not self.confirmed(self.tr("{0} 从 {1} 起注销。").format(self.household.label, when)):
            return None
        values = self.common_values()
        return self.changes.close(self.household.id, when, values["reason"], values["meeting_on"])


DIALOGS: dict[str, Callable[[AppContext, HouseholdInfo, QWidget | None], ChangeDialog]] = {
    "split": SplitDialog,
    "merge": MergeDialog,
    "close": CloseDialog,
}


def change_menu(
    button: QPushButton, opened: Callable[[str], None], parent: QWidget | None = None
) -> QMenu:
    """The 分户/合户 button's menu: 分户… 合户… 注销户…, each calling ``opened(kind)``."""
    menu = QMenu(parent or button)
    for kind, text in (("split", "分户…"), ("merge", "合户…"), ("close", "注销户…")):
        action = menu.addAction(menu.tr(text))
        action.triggered.connect(lambda _checked=False, k=kind: opened(k))
    button.setMenu(menu)
    return menu


def change_dialog(
    ctx: AppContext, kind: str, household: HouseholdInfo | None, parent: QWidget | None
) -> ChangeDialog | None:
    """The dialog of ``kind`` for ``household`` (None when there is none, or for a unit's
    分户/合户: a unit only closes)."""
    if household is None or household.status != "active":
        return None
    if household.kind != "household" and kind != "close":
        return None
    return DIALOGS[kind](ctx, household, parent)
