"""积分超市 › 兑换记录: the redemptions (date, receipt, household, goods, points, who came, who
served, returned or not) for a period, narrowed by any text; 退货 of the picked receipt asks
first, then for the reason, and the model refuses a second return in its own words. A recorder
sees the redemptions of his grids' households; only the committee makes returns."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton, QWidget

from jifen_desktop.model import periods
from jifen_desktop.model.store import RedemptionInfo
from jifen_desktop.model.store.common import RETURN_ROLES
from jifen_desktop.model.tx import Change, Op
from jifen_desktop.ui import messages, printouts
from jifen_desktop.ui.context import AppContext
from jifen_desktop.ui.form_dialog import FormDialog
from jifen_desktop.ui.forms import date_edit, date_of, fit_placeholder

from ..rank_tables import period_box
from ..settings.list_section import ListSection

LIMIT = 2000


def items_text(r: RedemptionInfo) -> str:
    return "、".join(f"{x.goods_name}×{x.quantity}" for x in r.lines)


class ReturnDialog(FormDialog):
    """The reason (and date) of a return (退货): the points and the goods come back."""

    def __init__(self, ctx: AppContext, redemption: RedemptionInfo, parent: QWidget | None = None):
        super().__init__(
            ctx, QCoreApplication.translate("ReturnDialog", "退货（撤销兑换）"), parent
        )
        self.redemption = redemption
        self.form.addRow(
            self.tr("兑换单"),
            QLabel(
                self.tr("{0}　{1} {2}　{3}　{4} 分").format(
                    redemption.receipt_no,
                    redemption.household_number,
                    redemption.head_name,
                    items_text(redemption),
                    redemption.points,
                )
            ),
        )
        self.reason = self.add_field("reason", self.tr("退货原因"), QLineEdit())
        self.reason.setPlaceholderText(self.tr("如 商品有破损、选错了商品"))
        self.day = self.add_field("date", self.tr("退货日期"), date_edit())
        self.ok_button.setText(self.tr("退货"))

    def submit(self) -> Op[Any]:
        return self.ctx.ledger.store.return_redemption(
            self.ctx.village_id,
            self.redemption.receipt_no,
            self.reason.text(),
            on=date_of(self.day),
        )


class RecordsSection(ListSection[RedemptionInfo]):
    key = "records"
    title_text = "兑换记录"
    shows = Change.STORE | Change.HOUSEHOLDS
    what = "兑换单"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.all: list[RedemptionInfo] = []
        self.dialog: ReturnDialog | None = None
        self._build_filters()
        self.return_button = QPushButton(self.tr("退货…"))
        self.receipt_button = QPushButton(self.tr("打印兑换凭证…"))
        buttons = [(self.receipt_button, self.print_receipt)]
        if ctx.can(*RETURN_ROLES):
            buttons.append((self.return_button, self.give_back))
        self.set_up(
            [
                self.tr(t)
                for t in (
                    "日期",
                    "兑换单号",
                    "户",
                    "兑换物品",
                    "积分",
                    "来兑换的人",
                    "经办人",
                    "退货",
                )
            ],
            3,
            buttons,
            self.tr("退货把积分和商品都退回；一张兑换单只能退一次，退货记录不能删除。")
            if ctx.can(*RETURN_ROLES)
            else self.tr("退货（撤销兑换）由村两委或审核小组办理。"),
        )

    def _build_filters(self) -> None:
        """期间 (this year first) and a search over 单号、户号、户主、商品, with the count found,
        on the page's bar."""
        self.period = period_box(this_year=True)
        self.period.currentIndexChanged.connect(self.refresh)
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("单号、户号、户主或商品"))
        self.search.setClearButtonEnabled(True)
        fit_placeholder(self.search)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(150)
        self._timer.timeout.connect(self.apply_filter)
        self.search.textChanged.connect(self._timer.start)
        self.count = QLabel()
        for widget in (QLabel(self.tr("期间")), self.period, self.search, self.count):
            self.bar.addWidget(widget)

    def refresh(self) -> None:
        period = periods.parse(self.period.currentData())
        self.all = self.ctx.ledger.store.redemptions(
            self.ctx.village_id, start=period.start, end=period.end, limit=LIMIT
        )
        self.apply_filter()

    def apply_filter(self) -> None:
        self._timer.stop()
        text = self.search.text().strip().upper()
        shown = [
            r
            for r in self.all
            if not text
            or text in f"{r.receipt_no} {r.household_number} {r.head_name} {items_text(r)}".upper()
        ]
        self.count.setText(self.tr("共 {0} 张").format(len(shown)))
        self.show_rows(
            shown,
            [
                (
                    str(r.occurred_on),
                    r.receipt_no,
                    f"{r.household_number} {r.head_name}",
                    items_text(r),
                    r.points,
                    r.member_name,
                    r.operator_name,
                    self.tr("已退货（{0}）").format(r.returned_on) if r.returned_on else "",
                )
                for r in shown
            ],
        )

    def print_receipt(self) -> None:
        """打印兑换凭证…: the receipt of the picked redemption, previewed before printing."""
        if (r := self.current()) is not None:
            printouts.receipt(self, self.ctx, r.receipt_no)

    def give_back(self) -> None:
        """退货: ask first, then the reason; the model says no to a second return."""
        r = self.current()
        if r is None or not messages.confirm(
            self,
            self.tr("退货"),
            self.tr("把兑换单 {0}（{1} {2}，{3} 分）退货？积分退回这一户，商品回到库存。").format(
                r.receipt_no, r.household_number, r.head_name, r.points
            ),
        ):
            return
        self.dialog = ReturnDialog(self.ctx, r, self)
        self.dialog.open()
