"""The first-run wizard driven as a clerk would: fields filled in, 下一步 / 建立台账 / 完成
pressed; refusals shown in Chinese under the field; the empty catalog; 取消 leaving no file;
the demo; and the program's start-up going from the wizard straight into the main window."""

from __future__ import annotations

from pathlib import Path

import pytest
from keyboard import replace_text
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QLineEdit,
    QProgressDialog,
    QPushButton,
    QRadioButton,
    QWizard,
)

from jifen_desktop.demo import DEMO_PASSWORD
from jifen_desktop.model import paths
from jifen_desktop.model.ledger import Ledger
from jifen_desktop.ui import app as app_module
from jifen_desktop.ui.main_window import MainWindow
from jifen_desktop.ui.wizard import SetupWizard
from jifen_desktop.ui.wizard_pages import ADMIN, DONE, RULES, VILLAGE, WELCOME

Button = QWizard.WizardButton
PASSWORD = "mima-2026"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def open_wizard(qtbot, folder):
    def open_(**options) -> SetupWizard:
        wizard = SetupWizard(folder, **options)
        qtbot.addWidget(wizard)
        wizard.show()
        qtbot.waitExposed(wizard)
        wizard.activateWindow()
        qtbot.waitUntil(wizard.isActiveWindow)
        return wizard

    return open_


def fill(qtbot, edit: QLineEdit, text: str) -> None:
    """Click into the field and type over what is there."""
    qtbot.mouseClick(edit, Qt.MouseButton.LeftButton)
    replace_text(qtbot, edit, text)


