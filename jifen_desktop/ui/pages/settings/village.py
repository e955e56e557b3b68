"""设置 › 村信息: the village's name and township, the base points each household starts a year
with, the balance policy (可用积分 carried over or cleared at year end) and name masking on
printed notices. One 保存 writes them all in one transaction, with errors under their fields.
The buttons 发放年度基础分… and 年度结转… open their dialogs."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from jifen_desktop.model.errors import DomainError
from jifen_desktop.model.tx import Change
from jifen_desktop.ui import messages
from jifen_desktop.ui.base_points_dialog import BasePointsDialog
from jifen_desktop.ui.context import AppContext
from jifen_desktop.ui.forms import DONE_STYLE, hint, with_error_line
from jifen_desktop.ui.year_close_wizard import YearCloseWizard

from ..base import Page

POLICIES = (
    (
        "carry_over",
        "跨年结转",
        "可用积分一直累计，兑换时扣减，年底不清零。",
    ),
    (
        "year_end",
        "年底清零",
        "每年1月1日起可用积分从零开始，上一年没兑换完的作废；累计积分和年度积分不受影响。",
    ),
)


class VillageSection(Page):
    key = "village"
    title_text = "村信息与积分政策"
    roles = ("admin",)
    shows = Change.VILLAGE

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.errors: dict[str, QLabel] = {}
        self._make_fields()
        policy_box = self._policy_box()
        self.mask_names = QCheckBox(self.tr("公示表上遮挡姓名中间的字（如 张*三）"))
        form = self._village_form(policy_box)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(self._save_row())
        layout.addWidget(
            hint(
                self.tr(
                    "村代码是12位统计用区划代码，建立台账后不能修改；"
                    "改基础分只影响以后发放的基础分，已发放的不变。"
                )
            )
        )
        layout.addStretch(1)

    def _make_fields(self) -> None:
        """The village's fields and the two yearly buttons beside them."""
        self.code = QLabel()
        self.name = QLineEdit()
        self.township = QLineEdit()
        for line in (self.name, self.township):
            line.setMaximumWidth(420)
        self.base_points = QSpinBox()
        self.base_points.setRange(0, 1000)
        self.base_points.setSuffix(self.tr(" 分"))
        self.give_base_button = QPushButton(self.tr("发放年度基础分…"))
        self.give_base_button.clicked.connect(self.open_base_points)
        self.year_close_button = QPushButton(self.tr("年度结转…"))
        self.year_close_button.setObjectName("year_close_button")
        self.year_close_button.clicked.connect(self.open_year_close)

    def _policy_box(self) -> QVBoxLayout:
        """可用积分: carried over or cleared at the year's end, each choice with its hint."""
        self.policy = QButtonGroup(self)
        policy_box = QVBoxLayout()
        for i, (key, name, text) in enumerate(POLICIES):
            button = QRadioButton(self.tr(name))
            button.setObjectName(f"policy_{key}")
            self.policy.addButton(button, i)
            policy_box.addWidget(button)
            policy_box.addWidget(hint(self.tr(text)))
        return policy_box

    def _village_form(self, policy_box: QVBoxLayout) -> QFormLayout:
        form = QFormLayout()
        form.addRow(self.tr("村代码"), self.code)
        form.addRow(self.tr("村名"), self._field("name", self.name))
        form.addRow(self.tr("所属乡镇"), self.township)
        form.addRow(
            self.tr("基础分"),
            self._field(
                "base_points",
                self.base_points,
                self.tr("每户每年的基础分，由管理员点右边的按钮发放"),
                self.give_base_button,
            ),
        )
        form.addRow(self.tr("可用积分"), self._field("available_policy", policy_box))
        form.addRow(self.tr("公示"), self.mask_names)
        form.addRow(self.tr("年度结转"), self._year_close_row())
        return form

    def _year_close_row(self) -> QHBoxLayout:
        year_close = QHBoxLayout()
        year_close.addWidget(self.year_close_button)
        year_close.addWidget(self._year_close_hint(), 1)
        return year_close

    def _year_close_hint(self) -> QLabel:
        """When 年度结转 is done, and what it goes through."""
        return hint(
            self.tr(
                "年底或次年1月：查看未了结的事项，评先评优，年底清零，"
                "发放新年度基础分，生成年度档案并备份"
            )
        )

    def _save_row(self) -> QHBoxLayout:
        self.save_button = QPushButton(self.tr("保存"))
        self.save_button.clicked.connect(self.save)
        self.message = QLabel()
        self.message.setStyleSheet(DONE_STYLE)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.message, 1)
        return buttons

    def _field(
        self,
        key: str,
        content: QWidget | QVBoxLayout,
        note: str = "",
        button: QPushButton | None = None,
    ) -> QWidget:
        self.errors[key] = messages.error_label(key)
        if note:
            row = QHBoxLayout()
            assert isinstance(content, QWidget)
            row.addWidget(content)
            row.addWidget(hint(note), 1)
            if button is not None:
                row.addWidget(button)
            return with_error_line(row, self.errors[key])
        return with_error_line(content, self.errors[key])

    def base_points_dialog(self) -> BasePointsDialog:
        return BasePointsDialog(self.ctx, self)

    def open_base_points(self) -> None:
        self.base_points_dialog().exec()

    def year_close_wizard(self) -> YearCloseWizard:
        return YearCloseWizard(self.ctx, self)

    def open_year_close(self) -> None:
        self.year_close_wizard().exec()

    def refresh(self) -> None:
        village = self.ctx.village
        self.code.setText(village.code)
        self.name.setText(village.name)
        self.township.setText(village.township_name)
        self.base_points.setValue(village.base_points)
        self._check_policy(village.available_policy)
        self.mask_names.setChecked(village.mask_names)

    def _check_policy(self, policy: str) -> None:
        keys = [key for key, _name, _text in POLICIES]
        self.policy.button(keys.index(policy)).setChecked(True)

    def save(self) -> None:
        for label in self.errors.values():
            label.hide()
        self.message.clear()
        try:
            self.ctx.apply(
                self.ctx.ledger.villages.update_settings(
                    self.ctx.village_id,
                    name=self.name.text(),
                    township_name=self.township.text(),
                    base_points=self.base_points.value(),
                    available_policy=POLICIES[self.policy.checkedId()][0],
                    mask_names=self.mask_names.isChecked(),
                )
            )
        except DomainError as error:
            field_label = self.errors.get(error.field or "")
            if field_label is None:
                messages.show_error(self, error)
                return
            field_label.setText(error.message)
            field_label.show()
            return
        self.message.setText(self.tr("已保存。"))
