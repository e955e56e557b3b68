"""记录详情: the entry picked in a review list in full — household, member, rule, points, dates,
place, note, recorder, source, the decision once made — and its evidence as thumbnails
(``PhotoStrip``); a thumbnail click opens the ``EvidenceViewer``. Nothing here takes the
keyboard focus: the reviewer's keys stay with the list."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QGroupBox, QLabel, QScrollArea, QVBoxLayout, QWidget

from jifen_desktop.model.entry_checks import SOURCES
from jifen_desktop.model.entry_evidence import EvidenceItem
from jifen_desktop.model.entry_queries import KIND_NAMES, EntryInfo
from jifen_desktop.model.wording import late_mark
from jifen_desktop.ui.context import AppContext
from jifen_desktop.ui.evidence_viewer import EvidenceViewer
from jifen_desktop.ui.forms import GREY, hint
from jifen_desktop.ui.recent_entries import describe
from jifen_desktop.ui.type_size import px

from .pending_model import DEDUCTION
from .photo_strip import PhotoStrip

# what the reviewer judges by first (the photos after the note), then the rest
FIELDS = (
    ("household", "户"),
    ("rule", "积分项目"),
    ("points", "分值"),
    ("note", "说明"),
    ("photos", "证明材料"),
    ("member", "成员"),
    ("date", "日期"),
    ("place", "地点"),
    ("recorder", "录入人"),
    ("source", "来源"),
    ("decision", "审核结果"),
)


class EntryDetail(QGroupBox):
    """The picked entry and its evidence; ``show_entry(None)`` says how to pick one."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setTitle(self.tr("记录详情"))
        self.entry: EntryInfo | None = None
        self.items: list[EvidenceItem] = []
        self.viewer: EvidenceViewer | None = None
        self.empty = hint(self.tr("选中一条记录，这里显示它的详情和证明材料。"))
        self.values: dict[str, QLabel] = {}
        self.rows: dict[str, tuple[QWidget, QWidget]] = {}
        self.photos = PhotoStrip()
        self.photos.open_requested.connect(self.open_viewer)
        area = QScrollArea()
        area.setWidgetResizable(True)
        area.setFrameShape(QScrollArea.Shape.NoFrame)
        area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        area.setWidget(self._content())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(px(4), px(4), px(4), px(4))
        layout.addWidget(area)
        self.show_entry(None)

    def _content(self) -> QWidget:
        """The fields as a grid of title and value (a form layout would not give a wrapped
        value its height beside the photos' flow)."""
        content = QWidget()
        grid = QGridLayout()
        grid.setColumnStretch(1, 1)
        for row, (key, title) in enumerate(FIELDS):
            if key == "photos":
                value: QWidget = self.photos
            else:
                value = self.values[key] = QLabel()
                self.values[key].setWordWrap(True)
                self.values[key].setTextInteractionFlags(
                    Qt.TextInteractionFlag.TextSelectableByMouse
                )
            name = QLabel(self.tr(title))
            name.setStyleSheet(f"color: {GREY};")
            grid.addWidget(name, row, 0, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(value, row, 1)
            self.rows[key] = (name, value)
        column = QVBoxLayout(content)
        column.addWidget(self.empty)
        column.addLayout(grid)
        column.addStretch(1)
        return content

    def _show_row(self, key: str, shown: bool) -> None:
        for widget in self.rows[key]:
            widget.setVisible(shown)

    # -- showing -----------------------------------------------------------------------------

    def show_entry(self, entry: EntryInfo | None) -> None:
        """Show ``entry`` (the same entry again is left as it is: entries never change)."""
        if entry is not None and entry == self.entry:
            return
        self.entry = entry
        self.items = self.ctx.ledger.entries.evidence(entry.id) if entry else []
        self.empty.setVisible(entry is None)
        for key in self.rows:
            self._show_row(key, entry is not None)
        if entry is not None:
            self._fill(entry)
        self._show_photos()

    def _fill(self, e: EntryInfo) -> None:
        for key, text in self._texts(e).items():
            self.values[key].setText(text)
            self._show_row(key, bool(text))
        colour = DEDUCTION.name() if e.points < 0 else "#1b5e20"
        self.values["points"].setStyleSheet(f"color: {colour}; font-weight: bold;")

    def _texts(self, e: EntryInfo) -> dict[str, str]:
        """Each row's text for the entry ("": the row is hidden)."""
        return {
            "household": f"{e.household_number}　{e.household_name}",
            "member": e.member_name or self.tr("（不指定成员）"),
            "rule": f"{e.category_name}　{e.rule_code} {e.rule_name}",
            "points": self._points(e),
            "date": self._date(e),
            "place": e.place,
            "note": e.note or e.reason,
            "recorder": f"{e.recorded_by_name}（{e.recorded_at:%Y-%m-%d %H:%M} 录入）",
            "source": self._source(e),
            "decision": self._decision(e),
        }

    def _source(self, e: EntryInfo) -> str:
        """Where it came from (网格员记录, 村民申报 ...) and a kind not normal (基础分, 冲正 ...)."""
        parts = (self.tr(SOURCES.get(e.source, e.source)), KIND_NAMES.get(e.kind))
        return "　".join(t for t in parts if t)

    def _points(self, e: EntryInfo) -> str:
        if e.quantity > 1:
            return self.tr("{0:+d} 分（每人 {1:+d} 分 × {2} 人）").format(
                e.points, e.unit_points, e.quantity
            )
        return self.tr("{0:+d} 分").format(e.points)

    def _date(self, e: EntryInfo) -> str:
        if e.original_on is None:
            return e.occurred_on.isoformat()
        return self.tr("{0}（{1}）").format(e.occurred_on, late_mark(e.original_on))

    def _decision(self, e: EntryInfo) -> str:
        if e.status == "pending":
            return ""
        parts = (
            self.tr(e.status_name),
            self.tr("理由：{0}").format(e.decision_reason) if e.decision_reason else "",
            self.tr("决定人：{0}").format(e.decided_by_name) if e.decided_by_name else "",
        )
        return "，".join(part for part in parts if part)

    # -- the photos --------------------------------------------------------------------------

    def _show_photos(self) -> None:
        self.photos.show_items(self.items, self._photos_note())

    def _photos_note(self) -> str:
        if self.entry is None:
            return ""
        if not self.items:
            return self.tr("这条记录没有证明材料。")
        return self.tr("点照片放大看；在列表里按空格键或双击也可以。")

    def open_viewer(self, index: int = 0) -> bool:
        """Open file ``index`` of the entry large (False when it has none)."""
        if self.entry is None or not self.items:
            return False
        if self.viewer is not None:
            self.viewer.deleteLater()  # the one looked at before
        viewer = self.viewer = EvidenceViewer(
            self.items, index, describe(self.entry), self.window()
        )
        viewer.open()
        return True
