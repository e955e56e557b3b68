"""授予称号 on 排名与统计 › 荣誉称号: the top two households proposed and ticked, the vetoed one
apart and not tickable; awarded, listed; one 撤销 with a reason; the 光荣榜 and 奖状 printed
from the list into the preview (names masked on the poster, whole on the certificates); only
reviewers and admins see 授予 and 撤销; the ledger verifies clean."""

from __future__ import annotations

import datetime as dt

from pypdf import PdfReader
from PySide6.QtCore import Qt
from test_printouts import close_previews, previews

from jifen_desktop.model.entry_checks import EntryDraft
from jifen_desktop.ui.honour_list import HonourList
from jifen_desktop.ui.household_detail import HouseholdDetail
from jifen_desktop.ui.pages.rankings import RankingsPage

TODAY = dt.date.today()
YEAR = str(TODAY.year)


def scored(world) -> dict[str, str]:
    """This year: 0101 two deeds, 0102 one, 0201 two but vetoed, 0202 none."""
    led, vid = world.ledger, world.village.id
    ids = {n: led.households.by_number(vid, n).id for n in ("0101", "0102", "0201")}
    ids["0202"] = world.household("0202", "赵四", grid=world.grid2).id
    day = TODAY.replace(month=1, day=10)
    entries = [
        led.entries.record(vid, EntryDraft(ids[n], code, day)).value
        for n, code in (("0101", "B05"), ("0101", "B04"), ("0102", "B05"), ("0201", "B05"))
    ]
    world.approve(*entries)
    led.vetoes.add(ids["0201"], "违法建房，拒不整改", day, TODAY)
    return ids


def rows(dialog) -> list:
    return [dialog.households.item(i) for i in range(dialog.households.count())]


def test_award_two_from_the_top_then_lift_one_and_print(qtbot, shown, make_ctx, village_world):
    ids = scored(village_world)
    ctx = make_ctx("shenhe")
    page = shown(RankingsPage(ctx))
    honours = page.findChild(HonourList)
    assert honours is not None and honours.award_button.isVisibleTo(honours)
    honours.period.setCurrentIndex(honours.period.findData(YEAR))
    dialog = honours.award()
    dialog.title.setCurrentText("十星级文明户")
    dialog.how.setCurrentIndex(dialog.how.findData("top"))
    dialog.count.setValue(2)
    items = rows(dialog)
    tickable = [i for i in items if i.flags() & Qt.ItemFlag.ItemIsUserCheckable]
    assert [i.data(Qt.ItemDataRole.UserRole) for i in tickable] == [ids["0101"], ids["0102"]]
    vetoed = [i for i in items if i.data(Qt.ItemDataRole.UserRole + 1) == ids["0201"]]
    assert len(vetoed) == 1 and vetoed[0].flags() == Qt.ItemFlag.NoItemFlags
    for item in tickable:  # the meeting unticks and ticks them again
        item.setCheckState(Qt.CheckState.Unchecked)
    assert dialog.ticked() == [] and "0 户" in dialog.counted.text()
    for item in tickable:
        item.setCheckState(Qt.CheckState.Checked)
    vetoed[0].setCheckState(Qt.CheckState.Checked)  # not tickable: never counted
    assert dialog.ticked() == [ids["0101"], ids["0102"]]
    dialog.accept()
    assert dialog.result() == dialog.DialogCode.Accepted
    assert [a.household_number for a in honours.awards] == ["0101", "0102"]
    assert honours.awards[0].basis == "前2名（第1名）"
    assert "2 户次" in honours.summary.text()
    again = honours.award()  # the same title again: both shown as holding it, none tickable
    again.title.setCurrentText("十星级文明户")
    again.how.setCurrentIndex(again.how.findData("top"))
    again.count.setValue(2)
    assert again.ticked() == [] and all("已有此称号" in i.text() for i in rows(again)[:2])
    again.reject()

    honours.table.selectRow(0)
    lift = honours.lift()
    assert lift is not None
    lift.reason.setText("查实弄虚作假")
    lift.accept()
    assert lift.result() == lift.DialogCode.Accepted
    assert honours.table.item(0, 7).text().endswith("撤销：查实弄虚作假")
    assert not honours.lift_button.isEnabled()  # the lifted row is still chosen
    detail = shown(HouseholdDetail(ctx))
    detail.show_household(ids["0102"])
    assert detail.fields["honours"].text() == f"{YEAR}年度十星级文明户"
    detail.show_household(ids["0101"])  # lifted
    assert detail.fields["honours"].text() == "无"

    close_previews()
    honours.print_poster()
    qtbot.waitUntil(lambda: bool(previews()), timeout=20_000)
    poster = "".join(p.extract_text() for p in PdfReader(previews()[0].path).pages)
    assert "0102 单*" in poster and "单志" not in poster and "0101" not in poster
    close_previews()
    honours.print_certificates()
    qtbot.waitUntil(lambda: bool(previews()), timeout=20_000)
    reader = PdfReader(previews()[0].path)
    assert len(reader.pages) == 1 and "单志 家庭" in reader.pages[0].extract_text()
    close_previews()
    assert ctx.ledger.verify().ok


def test_a_vetoed_household_cannot_be_picked_by_hand(qtbot, shown, make_ctx, village_world):
    ids = scored(village_world)
    honours = shown(HonourList(make_ctx("admin")))
    honours.period.setCurrentIndex(honours.period.findData(YEAR))
    dialog = honours.award()
    dialog.how.setCurrentIndex(dialog.how.findData("hand"))
    tickable = {
        i.data(Qt.ItemDataRole.UserRole)
        for i in rows(dialog)
        if i.flags() & Qt.ItemFlag.ItemIsUserCheckable
    }
    assert tickable == {ids["0101"], ids["0102"], ids["0202"]} and dialog.ticked() == []
    dialog.accept()  # nothing ticked: refused under the list, the dialog stays
    assert dialog.isVisible() and "至少选一户" in dialog.error_text("households")
    dialog.how.setCurrentIndex(dialog.how.findData("grade"))
    dialog.period.setCurrentIndex(dialog.period.findData(f"{YEAR}Q1"))
    assert "请在“期间”选一个年度" in dialog.error_text("period")


def test_only_reviewers_and_admins_award_and_lift(qtbot, shown, make_ctx):
    for user in ("wgy1", "chakan"):
        honours = shown(HonourList(make_ctx(user)))
        assert not honours.award_button.isVisibleTo(honours)
        assert not honours.lift_button.isVisibleTo(honours)
