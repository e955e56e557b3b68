"""设置 › 评星定级: the village's grades are edited in a table and checked by the model."""

from __future__ import annotations

from PySide6.QtWidgets import QTableWidgetItem

from jifen_desktop.ui.pages.settings import SettingsPage


def test_admin_sets_star_grades_and_a_bad_order_is_refused(shown, make_ctx):
    page = shown(SettingsPage(make_ctx("admin")))
    section = page.section("grades")
    section.refresh()
    editor = section.households
    table = editor.table
    assert [table.item(r, 0).text() for r in range(table.rowCount())] == ["优秀", "合格", "诫勉"]
    table.setItem(0, 1, QTableWidgetItem("50"))  # below 合格's 60
    editor.save()
    assert "从高到低" in editor.message.text()
    table.setItem(0, 1, QTableWidgetItem("八十"))
    editor.save()
    assert "不是整数" in editor.message.text()
    table.setItem(0, 0, QTableWidgetItem("五星文明户"))
    table.setItem(0, 1, QTableWidgetItem("160"))
    editor.save()
    assert editor.message.text() == "已保存。"
    grades = section.ctx.ledger.honours.grades(section.ctx.village_id)
    assert [(g.name, g.minimum) for g in grades] == [
        ("五星文明户", 160),
        ("合格", 60),
        ("诫勉", None),
    ]


def test_only_admins_see_the_grades(shown, make_ctx):
    assert "grades" not in shown(SettingsPage(make_ctx("shenhe"))).sections
