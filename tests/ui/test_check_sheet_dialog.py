"""纸质检查表 from 积分录入: the sheet of a grid is printed (its households and the chosen items'
headers in the PDF of the preview), then entered back with the keyboard (arrows, Space, Enter,
and Enter on to 登记): a monthly item the household already has this month is refused on its
row and nothing is written; 只登记可以登记的 records the rest as one batch of 抽检 entries with
the inspectors' names; the recorded ticks are locked."""

from __future__ import annotations

import datetime as dt

import pytest
from keyboard import type_text
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QStyle, QStyleOptionViewItem
from test_layout_dialogs import dialog_problems
from test_printouts import close_previews, previews, text_of

from jifen_desktop.model.entry_checks import EntryDraft
from jifen_desktop.ui import type_size
from jifen_desktop.ui.check_sheet_dialog import CheckSheetDialog
from jifen_desktop.ui.pages.entry import EntryPage

TODAY = dt.date.today()


def open_dialog(qtbot, shown, ctx) -> CheckSheetDialog:
    page = shown(EntryPage(ctx))
    page.sheet_button.click()
    dialog = page.check_sheet_dialog
    assert isinstance(dialog, CheckSheetDialog) and dialog.isVisible()
    assert dialog.grid.currentText().startswith("一组")
    dialog.items.setFocus()
    type_text(qtbot, dialog.items, "E08,E05")
    qtbot.keyClick(dialog.items, Qt.Key.Key_Return)  # the sheet is shown, the ticks next
    assert dialog.focusWidget() is dialog.table and dialog.message.text() == ""
    return dialog


def keys(qtbot, widget, *pressed: Qt.Key) -> None:
    for key in pressed:
        qtbot.keyClick(widget, key)


def test_a_sheet_is_printed_then_its_ticks_recorded_as_one_batch(qtbot, shown, make_ctx):
    ctx = make_ctx("admin")
    led, village = ctx.ledger, ctx.village_id
    homes = {h.number: h for h in led.households.list(village)}
    led.entries.record(village, EntryDraft(homes["0101"].id, "E08", TODAY))  # capped this month
    dialog = open_dialog(qtbot, shown, ctx)

    close_previews()
    dialog.print_button.click()
    qtbot.waitUntil(lambda: bool(previews()), timeout=20_000)
    printed = text_of(previews()[0])
    assert "0101" in printed and "0102" in printed and "0201" not in printed
    assert "E08" in printed and "E05" in printed and "+10分" in printed
    close_previews()

    table = dialog.table
    model = table.tick_model()
    assert model is not None and model.rowCount() == 2
    assert model.headerData(2, Qt.Orientation.Horizontal).startswith("E08\n")
    dialog.by_inspection.click()
    dialog.inspectors.setFocus()
    type_text(qtbot, dialog.inspectors, "张三、李四")
    table.setFocus()
    table.go_to(0, 2)
    # 0101: E08 and E05; Enter down to 0102 under E05; Left, E08; Enter from the last row.
    keys(qtbot, table, Qt.Key.Key_Space, Qt.Key.Key_Right, Qt.Key.Key_Space, Qt.Key.Key_Return)
    keys(qtbot, table, Qt.Key.Key_Left, Qt.Key.Key_Space, Qt.Key.Key_Return)
    assert model.ticked() == [(0, 0), (0, 1), (1, 0)]
    assert dialog.focusWidget() is dialog.register_button
    keys(qtbot, dialog.register_button, Qt.Key.Key_Return)  # 登记

    assert list(model.refused) == [(0, 0)] and "当月限一次" in model.result_text(0)
    assert len(led.entries.list(village)) == 1  # nothing written while a tick is refused
    assert dialog.record_rest_button.isVisible()
    assert "只登记可以登记的（2 个）" in dialog.record_rest_button.text()
    assert table.currentIndex().row() == 0 and "当月限一次" in dialog.row_detail.text()

    dialog.record_rest_button.click()
    qtbot.waitUntil(lambda: len(led.entries.list(village)) == 3, timeout=20_000)
    qtbot.waitUntil(lambda: not dialog.busy)
    batch = [e for e in led.entries.list(village) if e.source == "inspection"]
    assert sorted((e.household_id, e.rule_code) for e in batch) == sorted(
        [(homes["0101"].id, "E05"), (homes["0102"].id, "E08")]
    )
    assert len({e.batch_id for e in batch}) == 1 and batch[0].batch_id
    assert all("张三、李四" in e.note and e.status == "pending" for e in batch)
    assert "已登记 2 条" in dialog.message.text()
    assert "当月限一次" in model.result_text(0) and "已登记 E05" in model.result_text(0)
    keys(qtbot, table, Qt.Key.Key_Up, Qt.Key.Key_Right, Qt.Key.Key_Space)  # a recorded tick
    assert (0, 1) in model.recorded and model.ticked() == [(0, 0)]


@pytest.mark.parametrize("size", list(type_size.FONT_SCALES))
def test_the_screen_fits_at_each_type_size(qtbot, make_ctx, size):
    """The layout check (layout_check.py) at 1366×768, with a sheet of six items shown."""
    app = QApplication.instance()
    type_size.apply(app, size)
    try:
        dialog = CheckSheetDialog(make_ctx("admin"))
        qtbot.addWidget(dialog)
        dialog.items.setText("E08,E05,E01,E02,E03,E07")
        dialog.load()
        assert dialog.table.tick_model() is not None
        found = dialog_problems(dialog)
    finally:
        type_size.apply(app, "normal")
    assert not found, "\n".join(found)


def test_a_recorder_gets_his_grids_and_the_mouse_ticks_too(qtbot, shown, make_ctx):
    dialog = open_dialog(qtbot, shown, make_ctx("wgy1"))
    assert dialog.grid.count() == 1  # his grid only
    table = dialog.table
    model = table.tick_model()
    assert model is not None
    cell = table.visualRect(model.index(1, 3))
    box = QStyle.SubElement.SE_ItemViewItemCheckIndicator
    option = QStyleOptionViewItem()
    option.rect = cell
    option.features |= QStyleOptionViewItem.ViewItemFeature.HasCheckIndicator
    indicator = table.style().subElementRect(box, option, table)
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=indicator.center())
    assert model.ticked() == [(1, 1)]
