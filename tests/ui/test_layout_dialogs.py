"""The layout check for dialogs (issue 18): each dialog in DIALOGS opened at 标准, 大 and 特大 on
the small village of test_layout_sizes.py, offscreen at 1366×768, and checked as the pages are
(layout_check.py), and no taller or wider than the screen. 处理异议 is checked with two
corrections ticked, so that its 将会 text is at its longest.

The dialogs that need a set-up of their own are in test_layout_more_dialogs.py;
test_layout_coverage.py fails on a dialog of the program that neither checks."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from layout_check import problems, screen_size, settle
from PySide6.QtWidgets import QApplication, QDialog, QWidget
from test_layout_sizes import LAST_MONTH, layout_village  # noqa: F401 - the fixture used below

from jifen_desktop.model import periods
from jifen_desktop.model.entry_checks import EntryDraft
from jifen_desktop.ui import type_size
from jifen_desktop.ui.batch_dialog import BatchDialog
from jifen_desktop.ui.context import AppContext
from jifen_desktop.ui.household_dialogs import HouseholdDialog, MemberDialog, StatusDialog
from jifen_desktop.ui.pages.publication.objection_dialogs import ResolveObjectionDialog
from jifen_desktop.ui.pages.review.dialogs import OpenSessionDialog, RejectDialog
from jifen_desktop.ui.pages.settings.grids import GridDialog, RecordersDialog
from jifen_desktop.ui.pages.settings.operators import OperatorDialog, PasswordDialog
from jifen_desktop.ui.pages.settings.rule_dialog import CategoryDialog, RuleDialog
from jifen_desktop.ui.pages.store.goods_dialogs import GoodsDialog, StockInDialog, WriteOffDialog
from jifen_desktop.ui.veto_dialogs import LiftVetoDialog, VetoDialog

Make = Callable[[AppContext], QDialog]
QUARTER = periods.quarter_of(periods.quarter_of(dt.date.today()).start - dt.timedelta(days=1))


def household(ctx: AppContext, number: str = "0101"):
    return ctx.ledger.households.by_number(ctx.village_id, number)


def goods(ctx: AppContext):
    found = ctx.ledger.store.goods(ctx.village_id)
    return found[0] if found else ctx.ledger.store.add_goods(ctx.village_id, "劳保手套", 5).value


def grid(ctx: AppContext):
    return ctx.ledger.villages.grids(ctx.village_id)[0]


def operator(ctx: AppContext):
    return next(o for o in ctx.ledger.operators.list() if o.username == "wgy1")


def resolving(ctx: AppContext) -> QDialog:
    """处理异议 on a posted quarter's objection, upheld, the entry reversed and a missed one
    ticked: the 将会 text at its longest."""
    ledger, village = ctx.ledger, ctx.village_id
    draft = EntryDraft(household(ctx).id, "B05", QUARTER.start + dt.timedelta(days=9))
    entry = ledger.entries.record(village, draft).value
    ledger.review.open(village, f"{entry.occurred_on:%Y-%m}")
    ledger.entries.approve([entry.id])
    pub = ledger.publications.draft(village, QUARTER.key).value
    ledger.publications.post(pub.id)
    objection = ledger.objections.add(pub.id, entry.household_id, "当天不在家", entry_id=entry.id)
    dialog = ResolveObjectionDialog(ctx, objection.value)
    dialog.upheld.setChecked(True)
    dialog.reverse.setChecked(True)
    for correction in (dialog.replacement, dialog.missing):
        correction.tick.setChecked(True)
    return dialog


def rejecting(ctx: AppContext) -> QDialog:
    """不通过 last month's pending entry at its open session."""
    session = ctx.ledger.review.open_session(ctx.village_id, f"{LAST_MONTH:%Y-%m}")
    assert session is not None
    return RejectDialog(ctx, session.id, ctx.ledger.review.pending(session.id)[0])


