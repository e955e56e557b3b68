"""冲突与待处理: what merging bundles left for people to settle. Conflicts are records two
computers wrote differently (shown as the fields that differ, this computer's against the
other's); clashes are rules broken once both sides' records met (a household number used
twice, stock below zero...), settled in the village by the usual means."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHeaderView, QLabel, QSplitter, QVBoxLayout, QWidget

from jifen_desktop.model.tx import Change
from jifen_desktop.sync import SyncService
from jifen_desktop.sync.clashes import KIND_NAMES
from jifen_desktop.ui.context import AppContext
from jifen_desktop.ui.empty_state import empty_state
from jifen_desktop.ui.forms import column, hint

from ..base import Page
from .texts import TABLE_NAMES, differences, rows_table, show_rows, when

CONFLICT_HEADERS = ("发现时间", "内容", "原因", "本机的内容", "对方的内容")
CLASH_HEADERS = ("类型", "问题", "详情")


class ConflictsSection(Page):
    key = "sync_conflicts"
    title_text = "冲突与待处理"
    shows = ~Change.NONE

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.conflicts = rows_table([self.tr(h) for h in CONFLICT_HEADERS], 4, "conflicts")
        self.conflicts.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.clashes = rows_table([self.tr(h) for h in CLASH_HEADERS], 2, "clashes")
        self.conflicts_title = QLabel()
        self.clashes_title = QLabel()
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(
            column(
                self.conflicts_title,
                hint(
                    self.tr(
                        "两台电脑对同一条记录写了不同的内容。请与对方核对哪边是对的，"
                        "在村里的电脑上改正后再导出同步包。"
                    )
                ),
                self.conflicts,
            )
        )
        splitter.addWidget(
            column(
                self.clashes_title,
                hint(self.tr("两边的记录合到一起后出现的问题，请村里按平常的办法处理。")),
                self.clashes,
            )
        )
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        self.no_conflicts = empty_state(
            self.conflicts,
            self.tr("没有同步冲突：导入的同步包和本机的记录没有互相矛盾的地方，不用处理。"),
        )
        self.no_clashes = empty_state(
            self.clashes, self.tr("没有待处理的问题：合并后的记录都符合规则，不用处理。")
        )

    def refresh(self) -> None:
        service = SyncService(self.ctx.ledger)
        found = service.conflicts()
        self.conflicts_title.setText(self.tr("同步冲突：{0} 条").format(len(found)))
        show_rows(
            self.conflicts,
            [
                (when(c.found_at), TABLE_NAMES.get(c.table, c.table), c.reason)
                + differences(c.local, c.remote)
                for c in found
            ],
        )
        clashes = service.clashes(None if self.ctx.township else self.ctx.village_id)
        self.clashes_title.setText(self.tr("待处理的问题：{0} 个").format(len(clashes)))
        show_rows(
            self.clashes, [(KIND_NAMES.get(c.kind, c.kind), c.title, c.detail) for c in clashes]
        )
