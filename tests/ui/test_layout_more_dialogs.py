"""The layout check for the dialogs that need a set-up of their own (issue 18): the login (with
a refusal shown), every page of the first-run wizard (从备份恢复 with its refusal), the
restore's question and 恢复完成 on 设置 › 备份与恢复, the crash dialog (details
open), 检查台账 (sound, and with findings), 发放年度基础分 and 张贴公示, at 标准, 大 and 特大
offscreen at 1366×768 (layout_check.py). The dialogs of test_layout_dialogs.py are opened from
a page's context only; these are opened as the program opens them."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator, Sequence

import pytest
from layout_check import settle
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox
from test_layout_dialogs import (  # noqa: F401 - sized: the fixture used below
    QUARTER,
    every_dialog_problems,
    household,
    sized,
    window_problems,
)
from test_layout_sizes import layout_village  # noqa: F401 - the fixture used below

from jifen_desktop import crash_log
from jifen_desktop.model import paths
from jifen_desktop.model.entry_checks import EntryDraft
from jifen_desktop.model.errors import ValidationError
from jifen_desktop.ui import type_size
from jifen_desktop.ui.base_points_dialog import BasePointsDialog
from jifen_desktop.ui.context import AppContext
from jifen_desktop.ui.crash_dialog import CrashDialog
from jifen_desktop.ui.login import LoginDialog
from jifen_desktop.ui.pages.publication.post_dialog import PostDialog
from jifen_desktop.ui.pages.settings.backup import BackupSection
from jifen_desktop.ui.verify_dialog import VerifyDialog
from jifen_desktop.ui.wizard import SetupWizard
from jifen_desktop.ui.wizard_pages import DONE, RESTORE

Make = Callable[[AppContext], QDialog]
ACCEPT = QMessageBox.ButtonRole.AcceptRole


def logging_in(ctx: AppContext) -> QDialog:
    """The login after a wrong password: the refusal under the fields."""
    dialog = LoginDialog(ctx.ledger, "张集村股份经济合作社所在的张集村", "admin")
    dialog.password.setText("wrong-password")
    dialog.try_login()
    return dialog


def crashed(_ctx: AppContext) -> QDialog:
    """The crash dialog with its details open and a second error counted."""
    try:
        raise RuntimeError("模拟的程序错误：保存时数据库连接已经断开")
    except RuntimeError as error:
        report = crash_log.record(error)
    dialog = CrashDialog(report)
    dialog.add_repeat(report)
    dialog.toggle_details()
    return dialog


def checked_tampered(ctx: AppContext) -> QDialog:
    """检查台账 after an entry was edited with sqlite3: the findings listed."""
    draft = EntryDraft(household(ctx).id, "B05", QUARTER.start)
    entry = ctx.ledger.entries.record(ctx.village_id, draft).value
    raw = sqlite3.connect(paths.db_path(ctx.ledger.folder))
    raw.execute("UPDATE entries SET points = points + 30 WHERE id = ?", (entry.id,))
    raw.commit()
    raw.close()
    return VerifyDialog(ctx.ledger.verify())


def posting(ctx: AppContext) -> QDialog:
    """张贴公示 for last quarter's draft (last month's pending entry makes it warn)."""
    pub = ctx.ledger.publications.draft(ctx.village_id, QUARTER.key).value
    return PostDialog(ctx, pub)


DIALOGS: dict[str, tuple[type[QDialog], Make]] = {
    "登录（密码错误）": (LoginDialog, logging_in),
    "程序出错（详情）": (CrashDialog, crashed),
    "检查台账（完好）": (VerifyDialog, lambda ctx: VerifyDialog(ctx.ledger.verify())),
    "检查台账（发现问题）": (VerifyDialog, checked_tampered),
    "发放年度基础分": (BasePointsDialog, lambda ctx: BasePointsDialog(ctx)),
    "张贴公示": (PostDialog, posting),
}


@pytest.mark.parametrize("size", list(type_size.FONT_SCALES))
@pytest.mark.usefixtures("layout_village")
def test_every_dialog_fits_at_each_type_size(qtbot, make_ctx, sized, size):  # noqa: F811
    sized(size)
    found = every_dialog_problems(qtbot, make_ctx("admin"), DIALOGS)
    assert not found, "\n".join(found)


DEMO_LINES = (
    "演示村：张集村（420881100001）",
    "120户、4个单位、356人，2年共3120条积分记录。",
    "数据目录：/home/cunweihui/.local/share/jifen-desktop",
    "",
    "演示账号（密码都是 jifen123）：",
)
ACCOUNTS = [
    ("admin", "王德胜", "管理员"),
    ("shenhe", "李秀英", "审核人"),
    ("wgy1", "张伟", "网格员"),
]


def wizard_pages(wizard: SetupWizard) -> Iterator[str]:
    """Each page of the wizard shown in turn (as its start page); then 从备份恢复 with its
    refusal under the file, and 完成 as the demo fills it in."""
    for page_id in wizard.pageIds():
        wizard.setStartId(page_id)
        wizard.restart()
        settle()
        yield wizard.currentPage().title()
    wizard.setStartId(RESTORE)
    wizard.restart()
    wizard.restore_page.refuse(ValidationError("请先选择备份文件。", field="file"))
    settle()
    yield "从备份恢复（请先选择备份文件）"
    wizard.setStartId(DONE)
    wizard.restart()
    wizard.done_page.show_result(
        "演示村已生成，可以随便试。", DEMO_LINES, ["点“完成”后登录。"], ACCOUNTS
    )
    settle()
    yield "完成（演示村）"


@pytest.mark.parametrize("size", list(type_size.FONT_SCALES))
def test_every_wizard_page_fits_at_each_type_size(qtbot, tmp_path, sized, size):  # noqa: F811
    sized(size)
    wizard = SetupWizard(tmp_path / "data")
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.waitExposed(wizard)
    found, seen = [], []
    for title in wizard_pages(wizard):
        seen.append(title)
        found += [f"向导 › {title}: {p}" for p in window_problems(wizard)]
    assert len(seen) == len(wizard.pageIds()) + 2 and all(seen)
    wizard.reject()
    assert not found, "\n".join(found)


def modal_problems(qtbot, start: Callable[[], object], answers: Sequence[bool]) -> list[str]:
    """Start something that asks and tells in message boxes; check each box when it is up
    and answer it (True: 确定, False: 取消), one box per answer."""
    found: list[str] = []
    left = list(answers)

    def look() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox) or not box.isVisible():
            QTimer.singleShot(20, look)
            return
        found.extend(f"{box.windowTitle()}: {p}" for p in window_problems(box))
        yes = left.pop(0)
        button = next(b for b in box.buttons() if (box.buttonRole(b) == ACCEPT) == yes)
        button.click()
        if left:
            QTimer.singleShot(20, look)

    QTimer.singleShot(0, look)
    start()
    qtbot.waitUntil(lambda: not left, timeout=15000)
    return found


@pytest.mark.parametrize("size", list(type_size.FONT_SCALES))
@pytest.mark.usefixtures("layout_village")
def test_the_backup_sections_dialogs_fit_at_each_type_size(qtbot, make_ctx, sized, size):  # noqa: F811
    """从备份恢复…'s question, answered 取消, then 确定, and 恢复完成 (the longest texts of the
    section's dialogs)."""
    sized(size)
    section = BackupSection(make_ctx("admin"))
    qtbot.addWidget(section)
    section.show()
    backup = section.service.backup(None).value.backup
    found = modal_problems(qtbot, lambda: section.restore(backup), [False])
    assert section.isVisible()  # not restored: the program goes on
    found += modal_problems(qtbot, lambda: section.restore(backup), [True, True])
    qtbot.waitUntil(lambda: not section.isVisible())  # restored, the program closes
    assert not found, "\n".join(found)
