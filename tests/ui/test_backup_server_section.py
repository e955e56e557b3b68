"""设置 › 备份与恢复 of a township whose ledger is on a PostgreSQL server (the throwaway cluster
of tests/pg.py; skipped when PostgreSQL is not installed), through the section's real buttons:
立即备份 runs pg_dump off the GUI thread and the list shows the dump; rows lost on the server come
back with 从备份恢复… (the question names what happens to the clerks working meanwhile, the
ledger replaced is dumped first, the window closes), and ``verify`` is clean afterwards; a file
backup is refused in Chinese; the note says the nightly dumps are the county IT office's job."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pg
import pytest
import test_backup_section
import test_layout_more_dialogs
import test_layout_sizes
from layout_check import shown_at_laptop_size
from PySide6.QtCore import QSettings, Qt
from sqlalchemy import text
from test_sync_page import export_bundle

from jifen_desktop.model import db, pg_backup
from jifen_desktop.model.entry_checks import EntryDraft
from jifen_desktop.model.errors import Cancelled
from jifen_desktop.model.ledger import Ledger
from jifen_desktop.model.setup import AdminDetails, create_township
from jifen_desktop.sync import SyncService
from jifen_desktop.ui import messages, type_size
from jifen_desktop.ui.context import AppContext, township_place
from jifen_desktop.ui.main_window import MainWindow
from jifen_desktop.ui.pages.settings import SettingsPage
from jifen_desktop.ui.pages.settings.backup import BackupSection
from jifen_desktop.ui.pages.settings.backup_server import (
    RESTORE_STARTS,
    ServerBackupSection,
    heard,
)

pytestmark = pytest.mark.skipif(pg.bin_dir() is None, reason="PostgreSQL is not installed")
PASSWORD = "secret-123"
asked = test_backup_section.asked  # the questions, answered yes, and the notices
sized, every_view = test_layout_sizes.sized, test_layout_sizes.every_view  # (a fixture, a check)
modal_problems = test_layout_more_dialogs.modal_problems


def server_township(folder: Path, village: Ledger) -> AppContext:
    """A township on a fresh server database holding ``village``'s bundle, as its admin."""
    url = pg.new_database()
    ledger, _ = create_township(
        folder, "张集镇", "420881100", AdminDetails("xiang", "乡镇办", PASSWORD), database=url
    )
    ledger.login("xiang", PASSWORD)
    bundle = export_bundle(village, folder.parent / "stick")
    SyncService(ledger).enrol(bundle, trust=True)
    SyncService(ledger).import_bundle(bundle)
    return AppContext(ledger, township_place(ledger))


@pytest.fixture
def ctx(tmp_path, make_ctx, village_world):
    """The township holds 张集村 with one entry approved (its decision row)."""
    household = village_world.ledger.households.by_number(village_world.village.id, "0101")
    draft = EntryDraft(household.id, "B05", dt.date.today())
    village_world.approve(
        village_world.ledger.entries.record(village_world.village.id, draft).value
    )
    ctx = server_township(tmp_path / "town", make_ctx("admin").ledger)
    yield ctx
    ctx.ledger.close()


@pytest.fixture
def settings(shown, ctx):
    return shown(SettingsPage(ctx))


@pytest.fixture
def section(settings):
    return settings.section("backup")


def count(ctx: AppContext, table: str) -> int:
    with ctx.ledger.engine.connect() as conn:
        return int(conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())


def test_backup_lose_rows_and_restore_from_the_section(qtbot, ctx, section, asked):
    assert isinstance(section, ServerBackupSection)
    note = section.note.text()
    assert "县信息办" in note and "docs/sync.md" in note and "轮换" in note
    where = f"{pg.cluster().socket_dir}:{pg.PORT} 上的数据库 {ctx.ledger.engine.url.database}"
    assert where in note
    assert section.table.rowCount() == 0
    qtbot.mouseClick(section.backup_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: section.table.rowCount() == 1, timeout=30_000)
    assert section.table.item(0, 1).text() == "手动"
    assert section.table.item(0, 3).text() == "张集镇"
    assert section.table.item(0, 4).text().endswith(f"_manual-r{db.HEAD_REVISION}.dump")
    assert "pg_dump" in section.done_line.text()

    households, entries = count(ctx, "households"), count(ctx, "entries")
    assert households > 0 and count(ctx, "entry_decisions") == 1
    with ctx.ledger.engine.begin() as conn:  # someone with a database tool empties tables
        conn.execute(text("DELETE FROM entry_decisions"))
    assert not ctx.ledger.verify().ok
    section.table.selectRow(0)
    qtbot.mouseClick(section.restore_button, Qt.MouseButton.LeftButton)
    assert "办事员" in asked[0] and "排队等候" in asked[0] and "另存" in asked[0]
    qtbot.waitUntil(lambda: len(asked) == 2, timeout=60_000)
    assert "已恢复" in asked[1] and "换下来的台账另存为" in asked[1]
    assert not section.window().isVisible()
    assert (count(ctx, "households"), count(ctx, "entries")) == (households, entries)
    assert count(ctx, "entry_decisions") == 1
    assert ctx.ledger.verify().ok
    kept = list((ctx.ledger.folder / "backups").glob("*_restore-r*.dump"))
    assert len(kept) == 1  # the ledger replaced, dumped first
    section.refresh()
    assert section.table.rowCount() == 2


