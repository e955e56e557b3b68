"""首页: what needs doing (where the quarter's publication stands, and every earlier quarter not
final yet; open objections, last month's review when due, reviews overdue, the year's base
points not given yet, pending entries and the ones waiting longest, goods of the 积分超市
running low), this quarter's participation by grid with the persons' rates under it (个人参与率,
党员参与率, 个人兑换率), the top households this year, and points
by category and by month; “本年还没有记录” where the year has nothing to rank or chart."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QGridLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QWidget,
)

from jifen_desktop.model import periods
from jifen_desktop.model.calendar.overview import CalendarOverview
from jifen_desktop.model.entry_queries import EntryInfo
from jifen_desktop.model.person_rates import village_rates
from jifen_desktop.model.tx import Change
from jifen_desktop.ui.base_points_dialog import BasePointsDialog
from jifen_desktop.ui.charts import BarChartView
from jifen_desktop.ui.context import AppContext
from jifen_desktop.ui.forms import boxed
from jifen_desktop.ui.tables import fit_to_contents, read_only_rows, wrap_column
from jifen_desktop.ui.type_size import follow

from .base import Page
from .rankings import RIGHT, fill_table
from .rankings_persons import rates_html

TOP_N = 10
OLDEST_N = 6
LOW_STOCK_ROWS = 4
NOTHING_YET = "本年还没有记录"
WRAP_CHARS = 5  # the least a wrapped 细则 gets: a long name takes two or three lines
RULE, WAITED = 2, 4  # the 细则 and 已等 columns of the entries waiting longest


def _table(headers: list[str], stretch: int) -> QTableWidget:
    """A read-only table; column ``stretch`` takes the spare width, the others fit their text."""
    table = read_only_rows(QTableWidget(0, len(headers)), wrap=False)
    table.setHorizontalHeaderLabels(headers)
    fit_to_contents(table, stretch)
    return table


def _wrapped_label(name: str) -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setWordWrap(True)
    return label


def align_right(table: QTableWidget, *columns: int) -> None:
    """Figures written as text (65/76, 6天) to the right, as the numbers are."""
    for row in range(table.rowCount()):
        for column in columns:
            item = table.item(row, column)
            if item is not None:
                item.setTextAlignment(RIGHT)


class HomePage(Page):
    key = "home"
    title_text = "首页"
    shows = (
        Change.ENTRIES
        | Change.HOUSEHOLDS
        | Change.GRIDS
        | Change.STORE
        | Change.CALENDAR
        | Change.MEMBERS
    )

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        boxes = (self._todo_box(), self._participation_box(), self._top_box())
        self.by_category = BarChartView(self.tr("今年各类积分（不含基础分）"), self.tr(NOTHING_YET))
        self.by_month = BarChartView(
            self.tr("今年每月积分（不含基础分，横轴为月份）"), self.tr(NOTHING_YET)
        )
        grid = QGridLayout(self)
        for column, box in enumerate(boxes):
            grid.addWidget(box, 0, column)
        grid.addWidget(self.by_category, 1, 0, 1, 2)
        grid.addWidget(self.by_month, 1, 2)
        grid.setColumnStretch(0, 5)  # 待办: its table names the entries waiting longest
        grid.setColumnStretch(1, 3)
        grid.setColumnStretch(2, 4)

    def _todo_box(self) -> QWidget:
        """待办: where the calendar stands, what is due, the entries waiting longest, the goods
        running low (and the button for the year's base points, when they are due)."""
        self.calendar = QLabel()
        self.calendar.setWordWrap(True)
        self.todo = QLabel()
        self.todo.setWordWrap(True)
        self.oldest = _table(
            [self.tr(t) for t in ("日期", "户", "细则", "分值", "已等")], stretch=RULE
        )
        wrap_column(self.oldest, RULE, WRAP_CHARS)
        self.low_stock = _table([self.tr(t) for t in ("商品", "库存", "预警数")], stretch=0)
        self.low_stock_note = QLabel()
        # a few rows: the pending entries above keep most of the box
        follow(self.low_stock, self._fit_low_stock)
        self.base_points_button = QPushButton(self.tr("发放年度基础分…"))
        self.base_points_button.clicked.connect(self.open_base_points)
        self.base_points_button.hide()
        return boxed(
            self.tr("待办"),
            self.calendar,
            self.base_points_button,
            self.todo,
            self.oldest,
            self.low_stock_note,
            self.low_stock,
        )

    def _participation_box(self) -> QWidget:
        """参与率 by grid, and the persons' rates under it (titled when refreshed)."""
        self.participation = _table(  # 参与/户数 in one column: room for 待办 at 特大
            [self.tr(t) for t in ("网格", "参与/户数", "参与率")], stretch=0
        )
        self.person_rates = _wrapped_label("person_rates")
        self.participation_box = boxed("", self.participation, self.person_rates)
        return self.participation_box

    def _top_box(self) -> QWidget:
        """今年积分前十户 (or a word that there is nothing yet)."""
        self.top = _table(
            [self.tr(t) for t in ("名次", "户号", "户主", "网格", "年度积分")], stretch=3
        )
        self.top_empty = QLabel(self.tr(NOTHING_YET))
        self.top_empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        return boxed(self.tr("今年积分前十户"), self.top, self.top_empty)

    def _fit_low_stock(self) -> None:
        self.low_stock.setMaximumHeight(
            self.low_stock.horizontalHeader().sizeHint().height()
            + LOW_STOCK_ROWS * self.low_stock.verticalHeader().defaultSectionSize()
            + 2 * self.low_stock.frameWidth()
        )

    def refresh(self) -> None:
        ctx, today = self.ctx, dt.date.today()
        village_id = ctx.village_id
        entries = ctx.ledger.entries
        pending = entries.count(village_id, "pending")
        oldest = entries.list(village_id, status="pending", limit=OLDEST_N, order="oldest")
        self.todo.setText(
            self.tr("待审核记录 {0} 条。").format(pending)
            if pending
            else self.tr("没有待审核的记录。")
        )
        self._show_oldest(oldest, today)
        self._show_calendar()
        self._show_low_stock()
        quarter = periods.quarter_of(today)
        self.participation_box.setTitle(self.tr("{0}参与率").format(quarter.label))
        fill_table(
            self.participation,
            [
                (p.grid_name, f"{p.participating}/{p.active_households}", f"{p.rate:.0%}")
                for p in ctx.ledger.rankings.participation(village_id, quarter)
            ],
        )
        align_right(self.participation, 1, 2)
        self._show_person_rates(quarter)
        year = periods.year(today.year)
        self._show_top(year)
        categories = ctx.ledger.rankings.by_category(village_id, year, include_base=False)
        self.by_category.set_data(
            [c.label.replace("类", "") for c in categories],
            [c.added for c in categories],
            [c.deducted for c in categories],
        )
        months = ctx.ledger.rankings.by_month(village_id, year, include_base=False)
        self.by_month.set_data(
            [str(int(m.label[5:])) for m in months],
            [m.added for m in months],
            [m.deducted for m in months],
        )

    def _show_person_rates(self, quarter: periods.Period) -> None:
        """个人参与率, 党员参与率 (target 100 %) and 个人兑换率 (target 30 %), one a line; a
        rate under its target in red."""
        rates = village_rates(self.ctx.ledger, self.ctx.village_id, quarter)
        self.person_rates.setText(rates_html(rates))

    def _show_oldest(self, oldest: list[EntryInfo], today: dt.date) -> None:
        """The entries waiting longest; the 细则 wraps (its full name also as the tooltip)."""
        fill_table(
            self.oldest,
            [
                (
                    e.occurred_on.strftime("%m-%d"),
                    f"{e.household_number} {e.household_name}",
                    e.rule_name,
                    e.points,
                    self.tr("{0}天").format((today - e.occurred_on).days),
                )
                for e in oldest
            ],
        )
        for row, entry in enumerate(oldest):
            rule = self.oldest.item(row, RULE)
            assert rule is not None
            rule.setToolTip(f"{entry.rule_code} {entry.rule_name}")
        align_right(self.oldest, WAITED)

    def _show_top(self, year: periods.Period) -> None:
        top = self.ctx.ledger.rankings.rank(self.ctx.village_id, year)[:TOP_N]
        nothing = not any(r.points for r in top)  # not ten households “1st” with 0 points
        self.top.setVisible(not nothing)
        self.top_empty.setVisible(nothing)
        fill_table(
            self.top,
            []
            if nothing
            else [(r.rank, r.number, r.head_name, r.grid_name, r.points) for r in top],
        )

    def _show_calendar(self) -> None:
        """Every quarter not final yet, open sessions, last month's review when due, overdue
        reviews, vetoes, and the year's base points not given yet."""
        calendar = self.ctx.calendar()
        lines = [q.describe(calendar.today) for q in calendar.quarters_open]
        if calendar.current.publications:
            lines.append(calendar.current.describe(calendar.today))
        for session in calendar.open_sessions:
            lines.append(
                self.tr("{0}正在进行，待审核 {1} 条").format(session.label, session.pending)
            )
        if calendar.review_due:
            lines.append(calendar.review_due_text())
        if calendar.overdue:
            lines.append(self._overdue_line(calendar))
        if calendar.vetoes_in_force:
            lines.append(self.tr("一票否决中的农户 {0} 户").format(calendar.vetoes_in_force))
        lines += self._base_points_line(calendar.today.year, calendar.base_points_missing)
        self.calendar.setText("\n".join(lines))

    def _overdue_line(self, calendar: CalendarOverview) -> str:
        """The entries of past months still not reviewed, and the months."""
        months = "、".join(periods.parse(m).label for m in calendar.overdue)
        return self.tr("逾期未审核 {0} 条（{1}），请尽快开审核会").format(
            calendar.overdue_entries, months
        )

    def _base_points_line(self, year: int, missing: int) -> list[str]:
        admin = self.ctx.actor.role == "admin"
        self.base_points_button.setVisible(bool(missing) and admin)
        if not missing:
            return []
        where = "请点下面的按钮发放" if admin else "请管理员在 设置 › 村信息与积分政策 里发放"
        return [self.tr("{0}年度基础分还有 {1} 户没有发放，{2}").format(year, missing, where)]

    def open_base_points(self) -> None:
        BasePointsDialog(self.ctx, self).exec()

    def _show_low_stock(self) -> None:
        low = [g for g in self.ctx.ledger.store.goods(self.ctx.village_id) if g.is_low]
        self.low_stock_note.setText(self._low_stock_text(len(low)))
        self.low_stock.setVisible(bool(low))
        fill_table(self.low_stock, [(g.name, g.stock, g.low_stock) for g in low])

    def _low_stock_text(self, low: int) -> str:
        if low:
            return self.tr("积分超市库存不足 {0} 种，请及时补货：").format(low)
        return self.tr("积分超市没有库存不足的商品。")
