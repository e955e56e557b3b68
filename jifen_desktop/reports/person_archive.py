"""个人积分档案 on paper (一事一记, seed 002): one person's record for a period on A4 — who they
are, their approved points, every entry naming them with its date, rule, points, decision,
recorder and evidence count, and the titles awarded to them and to their household. It goes to
the person or the party branch: the name is shown whole; no ID or phone number."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from reportlab.platypus import Flowable, Spacer  # type: ignore[import-untyped, unused-ignore]

from jifen_desktop.model.calendar.honour_awards import AwardInfo
from jifen_desktop.model.entry_queries import KIND_NAMES
from jifen_desktop.model.periods import Period
from jifen_desktop.model.person_archive import PersonArchive, entry_decision_text, person_archive

from .common import Cancel, Progress, Written
from .pdf_page import Heading, PageSetup
from .pdf_parts import Styles, data_table, facts_table, pending_first, signed_notes
from .pdf_report import PdfReport

if TYPE_CHECKING:
    from jifen_desktop.model.ledger import Ledger

ENTRY_HEADER = ("日期", "事项", "分值", "审核", "记录人", "证明")
ENTRY_WIDTHS = (None, 52, None, 14, 20, None)
TITLE_HEADER = ("期间", "称号", "授予", "评定", "状态")
TITLE_WIDTHS = (None, 30, None, 30, None)
ARCHIVE_PAGE = PageSetup("A4", False, base_size=10, row_padding=0.15)


def write_person_archive(
    ledger: Ledger,
    member_id: str,
    period: Period,
    path: Path | str,
    *,
    font: Path | str | None = None,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
) -> Written:
    """One person's archive for ``period`` as a PDF at ``path``."""
    report = PdfReport(path, ARCHIVE_PAGE, font, progress, cancel)
    report.steps(0.05, "正在读取个人积分记录…")
    archive = person_archive(ledger, member_id, period)
    heading = Heading(f"{archive.village_name} {archive.heading}")
    return report.write(_story(report.styles, archive), heading, len(archive.entries), 1)


def _story(styles: Styles, archive: PersonArchive) -> list[Flowable]:
    p = archive.person
    titles = [*archive.person_titles, *archive.household_titles]
    return [
        styles.para("个人积分档案", styles.title),
        styles.para(f"{archive.village_name}　{archive.period.label}", styles.subtitle),
        Spacer(1, styles.size * 0.3),
        facts_table(
            styles,
            [
                ("姓名", p.name),
                ("所在户", f"{p.household_number}（户主 {archive.head_name}）"),
                ("与户主关系", p.relation or "—"),
                ("身份", p.groups_text),
                ("网格", p.grid_name or "—"),
                ("本期积分", f"{p.points}（加 {p.added}，扣 {-p.deducted}，{p.entries} 条）"),
            ],
        ),
        styles.para("一事一记（点名本人的全部记录）", styles.heading),
        _entries(styles, archive),
        styles.para("荣誉称号", styles.heading),
        _titles(styles, archive, titles) if titles else styles.para("本期没有荣誉称号。"),
        *_closing(styles, archive),
    ]


def _entries(styles: Styles, archive: PersonArchive) -> Flowable:
    rows: list[tuple[object, ...]] = [
        (
            str(e.occurred_on),
            f"{e.rule_code} {e.rule_name}"
            + (f"（{KIND_NAMES[e.kind]}）" if KIND_NAMES.get(e.kind) else ""),
            f"{e.points:+d}",
            entry_decision_text(e),
            e.recorded_by_name,
            f"{e.evidence_count} 份" if e.evidence_count else "—",
        )
        for e in archive.entries
    ]
    if not rows:
        rows = [("", "本期没有点名本人的记录", "", "", "", "")]
    rows.append(("", "本期积分（只算审核通过的）", f"{archive.person.points:+d}", "", "", ""))
    return data_table(
        styles, ENTRY_HEADER, rows, ENTRY_WIDTHS, right=(2,), center=(0, 5), bold_rows=(len(rows),)
    )


def _titles(styles: Styles, archive: PersonArchive, titles: list[AwardInfo]) -> Flowable:
    rows = [
        (
            a.period_label,
            a.title,
            "本人" if a.member_id else "本户",
            f"{a.chosen_name}（{a.meeting_on} 会议）",
            "有效" if a.in_force else f"已撤销（{a.lifted_on}）",
        )
        for a in titles
    ]
    return data_table(styles, TITLE_HEADER, rows, TITLE_WIDTHS, center=(0, 2, 4))


def _closing(styles: Styles, archive: PersonArchive) -> list[Flowable]:
    note = "个人积分是户积分中点名本人的记录，不另立账；本期积分只算审核通过的记录。"
    signatures = [["经办人：____________", "本人签字：____________", "日期：____________"]]
    return signed_notes(styles, pending_first(archive.pending, note), signatures)
