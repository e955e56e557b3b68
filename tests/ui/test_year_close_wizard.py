"""年度结转 from the window (设置 › 村信息与积分政策 › 年度结转…), driven through its widgets: the
open items stop the way until ticked and each has a button to where it is dealt with; the
honours list leaves the vetoed household apart and an unticked household is not honoured; the
disqualifying deduction marked on the base page withholds its household with the reason; the
summary needs its confirmation; the run goes on a worker with progress, then the result; opened
again, every step shows done and a second run writes nothing new; 暂停 while the archive is
written stops the run, and the next run goes on with what is left. Each page is checked by the
layout check at 标准 and 特大 on 1366×768."""

from __future__ import annotations

import datetime as dt

import pytest
from layout_check import problems, screen_size, settle
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QLabel, QLineEdit, QListWidget, QPushButton, QTableWidget
from sqlalchemy import func, select

from jifen_desktop.model.base_points_lookup import WITHHOLD_ACTION
from jifen_desktop.model.calendar.honour_awards import HonourAwardService
from jifen_desktop.model.entry_checks import EntryDraft
from jifen_desktop.model.schema import AuditRow, Entry, PointExpiry
from jifen_desktop.ui import type_size
from jifen_desktop.ui.pages.settings.village import VillageSection
from jifen_desktop.ui.year_close_wizard import RESULT, YearCloseWizard

YEAR = 2025
SECTIONS: list[VillageSection] = []  # the wizards' parents, kept alive for the test


@pytest.fixture
def year_village(make_ctx, village_world):
    """2025: 0101 a good deed, 0102 a confirmed 违反村规民约 deduction, 0201 vetoed; one entry
    of November still pending; available points cleared at year end."""
    ctx = make_ctx("admin")
    led, vid = ctx.ledger, ctx.village_id
    ids = {h.number: h.id for h in led.households.list(vid)}
    led.entries.generate_base_points(vid, YEAR)
    done = [
        led.entries.record(vid, EntryDraft(ids[n], code, dt.date(YEAR, 3, 2), points=p)).value
        for n, code, p in (("0101", "B05", None), ("0102", "A16", -5))
    ]
    village_world.approve(*done)
    led.entries.record(vid, EntryDraft(ids["0101"], "B04", dt.date(YEAR, 11, 20)))
    led.vetoes.add(ids["0201"], "违法建房", dt.date(YEAR, 9, 1), dt.date(YEAR + 1, 2, 28))
    led.villages.update_settings(vid, available_policy="year_end")
    ctx.village = led.villages.get(vid)
    return ctx


def wizard_of(qtbot, ctx) -> YearCloseWizard:
    section = VillageSection(ctx)
    SECTIONS.append(section)
    section.refresh()
    assert section.year_close_button.text() == "年度结转…"
    wizard = section.year_close_wizard()
    wizard.show()
    wizard.year.setValue(YEAR)
    return wizard


def child(wizard, kind, name):
    found = wizard.findChild(kind, name)
    assert found is not None, name
    return found


def click(qtbot, wizard, name) -> None:
    qtbot.mouseClick(child(wizard, QPushButton, name), Qt.MouseButton.LeftButton)


def table_rows(table: QTableWidget) -> list[str]:
    return [table.item(r, 1).text() for r in range(table.rowCount())]


