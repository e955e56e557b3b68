"""审核 shows the evidence (issue 17 item 3), through the real widgets and keys: beside the
pending list, the picked entry's detail and its photos as thumbnails (a PDF's first page, a lost
file said to be lost) follow the picked row while A/R keep deciding from the list; Space, a
double click or a thumbnail opens the photos large, zoomed with + - 0 and the wheel, paged with
← →, closed with Esc, the list keeping the keys; the decisions list shows the same detail; at
1366×768 at 标准 and at 特大 the key columns stay whole and in sight with the detail beside."""

from __future__ import annotations

import datetime as dt

import pytest
from layout_check import problems, settle
from PIL import Image
from PySide6.QtCore import QPoint, QPointF, QSettings, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication, QToolButton
from sample_files import a_pdf

from jifen_desktop.model.entry_checks import EntryDraft
from jifen_desktop.ui import type_size
from jifen_desktop.ui.main_window import MainWindow
from jifen_desktop.ui.pages.review import ReviewPage

TODAY = dt.date.today()
MONTH = f"{TODAY:%Y-%m}"


def a_photo(path, colour=(200, 120, 40)):
    Image.new("RGB", (800, 600), colour).save(path, "JPEG")
    return path


@pytest.fixture
def entries(village_world, make_ctx, tmp_path):
    """This month: 0101's B08 with a photo and a scan, 0102's B05 with none, 0201's −20 A16
    with a photo; an open session for the month."""
    world, admin = village_world, make_ctx("admin")

    def record(number: str, code: str, day: int, **kw):
        household = world.ledger.households.by_number(world.village.id, number)
        draft = EntryDraft(household.id, code, TODAY.replace(day=day), **kw)
        return admin.ledger.entries.record(world.village.id, draft).value

    days = sorted({1, min(2, TODAY.day), TODAY.day})
    made = [
        record(
            "0101",
            "B08",
            days[0],
            place="县中心血站",
            note="献血400毫升",
            evidence=(a_photo(tmp_path / "献血证.jpg"), a_pdf(tmp_path / "证明.pdf")),
        ),
        record("0102", "B05", days[0]),
        record(
            "0201",
            "A16",
            days[0],
            points=-20,
            note="村道旁倾倒垃圾",
            evidence=(a_photo(tmp_path / "现场.jpg", (30, 90, 160)),),
        ),
    ]
    world.ledger.review.open(world.village.id, MONTH, place="村委会")
    return made


@pytest.fixture
def panel(qtbot, shown, make_ctx, entries):
    page = shown(ReviewPage(make_ctx("shenhe")))
    qtbot.waitExposed(page)
    page.activateWindow()
    page.panel.table.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.panel.table)
    return page.panel


def thumbs(qtbot, detail) -> list[QToolButton]:
    """The thumbnails shown, once read (on a worker)."""
    qtbot.waitUntil(lambda: not detail.photos.loading())
    return [b for b in detail.photos.buttons if b.isVisible()]


def test_the_picked_entrys_detail_follows_the_list_while_the_keys_decide(
    qtbot, panel, village_world, entries
):
    detail, table = panel.detail, panel.table
    assert panel.current_entry().id == entries[0].id
    assert detail.values["household"].text() == "0101　王建国"
    assert "B08" in detail.values["rule"].text() and "公益美德类" in detail.values["rule"].text()
    assert detail.values["place"].text() == "县中心血站"
    assert detail.values["note"].text() == "献血400毫升"
    assert detail.values["recorder"].text().startswith("管理员")
    assert detail.values["source"].text() == "网格员记录"
    photo, scan = thumbs(qtbot, detail)
    assert not photo.icon().isNull() and not scan.icon().isNull()  # the PDF's first page
    page = scan.icon().pixmap(scan.iconSize()).toImage()
    assert page.pixelColor(page.width() // 2, page.height() - 5).name() == "#b00020"  # "PDF"
    assert "证明.pdf" in scan.toolTip()

    qtbot.keyClick(table, Qt.Key.Key_Down)
    assert detail.values["household"].text() == "0102　单志"
    assert thumbs(qtbot, detail) == [] and detail.photos.hint.text() == "这条记录没有证明材料。"
    assert QApplication.focusWidget() is table

    qtbot.waitUntil(table.ready)  # the picked row on screen: a key pressed now acts on it
    qtbot.keyClick(table, Qt.Key.Key_A)  # decided with the detail showing
    assert village_world.ledger.entries.get(entries[1].id).status == "approved"
    assert detail.values["household"].text() == "0201　李秀英"  # the next one
    assert detail.values["points"].text() == "-20 分"
    assert len(thumbs(qtbot, detail)) == 1 and QApplication.focusWidget() is table


def test_the_photos_open_large_zoom_and_page_from_the_keyboard(qtbot, panel, village_world):
    table = panel.table
    qtbot.keyClick(table, Qt.Key.Key_Space)
    viewer = panel.detail.viewer
    qtbot.waitUntil(viewer.isVisible)
    assert viewer.index == 0 and "第 1 张，共 2 张：献血证.jpg" in viewer.caption.text()
    assert "0101 王建国" in viewer.caption.text()
    view = viewer.view
    fitted = view.transform().m11()
    qtbot.keyClick(view, Qt.Key.Key_Plus)
    assert view.transform().m11() == pytest.approx(fitted * 1.25)
    qtbot.keyClick(view, Qt.Key.Key_Minus)
    qtbot.keyClick(view, Qt.Key.Key_Minus)
    assert view.transform().m11() == pytest.approx(fitted / 1.25)
    wheel(view, 240)  # two notches towards the screen
    assert view.transform().m11() == pytest.approx(fitted * 1.25)
    qtbot.keyClick(view, Qt.Key.Key_0)
    assert view.transform().m11() == pytest.approx(fitted)

    qtbot.keyClick(view, Qt.Key.Key_Right)
    assert viewer.index == 1 and "证明.pdf" in viewer.caption.text()
    assert not view.picture.pixmap().isNull()  # the PDF's page is shown
    qtbot.keyClick(view, Qt.Key.Key_Right)
    assert viewer.index == 0  # round again
    qtbot.keyClick(view, Qt.Key.Key_Left)
    assert viewer.index == 1
    qtbot.keyClick(view, Qt.Key.Key_Escape)
    assert not viewer.isVisible()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is table)
    picked = panel.current_entry()
    qtbot.waitUntil(table.ready)  # the picked row on screen: a key pressed now acts on it
    qtbot.keyClick(table, Qt.Key.Key_A)  # the list still decides
    assert village_world.ledger.entries.get(picked.id).status == "approved"


