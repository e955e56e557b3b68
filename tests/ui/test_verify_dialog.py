"""检查台账 on the 审计日志 page: the check runs off the GUI thread and its dialog says the ledger
is sound, or names the entry that was edited with sqlite3 behind the program's back."""

from __future__ import annotations

import datetime as dt
import sqlite3

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from jifen_desktop.model import paths
from jifen_desktop.model.entry_checks import EntryDraft
from jifen_desktop.ui.pages.audit import AuditPage
from jifen_desktop.ui.verify_dialog import VerifyDialog


def _run_check(page: AuditPage, qtbot) -> dict[str, str]:
    seen: dict[str, str] = {}

    def grab() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, VerifyDialog):
            seen["headline"] = dialog.headline.text()
            seen["details"] = dialog.details.toPlainText()
            dialog.reject()
        else:
            QTimer.singleShot(50, grab)

    QTimer.singleShot(50, grab)
    qtbot.mouseClick(page.check, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "headline" in seen, timeout=15000)
    return seen


def test_the_check_says_a_sound_ledger_is_sound(make_ctx, shown, qtbot) -> None:
    page = shown(AuditPage(make_ctx("admin")))
    seen = _run_check(page, qtbot)
    assert "台账完好" in seen["headline"]


def test_the_check_names_an_entry_edited_behind_the_programs_back(
    make_ctx, village_world, shown, qtbot
) -> None:
    ctx = make_ctx("admin")
    household = ctx.ledger.households.by_number(village_world.village.id, "0101")
    entry = ctx.ledger.entries.record(
        village_world.village.id, EntryDraft(household.id, "B05", dt.date(2026, 3, 5))
    ).value
    raw = sqlite3.connect(paths.db_path(ctx.ledger.folder))
    raw.execute("UPDATE entries SET points = points + 30 WHERE id = ?", (entry.id,))
    raw.commit()
    raw.close()
    page = shown(AuditPage(ctx))
    seen = _run_check(page, qtbot)
    assert "发现 1 处问题" in seen["headline"]
    assert entry.id in seen["details"] and "0101 王建国" in seen["details"]
