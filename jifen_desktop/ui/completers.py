"""Type-ahead pickers for households and rules: a line edit that asks a service as the user types
and lists the matches right under it.

The line edit keeps the keyboard focus the whole time (Down/Up move in the list, Enter picks,
Escape closes), so a slow typist never loses his place; the list has no focus of its own and is a
child of the window rather than a popup window, so it behaves the same on every platform and
shows in ``window.grab()`` screenshots."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QModelIndex, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QAbstractItemView, QFrame, QLineEdit, QListView, QWidget

from jifen_desktop.model.errors import DomainError
from jifen_desktop.model.households import HouseholdInfo
from jifen_desktop.model.rules import CAP_NAMES, RuleInfo
from jifen_desktop.ui.context import AppContext
from jifen_desktop.ui.forms import fit_placeholder

SEARCH_DELAY_MS = 120  # one search per pause in typing, not per key, for a slow machine
VISIBLE_ROWS = 10
ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


def tr(text: str) -> str:
    return QCoreApplication.translate("completers", text)


def household_text(h: HouseholdInfo) -> str:
    """``0101 王建国 一组`` (and the status when the household is no longer active)."""
    name = h.unit_name if h.kind == "unit" else h.head_name
    text = " ".join(part for part in (h.number, name, h.grid_name) if part)
    if h.status != "active":
        from jifen_desktop.model.households import STATUS_NAMES

        text += tr("（{0}）").format(STATUS_NAMES.get(h.status, h.status))
    return text


def rule_text(r: RuleInfo) -> str:
    """``B05 参与志愿者服务活动 加5分（每次）``."""
    return f"{r.code} {r.name} {r.points_text()}" + tr("（{0}）").format(
        CAP_NAMES.get(r.period_cap, r.period_cap)
    )


class TypeAheadEdit(QLineEdit):
    """A line edit with a list of matches. ``picked`` fires with the chosen item (a dataclass),
    ``confirmed`` after a pick by Enter or click (the form moves on), ``cleared`` when the text
    is edited after a pick (so the form drops what it filled in from it)."""

    picked = Signal(object)
    confirmed = Signal()
    cleared = Signal()

    def __init__(
        self,
        search: Callable[[str], list[Any]],
        describe: Callable[[Any], str],
        parent: QWidget | None = None,
        *,
        empty_text: str = "",
    ) -> None:
        super().__init__(parent)
        self._search = search
        self._describe = describe
        self._empty_text = empty_text or tr("没有找到，请换个写法再试")
        self._results: list[Any] = []
        self._current: Any = None
        self._model = QStandardItemModel(self)
        self._popup = self._make_popup()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.search_now)
        self.textEdited.connect(self._on_edited)
        self.setAcceptDrops(False)  # photos dropped here go to the form, not into the text
        self.setClearButtonEnabled(True)

    def _make_popup(self) -> QListView:
        # A child of the edit until first shown (then of the window): never a parentless
        # widget that could outlive the application.
        popup = QListView(self)
        self.destroyed.connect(popup.deleteLater)
        popup.setObjectName("typeahead_popup")
        popup.setModel(self._model)
        popup.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        popup.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        popup.setUniformItemSizes(True)
        popup.setFrameShape(QFrame.Shape.Box)
        popup.setTextElideMode(Qt.TextElideMode.ElideRight)
        popup.setStyleSheet(
            "QListView#typeahead_popup { background: white; border: 1px solid #5b7fa6; }"
            "QListView#typeahead_popup::item { padding: 4px 6px; }"
            "QListView#typeahead_popup::item:selected { background: #cfe3f7; color: black; }"
        )
        popup.clicked.connect(self._on_clicked)
        popup.hide()
        return popup

    # -- what the form reads ---------------------------------------------------------------

    @property
    def current(self) -> Any:
        """The picked item, or None while the text does not name one."""
        return self._current

    @property
    def popup(self) -> QListView:
        return self._popup

    def set_current(self, item: Any) -> None:
        """Pick ``item`` without the list (e.g. to refresh it after a change)."""
        self._current = item
        self.setText(self._describe(item) if item is not None else "")
        self.hide_popup()

    def reset(self) -> None:
        self._timer.stop()
        self._current = None
        self._results = []
        self.clear()
        self.hide_popup()

    def commit(self) -> bool:
        """Enter: pick the highlighted match (searching now if a search is still due).
        True when an item is picked afterwards."""
        if self._current is not None and not self._popup.isVisible():
            return True
        if self._timer.isActive() or not self._popup.isVisible():
            self.search_now()
        row = self._popup.currentIndex().row()
        if 0 <= row < len(self._results):
            self._choose(row)
            return True
        return False

    # -- searching ---------------------------------------------------------------------------

    def _on_edited(self, _text: str) -> None:
        if self._current is not None:
            self._current = None
            self.cleared.emit()
        self._timer.start()

    def search_now(self) -> None:
        self._timer.stop()
        text = self.text().strip()
        if not text:
            self._results = []
            self.hide_popup()
            return
        message = self._empty_text
        try:
            self._results = list(self._search(text))
        except DomainError as exc:
            self._results, message = [], exc.message
        self._model.clear()
        for found in self._results:
            item = QStandardItem(self._describe(found))
            item.setToolTip(item.text())
            self._model.appendRow(item)
        if not self._results:
            note = QStandardItem(message)
            note.setFlags(Qt.ItemFlag.NoItemFlags)
            self._model.appendRow(note)
        else:
            self._popup.setCurrentIndex(self._model.index(0, 0))
        self.show_popup()

    def _choose(self, row: int) -> None:
        self._current = self._results[row]
        self.setText(self._describe(self._current))
        self.hide_popup()
        self.picked.emit(self._current)

    def _on_clicked(self, index: QModelIndex) -> None:
        if 0 <= index.row() < len(self._results):
            self._choose(index.row())
            self.confirmed.emit()

    # -- the list under the edit -------------------------------------------------------------

    def show_popup(self) -> None:
        window = self.window()
        if self._popup.parent() is not window:
            self._popup.setParent(window)
        rows = max(1, min(self._model.rowCount(), VISIBLE_ROWS))
        row_height = max(self._popup.sizeHintForRow(0), self.fontMetrics().height() + 8)
        height = rows * row_height + 2 * self._popup.frameWidth() + 2
        width = max(self.width(), 420)
        below = self.mapTo(window, QPoint(0, self.height()))
        above = self.mapTo(window, QPoint(0, 0)).y() - height
        y = below.y()
        if y + height > window.height() and above >= 0:
            y = above
        x = min(below.x(), max(0, window.width() - width))
        self._popup.setGeometry(x, y, min(width, window.width()), height)
        self._popup.show()
        self._popup.raise_()

    def hide_popup(self) -> None:
        self._popup.hide()

    def _move_highlight(self, step: int) -> None:
        if not self._popup.isVisible():
            self.search_now()
            return
        count = len(self._results)
        if not count:
            return
        row = min(max(self._popup.currentIndex().row() + step, 0), count - 1)
        self._popup.setCurrentIndex(self._model.index(row, 0))

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        key = Qt.Key(event.key())
        steps = {
            Qt.Key.Key_Down: 1,
            Qt.Key.Key_Up: -1,
            Qt.Key.Key_PageDown: VISIBLE_ROWS,
            Qt.Key.Key_PageUp: -VISIBLE_ROWS,
        }
        if key in steps and (key == Qt.Key.Key_Down or self._popup.isVisible()):
            self._move_highlight(steps[key])
            return
        if key == Qt.Key.Key_Escape and self._popup.isVisible():
            self.hide_popup()
            return
        if key in ENTER_KEYS and not event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            if self.commit():
                self.confirmed.emit()
            return
        super().keyPressEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802 - Qt override
        self.hide_popup()
        super().focusOutEvent(event)

    def event(self, event: QEvent) -> bool:
        # Tab would leave the list open over the next field; close it first.
        if event.type() == QEvent.Type.Hide:
            self.hide_popup()
        return super().event(event)


class HouseholdPicker(TypeAheadEdit):
    """Households by number, head or member name, or pinyin (``wjg``, ``shanzhi``). A recorder
    finds only the households of his grids: the service leaves the others out."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, limit: int = 20) -> None:
        super().__init__(
            lambda q: ctx.ledger.households.search(ctx.village_id, q, limit=limit),
            household_text,
            parent,
            empty_text=tr("没有找到这一户（记录员只能找到自己网格的户）"),
        )
        self.setPlaceholderText(tr("户号、姓名或拼音首字母，如 wjg"))
        fit_placeholder(self)