def lifting(ctx: AppContext) -> QDialog:
    """解除一票否决 of a veto in force on a household of the village."""
    today = dt.date.today()
    veto = ctx.ledger.vetoes.add(
        household(ctx, "0201").id, "违法建房，经查属实", today, today + dt.timedelta(days=364)
    )
    return LiftVetoDialog(ctx, veto.value)


DIALOGS: dict[str, tuple[type[QDialog], Make]] = {
    "新增农户": (HouseholdDialog, lambda ctx: HouseholdDialog(ctx)),
    "新增单位": (HouseholdDialog, lambda ctx: HouseholdDialog(ctx, "unit")),
    "修改农户": (HouseholdDialog, lambda ctx: HouseholdDialog(ctx, household=household(ctx))),
    "迁出/注销": (StatusDialog, lambda ctx: StatusDialog(ctx, household(ctx))),
    "添加成员": (MemberDialog, lambda ctx: MemberDialog(ctx, household(ctx))),
    "一票否决": (VetoDialog, lambda ctx: VetoDialog(ctx, household(ctx))),
    "解除一票否决": (LiftVetoDialog, lifting),
    "批量登记组织活动": (BatchDialog, lambda ctx: BatchDialog(ctx)),
    "开审核会": (OpenSessionDialog, lambda ctx: OpenSessionDialog(ctx)),
    "不通过": (RejectDialog, rejecting),
    "处理异议": (ResolveObjectionDialog, resolving),
    "新增细则": (RuleDialog, lambda ctx: RuleDialog(ctx)),
    "修改细则": (
        RuleDialog,
        lambda ctx: RuleDialog(ctx, ctx.ledger.rules.get(ctx.village_id, "B05")),
    ),
    "新增类别": (CategoryDialog, lambda ctx: CategoryDialog(ctx)),
    "网格": (GridDialog, lambda ctx: GridDialog(ctx, grid(ctx))),
    "网格员": (RecordersDialog, lambda ctx: RecordersDialog(ctx, grid(ctx), [operator(ctx)])),
    "操作员": (OperatorDialog, lambda ctx: OperatorDialog(ctx, [grid(ctx)], operator(ctx))),
    "重设密码": (PasswordDialog, lambda ctx: PasswordDialog(ctx, operator(ctx))),
    "新增商品": (GoodsDialog, lambda ctx: GoodsDialog(ctx, None, ["农资"])),
    "入库": (StockInDialog, lambda ctx: StockInDialog(ctx, goods(ctx))),
    "报损出库": (WriteOffDialog, lambda ctx: WriteOffDialog(ctx, goods(ctx))),
}


def window_problems(window: QWidget) -> list[str]:
    """What is wrong on a window already shown, and whether it is larger than the screen."""
    found = problems(window, type_size.point_size())
    screen = screen_size()
    if window.width() > screen.width() or window.height() > screen.height():
        found.append(f"{window.width()}×{window.height()} is larger than the screen")
    return found


def dialog_problems(dialog: QDialog) -> list[str]:
    """Show ``dialog``, check it, close it."""
    dialog.show()
    settle()
    found = window_problems(dialog)
    dialog.reject()
    return found


@pytest.fixture
def sized():
    app = QApplication.instance()
    yield lambda key: type_size.apply(app, key)
    type_size.apply(app, "normal")


def every_dialog_problems(qtbot, ctx: AppContext, dialogs: dict[str, tuple[type, Make]]):
    """Each dialog of ``dialogs`` made, checked and closed; the problems named by dialog."""
    found = []
    for name, (kind, make) in dialogs.items():
        dialog = make(ctx)
        qtbot.addWidget(dialog)
        assert isinstance(dialog, kind)
        found += [f"{name}: {p}" for p in dialog_problems(dialog)]
    return found


@pytest.mark.parametrize("size", list(type_size.FONT_SCALES))
@pytest.mark.usefixtures("layout_village")
def test_every_dialog_fits_at_each_type_size(qtbot, make_ctx, sized, size):
    sized(size)
    found = every_dialog_problems(qtbot, make_ctx("admin"), DIALOGS)
    assert not found, "\n".join(found)