def test_the_admin_closes_the_year_through_the_wizard(qtbot, year_village, tmp_path):
    ctx = year_village
    led, vid = ctx.ledger, ctx.village_id
    wizard = wizard_of(qtbot, ctx)
    page = wizard.stack.currentWidget().widget()
    assert page.objectName() == "year_close_page_open"
    texts = [w.text() for w in page.findChildren(QLabel)]
    assert any("2025年11月还有 1 条记录待审核" in t for t in texts)
    assert child(wizard, QPushButton, "open_go_0").text() == "去“审核”处理"
    click(qtbot, wizard, "year_close_next")
    assert "请先处理，或勾选“仍然继续”" in wizard.message.text()
    child(wizard, QCheckBox, "open_continue").setChecked(True)
    click(qtbot, wizard, "year_close_next")

    # 评先评优: 0101 and 0102 named, 0201 apart; 0102 unticked.
    honours = child(wizard, QTableWidget, "honour_table")
    assert table_rows(honours) == ["0101", "0102"]
    assert "一票否决，不参加评选：0201 李秀英" in wizard.honours_page.vetoed.text()
    honours.item(1, 0).setCheckState(Qt.CheckState.Unchecked)
    child(wizard, QLineEdit, "honour_title").setText("十星级文明户")
    click(qtbot, wizard, "year_close_next")
    assert child(wizard, QCheckBox, "expiry_do").isChecked()
    click(qtbot, wizard, "year_close_next")

    # 新年度基础分: mark 违反村规民约 as disqualifying; 0102 joins the vetoed 0201.
    base = child(wizard, QTableWidget, "base_table")
    assert table_rows(base) == ["0201"]
    rules = child(wizard, QListWidget, "base_rules")
    a16 = next(rules.item(i) for i in range(rules.count()) if rules.item(i).text()[:3] == "A16")
    a16.setCheckState(Qt.CheckState.Checked)
    click(qtbot, wizard, "base_rules_apply")
    base = child(wizard, QTableWidget, "base_table")
    assert sorted(table_rows(base)) == ["0102", "0201"]
    reasons = {base.item(r, 1).text(): base.item(r, 3).text() for r in range(base.rowCount())}
    assert reasons["0102"].startswith("上年有扣分：违反村规民约")
    click(qtbot, wizard, "year_close_next")

    child(wizard, QLineEdit, "archive_dir").setText(str(tmp_path / "archive"))
    child(wizard, QLineEdit, "backup_dir").setText(str(tmp_path / "stick"))
    click(qtbot, wizard, "year_close_next")
    summary = child(wizard, QLabel, "summary_text").text()
    assert "授予 1 户“十星级文明户”" in summary and "不发 2 户" in summary
    start = child(wizard, QPushButton, "year_close_next")
    assert start.text() == "开始结转" and not start.isEnabled()
    child(wizard, QCheckBox, "confirm_check").setChecked(True)
    assert start.isEnabled()
    click(qtbot, wizard, "year_close_next")
    qtbot.waitUntil(lambda: wizard.stack.currentIndex() == RESULT, timeout=60_000)

    result = child(wizard, QLabel, "result_text").text()
    assert "2025年度结转完成" in wizard.result_page.heading.text(), result
    assert result.count("✓") == 5
    awards = HonourAwardService(led).list(vid, str(YEAR))
    assert [(a.household_number, a.title) for a in awards] == [("0101", "十星级文明户")]
    with led.read() as s:
        base_2026 = s.scalars(
            select(Entry.household_id).where(
                Entry.kind == "base", Entry.occurred_on >= dt.date(2026, 1, 1)
            )
        ).all()
        withheld = s.scalars(
            select(AuditRow.summary).where(AuditRow.action == WITHHOLD_ACTION)
        ).all()
        expired = s.scalar(select(func.count()).select_from(PointExpiry))
    assert [led.households.get(h).number for h in base_2026] == ["0101"]
    assert any("0102 单志" in t and "上年有扣分" in t for t in withheld)
    assert any("0201 李秀英" in t and "一票否决" in t for t in withheld)
    assert expired == 3
    folder = tmp_path / "archive" / f"{ctx.village.name}{YEAR}年度档案"
    assert (folder / f"{YEAR}积分台账.xlsx").is_file() and (
        folder / f"{YEAR}户积分卡.pdf"
    ).is_file()
    assert list((tmp_path / "stick").glob("*.sqlite3.xz"))
    assert led.verify().ok
    click(qtbot, wizard, "year_close_next")  # 完成
    assert not wizard.isVisible()

    # Opened again: everything done; a second run writes nothing new.
    again = wizard_of(qtbot, ctx)
    status = again.status
    assert all(status.done(s) for s in ("honours", "expiry", "base", "archive", "backup"))
    assert "已记录" in again.honours_page.done.text()
    with led.read() as s:
        rows_before = s.scalar(select(func.count()).select_from(AuditRow))
    again.open_page.go_on.setChecked(True)
    for _ in range(5):
        click(qtbot, again, "year_close_next")
    child(again, QCheckBox, "confirm_check").setChecked(True)
    click(qtbot, again, "year_close_next")
    qtbot.waitUntil(lambda: again.stack.currentIndex() == RESULT, timeout=60_000)
    with led.read() as s:
        new = s.scalars(select(AuditRow.action).order_by(AuditRow.seq).offset(rows_before)).all()
    assert new == []
    assert "之前已记录" in child(again, QLabel, "result_text").text()


