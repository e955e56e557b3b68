"""GUI test fixtures: an ``AppContext`` on a fresh test ledger, acting as a chosen operator, and
QSettings and the user's log folder kept in a temp folder so tests never touch the user's
settings or logs."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QCoreApplication, QSettings

from jifen_desktop import crash_log
from jifen_desktop.ui.context import AppContext

PASSWORD = "pass-1234"


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path, qapp):
    QCoreApplication.setOrganizationName("jifen-tests")
    QCoreApplication.setApplicationName("jifen-desktop-tests")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "ini"))
    QSettings().clear()
    yield


@pytest.fixture(autouse=True)
def isolated_log(tmp_path, monkeypatch):
    """An error logged with no data folder's log open goes to the user's log folder (platformdirs,
    ``XDG_STATE_HOME`` on Linux): a temp one here; the log is closed after the test."""
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    yield
    crash_log.close_log()


@pytest.fixture
def village_world(world):
    """The test village with staff and a few households in two grids."""
    ops = world.ledger.operators
    ops.add(
        "wgy1",
        "网格员甲",
        "recorder",
        PASSWORD,
        village_id=world.village.id,
        grid_ids=[world.grid1.id],
    )
    ops.add("shenhe", "审核员", "reviewer", PASSWORD, village_id=world.village.id)
    ops.add("chakan", "只读", "viewer", PASSWORD, village_id=world.village.id)
    world.household("0101", "王建国", grid=world.grid1, registered=dt.date(2024, 1, 1))
    world.household("0102", "单志", grid=world.grid1, registered=dt.date(2024, 1, 1))
    world.household("0201", "李秀英", grid=world.grid2, registered=dt.date(2024, 1, 1))
    return world


@pytest.fixture
def make_ctx(village_world, admin_password):
    """``make_ctx("wgy1")`` gives an AppContext logged in as that operator (admin by default)."""

    def make(username: str = "admin") -> AppContext:
        password = admin_password if username == "admin" else PASSWORD
        actor = village_world.ledger.operators.authenticate(username, password)
        return AppContext(village_world.ledger.as_actor(actor), village_world.village)

    return make


@pytest.fixture
def shown(qtbot):
    """``shown(widget)``: the widget on screen at a laptop size, closed after the test."""

    def show(widget):
        qtbot.addWidget(widget)
        widget.resize(1200, 700)
        widget.show()
        return widget

    return show
