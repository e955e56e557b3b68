"""One household (or unit) beside the 农户 table: who, where, status, a veto in force, the three
balances, the buttons for its actions, and tabs of its members, latest entries, status history,
户籍变动 (分户, 合户, 注销户) and vetoes (一票否决)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from jifen_desktop.model import authz
from jifen_desktop.model.calendar.vetoes import VetoInfo
from jifen_desktop.model.entry_queries import KIND_NAMES as ENTRY_KIND_NAMES
from jifen_desktop.model.households import STATUS_NAMES, HouseholdInfo
from jifen_desktop.model.members import MEMBER_STATUS_NAMES
from jifen_desktop.ui import printouts
from jifen_desktop.ui.context import AppContext
from jifen_desktop.ui.empty_state import empty_state
from jifen_desktop.ui.honour_list import titles_text
from jifen_desktop.ui.household_model import RowsModel, mask_phone
from jifen_desktop.ui.messages import ERROR_STYLE
from jifen_desktop.ui.tables import fit_to_contents, read_only_rows
from jifen_desktop.ui.type_size import relative_font
from jifen_desktop.ui.veto_dialogs import LiftVetoDialog, VetoDialog

ENTRY_LIMIT = 50


def status_text(household: HouseholdInfo) -> str:
    """``迁出（自 2024-03-01）``: the household's status and since when."""
    tr = QCoreApplication.translate
    return tr("HouseholdDetail", "{0}（自 {1}）").format(
        tr("HouseholdDetail", STATUS_NAMES[household.status]), household.status_since
    )


def small_table(model: RowsModel, stretch_column: int) -> QTableView:
    """A read-only table sized to its contents, except one long column that takes the rest
    (and elides, with the full text as a tooltip) so nothing is pushed out of sight."""
    view = read_only_rows(QTableView(), wrap=False)
    view.setModel(model)
    fit_to_contents(view, stretch_column)
    return view


