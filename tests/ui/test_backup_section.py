"""设置 › 备份与恢复 through its real buttons: 立即备份 adds a row off the GUI thread, a backup
to a folder brings the photos along, and a restore asks (naming the backup's date), restores
and closes the program. The question boxes are answered by replacing ``messages.confirm``."""

from __future__ import annotations

import datetime as dt
import sqlite3
from contextlib import closing

import pytest
from PySide6.QtCore import Qt

from jifen_desktop.model import paths
from jifen_desktop.ui import messages
from jifen_desktop.ui.pages.settings import SettingsPage


@pytest.fixture
def settings(shown, make_ctx):
    return shown(SettingsPage(make_ctx()))


@pytest.fixture
def section(settings):
    return settings.section("backup")


@pytest.fixture
def asked(monkeypatch):
    """The questions and the notices the page showed; every question is answered yes."""
    seen: list[str] = []

    def confirm(_parent, _title, question):
        seen.append(question)
        return True

    monkeypatch.setattr(messages, "confirm", confirm)
    monkeypatch.setattr(messages, "inform", lambda _parent, _title, text: seen.append(text))
    return seen


def test_backup_now_adds_a_row(qtbot, section):
    assert section.table.rowCount() == 0
    qtbot.mouseClick(section.backup_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: section.table.rowCount() == 1, timeout=10_000)
    assert section.table.item(0, 1).text() == "手动"
    assert section.table.item(0, 3).text() == "张集村"
    assert section.table.item(0, 4).text().endswith("_manual.sqlite3.xz")
    assert section.table.item(0, 0).text().startswith(f"{dt.date.today():%Y-%m-%d}")
    assert "已备份" in section.done_line.text()


def test_backup_to_a_folder_says_how_many_photos(qtbot, section, tmp_path):
    section.back_up_to(tmp_path / "U盘")
    qtbot.waitUntil(lambda: "证明材料照片" in section.done_line.text(), timeout=10_000)
    assert section.table.rowCount() == 0  # the list is of the data folder's backups
    assert len(list((tmp_path / "U盘").glob("jifen_*.sqlite3.xz"))) == 1


def test_restore_asks_with_the_date_then_restores_and_closes(qtbot, section, asked, village_world):
    qtbot.mouseClick(section.backup_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: section.table.rowCount() == 1, timeout=10_000)
    village_world.household("0301", "新来户")
    section.table.selectRow(0)
    backup = section.items[0]
    qtbot.mouseClick(section.restore_button, Qt.MouseButton.LeftButton)
    assert f"{backup.made_at:%Y年%m月%d日 %H:%M}" in asked[0] and "恢复完成后程序会关闭" in asked[0]
    qtbot.waitUntil(lambda: len(asked) == 2, timeout=10_000)
    assert "已恢复：3 户" in asked[1] and "程序现在关闭" in asked[1]
    assert not section.window().isVisible()
    with closing(sqlite3.connect(paths.db_path(village_world.ledger.folder))) as conn:
        numbers = {r[0] for r in conn.execute("SELECT number FROM households")}
    assert numbers == {"0101", "0102", "0201"}
