"""The Qt binding we ship must not corrupt Python's reference counts (PySide6 6.12.0 under
Python 3.11 drops a reference to None on every call of a void method, and the program aborts
after a few thousand calls)."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication, QTableWidget


def test_void_calls_keep_none_refcount():
    app = QApplication.instance() or QApplication([])
    table = QTableWidget(3, 3)
    before = sys.getrefcount(None)
    for _ in range(2000):
        table.setAlternatingRowColors(True)
    assert abs(sys.getrefcount(None) - before) < 50
    assert app is not None


def test_minimal_window_shows_ranking(tmp_path):
    from jifen_desktop.model.ledger import Ledger
    from jifen_desktop.ui.minimal import MinimalWindow

    app = QApplication.instance() or QApplication([])
    ledger = Ledger.create(tmp_path)
    village = ledger.villages.create("420881100001", "张集村", "张集镇").value
    ledger.households.add(village.id, "0001", "王建国")
    window = MinimalWindow(ledger)
    table = window.findChild(QTableWidget)
    assert table.rowCount() == 1 and table.item(0, 2).text() == "王建国"
    assert "张集村" in window.windowTitle()
    window.close()
    ledger.close()
    assert app is not None
