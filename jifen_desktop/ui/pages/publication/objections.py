"""The objections to one publication: the list (household, disputed entry, content, received,
handler, status, resolution), the picked one in full underneath, and for the committee
登记异议 (while the notice is posted) and 处理异议 (for an open one). The page hands it the
publication and its lines; after an objection is resolved it is picked and its resolution
shown."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from jifen_desktop.model.authz import REVIEW_ROLES
from jifen_desktop.model.calendar.objections import ObjectionInfo
from jifen_desktop.model.calendar.publications import PublicationInfo
from jifen_desktop.model.calendar.snapshot import SnapshotLine
from jifen_desktop.ui.context import AppContext
from jifen_desktop.ui.form_dialog import FormDialog
from jifen_desktop.ui.forms import DONE_STYLE

from ..settings.list_section import ListSection
from .objection_dialogs import AddObjectionDialog, ResolveObjectionDialog

OPEN = QColor("#b00020")
HEADERS = ("户", "针对的记录", "内容", "受理日期", "经办人", "状态", "处理结果")


class ObjectionsSection(ListSection[ObjectionInfo]):
    key = "objections"
    title_text = "异议"
    what = "异议"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.pub: PublicationInfo | None = None
        self.lines: list[SnapshotLine] = []
        self.dialog: FormDialog | None = None
        self.add_button = QPushButton(self.tr("登记异议…"))
        self.add_button.setObjectName("add_objection")
        self.resolve_button = QPushButton(self.tr("处理异议…"))
        self.resolve_button.setObjectName("resolve_objection")
        acting = ctx.can(*REVIEW_ROLES)
        self.set_up(
            [self.tr(h) for h in HEADERS],
            6,
            [(self.add_button, self.add), (self.resolve_button, self.edit)] if acting else [],
            self.tr("异议在公示期内受理；成立的按更正记作补记，不成立的写明理由答复农户。")
            if acting
            else self.tr("异议由管理员或审核人登记和处理，这里只能查看。"),
        )
        self.detail = QLabel()
        self.detail.setObjectName("objection_detail")
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertWidget(2, self.detail)
        self.table.itemSelectionChanged.connect(self._show_picked)

    def show_publication(self, pub: PublicationInfo | None, lines: Sequence[SnapshotLine]) -> None:
        self.pub, self.lines = pub, list(lines)
        self.refresh()

    def refresh(self) -> None:
        picked = self.current(quiet=True)
        found = self._objections()
        self.show_rows(found, [self._row(o) for o in found])
        self._mark_open(found)
        first_open = next((o.id for o in found if o.status == "open"), None)
        self.pick(picked.id if picked else first_open)

    def _objections(self) -> list[ObjectionInfo]:
        if self.pub is None:
            return []
        return self.ctx.ledger.objections.list(self.ctx.village_id, self.pub.id)

    def _mark_open(self, found: list[ObjectionInfo]) -> None:
        """The state of each objection still waiting, in its colour."""
        for row, o in enumerate(found):
            item = self.table.item(row, 5)
            if o.status == "open" and item is not None:
                item.setForeground(QBrush(OPEN))

    def _row(self, o: ObjectionInfo) -> tuple[object, ...]:
        return (
            f"{o.household_number} {o.household_name}",
            o.entry_label or self.tr("（对总分）"),
            o.content,
            str(o.received_on),
            o.handler,
            self.tr(o.status_name),
            o.resolution,
        )

    def pick(self, objection_id: str | None) -> None:
        """Pick the objection with this id (or none) and show it in full."""
        ids = [o.id for o in self.items]
        if objection_id in ids:
            self.table.selectRow(ids.index(objection_id))
        else:
            self.table.clearSelection()
            self.table.setCurrentCell(-1, -1)
        self._show_picked()

    def _show_picked(self) -> None:
        o = self.current(quiet=True)
        self._offer_buttons(o)
        self.detail.setStyleSheet(DONE_STYLE if o and o.status == "upheld" else "")
        self.detail.setText(self._detail(o) if o else "")

    def _offer_buttons(self, o: ObjectionInfo | None) -> None:
        """登记异议 while the quarter is posted; 处理 for a picked objection still waiting."""
        posted = self.pub is not None and self.pub.status == "posted"
        self.add_button.setEnabled(posted)
        self.add_button.setToolTip("" if posted else self.tr("只有公示中的季度才能登记异议"))
        self.resolve_button.setEnabled(o is not None and o.status == "open")
        self.resolve_button.setToolTip(
            "" if self.resolve_button.isEnabled() else self.tr("先在表里点选一件待处理的异议")
        )

    def _detail(self, o: ObjectionInfo) -> str:
        text = self.tr("{0} {1}：{2}（{3} 受理，经办人 {4}）").format(
            o.household_number, o.household_name, o.content, o.received_on, o.handler
        )
        if o.status == "open":
            return text + self.tr("——待处理")
        return text + self.tr("\n处理结果：{0}（{1}，{2}）").format(
            o.resolution, self.tr(o.status_name), o.resolved_on
        )

    def add(self) -> None:
        if self.pub is not None:
            self._open(AddObjectionDialog(self.ctx, self.pub, self.lines, self))

    def edit(self) -> None:
        """处理异议 (the button, or a double-click on an open objection)."""
        o = self.current()
        if o is not None and o.status == "open" and self.ctx.can(*REVIEW_ROLES):
            self._open(ResolveObjectionDialog(self.ctx, o, self))

    def _open(self, dialog: FormDialog) -> None:
        self.dialog = dialog
        dialog.accepted.connect(lambda: self.pick(getattr(dialog.value, "id", None)))
        dialog.open()
