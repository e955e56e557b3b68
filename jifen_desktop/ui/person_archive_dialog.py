"""个人积分档案 (一事一记, seed 002): one person's record for the period chosen — who they are,
their approved points, every entry naming them with its date, rule, points, decision, recorder
and evidence count, and the titles awarded to them and to their household; 打印档案… makes the
A4 PDF (``reports.person_archive``) off the GUI thread and opens it in the preview. An admin
may tick 党员 and 村干部 here (the member updated, audited). Opened from the household
detail's member list and from the person ranking (排名与统计 › 个人排名)."""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from jifen_desktop.model import authz, periods
from jifen_desktop.model.errors import DomainError
from jifen_desktop.model.person_archive import PersonArchive, entry_decision_text, person_archive

from .background import Progress
from .context import AppContext
from .flow_layout import tool_bar
from .form_dialog import screen_room
from .messages import show_error
from .pages.rank_tables import fill_table
from .pdf_preview import show_report
from .printouts import chosen_font
from .tables import fit_to_contents, read_only_rows
from .type_size import px, relative_font

HEADERS = ("日期", "事项", "分值", "审核", "记录人", "证明")


def archive_periods(today: dt.date) -> list[tuple[str, str]]:
    """(label, key): this year, its half-years and quarters so far, last year and its halves,
    the year before, all time."""
    this_year = [periods.year(today.year)]
    quarters = [periods.quarter(today.year, q) for q in range((today.month - 1) // 3 + 1, 0, -1)]
    earlier = [periods.year(today.year - 1), periods.year(today.year - 2), periods.all_time()]
    chosen = [*this_year, *periods.half_years(today, 1), *quarters, *earlier]
    return [(p.label, p.key) for p in chosen]


class PersonArchiveDialog(QDialog):
    """One person's archive for a period; the period may be changed, the archive printed."""

    def __init__(
        self,
        ctx: AppContext,
        member_id: str,
        period: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx, self.member_id = ctx, member_id
        self.setWindowTitle(self.tr("个人积分档案"))
        room = screen_room(self)  # larger with the type, within the screen
        self.resize(min(px(860), room.width()), min(px(560), room.height()))
        self._build_bar(ctx, period)
        self.heading = QLabel()
        relative_font(self.heading, 1.25)
        self.who = QLabel()
        self.who.setWordWrap(True)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setHorizontalHeaderLabels([self.tr(t) for t in HEADERS])
        read_only_rows(self.table, wrap=False)
        fit_to_contents(self.table, 1)
        self.titles = QLabel()
        self.titles.setWordWrap(True)
        self._lay_out()
        self.archive: PersonArchive | None = None
        self.refresh()

    def _build_bar(self, ctx: AppContext, period: str | None) -> None:
        """期间 (``period`` chosen, offered even when not in the list), 打印档案…, and for an
        admin 党员 and 村干部."""
        self.period = QComboBox()
        for label, key in archive_periods(dt.date.today()):
            self.period.addItem(label, key)
        if period is not None:
            if self.period.findData(period) < 0:
                self.period.insertItem(0, periods.parse(period).label, period)
            self.period.setCurrentIndex(self.period.findData(period))
        self.period.currentIndexChanged.connect(self.refresh)
        self.print_button = QPushButton(self.tr("打印档案…"))
        self.print_button.clicked.connect(lambda: self.print_archive())
        self.party = QCheckBox(self.tr("党员"))
        self.cadre = QCheckBox(self.tr("村干部"))
        for box, flag in ((self.party, "is_party_member"), (self.cadre, "is_cadre")):
            box.setToolTip(self.tr("管理员可在这里改这个人的身份（记入审计日志）"))
            box.setVisible(ctx.can(*authz.ADMIN_ROLES))
            box.toggled.connect(lambda on, flag=flag: self.set_flag(flag, on))

    def _lay_out(self) -> None:
        buttons = QDialogButtonBox()
        close = buttons.addButton(self.tr("关闭"), QDialogButtonBox.ButtonRole.RejectRole)
        close.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(
            tool_bar(
                (QLabel(self.tr("期间")), self.period),
                16,
                self.print_button,
                16,
                self.party,
                self.cadre,
            )
        )
        for widget in (self.heading, self.who, self.summary):
            layout.addWidget(widget)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.titles)
        layout.addWidget(buttons)

    def chosen_period(self) -> periods.Period:
        return periods.parse(self.period.currentData())

    def refresh(self) -> None:
        self.archive = a = person_archive(self.ctx.ledger, self.member_id, self.chosen_period())
        p = a.person
        self.heading.setText(a.heading)
        for box, on in ((self.party, p.is_party_member), (self.cadre, p.is_cadre)):
            box.blockSignals(True)
            box.setChecked(on)
            box.blockSignals(False)
        self.who.setText(a.who)
        text = self.tr("本期积分 {0}（加 {1}，扣 {2}，审核通过 {3} 条）").format(
            p.points, p.added, -p.deducted, p.entries
        )
        if a.pending:
            text += self.tr("；另有 {0} 条待审核，通过后计入").format(a.pending)
        self.summary.setText(text)
        rows: list[tuple[object, ...]] = [
            (
                str(e.occurred_on),
                f"{e.rule_code} {e.rule_name}",
                f"{e.points:+d}",
                entry_decision_text(e),
                e.recorded_by_name,
                self.tr("{0} 份").format(e.evidence_count) if e.evidence_count else "—",
            )
            for e in a.entries
        ]
        fill_table(self.table, rows)
        self.titles.setText(self._titles_text(a))

    def set_flag(self, flag: str, on: bool) -> None:
        """党员 or 村干部 ticked or unticked by an admin: the member updated, audited."""
        try:
            self.ctx.apply(self.ctx.ledger.members.update(self.member_id, **{flag: on}))
        except DomainError as error:
            show_error(self, error)
        self.refresh()

    def _titles_text(self, a: PersonArchive) -> str:
        mine = "、".join(f"{t.period_label}“{t.title}”" for t in a.person_titles)
        household = "、".join(f"{t.period_label}“{t.title}”" for t in a.household_titles)
        return self.tr("荣誉称号：本人 {0}；本户 {1}").format(
            mine or self.tr("无"), household or self.tr("无")
        )

    def print_archive(self) -> None:
        """打印档案…: the A4 archive of the period shown, previewed before printing."""
        ledger, member_id, period = self.ctx.ledger, self.member_id, self.chosen_period()
        name = f"{self.archive.person.name if self.archive else ''}{period.key}个人积分档案.pdf"

        def make(path: Path, progress: Progress, cancel: threading.Event) -> object:
            from jifen_desktop.reports.person_archive import write_person_archive

            return write_person_archive(
                ledger,
                member_id,
                period,
                path,
                font=chosen_font(),
                progress=progress,
                cancel=cancel,
            )

        show_report(self, self.tr("个人积分档案"), name, make)
