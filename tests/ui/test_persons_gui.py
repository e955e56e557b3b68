"""Persons in the GUI (issue 21): 排名与统计 › 个人排名 ranks the persons of a group with their
rates and opens a person's archive on a double-click; the household detail's member list opens
it too; the archive lists every entry naming the person and the titles, and 打印档案… makes the
A4 PDF whose text reads back."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from pypdf import PdfReader
from sample_files import a_png

from jifen_desktop.model import periods
from jifen_desktop.model.calendar.honour_awards import HonourAwardService
from jifen_desktop.model.entry_checks import EntryDraft
from jifen_desktop.ui.honour_award_dialog import HonourAwardDialog
from jifen_desktop.ui.household_detail import HouseholdDetail
from jifen_desktop.ui.pages.home import HomePage
from jifen_desktop.ui.pages.rankings import RankingsPage
from jifen_desktop.ui.pdf_preview import PdfPreview
from jifen_desktop.ui.person_archive_dialog import PersonArchiveDialog

YEAR = dt.date.today().year
DAY = dt.date(YEAR, 1, 10)
PHOTOS = itertools.count()


def texts(table) -> list[tuple[str, ...]]:
    return [
        tuple(table.item(r, c).text() for c in range(table.columnCount()))
        for r in range(table.rowCount())
    ]


@pytest.fixture
def persons(village_world):
    """0101 王建国 (户主) and 王小军 (党员, 村干部): two approved deeds for 王小军, one pending;
    0102 单志 one approved deed; 王小军 holds 优秀党员 for the year."""
    led, vid = village_world.ledger, village_world.village.id
    h1 = led.households.by_number(vid, "0101")
    h2 = led.households.by_number(vid, "0102")
    son = led.members.add(h1.id, "王小军", relation="子", is_party_member=True, is_cadre=True)
    shan = next(m for m in led.members.list(h2.id) if m.name == "单志")

    def record(household, code, member_id, day=DAY):
        photo = a_png(led.folder / f"p{next(PHOTOS)}.png", code)
        draft = EntryDraft(household.id, code, day, member_id=member_id, evidence=(photo,))
        return led.entries.record(vid, draft).value

    village_world.approve(
        record(h1, "B05", son.value.id), record(h1, "B04", son.value.id), record(h2, "B05", shan.id)
    )
    record(h1, "C10", son.value.id, DAY + dt.timedelta(days=1))
    HonourAwardService(led).award_persons(vid, [son.value.id], "优秀党员", str(YEAR), DAY)
    return {"son": son.value, "h1": h1}


def capture_dialogs(monkeypatch) -> list[PersonArchiveDialog]:
    """The archives opened (shown, not run modally, so that the test goes on)."""
    opened: list[PersonArchiveDialog] = []

    def show(dialog: PersonArchiveDialog) -> int:
        opened.append(dialog)
        dialog.show()
        return 0

    monkeypatch.setattr(PersonArchiveDialog, "exec", show)
    return opened


def test_person_ranking_tab_ranks_groups_and_opens_the_archive(
    qtbot, shown, make_ctx, persons, monkeypatch
):
    page = shown(RankingsPage(make_ctx("admin")))
    page.tabs.setCurrentWidget(page.persons)
    tab = page.persons
    this_month = periods.month(dt.date.today().year, dt.date.today().month)
    tab.period.setCurrentIndex(tab.period.findData(this_month.key))  # a month may be ranked
    assert tab.summary.text().startswith(this_month.label) and tab.table.rowCount() == 4
    tab.period.setCurrentIndex(tab.period.findData(str(YEAR)))
    ranked = texts(tab.table)
    assert [r[2] for r in ranked][:2] == ["王小军", "单志"]
    assert ranked[0][0] == "1" and ranked[0][4] == "党员、村干部" and ranked[0][8] == "10"
    tab.group.setCurrentIndex(tab.group.findData("party"))
    assert [r[2] for r in texts(tab.table)] == ["王小军"]
    assert "党员参与率：1/1，100%（目标100%）<br>" in tab.rates.text()
    assert "共 1 人" in tab.summary.text()
    opened = capture_dialogs(monkeypatch)
    tab.table.selectRow(0)
    tab.open_button.click()
    assert len(opened) == 1 and opened[0].archive.person.name == "王小军"
    qtbot.addWidget(opened[0])


def test_archive_from_the_household_detail_and_its_printout(
    qtbot, shown, make_ctx, persons, monkeypatch
):
    ctx = make_ctx("chakan")  # a viewer may read the archive
    detail = shown(HouseholdDetail(ctx))
    detail.show_household(persons["h1"].id)
    row = detail.member_ids.index(persons["son"].id)
    opened = capture_dialogs(monkeypatch)
    detail.open_person(row)
    (dialog,) = opened
    qtbot.addWidget(dialog)
    assert dialog.heading.text() == f"王小军 {YEAR}年度个人积分档案"
    rows = texts(dialog.table)
    assert [r[3] for r in rows] == ["已通过", "已通过", "待审核"]
    assert "本期积分 10" in dialog.summary.text() and "1 条待审核" in dialog.summary.text()
    assert "优秀党员" in dialog.titles.text()
    dialog.period.setCurrentIndex(dialog.period.findData(f"{YEAR - 1}H2"))
    assert dialog.table.rowCount() == 0 and "本期积分 0" in dialog.summary.text()
    dialog.period.setCurrentIndex(dialog.period.findData(str(YEAR)))
    dialog.print_button.click()

    def preview() -> PdfPreview | None:
        found = [w for w in dialog.findChildren(PdfPreview) if w.isVisible()]
        return found[0] if found else None

    qtbot.waitUntil(lambda: preview() is not None, timeout=15_000)
    text = "".join(p.extract_text() for p in PdfReader(preview().path).pages)
    assert "个人积分档案" in text and "王小军" in text and "优秀党员" in text and "B04" in text
    preview().accept()


def test_home_shows_the_persons_rates_beside_the_households(shown, make_ctx, persons):
    """This quarter: of 王建国, 单志, 李秀英 and 王小军 (党员), no one named by an approved
    entry yet (the deeds were in January unless this is the first quarter)."""
    page = shown(HomePage(make_ctx("admin")))
    text = page.person_rates.text()
    first_quarter = dt.date.today().month <= 3
    taking_part = "2/4，50%" if first_quarter else "0/4，0%"
    assert f"个人参与率：{taking_part}" in text
    party = "1/1，100%" if first_quarter else "0/1，0%"
    assert f"党员参与率：{party}（目标100%）" in text
    assert "<span style='color:#b3261e'>个人兑换率：0/4，0%（目标≥30%）</span>" in text


def test_award_a_title_to_a_person_from_the_dialog(qtbot, make_ctx, persons):
    ctx = make_ctx("shenhe")
    dialog = HonourAwardDialog(ctx, str(YEAR))
    qtbot.addWidget(dialog)
    assert dialog.how.findData("two_years") >= 0  # 连续两年优秀 is a way of choosing
    assert dialog.period.findData(f"{YEAR}H1") >= 0  # half-years may be honoured
    dialog.title.setCurrentText("优秀党员")
    dialog.whom.setCurrentIndex(dialog.whom.findData("party"))
    dialog.how.setCurrentIndex(dialog.how.findData("top"))
    dialog.count.setValue(1)
    item = dialog.households.item(0)
    assert "王小军" in item.text() and "已有此称号" in item.text() and dialog.ticked() == []
    dialog.title.setCurrentText("好青年")
    assert dialog.ticked() == [persons["son"].id] and "1 人" in dialog.counted.text()
    dialog.accept()
    assert dialog.result() == dialog.DialogCode.Accepted
    awards = HonourAwardService(ctx.ledger).list(ctx.village_id, str(YEAR))
    mine = [a for a in awards if a.title == "好青年"]
    assert [(a.member_id, a.recipient_name, a.basis) for a in mine] == [
        (persons["son"].id, "王小军", "前1名（第1名）")
    ]


def test_an_admin_marks_a_cadre_in_the_archive(qtbot, make_ctx, persons):
    ctx = make_ctx("admin")
    head = next(m for m in ctx.ledger.members.list(persons["h1"].id) if m.name == "王建国")
    dialog = PersonArchiveDialog(ctx, head.id)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.cadre.isVisible() and not dialog.cadre.isChecked()
    dialog.cadre.setChecked(True)
    assert "村干部" in dialog.who.text()
    assert next(m for m in ctx.ledger.members.list(persons["h1"].id) if m.id == head.id).is_cadre
    assert any(r.action == "member.update" for r in ctx.ledger.audit.list(ctx.village_id))
    viewer = PersonArchiveDialog(make_ctx("chakan"), head.id)
    qtbot.addWidget(viewer)
    viewer.show()
    assert not viewer.cadre.isVisible() and not viewer.party.isVisible()
