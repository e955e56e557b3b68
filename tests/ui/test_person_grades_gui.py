"""设置 › 评星定级 › 个人等次 (issue 21): the persons' grades in the same editor as the
households', 按党员积分制 proposing seed 002's four grades with thresholds the clerk may change;
个人排名 without person grades shows no 等级 column and says where to set them; the dialog fits
at 标准, 大 and 特大 (layout_check.py, as test_layout_dialogs.py runs it)."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QTableWidgetItem
from test_layout_dialogs import every_dialog_problems, sized  # noqa: F401 - the fixture

from jifen_desktop.model.calendar.honours import Grade
from jifen_desktop.ui import type_size
from jifen_desktop.ui.pages.rankings_persons import HEADERS, PersonRankingTab
from jifen_desktop.ui.pages.settings import SettingsPage
from jifen_desktop.ui.pages.settings.party_grades import PartyGradesDialog

GRADE_COLUMN = HEADERS.index("等级")


def test_person_grades_are_edited_beside_the_households(shown, make_ctx):
    page = shown(SettingsPage(make_ctx("admin")))
    section = page.section("grades")
    section.refresh()
    persons, honours = section.persons, section.ctx.ledger.honours
    assert persons.table.rowCount() == 0  # none set yet
    assert section.households.table.rowCount() == 3  # the households' own, untouched
    persons.add_row(Grade("优秀", 20))
    persons.add_row()
    persons.table.setItem(1, 0, QTableWidgetItem("合格"))
    persons.table.setItem(1, 1, QTableWidgetItem("三十"))
    persons.save()
    assert "不是整数" in persons.message.text()
    persons.table.setItem(1, 1, QTableWidgetItem("30"))
    persons.save()
    assert "从高到低" in persons.message.text()
    persons.table.setItem(1, 1, QTableWidgetItem(""))
    persons.save()
    assert persons.message.text() == "已保存。"
    vid = section.ctx.village_id
    assert honours.person_grades(vid) == [Grade("优秀", 20), Grade("合格", None)]
    assert [g.name for g in honours.grades(vid)] == ["优秀", "合格", "诫勉"]


def test_party_grades_suggested_changed_and_saved(qtbot, make_ctx):
    ctx = make_ctx("admin")
    dialog = PartyGradesDialog(ctx)
    qtbot.addWidget(dialog)
    assert [s.value() for s in dialog.minimums.values()] == [60, 30, 10]
    assert "只是建议" in " ".join(w.text() for w in dialog.findChildren(type(dialog.message)))
    dialog.minimums["合格"].setValue(5)
    dialog.minimums["基本合格"].setValue(20)  # above 合格: the model refuses, the dialog says so
    dialog.accept()
    assert (
        "从高到低" in dialog.message.text()
        and ctx.ledger.honours.person_grades(ctx.village_id) == []
    )
    dialog.minimums["合格"].setValue(40)
    dialog.accept()
    assert ctx.ledger.honours.person_grades(ctx.village_id) == [
        Grade("优秀", 60),
        Grade("合格", 40),
        Grade("基本合格", 20),
        Grade("不合格", None),
    ]


def test_the_person_ranking_without_person_grades_has_no_grade_column(shown, make_ctx):
    ctx = make_ctx("admin")
    tab = shown(PersonRankingTab(ctx))
    tab.refresh()
    assert tab.table.isColumnHidden(GRADE_COLUMN)
    assert "本村还没有设定个人等次（设置 › 评星定级 › 个人等次）" in tab.summary.text()
    ctx.ledger.honours.set_person_grades(ctx.village_id, [Grade("优秀", 1), Grade("合格", None)])
    tab.refresh()
    assert not tab.table.isColumnHidden(GRADE_COLUMN)
    assert "还没有设定个人等次" not in tab.summary.text()


@pytest.mark.parametrize("size", list(type_size.FONT_SCALES))
def test_the_party_grades_dialog_fits_at_each_type_size(qtbot, make_ctx, sized, size):  # noqa: F811
    sized(size)
    dialogs = {"按党员积分制设定个人等次": (PartyGradesDialog, PartyGradesDialog)}
    found = every_dialog_problems(qtbot, make_ctx("admin"), dialogs)
    assert not found, "\n".join(found)
