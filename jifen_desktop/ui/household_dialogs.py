"""The 农户 page's dialogs: add or edit a household or unit, move it out / dissolve it / bring it
back, and add a member. Each dialog calls the service itself when OK is pressed; a
``DomainError`` is shown next to its field (or in the dialog's red line) and the dialog stays
open with everything typed; on success it hands the ``Op`` to ``ctx.apply`` and closes."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QWidget,
)

from jifen_desktop.model.errors import ValidationError
from jifen_desktop.model.households import STATUS_NAMES, HouseholdInfo
from jifen_desktop.model.members import RELATIONS
from jifen_desktop.model.tx import Op

from .context import AppContext
from .form_dialog import FormDialog
from .forms import date_edit, date_of
from .household_detail import status_text
from .messages import confirm


def parse_date(text: str, field: str) -> dt.date | None:
    """A typed date (1965-03-12, 1965.3.12, 1965/3/12, 19650312) or None when left empty."""
    text = text.strip()
    if not text:
        return None
    match = re.fullmatch(r"(\d{4})[-./年]?(\d{1,2})[-./月]?(\d{1,2})日?", text)
    try:
        if match is None:
            raise ValueError
        return dt.date(*(int(g) for g in match.groups()))
    except ValueError:
        raise ValidationError(
            f"日期“{text}”看不懂，请按“1965-03-12”的样子填写。", field=field
        ) from None


class HouseholdDialog(FormDialog):
    """新增农户 / 新增单位, or 修改 an existing one (``household`` given)."""

    def __init__(
        self,
        ctx: AppContext,
        kind: str = "household",
        household: HouseholdInfo | None = None,
        parent: QWidget | None = None,
    ) -> None:
        self.household = household
        self.kind = household.kind if household else kind
        unit = self.kind == "unit"
        if household:
            title = self.tr("修改单位信息") if unit else self.tr("修改农户信息")
        else:
            title = self.tr("新增单位") if unit else self.tr("新增农户")
        super().__init__(ctx, title, parent)
        self.number = self.add_field("number", self.tr("户号"), QLineEdit())
        self.unit_name = QLineEdit()
        if unit:
            self.add_field("unit_name", self.tr("单位名称"), self.unit_name)
        head_label = self.tr("负责人") if unit else self.tr("户主姓名")
        self.head_name = self.add_field("head_name", head_label, QLineEdit())
        self.grid = self.add_field("grid", self.tr("网格"), QComboBox(), "grid_id")
        self.grid.addItem(self.tr("（不分网格）"), None)
        for g in ctx.ledger.villages.grids(ctx.village_id):
            self.grid.addItem(g.name, g.id)
        self.address = self.add_field("address", self.tr("住址"), QLineEdit())
        self.phone = self.add_field("phone", self.tr("电话"), QLineEdit())
        self.registered_on = date_edit()
        self.head_id_number = QLineEdit()
        self.head_id_number.setPlaceholderText(self.tr("可不填；填写时须为18位"))
        if household is None:
            self.add_field("registered_on", self.tr("登记日期"), self.registered_on)
            if not unit:
                self.add_field("id_number", self.tr("户主身份证号"), self.head_id_number)
        else:
            self._fill(household)
        self.number.setFocus()

    def _fill(self, h: HouseholdInfo) -> None:
        self.number.setText(h.number)
        self.unit_name.setText(h.unit_name)
        self.head_name.setText(h.head_name)
        self.grid.setCurrentIndex(max(0, self.grid.findData(h.grid_id)))
        self.address.setText(h.address)
        self.phone.setText(h.phone)

    def _values(self) -> dict[str, Any]:
        values = {
            "number": self.number.text(),
            "head_name": self.head_name.text(),
            "grid_id": self.grid.currentData(),
            "address": self.address.text().strip(),
            "phone": self.phone.text().strip(),
        }
        if self.kind == "unit":
            values["unit_name"] = self.unit_name.text()
        return values

    def submit(self) -> Op[HouseholdInfo] | None:
        values = self._values()
        if self.household is None:
            return self._add(values)
        return self._update(self.household, values)

    def _add(self, values: dict[str, Any]) -> Op[HouseholdInfo]:
        return self.ctx.ledger.households.add(
            self.ctx.village_id,
            values.pop("number"),
            values.pop("head_name"),
            kind=self.kind,
            registered_on=date_of(self.registered_on),
            head_id_number=self.head_id_number.text().strip(),
            **values,
        )

    def _update(self, old: HouseholdInfo, values: dict[str, Any]) -> Op[HouseholdInfo] | None:
        """Only the fields changed; nothing changed closes the form with nothing written."""
        changed = {k: v for k, v in values.items() if v != getattr(old, k)}
        if not changed:
            self.reject()
            return None
        return self.ctx.ledger.households.update(old.id, **changed)


class StatusDialog(FormDialog):
    """迁出 / 注销 a household (or bring it back to 在册), with date and reason; asks first.
    注销 (offered for a household 在册) goes through the close service: a 户籍变动 record too."""

    def __init__(
        self, ctx: AppContext, household: HouseholdInfo, parent: QWidget | None = None
    ) -> None:
        super().__init__(ctx, self.tr("迁出或注销：{0}").format(household.label), parent)
        self.household = household
        self.ok_button.setText(self.tr("办理"))
        self.form.addRow(self.tr("现在状态"), QLabel(status_text(household)))
        self.status = self.add_field("status", self.tr("改为"), QComboBox())
        self._add_choices(household.status)
        self.effective_on = self.add_field("effective_on", self.tr("生效日期"), date_edit())
        self.reason = self.add_field("reason", self.tr("原因"), QLineEdit())
        self.reason.setPlaceholderText(self.tr("例如：全家迁往县城居住"))

    def _add_choices(self, now: str) -> None:
        """The states the household may go to from ``now``: 注销 only from 在册."""
        for key in ("moved_out", "dissolved", "active"):
            if key != now and (key != "dissolved" or now == "active"):
                label = self.tr("恢复在册") if key == "active" else self.tr(STATUS_NAMES[key])
                self.status.addItem(label, key)

    def submit(self) -> Op[HouseholdInfo] | None:
        status = self.status.currentData()
        when = date_of(self.effective_on)
        if not self._confirmed(when):
            return None
        return self.ctx.ledger.households.set_status(
            self.household.id, status, when, self.reason.text()
        )

    def _confirmed(self, when: dt.date) -> bool:
        question = self.tr(
            "确定将“{0}”从{1}起改为“{2}”吗？\n\n改动会记入状态历史和审计日志"
            "（注销还记入户籍变动，注销须写明原因）。"
        ).format(self.household.label, when, self.status.currentText())
        return confirm(self, self.tr("请确认"), question)


class MemberDialog(FormDialog):
    """添加成员 to a household."""

    def __init__(
        self, ctx: AppContext, household: HouseholdInfo, parent: QWidget | None = None
    ) -> None:
        super().__init__(ctx, self.tr("添加成员：{0}").format(household.label), parent)
        self.household = household
        self.name = self.add_field("name", self.tr("姓名"), QLineEdit())
        self.relation = self.add_field("relation", self.tr("与户主关系"), QComboBox())
        for relation in RELATIONS[1:]:
            self.relation.addItem(self.tr(relation), relation)
        self.gender = self.add_field("gender", self.tr("性别"), QComboBox())
        for label, value in (
            (self.tr("（未填）"), ""),
            (self.tr("男"), "男"),
            (self.tr("女"), "女"),
        ):
            self.gender.addItem(label, value)
        self.birth_date = self.add_field("birth_date", self.tr("出生日期"), QLineEdit())
        self.birth_date.setPlaceholderText(self.tr("如 1965-03-12；填了身份证号可不填"))
        self.id_number = self.add_field("id_number", self.tr("身份证号"), QLineEdit())
        self.id_number.setPlaceholderText(self.tr("可不填；填写时须为18位"))
        self.phone = self.add_field("phone", self.tr("电话"), QLineEdit())
        self.party = QCheckBox(self.tr("中共党员"))
        self.form.addRow("", self.party)
        self.cadre = QCheckBox(self.tr("村干部（村两委成员等，个人排名可单独排）"))
        self.form.addRow("", self.cadre)
        self.name.setFocus()

    def submit(self) -> Op[Any] | None:
        return self.ctx.ledger.members.add(
            self.household.id,
            self.name.text(),
            relation=self.relation.currentData(),
            gender=self.gender.currentData(),
            birth_date=parse_date(self.birth_date.text(), "birth_date"),
            id_number=self.id_number.text().strip(),
            phone=self.phone.text(),
            is_party_member=self.party.isChecked(),
            is_cadre=self.cadre.isChecked(),
        )
