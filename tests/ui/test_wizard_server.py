"""连接乡镇/县服务器 in the first-run wizard, against the throwaway PostgreSQL cluster
(tests/pg.py; skipped when PostgreSQL is not installed): 测试连接's answers (not reached, login
refused, no such database, no ledger yet, older → will upgrade, newer → upgrade the program,
ready), 连接 remembering the address without the password in the data folder and the password
in PostgreSQL's password file (0600), and the program starting on the server's township."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pg
import pytest
import test_wizard
from layout_check import settle
from PySide6.QtWidgets import QWizard
from sqlalchemy import text
from test_layout_dialogs import sized, window_problems  # noqa: F401 - sized: a fixture

from jifen_desktop.model import db, paths, server_link
from jifen_desktop.model.server_link import ServerAddress, parse_url
from jifen_desktop.model.server_probe import probe
from jifen_desktop.model.setup import AdminDetails, create_township
from jifen_desktop.ui import app as app_module
from jifen_desktop.ui import type_size
from jifen_desktop.ui.wizard import SetupWizard
from jifen_desktop.ui.wizard_pages import DONE, SERVER

pytestmark = pytest.mark.skipif(pg.bin_dir() is None, reason="PostgreSQL is not installed")
Button = QWizard.WizardButton
open_wizard, start_program = test_wizard.open_wizard, test_wizard.start_program
press, choose, fill = test_wizard.press, test_wizard.choose, test_wizard.fill
PASSWORD = "secret-123"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return tmp_path / "乡镇电脑" / "jifen"


@pytest.fixture(autouse=True)
def password_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "home" / ".pgpass"
    monkeypatch.setenv("PGPASSFILE", str(path))
    return path


def township_url(tmp_path: Path) -> str:
    url = pg.new_database()
    admin = AdminDetails("xiang", "乡镇办", PASSWORD)
    create_township(tmp_path / "made", "张集镇", "420881100", admin, database=url)[0].close()
    return url


def _address(url: str, **change: str) -> ServerAddress:
    address = parse_url(url)
    return ServerAddress(**{**address.__dict__, "password": PASSWORD, **change})


def _set_revision(url: str, revision: str) -> None:
    engine = db.make_server_engine(url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = :r"), {"r": revision})
    engine.dispose()


def test_each_answer_of_the_connection_test(tmp_path: Path) -> None:
    url = township_url(tmp_path)
    ready = probe(_address(url))
    assert ready.kind == "ready" and ready.usable and "张集镇（420881100）" in ready.message
    gone = probe(_address(url, host="/nonexistent-socket-dir"))
    assert gone.kind == "unreachable" and "连不上" in gone.message and not gone.usable
    assert probe(_address(url, user="nobody")).kind == "login"
    assert probe(_address(url, database="no_such_db")).kind == "no_database"
    empty = probe(_address(pg.new_database()))
    assert empty.kind == "empty" and "move-to-server" in empty.message
    _set_revision(url, "0001")
    older = probe(_address(url))
    assert older.kind == "older" and older.usable and "自动升级" in older.message
    _set_revision(url, "9999")
    newer = probe(_address(url))
    assert newer.kind == "newer" and not newer.usable and "升级到最新版本" in newer.message


def to_server_page(qtbot, wizard: SetupWizard) -> None:
    assert wizard.welcome.server.text() == "连接乡镇/县服务器…"
    choose(qtbot, wizard.welcome.server)
    press(qtbot, wizard, Button.NextButton)
    assert wizard.currentId() == SERVER
    assert wizard.button(Button.CommitButton).text() == "连接"


def test_connect_remembers_the_address_and_the_password_apart(
    qtbot, open_wizard, folder: Path, tmp_path: Path, password_file: Path
) -> None:
    url = township_url(tmp_path)
    wizard = open_wizard()
    to_server_page(qtbot, wizard)
    page = wizard.server_page
    press(qtbot, wizard, Button.CommitButton)  # nothing filled in
    assert wizard.currentId() == SERVER and test_wizard.error(wizard, "host").startswith(
        "请填写服务器"
    )
    fill(qtbot, page.url, url)  # the whole address pasted fills the fields
    assert page.database.text() == parse_url(url).database and page.user.text() == "jifen"
    fill(qtbot, page.user, "nobody")
    qtbot.mouseClick(page.test_button, test_wizard.Qt.MouseButton.LeftButton)
    assert "拒绝了用户名 nobody 的登录" in page.result.text() and page.result.isVisible()
    fill(qtbot, page.user, "jifen")
    fill(qtbot, page.password, PASSWORD)
    press(qtbot, wizard, Button.CommitButton)
    assert wizard.currentId() == DONE
    assert "张集镇（420881100）" in wizard.done_page.summary.text()
    assert not paths.db_path(folder).exists()
    kept = json.loads(server_link.link_path(folder).read_text(encoding="utf-8"))
    assert PASSWORD not in json.dumps(kept) and kept["database"].startswith("postgresql://jifen@")
    assert server_link.remembered(folder) == kept["database"]
    assert stat.S_IMODE(password_file.stat().st_mode) == 0o600
    assert password_file.read_text(encoding="utf-8").strip().endswith(f":jifen:{PASSWORD}")
    press(qtbot, wizard, Button.FinishButton)


def test_start_up_connects_then_opens_the_township_after_the_login(
    qtbot, start_program, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = township_url(tmp_path)

    class LogsIn:  # the login dialog, answered as the township's admin
        def __init__(self, ledger, place_name, username):
            self.ledger, self.actor = ledger, None

        def exec(self) -> bool:
            self.actor = self.ledger.operators.authenticate("xiang", PASSWORD)
            return True

    monkeypatch.setattr(app_module, "LoginDialog", LogsIn)

    def drive(wizard: SetupWizard) -> None:
        to_server_page(qtbot, wizard)
        wizard.server_page.url.setText(url)
        wizard.server_page._from_url(url)
        wizard.server_page.password.setText(PASSWORD)
        press(qtbot, wizard, Button.CommitButton)
        press(qtbot, wizard, Button.FinishButton)

    code, windows = start_program(drive)
    assert code == 0 and len(windows) == 1
    ctx = windows[0].ctx
    assert ctx.ledger.on_server and ctx.ledger.mode == "township"
    assert ctx.actor.username == "xiang"


@pytest.mark.parametrize("size", list(type_size.FONT_SCALES))
def test_the_server_page_with_its_answer_fits_at_each_type_size(
    qtbot,
    tmp_path: Path,
    sized,  # noqa: F811
    size: str,
) -> None:
    sized(size)
    wizard = SetupWizard(tmp_path / "data")
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.waitExposed(wizard)
    wizard.setStartId(SERVER)
    wizard.restart()
    page = wizard.server_page
    page.url.setText("postgresql://jifen_zhangji@10.0.0.5:5432/jifen_zhangji")
    page._from_url(page.url.text())
    page.show_probe(probe(ServerAddress("/nonexistent-socket-dir", 5432, "x", "y")))
    wizard.fit_to_page()
    settle()
    found = window_problems(wizard)
    wizard.reject()
    assert not found, "\n".join(found)
