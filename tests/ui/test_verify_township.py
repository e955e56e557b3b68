"""检查台账 at a township (issue 20): the 审计日志 page asks what to check, the whole ledger or
one village (the one its village filter shows offered first), and the result names the village
checked; the question and a village's result fit at 1366×768 at every type size (the layout
check, layout_check.py); screenshots of both at 标准 and 特大 with JIFEN_SCREENSHOTS=1."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from layout_check import settle
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog
from test_layout_dialogs import dialog_problems, sized  # noqa: F401 - the fixture, by name
from test_township_pages import township  # noqa: F401 - the fixture, asked for by name

from jifen_desktop.ui import type_size
from jifen_desktop.ui.pages.audit import AuditPage
from jifen_desktop.ui.verify_dialog import VerifyDialog, VerifyScopeDialog

SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def _answer(seen: dict[str, str], choose: str | None) -> None:
    """Answer the question (a village by name, or the whole ledger), then read the result."""
    dialog = QApplication.activeModalWidget()
    if isinstance(dialog, VerifyScopeDialog):
        seen["offered"] = dialog.village.currentText() if dialog.one.isChecked() else "全部"
        if choose is None:
            dialog.whole.setChecked(True)
        else:
            dialog.village.setCurrentIndex(dialog.village.findText(choose, Qt.MatchStartsWith))
        dialog.accept()
    elif isinstance(dialog, VerifyDialog):
        seen["headline"] = dialog.headline.text()
        dialog.reject()
        return
    QTimer.singleShot(50, lambda: _answer(seen, choose))


def _check(page: AuditPage, qtbot, choose: str | None) -> dict[str, str]:
    seen: dict[str, str] = {}
    QTimer.singleShot(50, lambda: _answer(seen, choose))
    qtbot.mouseClick(page.check, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "headline" in seen, timeout=30000)
    return seen


def test_the_page_offers_its_village_and_the_result_names_it(township, shown, qtbot) -> None:  # noqa: F811
    page = shown(AuditPage(township))
    page.refresh()
    page.village.setCurrentIndex(page.village.findText("李湾村"))
    seen = _check(page, qtbot, "李湾村")
    assert seen["offered"] == "李湾村（420881100002）"
    assert "李湾村（420881100002）的记录完好" in seen["headline"]
    page.village.setCurrentIndex(0)  # 全部村
    seen = _check(page, qtbot, None)
    assert seen["offered"] == "全部"
    assert seen["headline"].startswith("台账完好")


def _made(township, kind: str) -> QDialog:  # noqa: F811
    villages = township.ledger.villages.list()
    if kind == "question":
        return VerifyScopeDialog(villages, villages[0].id)
    return VerifyDialog(township.ledger.verify(village=villages[0].code))


@pytest.mark.parametrize("size", list(type_size.FONT_SCALES))
def test_the_choice_and_a_village_result_fit_at_each_type_size(
    township,  # noqa: F811
    qtbot,
    sized,  # noqa: F811
    size,
) -> None:
    sized(size)
    found = []
    for kind in ("question", "result"):
        dialog = _made(township, kind)
        qtbot.addWidget(dialog)
        if os.environ.get("JIFEN_SCREENSHOTS") and size in ("normal", "larger"):
            _shoot(dialog, kind, size)
        found += [f"{kind}: {problem}" for problem in dialog_problems(dialog)]
    assert not found, "\n".join(found)


def _shoot(dialog: QDialog, kind: str, size: str) -> None:
    folder = SHOTS / "large" if size == "larger" else SHOTS
    dialog.show()
    settle()
    name = "verify-township-choice" if kind == "question" else "verify-one-village-result"
    dialog.grab().save(str(folder / f"{name}.png"))
    dialog.hide()