class HouseholdDetail(QWidget):
    """One household: who, where, status, balances, and tabs of members, entries, history."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.household: HouseholdInfo | None = None
        self.title = QLabel()
        relative_font(self.title, 1.3)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        info, balances, actions = self._build_info(), self._build_balances(), self._build_actions()
        self.members = RowsModel(
            [self.tr(t) for t in ("姓名", "关系", "性别", "出生日期", "身份证号", "身份", "状态")]
        )
        self.entries = RowsModel([self.tr(t) for t in ("日期", "项目", "成员", "分值", "状态")])
        self.history = RowsModel([self.tr(t) for t in ("生效日期", "状态", "原因", "办理日期")])
        self.changes = RowsModel([self.tr(t) for t in ("生效日期", "变动", "内容")])
        self.vetoes = RowsModel([self.tr(t) for t in ("期限", "原因", "状态", "解除理由")])
        self.tabs = QTabWidget()
        members = small_table(self.members, 4)
        members.setToolTip(self.tr("双击一位成员，打开个人积分档案"))
        members.doubleClicked.connect(lambda index: self.open_person(index.row()))
        self.member_ids: list[str] = []
        self.tabs.addTab(members, self.tr("成员"))
        self.tabs.addTab(small_table(self.entries, 1), self.tr("积分记录"))
        self.tabs.addTab(small_table(self.history, 2), self.tr("状态历史"))
        self.tabs.addTab(small_table(self.changes, 2), self.tr("户籍变动"))
        veto_table = small_table(self.vetoes, 1)
        self.tabs.addTab(veto_table, self.tr("一票否决"))
        self.no_vetoes = empty_state(veto_table, "")
        self.veto_in_force: VetoInfo | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addLayout(info)
        layout.addLayout(balances)
        layout.addLayout(actions)
        layout.addWidget(self.tabs, 1)
        self.show_household(None)

    # -- building ---------------------------------------------------------------------------

    def _build_info(self) -> QFormLayout:
        self.fields: dict[str, QLabel] = {}
        info = QFormLayout()
        self.head_label = QLabel(self.tr("户主："))
        for key, text in (
            ("head", "户主"),
            ("grid", "网格"),
            ("phone", "电话"),
            ("address", "住址"),
            ("registered", "登记日期"),
            ("status", "状态"),
            ("veto", "一票否决"),
            ("honours", "荣誉称号"),
        ):
            value = QLabel()
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setWordWrap(True)
            self.fields[key] = value
            info.addRow(self.head_label if key == "head" else self.tr(text) + self.tr("："), value)
        return info

    def _build_balances(self) -> QGridLayout:
        self.balances: dict[str, QLabel] = {}
        sums = QGridLayout()
        for column, (key, text) in enumerate(
            (("annual", "年度积分"), ("lifetime", "累计积分"), ("available", "可用积分"))
        ):
            value = QLabel("—")
            relative_font(value, 1.5)
            self.balances[key] = value
            sums.addWidget(QLabel(self.tr(text)), 0, column)
            sums.addWidget(value, 1, column)
        sums.setColumnStretch(3, 1)
        sums.setHorizontalSpacing(self.fontMetrics().height())
        return sums

    def _build_actions(self) -> QHBoxLayout:
        self.edit_button = QPushButton(self.tr("修改"))
        self.status_button = QPushButton(self.tr("迁出/注销"))
        self.member_button = QPushButton(self.tr("添加成员"))
        self.change_button = QPushButton(self.tr("分户/合户"))  # its menu: the 农户 page's
        self.veto_button = QPushButton(self.tr("一票否决"))
        self.veto_button.clicked.connect(self._veto)
        self.card_button = QPushButton(self.tr("打印积分卡…"))
        self.card_button.clicked.connect(self.print_card)
        actions = QHBoxLayout()
        for button in (
            self.edit_button,
            self.status_button,
            self.member_button,
            self.change_button,
            self.veto_button,
        ):
            actions.addWidget(button)
        actions.addWidget(self.card_button)
        actions.addStretch()
        return actions

    # -- showing ----------------------------------------------------------------------------

    def show_household(self, household_id: str | None) -> None:
        ledger = self.ctx.ledger
        h = ledger.households.get(household_id) if household_id else None
        self.household = h
        if h is None:
            self.title.setText(self.tr("请在左边选择一户"))
            for label in (*self.fields.values(), *self.balances.values()):
                label.setText("")
            for model in (self.members, self.entries, self.history, self.changes, self.vetoes):
                model.set_rows([])
            self.veto_in_force = None
            self.no_vetoes.set_text("")
            return
        self.no_vetoes.set_text(self._no_vetoes_text())
        if h.kind == "unit":
            self.title.setText(self.tr("{0}  {1}（单位）").format(h.number, h.unit_name))
            self.head_label.setText(self.tr("负责人："))
        else:
            self.title.setText(f"{h.number}  {h.head_name}")
            self.head_label.setText(self.tr("户主："))
        values = {
            "head": h.head_name,
            "grid": h.grid_name or self.tr("（不分网格）"),
            "phone": mask_phone(h.phone) if self.ctx.actor.role == "viewer" else h.phone,
            "address": h.address,
            "registered": str(h.registered_on),
            "status": status_text(h),
            "honours": titles_text(ledger, h),
        }
        for key, text in values.items():
            self.fields[key].setText(text)
        balance = ledger.balances.many(h.village_id, [h.id])[h.id]  # h is read already
        for key in self.balances:
            self.balances[key].setText(str(getattr(balance, key)))
        self._fill_tables(h)

    def update_actions(self, admin: bool, hint: str) -> None:
        """Only an admin acts on a household; members are added to households, not units."""
        h = self.household
        self.edit_button.setEnabled(admin and h is not None)
        self.status_button.setEnabled(admin and h is not None)
        self.member_button.setEnabled(admin and h is not None and h.kind == "household")
        active = h is None or h.status == "active"
        self.change_button.setEnabled(admin and h is not None and active)
        self.status_button.setText(self.tr("迁出/注销") if active else self.tr("恢复在册"))
        for button in (
            self.edit_button,
            self.status_button,
            self.member_button,
            self.change_button,
        ):
            button.setToolTip(hint)
        self.card_button.setEnabled(h is not None)
        reviewer = self.ctx.can(*authz.REVIEW_ROLES)
        self.veto_button.setEnabled(reviewer and h is not None)
        self.veto_button.setText(self.tr("解除否决") if self.veto_in_force else self.tr("一票否决"))
        self.veto_button.setToolTip("" if reviewer else self.tr("需要审核人或管理员权限"))

    def _no_vetoes_text(self) -> str:
        """The 一票否决 tab with nothing in it: that this is normal, and who can put one on."""
        if self.ctx.can(*authz.REVIEW_ROLES):
            return self.tr(
                "这一户没有被一票否决过。发现严重违反村规民约的行为时，"
                "点上面的“一票否决”，写明原因和期限。"
            )
        return self.tr("这一户没有被一票否决过。一票否决由审核人或管理员登记。")

    def make_veto_dialog(self) -> VetoDialog | LiftVetoDialog | None:
        """The dialog the 一票否决 button opens: lift the veto in force, else put one on."""
        if self.household is None or not self.ctx.can(*authz.REVIEW_ROLES):
            return None
        if self.veto_in_force is not None:
            return LiftVetoDialog(self.ctx, self.veto_in_force, self)
        return VetoDialog(self.ctx, self.household, self)

    def print_card(self) -> None:
        """打印积分卡…: this year's 户积分卡 of the household shown, previewed before printing."""
        if self.household is not None:
            printouts.card(self, self.ctx, self.household.id, dt.date.today().year)

    def _groups(self, party: bool, cadre: bool) -> str:
        """党员, 村干部, both, or nothing (群众 left blank)."""
        return "、".join(self.tr(n) for n, on in (("党员", party), ("村干部", cadre)) if on)

    def open_person(self, row: int) -> None:
        """个人积分档案 of the member on ``row`` of the 成员 tab, for this year."""
        from .person_archive_dialog import PersonArchiveDialog

        if 0 <= row < len(self.member_ids):
            PersonArchiveDialog(self.ctx, self.member_ids[row], None, self).exec()

    def _veto(self) -> None:
        if dialog := self.make_veto_dialog():
            dialog.exec()

    def _fill_tables(self, h: HouseholdInfo) -> None:
        ledger = self.ctx.ledger
        self._fill_members(h)
        self._fill_entries(h)
        history = [
            (
                str(c.effective_on),
                self.tr(STATUS_NAMES[c.status]),
                c.reason,
                str(c.recorded_at.date()),
            )
            for c in ledger.households.history(h.id)
        ]
        self.history.set_rows(history)
        changes = ledger.household_changes.of_household(h.id)
        self.changes.set_rows([(str(c.effective_on), c.kind_name, c.text) for c in changes])
        self._fill_vetoes(h)

    def _fill_members(self, h: HouseholdInfo) -> None:
        """成员: name, relation, gender, birth, the masked ID number, groups and status."""
        members = self.ctx.ledger.members.list(h.id)
        self.member_ids = [m.id for m in members]
        self.members.set_rows(
            [
                (
                    m.name,
                    m.relation,
                    m.gender,
                    str(m.birth_date or ""),
                    m.masked_id_number,
                    self._groups(m.is_party_member, m.is_cadre),
                    self.tr(MEMBER_STATUS_NAMES.get(m.status, m.status)),
                )
                for m in members
            ]
        )

    def _fill_entries(self, h: HouseholdInfo) -> None:
        """积分记录: the household's latest entries, newest first."""
        entries = self.ctx.ledger.entries.list(h.village_id, household_id=h.id, limit=ENTRY_LIMIT)
        self.entries.set_rows(
            [
                (
                    str(e.occurred_on),
                    self._entry_item(e.kind, e.rule_code, e.rule_name),
                    e.member_name,
                    e.points,
                    self.tr(e.status_name),
                )
                for e in entries
            ]
        )

    def _fill_vetoes(self, h: HouseholdInfo) -> None:
        today = dt.date.today()
        vetoes = self.ctx.ledger.vetoes.list(h.village_id, household_id=h.id)
        self.veto_in_force = next((v for v in vetoes if v.in_force(today)), None)
        veto = self.veto_in_force
        self.fields["veto"].setText(
            self.tr("否决中：{0} 至 {1}，{2}").format(veto.starts_on, veto.last_day, veto.reason)
            if veto
            else self.tr("无")
        )
        self.fields["veto"].setStyleSheet(ERROR_STYLE if veto else "")
        self.vetoes.set_rows(
            [
                (
                    f"{v.starts_on} 至 {v.ends_on}",
                    v.reason,
                    self._veto_state(v, today),
                    v.lift_reason,
                )
                for v in vetoes
            ]
        )

    def _veto_state(self, veto: VetoInfo, today: dt.date) -> str:
        if veto.in_force(today):
            return self.tr("否决中")
        if veto.lifted_on is not None:
            return self.tr("{0} 解除").format(veto.lifted_on)
        return self.tr("未开始") if veto.starts_on > today else self.tr("已期满")

    def _entry_item(self, kind: str, code: str, name: str) -> str:
        prefix = ENTRY_KIND_NAMES.get(kind, "")
        text = f"{code} {name}".strip()
        return self.tr("{0}：{1}").format(self.tr(prefix), text) if prefix else text
