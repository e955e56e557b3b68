"""村庄考核 in the window (issue 22 part 1): the tab of 村庄总览 on the township of
tests/sync/scorecard_world.py ranks the three villages with each figure as "完成 / 目标";
考核指标与权重… refuses weights that do not add up to 100 and saves the right ones (audited,
verify clean, the ranking redone); 打印本村考核表 and 导出Excel make real files; the tab and the
dialog fit 1366×768 at 标准 and 特大 (layout_check)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from layout_check import problems, settle
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from jifen_desktop.model.schema import AuditRow
from jifen_desktop.sync.scorecard_targets import ACTION
from jifen_desktop.ui import type_size
from jifen_desktop.ui.context import AppContext, township_place
from jifen_desktop.ui.main_window import MainWindow
from jifen_desktop.ui.pages.township.scorecard import ScorecardTab
from jifen_desktop.ui.pages.township.targets_dialog import TargetsDialog

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "sync"))
from scorecard_world import YEAR, build_township  # noqa: E402


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    town = build_township(tmp_path_factory.mktemp("scorecard_ui"))
    folder = town.ledger.folder
    town.close()
    return folder


@pytest.fixture
def ctx(built: Path, tmp_path: Path):
    from jifen_desktop.model.ledger import Ledger

    folder = tmp_path / "town"
    shutil.copytree(built, folder)
    ledger = Ledger.open(folder)
    ledger.login("xiang", "secret-123")
    yield AppContext(ledger, township_place(ledger))
    ledger.close()


@pytest.fixture
def window(qtbot, ctx, tmp_path) -> MainWindow:
    """The window, held by the test (pytest-qt holds it weakly: collected, it would go with
    its pages mid-test)."""
    window = MainWindow(ctx, QSettings(str(tmp_path / "w.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window.resize(1366, 728)
    window.show()
    return window


@pytest.fixture
def tab(window: MainWindow) -> ScorecardTab:
    page = window.page("township")
    page.year.setCurrentIndex(page.year.findData(YEAR))
    page.tabs.setCurrentWidget(page.scorecard)
    settle()
    return page.scorecard


def cells(tab: ScorecardTab) -> list[list[str]]:
    table = tab.table
    return [
        [table.item(r, c).text() for c in range(table.columnCount())]
        for r in range(table.rowCount())
    ]


def test_the_tab_ranks_the_villages_with_each_figure_against_its_target(tab):
    rows = cells(tab)
    assert [(r[0], r[1], r[2]) for r in rows] == [
        ("1", "示范村", "94.2"),
        ("2", "冷清村", "58.5"),
        ("3", "拖拉村", "47.5"),
    ]
    slow = rows[2]
    assert slow[3:5] == ["6 / ≥12个月", "2 / ≥4个季度"]
    assert slow[7] == "— / ≥100%" and slow[12] == "5条 / ≤0条"
    assert rows[1][5] == "10% / ≥50%"
    assert "得 3 分" in tab.table.item(1, 5).toolTip()
    assert "共 3 个村" in tab.note.text()
    assert tab.targets_button.isVisible() and not tab.print_one.isEnabled()


def test_targets_refused_then_saved_with_an_audit_row(tab, qtbot, ctx):
    dialog = TargetsDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    target, weight = dialog.boxes["households"]
    target.setValue(70)
    weight.setValue(20)
    assert dialog.total.text() == "权重合计：105 分（应为 100 分）"
    dialog.accept()
    assert dialog.isVisible() and "现在是 105 分" in dialog.error_text()
    dialog.boxes["reviews"][1].setValue(15)
    assert dialog.total.text() == "权重合计：100 分"
    dialog.accept()
    assert not dialog.isVisible()
    with ctx.ledger.read() as s:
        assert s.scalar(select(AuditRow.summary).where(AuditRow.action == ACTION))
    assert ctx.ledger.verify().findings == []
    # the tab was redone (on a worker): 户参与率 against 70 %, 20 points; reviews 15
    settle()
    rows = cells(tab)
    assert rows[0][5] == "100% / ≥70%"
    totals = {r[1]: r[2] for r in rows}
    assert totals["拖拉村"] == "50"  # 47.5 - 10 + 7.5 (reviews 6/12 of 15) + 20 - 15


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="no pdftotext")
def test_print_one_village_and_export_the_workbook(tab, qtbot, tmp_path):
    shown = []
    tab.on_shown = shown.append
    tab.table.selectRow(2)
    assert tab.print_one.isEnabled()
    tab.print_one.click()
    qtbot.waitUntil(lambda: bool(shown), timeout=20000)
    preview = shown[0]
    qtbot.addWidget(preview)
    text = subprocess.run(
        ["pdftotext", "-layout", str(preview.path), "-"], capture_output=True, text=True
    ).stdout
    assert "拖拉村" in text and "第 3 名（共 3 个村）" in text and "示范村" not in text
    preview.close()
    target = tmp_path / "考核.xlsx"
    saved = []
    tab.export_excel(target, on_saved=saved.append)
    qtbot.waitUntil(lambda: bool(saved), timeout=20000)
    sheet = openpyxl.load_workbook(target)["村庄考核"]
    assert [sheet.cell(r, 2).value for r in (3, 4, 5)] == ["示范村", "冷清村", "拖拉村"]


@pytest.mark.parametrize("size", ["normal", "larger"])
def test_the_tab_and_the_dialog_fit_at_standard_and_largest(tab, qtbot, ctx, size):
    app = QApplication.instance()
    try:
        type_size.apply(app, size)
        settle()
        window = tab.window()
        found = problems(window, type_size.point_size())
        dialog = TargetsDialog(ctx)
        qtbot.addWidget(dialog)
        dialog.show()
        settle()
        found += [f"考核指标与权重: {p}" for p in problems(dialog, type_size.point_size())]
        dialog.reject()
    finally:
        type_size.apply(app, "normal")
    assert not found, "\n".join(found)
