"""A township database's 设置 has 备份与恢复 too (its admins only): 立即备份 makes a backup named
by the township's code, listed under the township's name, and a restore through the tab puts the
township database back as it was and closes the window. Driven through the real main window, on
a township that has imported two villages' bundles."""

from __future__ import annotations

import sqlite3
from contextlib import closing

import test_backup_section
import test_township_pages
from PySide6.QtCore import Qt

from jifen_desktop.model import paths
from jifen_desktop.ui.pages.settings.backup import BackupSection

asked = test_backup_section.asked  # the questions, answered yes, and the notices
township, window = test_township_pages.township, test_township_pages.window


def operators(folder) -> set[str]:
    with closing(sqlite3.connect(paths.db_path(folder))) as conn:
        return {row[0] for row in conn.execute("SELECT username FROM operators")}


def test_the_township_backs_up_and_restores_from_its_settings(qtbot, window, township, asked):
    settings = window.page("settings")
    tabs = [settings.tabs.tabText(i) for i in range(settings.tabs.count())]
    assert tabs == ["备份与恢复", "显示与账号"]
    section = settings.section("backup")
    assert isinstance(section, BackupSection)
    assert section.table.horizontalHeaderItem(3).text() == "乡镇"

    qtbot.mouseClick(section.backup_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: section.table.rowCount() == 1, timeout=10_000)
    assert section.table.item(0, 1).text() == "手动"
    assert section.table.item(0, 3).text() == "张集镇"
    assert section.table.item(0, 4).text().startswith("jifen_420881100_")

    folder = township.ledger.folder
    before = operators(folder)
    township.ledger.operators.add("xiang2", "乡镇办二", "admin", "mima-2026", village_id=None)
    assert operators(folder) == before | {"xiang2"}
    section.table.selectRow(0)
    qtbot.mouseClick(section.restore_button, Qt.MouseButton.LeftButton)
    assert "张集镇" in asked[0]
    qtbot.waitUntil(lambda: len(asked) == 2, timeout=10_000)
    assert "已恢复" in asked[1] and not window.isVisible()
    assert operators(folder) == before