def test_a_file_backup_is_refused_and_a_dump_goes_to_a_stick(qtbot, section, tmp_path, monkeypatch):
    said: list[str] = []
    monkeypatch.setattr(messages, "show_error", lambda _parent, error: said.append(str(error)))
    section.restore_file(tmp_path / "jifen_420881100_20260101-010101_manual.sqlite3.xz")
    assert "move-to-server" in said[0] and ".dump" in said[0]
    section.back_up_to(tmp_path / "U盘")
    qtbot.waitUntil(lambda: "已备份" in section.done_line.text(), timeout=30_000)
    assert len(list((tmp_path / "U盘").glob("jifen_420881100_*.dump"))) == 1
    assert section.table.rowCount() == 0  # the list is of the data folder's backups


@pytest.mark.parametrize("size", list(type_size.FONT_SCALES))
def test_the_server_section_fits_at_each_type_size(qtbot, tmp_path, ctx, sized, size):
    """The layout check on the main window of the server township, its 设置 › 备份与恢复 with a
    dump listed and the done line filled."""
    sized(size)
    window = MainWindow(ctx, QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat))
    shown_at_laptop_size(qtbot, window)
    section = window.page("settings").section("backup")
    section.back_up()
    qtbot.waitUntil(lambda: section.table.rowCount() == 1, timeout=30_000)
    found = every_view(window, ("settings",))
    assert not found, "\n".join(found)


@pytest.mark.parametrize("size", list(type_size.FONT_SCALES))
def test_the_server_sections_dialogs_fit_at_each_type_size(qtbot, ctx, sized, size, tmp_path):
    """The refusal of a file backup, 从备份恢复…'s question (with the clerks' paragraph)
    answered 取消, then 确定, and 恢复完成, through the layout check of each box."""
    sized(size)
    section = BackupSection(ctx)  # a ledger on the server: the server's section
    assert isinstance(section, ServerBackupSection)
    qtbot.addWidget(section)
    section.show()
    dump = pg_backup.dump(ctx.ledger).backup
    found = modal_problems(qtbot, lambda: section.restore_path(tmp_path / "a.sqlite3.xz"), [True])
    found += modal_problems(qtbot, lambda: section.restore_path(dump.path), [False])
    assert section.isVisible()  # not restored: the program goes on
    found += modal_problems(qtbot, lambda: section.restore_path(dump.path), [True, True])
    qtbot.waitUntil(lambda: not section.isVisible(), timeout=60_000)  # restored: it closes
    assert not found, "\n".join(found)


def running_children() -> list[str]:
    """The names of this process's children that are still running (Linux's /proc)."""
    names = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            name = stat.read_text().split("(", 1)[1].rsplit(")", 1)[0]
        except (OSError, IndexError):
            continue
        if int(fields[1]) == os.getpid() and fields[0] not in ("Z", "X"):
            names.append(name)
    return names


def test_cancel_stops_a_dump_and_a_restore_only_before_it_replaces(ctx):
    """取消 during 立即备份 stops pg_dump and leaves no file; during a restore it is heard until
    the ledger starts being replaced (the kept dump made), not after."""

    def stop(_fraction: float, message: str) -> None:
        if "正在备份 " in message:  # the first table
            raise Cancelled()

    folder = ctx.ledger.folder / "backups"
    with pytest.raises(Cancelled):
        pg_backup.dump(ctx.ledger, None, stop)
    assert not list(folder.glob("*.dump")) and not list(folder.glob(".*.part"))
    assert "pg_dump" not in running_children()  # stopped, not left writing
    said: list[float] = []

    def stopped(fraction: float, _message: str) -> None:
        said.append(fraction)
        raise Cancelled()

    with pytest.raises(Cancelled):
        heard(stopped)(RESTORE_STARTS, "正在恢复")
    heard(stopped)(0.5, "正在恢复台账的表和数据")  # not heard: the restore goes on
    assert said == [RESTORE_STARTS, 0.5]
