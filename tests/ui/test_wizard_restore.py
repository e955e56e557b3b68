"""从备份恢复… in the first-run wizard (a reinstalled laptop, an empty data folder): a real backup
made by ``jifen backup --out`` onto a "stick" is chosen, described on the page, restored by the
restore service (its checks: checksum, integrity, schema) and the program opens on it; a file the
restore refuses is said in red under the field and leaves no ledger behind."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
import test_wizard
from PySide6.QtWidgets import QLabel, QWizard

from jifen_desktop.cli import main
from jifen_desktop.model import paths
from jifen_desktop.model.ledger import Ledger
from jifen_desktop.ui import app as app_module
from jifen_desktop.ui.wizard import SetupWizard
from jifen_desktop.ui.wizard_pages import DONE, RESTORE, WELCOME

STAFF_PASSWORD = "pass-1234"  # (tests/ui/conftest.py: the village_world staff's)

Button = QWizard.WizardButton
open_wizard, start_program = test_wizard.open_wizard, test_wizard.start_program
press, choose, error = test_wizard.press, test_wizard.choose, test_wizard.error


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """The new computer's empty data folder (the old one's is ``tmp_path / "data"``)."""
    return tmp_path / "新电脑" / "jifen"


@pytest.fixture
def stick_backup(village_world, admin_password, tmp_path, monkeypatch) -> Path:
    """张集村 (3 households, 4 operators) backed up by ``jifen backup --out`` onto a stick."""
    stick = tmp_path / "U盘"
    monkeypatch.setenv("JIFEN_PASSWORD", admin_password)
    argv = ["--data-dir", str(village_world.ledger.folder), "--user", "admin"]
    assert main([*argv, "backup", "--out", str(stick)]) == 0
    [backup] = stick.glob("jifen_420881100001_*_manual.sqlite3.xz")
    assert backup.with_name(backup.name + ".sha256").exists()
    return backup


def to_restore_page(qtbot, wizard: SetupWizard) -> None:
    assert wizard.welcome.restore.text() == "从备份恢复…"
    choose(qtbot, wizard.welcome.restore)
    press(qtbot, wizard, Button.NextButton)
    assert wizard.currentId() == RESTORE
    assert wizard.button(Button.CommitButton).text() == "恢复台账"


def test_a_backup_from_a_stick_becomes_the_ledger(qtbot, open_wizard, folder, stick_backup):
    wizard = open_wizard()
    to_restore_page(qtbot, wizard)
    wizard.restore_page.choose_file(stick_backup)
    about = wizard.restore_page.about.text()
    assert "的手动备份：张集村，" in about and about.endswith("KB")
    assert not paths.db_path(folder).exists()  # nothing is written before 恢复台账
    press(qtbot, wizard, Button.CommitButton)
    assert wizard.currentId() == DONE
    summary = wizard.done_page.summary.text()
    assert "3户，0条积分记录" in summary and about in summary
    accounts = [label.text() for label in wizard.done_page.findChildren(QLabel, "account")]
    assert accounts[:3] == ["admin", "管理员", "管理员"] and "wgy1" in accounts
    assert "以前的用户名和密码" in wizard.done_page.next_steps.text()
    press(qtbot, wizard, Button.FinishButton)
    assert wizard.username == "admin" and wizard.actor is None
    with Ledger.open(folder) as ledger:
        village = ledger.villages.resolve()
        assert (village.code, village.name) == ("420881100001", "张集村")
        assert len(ledger.households.list(village.id)) == 3
        assert ledger.operators.authenticate("wgy1", STAFF_PASSWORD).role == "recorder"
    assert not list(folder.glob(".restore-*"))


def test_refusals_are_said_under_the_file_and_nothing_is_made(
    qtbot, open_wizard, folder, stick_backup, tmp_path
):
    wizard = open_wizard()
    to_restore_page(qtbot, wizard)
    press(qtbot, wizard, Button.CommitButton)
    assert wizard.currentId() == RESTORE and error(wizard, "file") == "请先选择备份文件。"

    not_ours = tmp_path / "照片.sqlite3"
    not_ours.write_text("不是数据库", encoding="utf-8")
    flipped = stick_backup  # one bit near its end changed: its .sha256 no longer matches
    data = bytearray(flipped.read_bytes())
    data[len(data) - 200] ^= 0x01
    flipped.write_bytes(bytes(data))
    for path, says in (
        (tmp_path / "没有这个文件.sqlite3", "找不到备份文件"),
        (not_ours, "不是积分台账的备份文件"),
        (flipped, "校验值不符"),
    ):
        wizard.restore_page.choose_file(path)
        assert error(wizard, "file") == ""  # another file: the last complaint goes
        press(qtbot, wizard, Button.CommitButton)
        assert wizard.currentId() == RESTORE and says in error(wizard, "file"), path
    # A changed byte in a compressed backup fails xz's own check already when it is described
    assert "读不出这个文件" in wizard.restore_page.about.text()
    assert not paths.db_path(folder).exists() and not list(folder.glob(".restore-*"))
    press(qtbot, wizard, Button.BackButton)
    assert wizard.currentId() == WELCOME


def test_start_up_restores_then_opens_the_program_after_the_login(
    qtbot, start_program, stick_backup, monkeypatch, admin_password
):
    class LogsInAsAdmin:  # the login dialog, answered: the password is the backup's admin's
        def __init__(self, ledger, place_name, username):
            self.ledger, self.username, self.actor = ledger, username, None

        def exec(self) -> bool:
            self.actor = self.ledger.operators.authenticate(self.username, admin_password)
            return True

    monkeypatch.setattr(app_module, "LoginDialog", LogsInAsAdmin)

    def drive(wizard: SetupWizard) -> None:
        to_restore_page(qtbot, wizard)
        wizard.restore_page.file.setText(str(stick_backup))
        press(qtbot, wizard, Button.CommitButton)
        press(qtbot, wizard, Button.FinishButton)

    code, windows = start_program(drive)
    assert code == 0 and len(windows) == 1
    ctx = windows[0].ctx
    assert ctx.actor.username == "admin" and ctx.village.name == "张集村"
    with closing(sqlite3.connect(paths.db_path(ctx.ledger.folder))) as conn:
        assert conn.execute("SELECT count(*) FROM households").fetchone() == (3,)
