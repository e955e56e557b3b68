"""兑换凭证: the receipt of a redemption at the 积分超市, in two parts on one A4 sheet — the
stub the store keeps and the part the household takes home — with the receipt number, the
household, the goods, the points, the balance after, the operator and lines to sign."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from reportlab.platypus import Flowable, KeepTogether, Spacer  # type: ignore[import-untyped, unused-ignore]

from jifen_desktop.model.store import RedemptionInfo

from .common import Cancel, Progress, Written
from .pdf_page import Heading, PageSetup
from .pdf_parts import CutLine, Styles, data_table, facts_table, signature_block
from .pdf_report import PdfReport

if TYPE_CHECKING:
    from jifen_desktop.model.ledger import Ledger

HEADER = ("序号", "物品", "单位", "单价（积分）", "数量", "积分")
WIDTHS = (None, 60, 20, None, None, None)
PARTS = ("第一联　存根（积分超市留存）", "第二联　兑换户留存")


def write_receipt(
    ledger: Ledger,
    village_id: str,
    receipt_no: str,
    path: Path | str,
    *,
    font: Path | str | None = None,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
) -> Written:
    """The receipt of redemption ``receipt_no`` (DH2026-0001) as a PDF at ``path``."""
    report = PdfReport(path, PageSetup(), font, progress, cancel)
    report.steps(0.0, "正在读取兑换单…")
    redemption = ledger.store.redemption(village_id, receipt_no)
    village = ledger.villages.get(village_id)
    balance = balance_text(ledger, village_id, redemption)
    styles = report.styles
    title = f"{village.name}积分超市兑换凭证"
    story: list[Flowable] = []
    for i, part in enumerate(PARTS):
        if i:
            story += [Spacer(1, styles.size), CutLine(styles), Spacer(1, styles.size)]
        story.append(KeepTogether(_part(styles, title, part, redemption, balance)))
    heading = Heading(f"{title} {redemption.receipt_no}", f"兑换日期：{redemption.occurred_on}")
    return report.write(story, heading, len(redemption.lines))


def balance_text(ledger: Ledger, village_id: str, r: RedemptionInfo) -> str:
    """The household's available points right after this redemption, the same on a reprint:
    computed from the ledger as it stood then (``store.available_after``)."""
    return f"兑换后剩余积分：{ledger.store.available_after(village_id, r.receipt_no)} 分"


def _facts(r: RedemptionInfo) -> list[tuple[str, str]]:
    """The receipt's number, date, household, who collected and who handled it."""
    return [
        ("单号", r.receipt_no),
        ("兑换日期", str(r.occurred_on)),
        ("户号", r.household_number),
        ("户主", r.head_name),
        ("领取人", r.member_name or r.head_name),
        ("经办人", r.operator_name or "—"),
    ]


def _goods_rows(r: RedemptionInfo) -> list[tuple[object, ...]]:
    """A row per good (numbered) and the 合计 row of quantities and points."""
    rows: list[tuple[object, ...]] = [
        (i, line.goods_name, line.unit, line.unit_price, line.quantity, line.points)
        for i, line in enumerate(r.lines, 1)
    ]
    rows.append(("", "合计", "", "", sum(line.quantity for line in r.lines), r.points))
    return rows


def _part(styles: Styles, title: str, part: str, r: RedemptionInfo, balance: str) -> list[Flowable]:
    story: list[Flowable] = [
        styles.para(title, styles.title),
        styles.para(part, styles.subtitle),
        Spacer(1, styles.size * 0.4),
        facts_table(styles, _facts(r)),
        Spacer(1, styles.size * 0.6),
        _goods_table(styles, r),
        Spacer(1, styles.size * 0.4),
        styles.para(f"本次使用积分：{r.points} 分。{balance}。"),
    ]
    story += _remarks(styles, r)
    story.append(
        signature_block(styles, [["经办人签字：____________", "领取人签字：____________"]])
    )
    return story


def _goods_table(styles: Styles, r: RedemptionInfo) -> Flowable:
    """The goods redeemed, a row each, and the 合计 row in bold."""
    rows = _goods_rows(r)
    return data_table(
        styles, HEADER, rows, WIDTHS, right=(3, 4, 5), center=(0,), bold_rows=(len(rows),)
    )


def _remarks(styles: Styles, r: RedemptionInfo) -> list[Flowable]:
    """Whether the redemption was taken back, and its note, where there are."""
    remarks: list[Flowable] = []
    if r.returned:
        remarks.append(styles.para(f"本单已于 {r.returned_on} 退回，积分已退还：{r.return_reason}"))
    if r.note:
        remarks.append(styles.para(f"备注：{r.note}", styles.note))
    return remarks