class RulePicker(TypeAheadEdit):
    """Rules by code (``B05``), a piece of the name, or the pinyin initials of the name. Only the
    items a recorder may enter directly (not base points, 弄虚作假 or 一票否决), and only those for
    the kind of account chosen (``applies_to``)."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, limit: int = 40) -> None:
        self.applies_to: str | None = "household"
        self._ctx, self._limit = ctx, limit
        super().__init__(
            self._find, rule_text, parent, empty_text=tr("没有找到这条细则，可输入编号如 B05")
        )
        self.setPlaceholderText(tr("细则编号、名称或拼音首字母，如 B05"))
        fit_placeholder(self)
        _warm_pinyin()

    def _find(self, query: str) -> list[RuleInfo]:
        q = query.strip().lower()
        rules = self._enterable(query)
        rules.sort(key=lambda r: 0 if r.code.lower().startswith(q) else 1 if q in r.name else 2)
        return rules[: self._limit]

    def _enterable(self, query: str) -> list[RuleInfo]:
        """The items found that a recorder may enter for the kind of account chosen."""
        return [
            r
            for r in self._ctx.ledger.rules.list(self._ctx.village_id, query=query)
            if r.kind == "normal" and self.applies_to in (None, r.applies_to)
        ]


_warmed = threading.Event()


def _warm_pinyin() -> None:
    """Load pypinyin (a quarter of a second) off the GUI thread before the first rule search."""
    if _warmed.is_set():
        return
    _warmed.set()

    def load() -> None:
        from jifen_desktop.model.pinyin_keys import text_keys

        text_keys("积分")

    threading.Thread(target=load, name="pinyin-warmup", daemon=True).start()