def wheel(view, delta: int) -> None:
    centre = QPointF(view.viewport().rect().center())
    event = QWheelEvent(
        centre,
        QPointF(view.viewport().mapToGlobal(centre.toPoint())),
        QPoint(),
        QPoint(0, delta),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(view.viewport(), event)


def test_a_thumbnail_or_a_double_click_opens_that_photo(qtbot, panel):
    _photo, scan = thumbs(qtbot, panel.detail)
    assert scan.focusPolicy() == Qt.FocusPolicy.NoFocus
    qtbot.mouseClick(scan, Qt.MouseButton.LeftButton)
    viewer = panel.detail.viewer
    qtbot.waitUntil(viewer.isVisible)
    assert viewer.index == 1
    viewer.reject()
    rect = panel.table.visualRect(panel.model.index(2, 0))
    qtbot.mouseClick(panel.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(panel.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    viewer = panel.detail.viewer
    qtbot.waitUntil(viewer.isVisible)
    assert "现场.jpg" in viewer.caption.text() and "0201 李秀英" in viewer.caption.text()
    viewer.reject()


def test_a_photo_lost_from_the_data_folder_is_said_to_be_lost(
    qtbot, shown, make_ctx, village_world, entries
):
    for item in village_world.ledger.entries.evidence(entries[2].id):
        item.path.unlink()
    page = shown(ReviewPage(make_ctx("shenhe")))
    panel = page.panel
    panel.table.setCurrentIndex(panel.model.index(2, 0))
    [lost] = thumbs(qtbot, panel.detail)
    assert lost.text() == "文件\n不见了"
    panel.view_evidence()
    viewer = panel.detail.viewer
    assert "不在数据目录里了" in viewer.caption.text()
    viewer.reject()


def test_the_decisions_list_shows_the_decided_entrys_detail(qtbot, panel, village_world):
    qtbot.waitUntil(panel.table.ready)
    qtbot.keyClick(panel.table, Qt.Key.Key_A)
    panel.tabs.setCurrentIndex(1)
    decisions = panel.decisions
    qtbot.waitUntil(lambda: decisions.model.rowCount() == 1)  # read again once the next row shows
    rect = decisions.table.visualRect(decisions.model.index(0, 0))
    qtbot.mouseClick(decisions.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    detail = decisions.detail
    assert detail.values["household"].text() == "0101　王建国"
    assert detail.values["decision"].text() == "已通过，决定人：审核员"
    assert len(thumbs(qtbot, detail)) == 2
    qtbot.keyClick(decisions.table, Qt.Key.Key_Space)  # the photos, as from the pending list
    qtbot.waitUntil(detail.viewer.isVisible)
    assert "献血证.jpg" in detail.viewer.caption.text()
    detail.viewer.reject()


@pytest.fixture
def at_size(qapp):
    def switch(key: str) -> None:
        type_size.apply(qapp, key)
        settle()

    yield switch
    type_size.apply(qapp, "normal")


@pytest.mark.parametrize("size", ["normal", "larger"])
def test_the_key_columns_stay_whole_beside_the_detail_at_1366(
    qtbot, make_ctx, entries, tmp_path, at_size, size
):
    at_size(size)
    settings = QSettings(str(tmp_path / "w.ini"), QSettings.Format.IniFormat)
    window = MainWindow(make_ctx("shenhe"), settings)
    qtbot.addWidget(window)
    window.move(0, 0)
    window.resize(1366, 728)
    window.show()
    qtbot.waitExposed(window)
    page = window.page("review")
    settle()
    panel = page.panel
    assert panel.split.detail_shown() and panel.detail.width() >= type_size.px(300)
    header, viewport = panel.table.horizontalHeader(), panel.table.viewport()
    for column in range(5):  # 户号, 户主/单位, 日期, 积分项目, 分值
        right = header.sectionViewportPosition(column) + header.sectionSize(column)
        assert right <= viewport.width(), f"column {column} ends at {right}"
    assert thumbs(qtbot, panel.detail)[0].isVisible()
    found = problems(window, type_size.point_size())
    assert not found, "\n".join(found)


@pytest.mark.parametrize("size", ["normal", "larger"])
def test_the_photo_viewer_fits_at_1366(qtbot, panel, at_size, size):
    at_size(size)
    panel.view_evidence()
    viewer = panel.detail.viewer
    qtbot.waitUntil(viewer.isVisible)
    viewer.move(0, 0)
    settle()
    assert viewer.width() <= 1366 and viewer.height() <= 768
    found = problems(viewer, type_size.point_size())
    assert not found, "\n".join(found)
    viewer.reject()
