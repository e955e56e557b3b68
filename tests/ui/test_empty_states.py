"""Empty places that say what to do (issue 18): a household's 一票否决 tab with no veto, 同步 ›
密钥 with no key enrolled, 冲突与待处理 with nothing to settle, and 保存到 with no USB stick. Each
text is shown while there is nothing, fits its place, and goes as soon as there is something."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QLabel

from jifen_desktop.sync import SyncService
from jifen_desktop.ui.empty_state import EmptyState
from jifen_desktop.ui.household_detail import HouseholdDetail
from jifen_desktop.ui.pages.sync import SyncPage


def showing(state: EmptyState) -> str:
    """The empty state's text when it is on screen and whole, else ""."""
    label = state.label
    if not label.isVisible():
        return ""
    assert label.height() >= label.heightForWidth(label.width())  # no line cut off
    assert label.geometry().right() <= state.view.viewport().width()
    return label.text()


def open_veto_tab(detail: HouseholdDetail) -> None:
    """Found by its name: a tab added before it (户籍变动) moves it."""
    tabs = detail.tabs
    (veto_tab,) = [i for i in range(tabs.count()) if tabs.tabText(i) == "一票否决"]
    tabs.setCurrentIndex(veto_tab)


def test_the_veto_tab_says_there_is_none_and_who_can_put_one_on(qtbot, shown, make_ctx):
    ctx = make_ctx("shenhe")
    detail = shown(HouseholdDetail(ctx))
    open_veto_tab(detail)
    assert showing(detail.no_vetoes) == ""  # no household chosen: nothing to say
    household = ctx.ledger.households.by_number(ctx.village_id, "0101")
    detail.show_household(household.id)
    text = showing(detail.no_vetoes)
    assert "没有被一票否决过" in text and "点上面的“一票否决”" in text

    today = dt.date.today()
    ctx.ledger.vetoes.add(household.id, "违规建房", today, today + dt.timedelta(days=30))
    detail.show_household(household.id)
    assert detail.vetoes.rowCount() == 1 and showing(detail.no_vetoes) == ""

    viewer = shown(HouseholdDetail(make_ctx("chakan")))
    open_veto_tab(viewer)
    viewer.show_household(ctx.ledger.households.by_number(ctx.village_id, "0102").id)
    assert "由审核人或管理员登记" in showing(viewer.no_vetoes)


def test_keys_with_none_enrolled_say_how_to_enrol_the_first(
    qtbot, shown, make_ctx, tmp_path, monkeypatch
):
    village = make_ctx("admin")
    page = shown(SyncPage(village))
    keys = page.show_section(page.keys)
    text = showing(keys.no_keys)
    assert "还没有登记任何电脑的密钥" in text and "从同步包登记密钥" in text
    assert "乡镇" in text

    other = tmp_path / "other"
    from test_sync_page import export_bundle, make_township

    township = make_township(other)
    bundle = export_bundle(township.ledger, tmp_path / "stick")
    SyncService(village.ledger).enrol(bundle, trust=True)
    keys.refresh()
    assert keys.table.rowCount() == 1 and showing(keys.no_keys) == ""
    township.ledger.close()


def test_conflicts_with_nothing_to_settle_say_so(qtbot, shown, make_ctx):
    page = shown(SyncPage(make_ctx("admin")))
    conflicts = page.show_section(page.conflicts)
    assert "没有同步冲突" in showing(conflicts.no_conflicts)
    assert "没有待处理的问题" in showing(conflicts.no_clashes)


def test_save_to_with_no_stick_says_what_to_do(qtbot, shown, make_ctx, tmp_path):
    page = shown(SyncPage(make_ctx("admin")))
    export = page.show_section(page.export)
    # No USB stick on this machine, and no folder chosen before (QSettings are the test's).
    assert export.target.count() == 0 and not export.export_button.isEnabled()
    line = export.findChild(QLabel, "no_drive")
    assert line.isVisible() and "没有找到U盘" in line.text() and "选择文件夹" in line.text()
    assert export.find_button.isVisible()

    export.set_folder(tmp_path)  # a folder instead: the line says where the bundle goes
    assert export.export_button.isEnabled()
    assert line.isVisible() and "同步包会存到上面的文件夹" in line.text()
    export.find_drives()  # still no stick: the folder stays chosen
    assert export.target.currentData() == str(tmp_path)
