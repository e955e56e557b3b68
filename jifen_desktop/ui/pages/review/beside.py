"""A review list with the picked entry's detail beside it (``DetailSplitter``): the list keeps
the width of its key columns (户号, 户主, 日期, 积分项目, 分值…: what the reviewer decides by), the
detail takes the rest within a readable width. At a large type the long column among them
(积分项目, whose full text the detail shows) gives way first, down to ``SQUEEZE_LEAST``
characters; a list still too wide starts with the detail folded away (drag the handle from the
right edge to open it). A handle the user moved stays where it was put until the type size is
switched."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QSplitter, QStyle, QTableView, QWidget

from jifen_desktop.ui.type_size import follow, px

DETAIL_LEAST = 300  # the detail's least width at 标准 (scaled with the type: 450 at 特大)
DETAIL_MOST = 460
SQUEEZE_LEAST = "A00 某某某某某某"  # the long key column keeps at least this much


class DetailSplitter(QSplitter):
    """``table`` on the left showing its first ``key_columns`` columns (``squeeze`` may be
    narrowed for the detail's sake), ``detail`` on the right."""

    def __init__(
        self,
        table: QTableView,
        detail: QWidget,
        key_columns: int,
        squeeze: int,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.table, self.key_columns, self.squeeze = table, key_columns, squeeze
        self.addWidget(table)
        self.addWidget(detail)
        self.setCollapsible(0, False)
        self.setCollapsible(1, True)
        self.setStretchFactor(0, 1)
        self.moved_by_hand = False
        self.natural = table.horizontalHeader().sectionSize(squeeze)  # as its samples size it
        self.splitterMoved.connect(self._moved)
        follow(self, self._type_switched)

    def _moved(self) -> None:
        self.moved_by_hand = True

    def _type_switched(self) -> None:
        """The table's columns were sized again for the new type (its follower ran first)."""
        self.moved_by_hand = False
        self.natural = self.table.horizontalHeader().sectionSize(self.squeeze)
        self.share()

    def key_width(self) -> int:
        """The width the table needs to show its key columns whole."""
        header = self.table.horizontalHeader()
        columns = sum(header.sectionSize(c) for c in range(self.key_columns))
        scroll_bar = self.table.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
        return columns + 2 * self.table.frameWidth() + scroll_bar + 2

    def share(self) -> None:
        """Split the width: the table its key columns, the detail the rest (within its least
        and most), or all to the table when the detail would be narrower than its least."""
        total = self.width() - self.handleWidth()
        if total <= 0:
            return
        self._squeeze(total)
        detail = min(total - self.key_width(), px(DETAIL_MOST))
        if detail < px(DETAIL_LEAST):
            detail = 0
        self.setSizes([total - detail, detail])

    def _squeeze(self, total: int) -> None:
        """The long key column at its natural width, narrowed as far as the detail's least
        width needs (no further than ``SQUEEZE_LEAST``)."""
        header, metrics = self.table.horizontalHeader(), self.table.fontMetrics()
        header.resizeSection(self.squeeze, self.natural)
        short = px(DETAIL_LEAST) - (total - self.key_width())
        least = metrics.horizontalAdvance(SQUEEZE_LEAST) + int(metrics.height() * 1.2)
        if short > 0:
            header.resizeSection(self.squeeze, max(min(least, self.natural), self.natural - short))

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        if not self.moved_by_hand:
            self.share()

    def detail_shown(self) -> bool:
        return self.sizes()[1] > 0