def test_an_open_item_button_closes_the_wizard_and_opens_its_page(qtbot, year_village):
    ctx = year_village
    asked: list[str] = []
    ctx.navigate.connect(lambda key, _what: asked.append(key))
    wizard = wizard_of(qtbot, ctx)
    click(qtbot, wizard, "open_go_0")
    assert asked == ["review"] and not wizard.isVisible()


def test_a_year_not_over_says_what_must_wait(qtbot, year_village):
    wizard = wizard_of(qtbot, year_village)
    wizard.year.setValue(dt.date.today().year)
    assert "1月1日以后才能" in wizard.base_page.state.text()
    assert not wizard.base_page.give.isVisible()


@pytest.mark.parametrize("size", ["normal", "larger"])
def test_every_page_fits_at_each_type_size(qtbot, qapp, year_village, size, tmp_path):
    type_size.apply(qapp, size)
    try:
        wizard = wizard_of(qtbot, year_village)
        screen = screen_size()
        assert wizard.width() <= screen.width() and wizard.height() <= screen.height()
        wizard.files_page.archive.line.setText(str(tmp_path))
        found = []
        for index in range(RESULT):
            wizard.show_page(index)
            settle()
            found += [f"page {index}: {p}" for p in problems(wizard, type_size.point_size())]
        assert not found, "\n".join(found)
    finally:
        type_size.apply(qapp, "normal")


def test_paused_while_the_archive_is_written_then_run_again_goes_on(qtbot, year_village, tmp_path):
    ctx = year_village
    wizard = wizard_of(qtbot, ctx)
    wizard.open_page.go_on.setChecked(True)
    for _ in range(4):
        click(qtbot, wizard, "year_close_next")
    child(wizard, QLineEdit, "archive_dir").setText(str(tmp_path / "archive"))
    child(wizard, QCheckBox, "backup_do").setChecked(False)
    click(qtbot, wizard, "year_close_next")
    child(wizard, QCheckBox, "confirm_check").setChecked(True)
    paused: list[str] = []

    def pause_on_cards(_fraction: float, message: str) -> None:
        if "户积分卡" in message and not paused:  # the cards PDF is being written now
            paused.append(message)
            click(qtbot, wizard, "year_close_cancel")

    wizard.relay.moved.connect(pause_on_cards)
    assert child(wizard, QPushButton, "year_close_next").text() == "开始结转"
    click(qtbot, wizard, "year_close_next")
    assert child(wizard, QPushButton, "year_close_cancel").text() == "暂停"
    qtbot.waitUntil(lambda: wizard.stack.currentIndex() == RESULT, timeout=60_000)
    assert paused and wizard.result_page.heading.text() == "年度结转没有做完"
    assert "已暂停" in child(wizard, QLabel, "result_text").text()
    status = wizard.status
    assert status.done("honours") and status.done("expiry") and status.done("base")
    assert not status.done("archive")

    again = wizard_of(qtbot, ctx)
    again.open_page.go_on.setChecked(True)
    for _ in range(4):
        click(qtbot, again, "year_close_next")
    child(again, QLineEdit, "archive_dir").setText(str(tmp_path / "archive"))
    child(again, QCheckBox, "backup_do").setChecked(False)
    click(qtbot, again, "year_close_next")
    assert "新年度基础分：已发" in child(again, QLabel, "summary_text").text()
    child(again, QCheckBox, "confirm_check").setChecked(True)
    click(qtbot, again, "year_close_next")
    qtbot.waitUntil(lambda: again.stack.currentIndex() == RESULT, timeout=60_000)
    assert again.status.done("archive") and not again.status.done("backup")
    assert ctx.ledger.verify().ok
