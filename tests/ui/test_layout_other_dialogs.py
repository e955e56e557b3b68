"""The layout check for 公示's 登记异议, 积分超市's 退货, 导入花名册, 同步's 核对指纹 and
吊销密钥 (issue 18), at 标准, 大 and 特大 offscreen at 1366×768 (layout_check.py), each with what
it shows filled in: a posted quarter's households, a redemption, a roster with bad rows, a
village's bundle at the township. (The PDF preview, the evidence viewer and 年度结转 are checked
by their own tests: test_layout_coverage.py names them.)"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pytest
from layout_check import settle
from PySide6.QtCore import QThreadPool
from PySide6.QtWidgets import QDialog
from test_layout_dialogs import QUARTER, every_dialog_problems, household, sized  # noqa: F401
from test_layout_sizes import layout_village  # noqa: F401 - the fixture used below
from test_sync_page import township  # noqa: F401 - the fixture, asked for by name

from jifen_desktop.model.roster.rows import FIELDS
from jifen_desktop.sync.service import SyncService
from jifen_desktop.ui import type_size
from jifen_desktop.ui.context import AppContext
from jifen_desktop.ui.pages.publication.objection_dialogs import AddObjectionDialog
from jifen_desktop.ui.pages.store.records import ReturnDialog
from jifen_desktop.ui.pages.sync.fingerprint import FingerprintDialog
from jifen_desktop.ui.pages.sync.keys_section import RevokeDialog
from jifen_desktop.ui.roster_dialog import RosterImportDialog


@dataclass(frozen=True)
class Place:
    """Where a dialog's files go, and the township a village's bundle goes to."""

    folder: Path
    township: AppContext


MakeAt = Callable[[AppContext, Place], QDialog]


def objecting(ctx: AppContext, _place: Place) -> QDialog:
    """登记异议 on last quarter's posted notice."""
    pub = ctx.ledger.publications.draft(ctx.village_id, QUARTER.key).value
    ctx.ledger.publications.post(pub.id)
    return AddObjectionDialog(ctx, pub, ctx.ledger.publications.lines(pub.id))


def returning(ctx: AppContext, _place: Place) -> QDialog:
    """退货 of a redemption of two goods, paid with this year's base points."""
    store, village = ctx.ledger.store, ctx.village_id
    for name, price in (("洗衣粉（500克）", 10), ("食用油（5升）", 30)):
        store.add_goods(village, name, price, unit="袋", category="日用品")
        store.stock_in(village, name, 5, unit_cost_fen=250)
    ctx.ledger.entries.generate_base_points(village, dt.date.today().year)
    bought = [("洗衣粉（500克）", 2), ("食用油（5升）", 1)]
    return ReturnDialog(ctx, store.redeem(village, household(ctx).id, bought).value)


HEADERS = list(FIELDS.values())
ROSTER_ROWS = (
    {"户号": "0301", "户主": "高山", "姓名": "高山", "与户主关系": "户主"},
    {"户号": "0302", "户主": "马林", "姓名": "马林妻", "与户主关系": "配偶"},  # no head
    {"户号": "0303", "户主": "方圆", "姓名": "方圆", "与户主关系": "户主", "网格/村民小组": "三组"},
)


def rostering(ctx: AppContext, place: Place) -> QDialog:
    """导入花名册 with a sheet that has a household without its head and a grid the village
    lacks: the problems listed."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADERS)
    for row in ROSTER_ROWS:
        sheet.append([row.get(h, "") for h in HEADERS])
    book.save(place.folder / "花名册.xlsx")
    dialog = RosterImportDialog(ctx)
    dialog.load(place.folder / "花名册.xlsx")
    QThreadPool.globalInstance().waitForDone(10_000)
    settle()
    assert dialog.report is not None and dialog.report.problems
    return dialog


def bundle(ctx: AppContext, place: Place) -> Path:
    (place.folder / "stick").mkdir(exist_ok=True)
    return SyncService(ctx.ledger).export(place.folder / "stick").path


def checking_fingerprint(ctx: AppContext, place: Place) -> QDialog:
    """核对指纹 of the village's bundle arriving at the township."""
    info = SyncService(place.township.ledger).inspect(bundle(ctx, place), verify=True)
    return FingerprintDialog(info)


def revoking(ctx: AppContext, place: Place) -> QDialog:
    """吊销密钥 of the village's key, enrolled at the township."""
    peer = SyncService(place.township.ledger).enrol(bundle(ctx, place), trust=True).value
    return RevokeDialog(place.township, peer)


DIALOGS: dict[str, tuple[type[QDialog], MakeAt]] = {
    "登记异议": (AddObjectionDialog, objecting),
    "退货": (ReturnDialog, returning),
    "导入花名册": (RosterImportDialog, rostering),
    "核对指纹": (FingerprintDialog, checking_fingerprint),
    "吊销密钥": (RevokeDialog, revoking),
}


def at(make: MakeAt, place: Place) -> Callable[[AppContext], QDialog]:
    return lambda ctx: make(ctx, place)


@pytest.mark.parametrize("size", list(type_size.FONT_SCALES))
@pytest.mark.usefixtures("layout_village")
def test_every_dialog_fits_at_each_type_size(qtbot, make_ctx, sized, size, tmp_path, request):  # noqa: F811
    sized(size)
    place = Place(tmp_path, request.getfixturevalue("township"))
    bound = {name: (kind, at(make, place)) for name, (kind, make) in DIALOGS.items()}
    found = every_dialog_problems(qtbot, make_ctx("admin"), bound)
    assert not found, "\n".join(found)
