"""设置 › 积分细则 driven as a village admin would: edit an item while old entries keep their
points, add one (a taken code is refused under the field), 停用 and 启用, 从模板补齐, and a new
category renamed."""

from __future__ import annotations

import datetime as dt

import pytest
from keyboard import replace_text, type_text
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableWidget

from jifen_desktop.model.entry_checks import EntryDraft
from jifen_desktop.model.rule_template import template_item_count
from jifen_desktop.ui.context import AppContext
from jifen_desktop.ui.pages.settings import rules as rules_module
from jifen_desktop.ui.pages.settings.rule_dialog import RuleDialog
from jifen_desktop.ui.pages.settings.rules import RulesSection

LEFT = Qt.MouseButton.LeftButton


def shown(qtbot, ctx: AppContext) -> RulesSection:
    """The tab on screen at about the size it has in the main window."""
    section = RulesSection(ctx)
    qtbot.addWidget(section)
    section.resize(1200, 650)
    section.show()
    return section


@pytest.fixture
def open_section(qtbot, make_ctx):
    return lambda: shown(qtbot, make_ctx("admin"))


def codes(section: RulesSection) -> list[str]:
    return [r.code for r in section.rules]


def cell(table: QTableWidget, row: int, header: str) -> str:
    column = next(
        c for c in range(table.columnCount()) if table.horizontalHeaderItem(c).text() == header
    )
    return table.item(row, column).text()


def click_cell(qtbot, table: QTableWidget, row: int, column: int = 1) -> None:
    rect = table.visualRect(table.model().index(row, column))
    qtbot.mouseClick(table.viewport(), LEFT, pos=rect.center())


def click_rule(qtbot, section: RulesSection, code: str) -> None:
    click_cell(qtbot, section.table, codes(section).index(code))
    assert section.current_rule().code == code


def set_spin(qtbot, spin, value: int) -> None:
    spin.lineEdit().selectAll()
    qtbot.keyClicks(spin, str(value))
    assert spin.value() == value


def test_a_rule_edited_in_the_catalog_editor_while_old_entries_keep_their_points(
    qtbot, open_section, village_world
) -> None:
    ledger, vid = village_world.ledger, village_world.village.id
    household = village_world.household("0103", "赵大海")
    old = ledger.rules.get(vid, "B05")
    entry = ledger.entries.record(vid, EntryDraft(household.id, "B05", dt.date.today())).value
    section = open_section()
    click_rule(qtbot, section, "B05")
    qtbot.keyClick(section.table, Qt.Key.Key_Return)  # Enter on a row edits it
    dialog = section.dialog
    assert isinstance(dialog, RuleDialog) and dialog.isVisible()
    assert dialog.name.text() == old.name and dialog.points.fixed.isChecked()
    replace_text(qtbot, dialog.name, "参加志愿服务（每次半天以上）")
    set_spin(qtbot, dialog.points.low, 8)
    qtbot.mouseClick(dialog.ok_button, LEFT)
    assert not dialog.isVisible()

    row = codes(section).index("B05")
    assert section.current_rule().code == "B05"
    assert cell(section.table, row, "名称") == "参加志愿服务（每次半天以上）"
    assert cell(section.table, row, "分值") == "加8分"
    now = ledger.rules.get(vid, "B05")
    assert (now.name, now.points_min, now.points_max) == ("参加志愿服务（每次半天以上）", 8, 8)
    again = ledger.entries.get(entry.id)
    assert (again.rule_name, again.points) == (old.name, old.points_min) == (old.name, 5)


def test_adding_an_item_with_a_taken_code_is_refused_under_the_code(qtbot, open_section) -> None:
    section = open_section()
    click_cell(qtbot, section.category_table, 2)  # B 公益美德类
    assert section.category_code() == "B"
    qtbot.mouseClick(section.add_button, LEFT)
    dialog = section.dialog
    assert dialog.category.currentData() == "B"
    qtbot.keyClicks(dialog.code, "B05")
    type_text(qtbot, dialog.name, "参加村民议事会")
    qtbot.mouseClick(dialog.ok_button, LEFT)
    assert dialog.isVisible() and "细则编号 B05 已被占用" in dialog.error_text("code")
    assert dialog.name.text() == "参加村民议事会"

    dialog.code.clear()
    qtbot.keyClicks(dialog.code, "b20")
    qtbot.mouseClick(dialog.points.fixed, LEFT)  # a range: 加2-10分
    set_spin(qtbot, dialog.points.low, 2)
    set_spin(qtbot, dialog.points.high, 10)
    qtbot.mouseClick(dialog.ok_button, LEFT)
    assert not dialog.isVisible()
    assert section.current_rule().code == "B20"
    row = codes(section).index("B20")
    assert cell(section.table, row, "分值") == "加2-10分"
    assert cell(section.table, row, "状态") == "在用"
    assert section.categories[1].item_count == 16  # B01–B15 of seed 001 篇7, and B20


def test_a_range_the_wrong_way_round_is_refused_under_the_points(qtbot, open_section) -> None:
    section = open_section()
    click_rule(qtbot, section, "A16")
    qtbot.mouseClick(section.edit_button, LEFT)
    dialog = section.dialog
    assert not dialog.points.fixed.isChecked()
    set_spin(qtbot, dialog.points.low, 60)
    qtbot.mouseClick(dialog.ok_button, LEFT)
    assert dialog.isVisible() and "最高分不能小于最低分" in dialog.error_text("points")


