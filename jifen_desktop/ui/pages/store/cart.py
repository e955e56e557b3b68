"""积分超市 › 兑换: the redemption cart. Pick the household by type-ahead (number, name, pinyin),
see its available points big and clear with its annual and lifetime points, optionally the
member who came, the redemption date (today, or the store day of a paper slip entered later)
and a note; add goods (type-ahead or double-click in the list of goods on sale, which shows
the selected good's photo small, ``shelf.py``) to the cart; the points left after the
redemption follow the cart, red when short. 兑换 saves it in one call; the model's refusal
(short points or stock, not active, vetoed) is shown on the page as it says it. Enter in the
household box goes on to the goods, Enter on a good adds it, Ctrl+Enter redeems."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from jifen_desktop.model.balances import Balance
from jifen_desktop.model.calendar.vetoes import VetoInfo
from jifen_desktop.model.errors import DomainError
from jifen_desktop.model.households import HouseholdInfo
from jifen_desktop.model.store import GoodsInfo
from jifen_desktop.model.store.common import REDEEM_ROLES
from jifen_desktop.model.tx import Change
from jifen_desktop.ui import printouts
from jifen_desktop.ui.completers import ENTER_KEYS, HouseholdPicker
from jifen_desktop.ui.context import AppContext
from jifen_desktop.ui.entry_fields import MemberBox
from jifen_desktop.ui.flow_layout import FlowLayout, tool_bar
from jifen_desktop.ui.forms import (
    DONE_STYLE,
    date_edit,
    date_of,
    fit_placeholder,
    hint,
    main_button,
)
from jifen_desktop.ui.messages import ERROR_STYLE
from jifen_desktop.ui.type_size import relative_font

from ..base import Page
from .cart_table import MAX_QUANTITY, CartTable, GoodsPicker
from .shelf import ShelfBox

SHORT_STYLE = "color: #b00020; font-weight: bold;"


class CartSection(Page):
    key = "cart"
    title_text = "兑换"
    roles = REDEEM_ROLES
    shows = Change.STORE | Change.ENTRIES | Change.HOUSEHOLDS | Change.MEMBERS

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.goods: list[GoodsInfo] = []
        self.available: int | None = None
        self.household = HouseholdPicker(ctx)
        self.household.setObjectName("household")
        self.member = MemberBox()
        self.day = date_edit()
        self.day.setObjectName("day")
        self.day.setToolTip(self.tr("默认今天；补录纸质兑换单时改成兑换那天，不能晚于今天"))
        self.note = QLineEdit()
        self.note.setObjectName("note")
        self.note.setPlaceholderText(self.tr("可不填，如 补录纸质兑换单"))
        self.goods_picker = GoodsPicker()
        self.goods_picker.setObjectName("goods")
        fit_placeholder(self.goods_picker)
        self.quantity = QSpinBox()
        self.quantity.setRange(1, MAX_QUANTITY)
        self.quantity.installEventFilter(self)
        self.cart = CartTable()
        self.shelf = ShelfBox(ctx)
        self.shelf.picked.connect(self.add_goods)
        layout = QHBoxLayout(self)
        layout.addWidget(self._build_household_side(), 4)
        layout.addWidget(self._build_cart_side(), 6)
        self.household.picked.connect(self._show_household)
        self.household.cleared.connect(lambda: self._show_household(None))
        self.day.dateChanged.connect(lambda _d: self._show_veto())
        self.household.confirmed.connect(self.goods_picker.setFocus)
        self.goods_picker.confirmed.connect(lambda: self.add_goods(self.goods_picker.current))
        self.cart.changed.connect(self._update_totals)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(self.redeem)
        self._show_household(None)

    # -- building ----------------------------------------------------------------------------

    def _build_household_side(self) -> QWidget:
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        label = QLabel(self.tr("户(&H)"))
        label.setBuddy(self.household)
        form.addRow(label, self.household)
        form.addRow(self.tr("来兑换的人"), self.member)
        form.addRow(self.tr("兑换日期"), self.day)
        form.addRow(self.tr("备注"), self.note)
        self.available_label = QLabel("—")
        self.available_label.setObjectName("available")
        relative_font(self.available_label, 2.4)
        self.other_balances = QLabel()
        self.veto_label = QLabel()
        self.veto_label.setObjectName("veto")
        self.veto_label.setWordWrap(True)
        self.veto_label.setStyleSheet(SHORT_STYLE)
        self.veto_label.hide()
        balances = QGroupBox(self.tr("可用积分"))
        column = QVBoxLayout(balances)
        column.addWidget(self.available_label)
        column.addWidget(self.veto_label)
        column.addWidget(self.other_balances)
        column.addWidget(hint(self.tr("兑换只扣可用积分，年度积分和累计积分（排名用）不变。")))
        side = QWidget()
        layout = QVBoxLayout(side)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        layout.addWidget(balances)
        layout.addWidget(self.shelf, 1)
        return side

    def _build_cart_side(self) -> QWidget:
        picking = self._picking_bar()
        totals = self._totals_row()
        self.stock_label = QLabel()
        self.stock_label.setObjectName("short_stock")
        self.stock_label.setWordWrap(True)
        self.stock_label.setStyleSheet(SHORT_STYLE)
        actions = self._actions_row()
        box = QGroupBox(self.tr("兑换清单"))
        layout = QVBoxLayout(box)
        layout.addLayout(picking)
        layout.addWidget(self.cart, 1)
        layout.addLayout(totals)
        layout.addWidget(self.stock_label)  # the whole width: it wraps rather than widens
        layout.addLayout(actions)
        return box

    def _picking_bar(self) -> FlowLayout:
        """商品 and 数量 with 加入: what goes into the list."""
        add_button = QPushButton(self.tr("加入"))
        add_button.clicked.connect(lambda: self.add_goods(self.goods_picker.current))
        label = QLabel(self.tr("商品(&G)"))
        label.setBuddy(self.goods_picker)
        return tool_bar(  # wraps at 特大 rather than pushing the page off the screen
            (label, self.goods_picker), (QLabel(self.tr("数量")), self.quantity, add_button)
        )

    def _totals_row(self) -> QHBoxLayout:
        """The list's total and what is left (or short) after it, with 移除所选 and 清空."""
        remove_button = QPushButton(self.tr("移除所选"))
        remove_button.clicked.connect(self.cart.remove_current)
        clear_button = QPushButton(self.tr("清空"))
        clear_button.clicked.connect(self.cart.clear_lines)
        self.total_label = QLabel()
        relative_font(self.total_label, 1.3)
        self.remaining_label = QLabel()
        self.remaining_label.setObjectName("remaining")
        self.remaining_label.setWordWrap(True)  # 还差… at 特大 wraps rather than widen the page
        relative_font(self.remaining_label, 1.3)
        sums = QVBoxLayout()  # one above the other: side by side they do not fit at 特大
        for widget in (self.total_label, self.remaining_label):
            sums.addWidget(widget)
        totals = QHBoxLayout()
        totals.addLayout(sums, 1)  # the sums take the room there is, and wrap only without
        totals.addWidget(remove_button)
        totals.addWidget(clear_button)
        return totals

    def _actions_row(self) -> QHBoxLayout:
        """兑换, what it said, and 打印兑换凭证 (shown after a redemption)."""
        self.redeem_button = QPushButton(self.tr("兑换（Ctrl+回车）"))
        self.redeem_button.setObjectName("redeem")
        main_button(self.redeem_button, 6, 28)
        self.redeem_button.clicked.connect(self.redeem)
        self.message = QLabel()
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.receipt_button = QPushButton(self.tr("打印兑换凭证"))
        self.receipt_button.setObjectName("print_receipt")
        self.receipt_button.setToolTip(self.tr("打印刚才这次兑换的凭证（存根和兑换户留存两联）"))
        self.receipt_button.clicked.connect(self.print_receipt)
        self.receipt_button.hide()
        self.receipt_no = ""
        actions = QHBoxLayout()
        actions.addWidget(self.redeem_button)
        actions.addWidget(self.message, 1)
        actions.addWidget(self.receipt_button)
        return actions

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if (
            watched is self.quantity
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and event.key() in ENTER_KEYS
            and not event.modifiers() & Qt.KeyboardModifier.ControlModifier
        ):
            self.add_goods(self.goods_picker.current)
            return True
        return super().eventFilter(watched, event)

    # -- showing -----------------------------------------------------------------------------

    def refresh(self) -> None:
        self.goods = self.ctx.ledger.store.goods(self.ctx.village_id)
        self.goods_picker.goods = self.goods
        self.shelf.show_goods(self.goods)
        self.cart.update_goods(self.goods)
        h = self.household.current
        if h is not None:
            self._show_balances(h)
            self._show_veto()

    def choose_household(self, household: HouseholdInfo) -> None:
        """Pick ``household`` as if it had been typed (the 农户 page or a script may call this)."""
        self.household.set_current(household)
        self._show_household(household)

    def _show_household(self, household: HouseholdInfo | None) -> None:
        self._say("", "")
        members = None
        if household is not None:
            try:
                members = self.ctx.ledger.members.list(household.id)
            except DomainError as error:
                self._say(error.message, ERROR_STYLE)
        self.member.show_members(members)
        if household is None:
            self.available = None
            self.available_label.setText("—")
            self.other_balances.setText(self.tr("先在上面选择兑换的户"))
            self._show_veto()
            self._update_totals()
            return
        self._show_balances(household)
        self._show_veto()

    def _show_veto(self) -> None:
        """A household under 一票否决 on the redemption day is told so at once, beside its
        points, and 兑换 is off (the model refuses it all the same)."""
        veto = self._veto_now(self.household.current)
        if veto is not None:
            self.veto_label.setText(
                self.tr("一票否决期内，不能兑换（原因：{0}，至 {1}）").format(
                    veto.reason, veto.last_day
                )
            )
        self.veto_label.setVisible(veto is not None)
        self.redeem_button.setEnabled(veto is None)

    def _veto_now(self, household: HouseholdInfo | None) -> VetoInfo | None:
        """The household's 一票否决 in force on the redemption day, if any."""
        if household is None:
            return None
        found = self.ctx.ledger.vetoes.list(self.ctx.village_id, household.id, date_of(self.day))
        return found[0] if found else None

    def _show_balances(self, household: HouseholdInfo) -> None:
        balance = self.ctx.ledger.balances.of(household.id)
        self.available = balance.available
        self.available_label.setText(self.tr("{0} 分").format(balance.available))
        self.other_balances.setText(self._other_balances_text(household, balance))
        self._update_totals()

    def _other_balances_text(self, household: HouseholdInfo, balance: Balance) -> str:
        """Beside 可用积分: the household, its 年度积分 and 累计积分."""
        return self.tr("{0}　年度积分 {1}　累计积分 {2}").format(
            household.label, balance.annual, balance.lifetime
        )

    def _update_totals(self) -> None:
        self._show_short_stock()
        total = self.cart.total()
        self.total_label.setText(self.tr("合计 {0} 分").format(total))
        if self.available is None:
            self.remaining_label.setText("")
            return
        self._show_remaining(self.available - total)

    def _show_remaining(self, left: int) -> None:
        """兑换后剩余, in red with what is lacking when the points do not reach."""
        if left < 0:
            self.remaining_label.setText(
                self.tr("兑换后剩余 {0} 分（还差 {1} 分）").format(left, -left)
            )
            self.remaining_label.setStyleSheet(SHORT_STYLE)
        else:
            self.remaining_label.setText(self.tr("兑换后剩余 {0} 分").format(left))
            self.remaining_label.setStyleSheet("")

    def _show_short_stock(self) -> None:
        short = self.cart.short_lines()
        self.stock_label.setText(self._short_text(short) if short else "")
        self.stock_label.setVisible(bool(short))

    def _short_text(self, short: list[tuple[GoodsInfo, int]]) -> str:
        """库存不够: each line asking more than the stock, with what is there."""
        lines = (
            self.tr("{0} 要 {1}{2}，库存只有 {3}{2}").format(g.name, q, g.unit, g.stock)
            for g, q in short
        )
        return self.tr("库存不够：{0}。请改数量或移除。").format(self.tr("；").join(lines))

    def _say(self, text: str, style: str, receipt_no: str = "") -> None:
        """A line beside 兑换; after a redemption, with 打印兑换凭证 for its receipt."""
        self.message.setText(text)
        self.message.setStyleSheet(style)
        self.receipt_no = receipt_no
        self.receipt_button.setVisible(bool(receipt_no))

    def print_receipt(self) -> None:
        """打印兑换凭证 of the redemption just made (previewed, then printed or saved)."""
        if self.receipt_no:
            printouts.receipt(self, self.ctx, self.receipt_no)

    # -- acting ------------------------------------------------------------------------------

    def add_goods(self, goods: GoodsInfo | None) -> None:
        """Put ``goods`` (the quantity in the box) in the cart, ready for the next good."""
        if goods is None and self.goods_picker.commit():
            goods = self.goods_picker.current
        if goods is None:
            self._say(
                self.tr("请先选一种商品：输入名称或拼音首字母，或在左边列表里双击。"), ERROR_STYLE
            )
            self.goods_picker.setFocus()
            return
        if goods.stock is not None and goods.stock <= 0:
            self._say(
                self.tr("“{0}”缺货，不能兑换；请先入库，或选别的商品。").format(goods.name),
                ERROR_STYLE,
            )
            self.goods_picker.setFocus()
            return
        self._say("", "")
        self.cart.add(goods, self.quantity.value())
        self.quantity.setValue(1)
        self.goods_picker.reset()
        self.goods_picker.setFocus()

    def redeem(self) -> None:
        household = self.household.current
        if household is None:
            self._say(self.tr("请先选择兑换的户。"), ERROR_STYLE)
            self.household.setFocus()
            return
        items = [(g.id, q) for g, q in self.cart.chosen()]
        try:
            op = self.ctx.ledger.store.redeem(
                self.ctx.village_id,
                household.id,
                items,
                member_id=self.member.currentData(),
                on=date_of(self.day),
                note=self.note.text(),
            )
        except DomainError as error:
            self._say(error.message, ERROR_STYLE)
            return
        self.cart.clear_lines()
        self.note.clear()  # the date stays: a pile of slips is often from one store day
        info = self.ctx.apply(op)
        self._show_balances(household)
        day = date_of(self.day)
        when = "" if day == dt.date.today() else self.tr("（兑换日期 {0}）").format(day)
        self._say(
            self.tr("兑换成功，兑换单号 {0}{1}：{2} 用去 {3} 分，剩余可用积分 {4} 分。").format(
                info.receipt_no, when, household.label, info.points, self.available
            ),
            DONE_STYLE,
            info.receipt_no,
        )
        self.household.setFocus()
        self.household.selectAll()
