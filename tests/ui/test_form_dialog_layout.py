"""Click targets in a form dialog stay put, and a long form scrolls (issue 18): a refusal under
a field moves neither 保存 nor 取消 (its line's room is kept; a longer one grows the dialog
upwards), nor does a wrong password move 登录, and a form taller than the screen fits the screen with its fields scrolling between
the title and the buttons, which stay on the screen. At 标准 and 特大, on 1366×768."""

from __future__ import annotations

import pytest
from layout_check import problems, screen_size, settle
from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QApplication, QLineEdit, QPushButton

from jifen_desktop.model.errors import ValidationError
from jifen_desktop.ui import type_size
from jifen_desktop.ui.form_dialog import TITLE_BAR, FormDialog
from jifen_desktop.ui.household_dialogs import HouseholdDialog
from jifen_desktop.ui.login import LoginDialog

LONG_REFUSAL = "户号只能由数字组成，最多8位，例如 0101；" * 4 + "请改正后再保存。"


@pytest.fixture(params=["normal", "larger"])
def size(request):
    app = QApplication.instance()
    type_size.apply(app, request.param)
    yield request.param
    type_size.apply(app, "normal")


def where(button: QPushButton) -> QPoint:
    return button.mapToGlobal(QPoint(0, 0))


def buttons(dialog: FormDialog) -> list[QPushButton]:
    return [b for b in dialog.buttons.buttons() if isinstance(b, QPushButton)]


def shown(qtbot, dialog: FormDialog) -> FormDialog:
    qtbot.addWidget(dialog)
    dialog.move(200, 150)
    dialog.show()
    qtbot.waitExposed(dialog)
    settle()
    return dialog


@pytest.mark.usefixtures("size")
def test_a_refusal_under_a_field_moves_no_button(qtbot, make_ctx):
    dialog = shown(qtbot, HouseholdDialog(make_ctx("admin")))
    before = [where(b) for b in buttons(dialog)]
    dialog.accept()  # nothing typed: the model refuses, under a field
    settle()
    assert dialog.isVisible() and any(dialog.error_text(k) for k in ("number", "head"))
    assert [where(b) for b in buttons(dialog)] == before
    dialog.show_error(ValidationError("请先填写户主姓名。"))  # the message line, above them
    settle()
    assert dialog.error_text() and [where(b) for b in buttons(dialog)] == before


@pytest.mark.usefixtures("size")
def test_a_long_refusal_grows_the_dialog_upwards(qtbot, make_ctx):
    dialog = shown(qtbot, HouseholdDialog(make_ctx("admin")))
    before, height = [where(b) for b in buttons(dialog)], dialog.height()
    dialog.show_error(ValidationError(LONG_REFUSAL, field="number"))
    settle()
    assert dialog.error_text("number") == LONG_REFUSAL
    assert dialog.height() > height  # the refusal needs more than the line kept for it
    assert [where(b) for b in buttons(dialog)] == before
    assert not problems(dialog, type_size.point_size())  # the refusal shown whole


@pytest.mark.usefixtures("size")
def test_a_wrong_password_moves_no_button_of_the_login(qtbot, make_ctx):
    ctx = make_ctx("admin")
    dialog = LoginDialog(ctx.ledger, "张集村", "admin")
    qtbot.addWidget(dialog)
    dialog.move(300, 200)
    dialog.show()
    qtbot.waitExposed(dialog)
    settle()
    login = [b for b in dialog.findChildren(QPushButton) if b.text() == "登录"]
    before = [where(b) for b in dialog.findChildren(QPushButton)]
    dialog.password.setText("wrong-password")
    dialog.try_login()
    settle()
    assert login and dialog.message.text() and dialog.actor is None
    assert [where(b) for b in dialog.findChildren(QPushButton)] == before
    assert not problems(dialog, type_size.point_size())


class LongForm(FormDialog):
    """A form of ``count`` fields: taller than the screen at 特大 when ``count`` is 30."""

    def __init__(self, ctx, count: int) -> None:
        super().__init__(ctx, "很长的表单")
        self.edits = [self.add_field(f"f{i}", f"第{i + 1}项", QLineEdit()) for i in range(count)]


def test_a_form_taller_than_the_screen_scrolls_with_the_buttons_on_screen(qtbot, make_ctx, size):
    dialog = shown(qtbot, LongForm(make_ctx("admin"), 30))
    screen = screen_size()
    bar = dialog.form_area.verticalScrollBar()
    assert dialog.height() <= screen.height() - TITLE_BAR and bar.maximum() > 0  # its title too
    for button in buttons(dialog):
        assert button.isVisible()
        assert button.mapTo(dialog, QPoint(0, button.height())).y() <= dialog.height()
    bar.setValue(bar.maximum())
    settle()
    last = dialog.edits[-1]
    assert (
        dialog.form_area.viewport()
        .rect()
        .contains(last.mapTo(dialog.form_area.viewport(), QPoint(0, last.height() - 1)))
    )
    assert not problems(dialog, type_size.point_size()), size


def test_a_short_form_does_not_scroll_and_fits_its_content(qtbot, make_ctx, size):
    dialog = shown(qtbot, LongForm(make_ctx("admin"), 3))
    assert dialog.form_area.verticalScrollBar().maximum() == 0
    assert dialog.height() < screen_size().height() // 2
    assert dialog.edits[-1].isVisible() and not problems(dialog, type_size.point_size())
