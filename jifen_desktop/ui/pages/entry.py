"""积分录入: the keyboard-first form a 网格员 records one entry with (type-ahead household and rule,
points from the rule, date, member, place, note, evidence photos by button or drag and drop;
Enter moves on and Enter on the last field saves), the recent entries with 撤回 for a pending
one, and the button to the activity batch dialog."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QDate, QEvent, QObject, Qt, QUrl
from PySide6.QtGui import QColor, QDragEnterEvent, QDropEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from jifen_desktop.model.entry_checks import EntryDraft
from jifen_desktop.model.entry_queries import EntryInfo
from jifen_desktop.model.errors import DomainError, ValidationError
from jifen_desktop.model.evidence import ALLOWED_SUFFIXES
from jifen_desktop.model.households import HouseholdInfo
from jifen_desktop.model.rules import RuleInfo
from jifen_desktop.model.tx import Change
from jifen_desktop.ui import messages
from jifen_desktop.ui.completers import ENTER_KEYS, HouseholdPicker, RulePicker, TypeAheadEdit
from jifen_desktop.ui.context import AppContext

from .base import Page

DONE_STYLE = "color: #1b5e20; font-weight: bold;"
RECENT_LIMIT = 30
STATUS_COLORS = {"pending": "#a15c00", "approved": "#1b5e20", "rejected": "#b00020"}
GREY = "#777777"


def image_paths(urls: list[QUrl]) -> list[Path]:
    """The local files among dropped URLs."""
    return [Path(u.toLocalFile()) for u in urls if u.isLocalFile()]


def day_of(edit: QDateEdit) -> dt.date:
    value = edit.date()
    return dt.date(value.year(), value.month(), value.day())


def points_value(text: str, rule: RuleInfo) -> int | None:
    """What the points box means: None for a fixed rule; a typed 20 on a deduction is -20."""
    if rule.fixed:
        return None
    text = text.strip().replace("＋", "+").replace("－", "-")
    if not text:
        return None  # the model then asks for the points in its own words
    try:
        value = int(text)
    except ValueError:
        raise ValidationError(
            QCoreApplication.translate("EntryPage", "分值请填写整数，例如 {0}。").format(
                rule.sign * rule.points_min
            ),
            field="points",
        ) from None
    return -abs(value) if rule.sign < 0 and not text.startswith("+") else value


class EvidenceBox(QGroupBox):
    """The evidence photos of the entry being typed: add by file dialog, remove one."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("证明材料（照片、扫描件）"))
        self.files = QListWidget()
        self.files.setObjectName("evidence_files")
        self.files.setMaximumHeight(7 * self.fontMetrics().height())  # room for the table below
        self.add_button = QPushButton(self.tr("添加照片…"))
        self.remove_button = QPushButton(self.tr("移除选中"))
        self.add_button.clicked.connect(self.choose)
        self.remove_button.clicked.connect(self.remove_selected)
        self.files.currentRowChanged.connect(self._update_buttons)
        delete = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.files)
        delete.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete.activated.connect(self.remove_selected)
        hint = QLabel(self.tr("也可以把照片文件直接拖到本页"))
        hint.setStyleSheet(f"color: {GREY};")
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch()
        layout = QVBoxLayout(self)
        layout.addWidget(self.files, 1)
        layout.addLayout(buttons)
        layout.addWidget(hint)
        self._update_buttons()

    def paths(self) -> tuple[Path, ...]:
        return tuple(
            Path(self.files.item(i).data(Qt.ItemDataRole.UserRole))
            for i in range(self.files.count())
        )

    def add(self, paths: list[Path]) -> list[Path]:
        """Add the photos among ``paths``; returns the ones refused (not a photo or PDF)."""
        have = set(self.paths())
        refused = []
        for path in paths:
            if path.suffix.lower() not in ALLOWED_SUFFIXES or not path.is_file():
                refused.append(path)
            elif path not in have:
                have.add(path)
                self.files.addItem(path.name)
                item = self.files.item(self.files.count() - 1)
                item.setData(Qt.ItemDataRole.UserRole, str(path))
                item.setToolTip(str(path))
        self._update_buttons()
        return refused

    def choose(self) -> None:
        patterns = " ".join(f"*{s}" for s in sorted(ALLOWED_SUFFIXES))
        names, _ = QFileDialog.getOpenFileNames(
            self, self.tr("选择证明材料"), "", self.tr("照片或PDF ({0})").format(patterns)
        )
        self.add([Path(n) for n in names])

    def remove_selected(self) -> None:
        row = self.files.currentRow()
        if row >= 0:
            self.files.takeItem(row)
        self._update_buttons()

    def clear(self) -> None:
        self.files.clear()
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.remove_button.setEnabled(self.files.currentRow() >= 0)