def press(qtbot, wizard: SetupWizard, which: QWizard.WizardButton) -> None:
    button = wizard.button(which)
    assert button.isVisible() and button.isEnabled(), wizard.buttonText(which)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def choose(qtbot, radio: QRadioButton) -> None:
    """Click the round button itself (a stretched radio button's centre may be empty space)."""
    qtbot.mouseClick(radio, Qt.MouseButton.LeftButton, pos=QPoint(8, radio.height() // 2))
    assert radio.isChecked()


def error(wizard: SetupWizard, field: str) -> str:
    label = wizard.currentPage().findChild(QLabel, f"error_{field}")
    return label.text() if label.isVisible() else ""


def fill_village(qtbot, wizard: SetupWizard, code: str = "420881100001") -> None:
    page = wizard.village
    fill(qtbot, page.code, code)
    fill(qtbot, page.name, "张集村")
    fill(qtbot, page.township, "张集镇")


def fill_admin(qtbot, wizard: SetupWizard, again: str = PASSWORD) -> None:
    page = wizard.admin
    fill(qtbot, page.display_name, "王会计")
    fill(qtbot, page.password, PASSWORD)
    fill(qtbot, page.password_again, again)


def to_admin_page(qtbot, wizard: SetupWizard, empty_catalog: bool = False) -> None:
    press(qtbot, wizard, Button.NextButton)
    fill_village(qtbot, wizard)
    press(qtbot, wizard, Button.NextButton)
    assert wizard.currentId() == RULES
    if empty_catalog:
        choose(qtbot, wizard.rules.empty)
    press(qtbot, wizard, Button.NextButton)
    assert wizard.currentId() == ADMIN


def test_new_village_end_to_end(qtbot, open_wizard, folder):
    wizard = open_wizard()
    assert wizard.currentId() == WELCOME and wizard.welcome.new_village.isChecked()
    categories = [label.text() for label in wizard.rules.findChildren(QLabel, "category")]
    assert len(categories) == 6 and categories[0].startswith("社会治安类")
    assert "83项" in wizard.rules.template.text()
    to_admin_page(qtbot, wizard)
    assert wizard.admin.username.text() == "admin"
    fill_admin(qtbot, wizard)
    assert wizard.buttonText(Button.CommitButton) == "建立台账"
    assert not paths.db_path(folder).exists()  # nothing is written before 建立台账
    press(qtbot, wizard, Button.CommitButton)
    assert wizard.currentId() == DONE
    summary = wizard.done_page.summary.text()
    assert "张集村（420881100001），张集镇" in summary and "83项" in summary
    assert "admin（王会计）" in summary and "设置" in wizard.done_page.next_steps.text()
    assert wizard.done_page.roster_button.isVisible()  # the roster can come in right away
    roster = wizard.import_roster()
    assert roster is not None and roster.ctx.actor.display_name == "王会计"
    assert roster.ctx.village.name == "张集村"
    roster.accept()
    assert (
        not wizard.button(Button.BackButton).isVisible()
        or not wizard.button(Button.BackButton).isEnabled()
    )
    press(qtbot, wizard, Button.FinishButton)
    assert wizard.result() == QWizard.DialogCode.Accepted
    assert wizard.username == "admin" and wizard.actor.display_name == "王会计"
    with Ledger.open(folder) as ledger:
        village = ledger.villages.resolve()
        assert (village.code, village.name, village.township_name) == (
            "420881100001",
            "张集村",
            "张集镇",
        )
        assert len(ledger.rules.list(village.id)) == 83  # seed 001 篇7's catalog
        admin = ledger.operators.authenticate("admin", PASSWORD)
        assert admin.role == "admin" and admin.village_id == village.id


def test_bad_village_code_is_shown_next_to_the_field_and_does_not_advance(qtbot, open_wizard):
    wizard = open_wizard()
    press(qtbot, wizard, Button.NextButton)
    assert wizard.currentId() == VILLAGE
    fill_village(qtbot, wizard, code="4208811")
    press(qtbot, wizard, Button.NextButton)
    assert wizard.currentId() == VILLAGE
    assert "村代码“4208811”不对" in error(wizard, "code") and "12位" in error(wizard, "code")
    assert QApplication.focusWidget() is wizard.village.code
    fill(qtbot, wizard.village.code, "420881100001")
    assert error(wizard, "code") == ""  # typing again takes the complaint away
    fill(qtbot, wizard.village.name, "")
    press(qtbot, wizard, Button.NextButton)
    assert wizard.currentId() == VILLAGE and "村名不能为空" in error(wizard, "name")


def test_mismatched_or_short_passwords_are_refused(qtbot, open_wizard, folder):
    wizard = open_wizard()
    to_admin_page(qtbot, wizard)
    fill_admin(qtbot, wizard, again="mima-2027")
    press(qtbot, wizard, Button.CommitButton)
    assert wizard.currentId() == ADMIN
    assert "两次输入的密码不一样" in error(wizard, "password_again")
    assert wizard.admin.password_again.text() == ""
    fill(qtbot, wizard.admin.password, "12345")
    fill(qtbot, wizard.admin.password_again, "12345")
    press(qtbot, wizard, Button.CommitButton)
    assert wizard.currentId() == ADMIN and "至少6位" in error(wizard, "password")
    assert not paths.db_path(folder).exists()


def test_empty_catalog_choice_gives_no_rules(qtbot, open_wizard, folder):
    wizard = open_wizard()
    to_admin_page(qtbot, wizard, empty_catalog=True)
    fill_admin(qtbot, wizard)
    press(qtbot, wizard, Button.CommitButton)
    assert wizard.currentId() == DONE and "暂无" in wizard.done_page.summary.text()
    press(qtbot, wizard, Button.FinishButton)
    with Ledger.open(folder) as ledger:
        assert ledger.rules.list(ledger.villages.resolve().id) == []


def test_cancel_leaves_no_file(qtbot, open_wizard, folder, tmp_path):
    wizard = open_wizard()
    to_admin_page(qtbot, wizard)
    fill_admin(qtbot, wizard)
    press(qtbot, wizard, Button.CancelButton)
    assert wizard.result() == QWizard.DialogCode.Rejected and not wizard.isVisible()
    assert list(tmp_path.iterdir()) == []


def test_demo_skips_the_village_pages(qtbot, open_wizard, folder):
    wizard = open_wizard(demo_options={"households": 5, "years": 1})
    choose(qtbot, wizard.welcome.demo)
    assert wizard.buttonText(Button.CommitButton) == "生成演示村"
    press(qtbot, wizard, Button.CommitButton)
    assert wizard.currentId() == DONE
    summary = wizard.done_page.summary.text()
    assert "5户" in summary and DEMO_PASSWORD in summary
    accounts = [label.text() for label in wizard.done_page.findChildren(QLabel, "account")]
    assert accounts[:3] == ["admin", "村管理员", "管理员"] and "shenhe" in accounts
    press(qtbot, wizard, Button.FinishButton)
    assert wizard.username == "admin" and wizard.actor is None
    with Ledger.open(folder) as ledger:
        assert ledger.operators.authenticate("admin", DEMO_PASSWORD).role == "admin"


def test_cancelling_the_demo_in_its_progress_dialog_leaves_no_file(qtbot, open_wizard, tmp_path):
    wizard = open_wizard(demo_options={"households": 5, "years": 1})
    choose(qtbot, wizard.welcome.demo)
    seen: list[str] = []

    def cancel_when_shown() -> None:
        dialog = wizard.findChild(QProgressDialog)
        if dialog is None or not dialog.isVisible():
            QTimer.singleShot(20, cancel_when_shown)
            return
        seen.append(dialog.windowTitle())
        qtbot.mouseClick(dialog.findChild(QPushButton), Qt.MouseButton.LeftButton)

    QTimer.singleShot(20, cancel_when_shown)
    press(qtbot, wizard, Button.CommitButton)
    assert seen == ["正在生成演示村"]
    assert wizard.currentId() == WELCOME and list(tmp_path.iterdir()) == []


@pytest.fixture
def start_program(qtbot, monkeypatch, folder):
    """``start_program(drive)`` runs the program's start-up on the empty folder; ``drive(wizard)``
    plays the user in the wizard. Instead of the event loop it hands back the main window."""
    app = QApplication.instance()
    font = app.font()
    shown: list[MainWindow] = []

    earlier = {id(w) for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)}

    def no_loop() -> int:  # this start's window only, not one an earlier test left behind
        shown.extend(
            w
            for w in QApplication.topLevelWidgets()
            if isinstance(w, MainWindow) and w.isVisible() and id(w) not in earlier
        )
        return 0

    monkeypatch.setattr(QApplication, "exec", staticmethod(no_loop))

    def start(drive) -> tuple[int, list[MainWindow]]:
        def play() -> None:
            wizard = QApplication.activeModalWidget()
            assert isinstance(wizard, SetupWizard)
            try:
                drive(wizard)
            finally:
                if wizard.isVisible():  # the drive ended without 完成: 取消
                    wizard.reject()

        QTimer.singleShot(0, play)
        return app_module.run(folder), shown

    yield start
    app.setFont(font)
    for window in shown:
        window.close()
        window.deleteLater()


def test_start_up_goes_from_wizard_straight_into_the_program(qtbot, start_program):
    def drive(wizard: SetupWizard) -> None:
        to_admin_page(qtbot, wizard)
        fill_admin(qtbot, wizard)
        press(qtbot, wizard, Button.CommitButton)
        press(qtbot, wizard, Button.FinishButton)

    code, windows = start_program(drive)
    assert code == 0 and len(windows) == 1
    assert windows[0].ctx.actor.username == "admin" and windows[0].ctx.village.name == "张集村"


def test_start_up_cancelled_in_the_wizard_ends_with_no_file(qtbot, start_program, tmp_path):
    def drive(wizard: SetupWizard) -> None:
        press(qtbot, wizard, Button.NextButton)
        fill_village(qtbot, wizard)  # then 取消

    code, windows = start_program(drive)
    assert code == 0 and windows == [] and list(tmp_path.iterdir()) == []
