"""The year's end through the widgets: 设置 › 村信息与积分政策 › 年度结转…, page by page with
下一步 (what is left open, the honours, the new year's base points and who is withheld, the
archive and backup folders typed in, the summary confirmed, 开始结转, the result, 完成)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from keyboard import replace_text
from PySide6.QtWidgets import QCheckBox, QLabel, QLineEdit, QPushButton, QTableWidget, QWidget
from year_driver import button, click, go, modal
from year_steps_setup import tab

from jifen_desktop.ui.main_window import MainWindow
from jifen_desktop.ui.year_close_wizard import PROGRESS, RESULT, YearCloseWizard


@dataclass
class Closing:
    """What the wizard showed on its way: open items, households withheld, the result."""

    archive: Path
    backup: Path
    open_items: list[str] = field(default_factory=list)
    withheld: list[str] = field(default_factory=list)
    summary: str = ""
    result: str = ""


def child(wizard: QWidget, kind: type, name: str):
    found = wizard.findChild(kind, name)
    assert found is not None, name
    return found


def on_page(qtbot, wizard: YearCloseWizard, closing: Closing) -> None:
    """Do what the page shown asks for, as the admin would."""
    page = wizard.stack.currentWidget().widget()
    name = page.objectName()
    if name == "year_close_page_open":
        closing.open_items = [w.text() for w in page.findChildren(QLabel) if w.text()]
    elif name == "year_close_page_base":
        table = child(wizard, QTableWidget, "base_table")
        closing.withheld = [table.item(r, 1).text() for r in range(table.rowCount())]
    elif name == "year_close_page_files":
        replace_text(qtbot, child(wizard, QLineEdit, "archive_dir"), str(closing.archive))
        replace_text(qtbot, child(wizard, QLineEdit, "backup_dir"), str(closing.backup))
    elif name == "year_close_page_summary":
        closing.summary = child(wizard, QLabel, "summary_text").text()
        click(qtbot, child(wizard, QCheckBox, "confirm_check"))


def close_year(qtbot, window: MainWindow, year: int, closing: Closing) -> Closing:
    """年度结转… for ``year`` from its first page to 完成."""
    section = tab(qtbot, go(window, "设置").tabs, "村信息与积分政策")

    def run(wizard: QWidget) -> None:
        assert isinstance(wizard, YearCloseWizard)
        assert wizard.year.value() == year
        next_button = child(wizard, QPushButton, "year_close_next")
        for _page in range(12):
            if wizard.stack.currentIndex() == RESULT:
                break
            on_page(qtbot, wizard, closing)
            click(qtbot, next_button)
            assert not wizard.message.text(), wizard.message.text()
            qtbot.waitUntil(lambda: wizard.current() != PROGRESS, timeout=120_000)
        assert wizard.stack.currentIndex() == RESULT
        closing.result = child(wizard, QLabel, "result_text").text()
        click(qtbot, next_button)  # 完成

    modal(lambda: click(qtbot, button(section, "年度结转")), run)
    return closing