def test_special_items_keep_their_direction_and_say_why(qtbot, open_section) -> None:
    section = open_section()
    row = codes(section).index("B01")
    assert cell(section.table, row, "分值") == "每年加100分"
    rect = section.table.visualRect(section.table.model().index(row, 1))
    for click in (qtbot.mouseClick, qtbot.mouseDClick):  # a double-click edits the row
        click(section.table.viewport(), LEFT, pos=rect.center())
    dialog = section.dialog
    assert not dialog.direction.isEnabled() and not dialog.points.low.isEnabled()
    assert "村信息与积分政策" in dialog.points.hint.text()
    replace_text(qtbot, dialog.name, "遵纪守法（年度基础分）")
    qtbot.mouseClick(dialog.ok_button, LEFT)
    assert not dialog.isVisible()
    assert section.ctx.ledger.rules.get(section.ctx.village_id, "B01").direction == "add"


def test_disabling_asks_first_and_hides_the_item(qtbot, open_section, monkeypatch) -> None:
    answers, asked = [False, True], []

    def confirm(parent, title, question):
        asked.append(question)
        return answers.pop(0)

    monkeypatch.setattr(rules_module, "confirm", confirm)
    section = open_section()
    click_rule(qtbot, section, "B05")
    assert section.toggle_button.text() == "停用"
    qtbot.mouseClick(section.toggle_button, LEFT)
    assert "B05" in codes(section)  # said no: nothing done
    qtbot.mouseClick(section.toggle_button, LEFT)
    assert "已经录入的记录不受影响" in asked[0] and "不能再选" in asked[0]
    assert "B05" not in codes(section)
    assert not section.ctx.ledger.rules.get(section.ctx.village_id, "B05").active

    qtbot.mouseClick(section.show_inactive, LEFT)
    row = codes(section).index("B05")
    assert cell(section.table, row, "状态") == "已停用"
    click_rule(qtbot, section, "B05")
    assert section.toggle_button.text() == "启用"
    qtbot.mouseClick(section.toggle_button, LEFT)  # 启用 asks nothing
    assert len(asked) == 2
    assert cell(section.table, row, "状态") == "在用"


def test_copy_template_says_nothing_missing_or_how_many_added(
    qtbot, open_section, village_world
) -> None:
    section = open_section()
    qtbot.mouseClick(section.template_button, LEFT)
    assert "没有需要补的" in section.message.text()

    ledger = village_world.ledger  # the program itself, as for setting up a village
    empty = ledger.villages.create("420881100002", "李庄村", with_template=False).value
    section = shown(qtbot, AppContext(ledger, empty))
    assert codes(section) == []
    qtbot.mouseClick(section.template_button, LEFT)
    assert f"已从模板补上 {template_item_count()} 条细则" in section.message.text()
    assert len(codes(section)) == template_item_count()
    assert [c.code for c in section.categories] == ["A", "B", "C", "D", "E", "F"]


def test_a_new_category_renamed(qtbot, open_section) -> None:
    section = open_section()
    qtbot.mouseClick(section.add_category_button, LEFT)
    dialog = section.dialog
    qtbot.keyClicks(dialog.code, "A")
    type_text(qtbot, dialog.name, "村规民约类")
    qtbot.mouseClick(dialog.ok_button, LEFT)
    assert dialog.isVisible() and "类别代码 A 已被占用" in dialog.error_text("code")
    dialog.code.clear()
    qtbot.keyClicks(dialog.code, "g")
    qtbot.mouseClick(dialog.ok_button, LEFT)
    assert not dialog.isVisible() and section.dialog is None
    table = section.category_table
    assert cell(table, table.rowCount() - 1, "代码") == "G"
    assert section.category_code() == "G" and codes(section) == []  # the new one, chosen
    qtbot.mouseClick(section.rename_category_button, LEFT)
    dialog = section.dialog
    assert dialog.name.text() == "村规民约类"
    replace_text(qtbot, dialog.name, "村规民约执行类")
    qtbot.mouseClick(dialog.ok_button, LEFT)
    assert not dialog.isVisible()
    assert section.category_code() == "G"
    assert cell(table, table.rowCount() - 1, "类别") == "村规民约执行类"
    names = {c.code: c.name for c in section.ctx.ledger.rules.categories(section.ctx.village_id)}
    assert names["G"] == "村规民约执行类"


def test_search_by_code_name_or_pinyin_within_the_chosen_category(qtbot, open_section) -> None:
    section = open_section()
    type_text(qtbot, section.search, "志愿")
    assert "B05" in codes(section) and all("志愿" in r.name for r in section.rules)
    section.search.clear()
    type_text(qtbot, section.search, "zyz")  # 志愿者 by its initials
    assert "B05" in codes(section)
    section.search.clear()
    click_cell(qtbot, section.category_table, 1)  # A 社会治安类
    type_text(qtbot, section.search, "a1")
    assert codes(section) == [f"A{n}" for n in range(10, 16)]  # A16, A17 are in X