def describe(entry: EntryInfo) -> str:
    """One line naming an entry for messages: household, item, points and date."""
    return (
        f"{entry.household_number} {entry.household_name}　{entry.rule_code} {entry.rule_name}"
        f"　{entry.points:+d}分（{entry.occurred_on.isoformat()}）"
    )


class EntryPage(Page):
    key = "entry"
    title_text = "积分录入"
    roles = ("admin", "reviewer", "recorder")
    shows = Change.ENTRIES | Change.HOUSEHOLDS | Change.RULES

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.recent: list[EntryInfo] = []
        self.batch_dialog: QWidget | None = None
        self._build_fields()
        self.errors: dict[str, QLabel] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addLayout(self._build_form())
        layout.addLayout(self._build_actions())
        layout.addWidget(self._build_recent(), 1)
        self.chain: list[QWidget] = [
            self.household,
            self.rule,
            self.points,
            self.quantity,
            self.date,
            self.member,
            self.place,
            self.note,
        ]
        for widget in self.chain:
            widget.installEventFilter(self)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(self.save)
        self.setAcceptDrops(True)
        self._on_rule(None)
        self._on_household(None)
        self.household.setFocus()

    # -- building ----------------------------------------------------------------------------

    def _build_fields(self) -> None:
        self.household = HouseholdPicker(self.ctx)
        self.household.setObjectName("household")
        self.rule = RulePicker(self.ctx)
        self.rule.setObjectName("rule")
        self.points = QLineEdit()
        self.points.setObjectName("points")
        self.points.setMaximumWidth(110)
        self.points_hint = QLabel()
        self.quantity = QSpinBox()
        self.quantity.setObjectName("quantity")
        self.quantity.setRange(1, 1000)
        self.quantity.setSuffix(self.tr(" 人"))
        self.date = QDateEdit(QDate.currentDate())
        self.date.setObjectName("occurred_on")
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("yyyy-MM-dd")
        self.date.setMaximumDate(QDate.currentDate())
        self.member = QComboBox()
        self.member.setObjectName("member")
        self.member.setMinimumWidth(180)
        self.place = QLineEdit()
        self.place.setObjectName("place")
        self.place.setPlaceholderText(self.tr("如 村委会、文化广场（同一次录入会保留）"))
        self.note = QLineEdit()
        self.note.setObjectName("note")
        self.note.setPlaceholderText(self.tr("做了什么、为什么加减分；按回车保存"))
        for edit in (self.points, self.place, self.note, *self.date.findChildren(QLineEdit)):
            edit.setAcceptDrops(False)
        self.points.textEdited.connect(lambda _t: self._set_error("points", ""))
        self.quantity.valueChanged.connect(lambda _v: self._set_error("quantity", ""))
        self.date.dateChanged.connect(lambda _d: self._set_error("occurred_on", ""))
        self.member.activated.connect(lambda _i: self._set_error("member", ""))
        self.household.picked.connect(self._on_household)
        self.household.cleared.connect(lambda: self._on_household(None))
        self.household.confirmed.connect(lambda: self._advance(self.household))
        self.rule.picked.connect(self._on_rule)
        self.rule.cleared.connect(lambda: self._on_rule(None))
        self.rule.confirmed.connect(lambda: self._advance(self.rule))
        self.evidence = EvidenceBox()

    def _field(self, name: str, *widgets: QWidget, grow: bool = False) -> QWidget:
        """A field (or a row of widgets) with its red error line underneath."""
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        row = QHBoxLayout()
        for widget in widgets:
            row.addWidget(widget, 1 if grow else 0)
        if not grow:
            row.addStretch()
        column.addLayout(row)
        column.addWidget(self._error_label(name))
        return box

    def _add_row(self, form: QFormLayout, text: str, field: QWidget, buddy: QWidget) -> None:
        label = QLabel(text)
        label.setBuddy(buddy)  # Alt+H on 户(H) puts the cursor in the field itself
        form.addRow(label, field)

    def _build_form(self) -> QHBoxLayout:
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setVerticalSpacing(6)
        quantity_label = QLabel(self.tr("人数"))
        quantity_label.setContentsMargins(16, 0, 0, 0)
        household = self._field("household", self.household, grow=True)
        self._add_row(form, self.tr("户(&H)"), household, self.household)
        self._add_row(
            form, self.tr("细则(&R)"), self._field("rule", self.rule, grow=True), self.rule
        )
        points_row = self._field(
            "points", self.points, self.points_hint, quantity_label, self.quantity
        )
        self.errors["quantity"] = self.errors["points"]
        form.addRow(self.tr("分值"), points_row)
        self._add_row(form, self.tr("日期(&D)"), self._field("occurred_on", self.date), self.date)
        form.addRow(self.tr("成员"), self._field("member", self.member))
        form.addRow(self.tr("地点"), self._field("place", self.place, grow=True))
        form.addRow(self.tr("说明"), self._field("note", self.note, grow=True))
        evidence_column = QVBoxLayout()
        evidence_column.addWidget(self.evidence, 1)
        evidence_column.addWidget(self._error_label("evidence"))
        layout = QHBoxLayout()
        layout.addLayout(form, 3)
        layout.addLayout(evidence_column, 2)
        return layout

    def _error_label(self, name: str) -> QLabel:
        self.errors[name] = messages.error_label(name)
        return self.errors[name]

    def _build_actions(self) -> QHBoxLayout:
        self.save_button = QPushButton(self.tr("保存（回车）"))
        self.save_button.setObjectName("save")
        self.save_button.setStyleSheet("font-weight: bold; padding: 5px 24px;")
        self.save_button.setToolTip(self.tr("在说明一栏按回车，或在任何一栏按 Ctrl+回车，也能保存"))
        self.save_button.clicked.connect(self.save)
        self.batch_button = QPushButton(self.tr("批量登记组织活动…"))
        self.batch_button.clicked.connect(self.open_batch)
        self.message = QLabel()
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.save_button)
        row.addWidget(self.message, 1)
        row.addWidget(self.batch_button)
        return row

    def _build_recent(self) -> QWidget:
        box = QGroupBox(self.tr("最近的记录（最新 {0} 条）").format(RECENT_LIMIT))
        self.table = QTableWidget(0, 6)
        self.table.setObjectName("recent")
        self.table.setHorizontalHeaderLabels(
            [self.tr(t) for t in ("日期", "户", "积分项目", "分值", "状态", "录入人")]
        )
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        for column in range(6):
            mode = (
                QHeaderView.ResizeMode.Stretch
                if column == 2
                else QHeaderView.ResizeMode.ResizeToContents
            )
            header.setSectionResizeMode(column, mode)
        self.table.itemSelectionChanged.connect(self._update_withdraw)
        self.withdraw_button = QPushButton(self.tr("撤回"))
        self.withdraw_button.setObjectName("withdraw")
        self.withdraw_button.setToolTip(self.tr("撤回自己录入、还没审核的记录"))
        self.withdraw_button.clicked.connect(self.withdraw)
        side = QVBoxLayout()
        side.addWidget(self.withdraw_button)
        side.addStretch()
        layout = QHBoxLayout(box)
        layout.addWidget(self.table, 1)
        layout.addLayout(side)
        self._update_withdraw()
        return box

    # -- following the keyboard ----------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.KeyPress and event.key() in ENTER_KEYS:  # type: ignore[attr-defined]
            if event.modifiers() & Qt.KeyboardModifier.ControlModifier:  # type: ignore[attr-defined]
                self.save()
                return True
            if isinstance(watched, TypeAheadEdit):
                return False  # it picks, then says ``confirmed``
            if watched is self.member and self.member.view().isVisible():
                return False
            self._advance(watched)  # type: ignore[arg-type]
            return True
        return super().eventFilter(watched, event)

    def _advance(self, widget: QWidget) -> None:
        """Enter: on to the next field that takes input; on the last one, save."""
        if widget is self.chain[-1]:
            self.save()
            return
        for following in self.chain[self.chain.index(widget) + 1 :]:
            if following.isEnabled() and not (
                following is self.points and self.points.isReadOnly()
            ):
                following.setFocus()
                if isinstance(following, QLineEdit):
                    following.selectAll()
                return

    # -- what picking fills in -----------------------------------------------------------------

    def _on_household(self, household: HouseholdInfo | None) -> None:
        self._set_error("household", "")
        self.member.clear()
        self.member.addItem(self.tr("（不指定成员）"), None)
        self.rule.applies_to = household.kind if household is not None else "household"
        if household is not None:
            try:
                members = self.ctx.ledger.members.list(household.id)
            except DomainError as exc:
                self._set_error("household", exc.message)
                members = []
            for m in members:
                if m.status == "present":
                    self.member.addItem(self.tr("{0}（{1}）").format(m.name, m.relation), m.id)
        self.member.setEnabled(household is not None and self.member.count() > 1)

    def _on_rule(self, rule: RuleInfo | None) -> None:
        self._set_error("rule", "")
        self._set_error("points", "")
        self.points.clear()
        self.points.setReadOnly(rule is not None and rule.fixed)
        self.points.setStyleSheet("background: #eeeeee;" if self.points.isReadOnly() else "")
        self.quantity.setValue(1)
        self.quantity.setEnabled(rule is not None and rule.counts_people)
        if rule is None:
            self.points.setPlaceholderText(self.tr("先选细则"))
            self.points_hint.setText("")
            return
        if rule.fixed:
            self.points.setText(str(rule.sign * rule.points_min))
        else:
            self.points.setPlaceholderText(f"{rule.points_min}-{rule.points_max}")
        hint = rule.points_text()
        if rule.sign < 0 and not rule.fixed:
            hint += self.tr("，填几分就扣几分")
        if rule.evidence_required:
            hint += self.tr("；需要证明材料")
        self.points_hint.setText(hint)

    # -- saving ----------------------------------------------------------------------------------

    def draft(self) -> EntryDraft:
        """The form as an ``EntryDraft``; a field the model cannot judge yet raises here."""
        household, rule = self.household.current, self.rule.current
        if household is None:
            raise ValidationError(
                self.tr("请先选户：输入户号、姓名或拼音首字母，再按回车从列表中选。"),
                field="household",
            )
        if rule is None:
            raise ValidationError(
                self.tr("请先选细则：输入编号（如 B05）、名称或拼音首字母，再按回车选。"),
                field="rule",
            )
        return EntryDraft(
            household.id,
            rule.code,
            day_of(self.date),
            points=points_value(self.points.text(), rule),
            quantity=self.quantity.value(),
            member_id=self.member.currentData(),
            place=self.place.text(),
            note=self.note.text(),
            evidence=self.evidence.paths(),
        )

    def save(self) -> None:
        self._clear_errors()
        try:
            op = self.ctx.ledger.entries.record(self.ctx.village_id, self.draft())
        except DomainError as exc:
            self._show_error(exc)
            return
        entry = self.ctx.apply(op)
        self.message.setStyleSheet(DONE_STYLE)
        self.message.setText(self.tr("已保存：{0}，等待审核").format(describe(entry)))
        self.reset_form()

    def reset_form(self) -> None:
        """Ready for the next entry; the date and place usually repeat, so they stay."""
        self.household.reset()
        self.rule.reset()
        self._on_household(None)
        self._on_rule(None)
        self.note.clear()
        self.evidence.clear()
        self.household.setFocus()

    def _show_error(self, exc: DomainError) -> None:
        field = exc.field if exc.field in self.errors else None
        if field is None:
            self.message.setStyleSheet(messages.ERROR_STYLE)
            self.message.setText(exc.message)
            return
        self._set_error(field, exc.message)
        self.message.setText("")
        target = {"occurred_on": self.date, "evidence": self.evidence.add_button}.get(
            field, getattr(self, field, None)
        )
        if isinstance(target, QWidget) and target.isEnabled():
            target.setFocus()

    def _set_error(self, field: str, text: str) -> None:
        label = self.errors.get(field)
        if label is not None:
            label.setText(text)
            label.setVisible(bool(text))

    def _clear_errors(self) -> None:
        for name in self.errors:
            self._set_error(name, "")
        self.message.setText("")

    # -- evidence by drag and drop ---------------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt override
        if any(p.suffix.lower() in ALLOWED_SUFFIXES for p in image_paths(event.mimeData().urls())):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt override
        refused = self.evidence.add(image_paths(event.mimeData().urls()))
        self._set_error(
            "evidence",
            self.tr("这些文件不是照片或PDF，没有添加：{0}").format(
                "、".join(p.name for p in refused)
            )
            if refused
            else "",
        )
        event.acceptProposedAction()

    # -- recent entries ----------------------------------------------------------------------------

    def refresh(self) -> None:
        self.date.setMaximumDate(QDate.currentDate())
        if self.rule.current is not None:
            self._reload_rule()
        self.recent = self.ctx.ledger.entries.list(
            self.ctx.village_id, limit=RECENT_LIMIT, order="recorded"
        )
        self.table.setRowCount(len(self.recent))
        for row, entry in enumerate(self.recent):
            values = (
                entry.occurred_on.isoformat(),
                f"{entry.household_number} {entry.household_name}",
                f"{entry.rule_code} {entry.rule_name}",
                f"{entry.points:+d}",
                entry.status_name,
                entry.recorded_by_name,
            )
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                if column == 2:
                    item.setToolTip(value)
                if column == 3:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                if column == 4:
                    item.setForeground(QColor(STATUS_COLORS.get(entry.status, GREY)))
                self.table.setItem(row, column, item)
        self._update_withdraw()

    def _reload_rule(self) -> None:
        """An admin edited the catalog: keep the picked rule but show its new points."""
        typed = self.points.text()
        try:
            rule = self.ctx.ledger.rules.get(self.ctx.village_id, self.rule.current.code)
        except DomainError:
            rule = None
        if rule != self.rule.current:
            self.rule.set_current(rule)
            self._on_rule(rule)
            if rule is not None and not rule.fixed:
                self.points.setText(typed)

    def selected_entry(self) -> EntryInfo | None:
        rows = {i.row() for i in self.table.selectedIndexes()}
        return self.recent[rows.pop()] if len(rows) == 1 else None

    def _update_withdraw(self) -> None:
        entry = self.selected_entry()
        own = entry is not None and (
            self.ctx.actor.role == "admin" or entry.recorded_by == self.ctx.actor.id
        )
        self.withdraw_button.setEnabled(own and entry is not None and entry.status == "pending")

    def withdraw(self) -> None:
        entry = self.selected_entry()
        if entry is None or entry.status != "pending":
            return
        question = self.tr("撤回这条还没审核的记录吗？\n\n{0}").format(describe(entry))
        if not messages.confirm(self, self.tr("撤回记录"), question):
            return
        try:
            self.ctx.apply(self.ctx.ledger.entries.withdraw(entry.id))
        except DomainError as exc:
            messages.show_error(self, exc)

    def open_batch(self) -> None:
        from jifen_desktop.ui.batch_dialog import BatchDialog

        self.batch_dialog = BatchDialog(self.ctx, self)
        self.batch_dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.batch_dialog.open()
