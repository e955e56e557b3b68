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
