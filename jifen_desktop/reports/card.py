"""户积分卡 (积分存折): a household's year on paper — every approved entry with its date, item,
points and the running total, the balances, and what it redeemed — for one household, or for
every household of a grid (or the village) in one file, one household per page, to print in
bulk. It goes to the household itself: the name is shown whole; no ID or phone number."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from reportlab.platypus import CondPageBreak, Flowable, PageBreak, Spacer  # type: ignore[import-untyped, unused-ignore]

from jifen_desktop.model.household_changes import HouseholdChangeService
from jifen_desktop.model.households import STATUS_NAMES, HouseholdInfo
from jifen_desktop.model.store import RedemptionInfo
from jifen_desktop.model.wording import entry_remark

from .card_data import CardData, households_for_cards, read_cards
from .common import Cancel, NothingToPrint, Progress, Written
from .pdf_page import Heading, PageSetup, SectionStart
from .pdf_parts import Styles, data_table, facts_table, pending_first, signed_notes
from .pdf_report import PdfReport

if TYPE_CHECKING:
    from jifen_desktop.model.ledger import Ledger

ENTRY_HEADER = ("日期", "事项", "分值", "累计", "说明")
ENTRY_WIDTHS = (None, 55, None, None, 35)
REDEEM_HEADER = ("日期", "单号", "兑换物品", "积分", "说明")
REDEEM_WIDTHS = (None, None, 60, None, 20)
# Tighter rows than a notice's: a year of 30 entries still fits on the household's page.
CARD_PAGE = PageSetup("A4", False, base_size=10, row_padding=0.15)


def write_card(
    ledger: Ledger,
    household_id: str,
    year: int,
    path: Path | str,
    *,
    font: Path | str | None = None,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
) -> Written:
    """One household's card for ``year`` as a PDF at ``path``."""
    report = PdfReport(path, CARD_PAGE, font, progress, cancel)
    return _write(ledger, [ledger.households.get(household_id)], year, report)


def write_cards(
    ledger: Ledger,
    village_id: str,
    year: int,
    path: Path | str,
    *,
    grid_id: str | None = None,
    font: Path | str | None = None,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
) -> Written:
    """The cards of every household of the village (or of one grid) on the books in ``year``,
    one household per page (a long year runs on), in one PDF at ``path``."""
    report = PdfReport(path, CARD_PAGE, font, progress, cancel)
    report.steps(0.0, "正在读取农户…")
    return _write(ledger, households_for_cards(ledger, village_id, year, grid_id), year, report)


def _write(
    ledger: Ledger, households: list[HouseholdInfo], year: int, report: PdfReport
) -> Written:
    if not households:
        raise NothingToPrint(f"所选范围在{year}年没有在册的户，没有积分卡可以打印。")
    report.steps(0.02, "正在读取积分记录…")
    cards = read_cards(ledger, households, year)
    changes = HouseholdChangeService(ledger).lines_by_household(households[0].village_id)
    village = ledger.villages.get(households[0].village_id)
    styles = report.styles
    heading = Heading(f"{village.name} {year}年度户积分卡")
    story: list[Flowable] = []
    tick = report.steps.each(len(cards), 0.1, 0.3, "正在整理第 {} 户，共 {} 户…")
    for i, card in enumerate(cards):
        tick(i)
        heading.sections[i] = f"{heading.title} · {card.household.label}"
        lines = changes.get(card.household.id, [])
        story += [SectionStart(i), *_card(styles, village.name, card, lines)]
        if i < len(cards) - 1:
            story.append(PageBreak())
    return report.write(story, heading, len(cards), len(cards))


def _card(styles: Styles, village_name: str, card: CardData, changes: list[str]) -> list[Flowable]:
    return [
        styles.para("户积分卡", styles.title),
        styles.para(f"{village_name}　{card.year}年度", styles.subtitle),
        Spacer(1, styles.size * 0.3),
        _facts(styles, card),
        *([styles.para("荣誉：" + "、".join(card.honours))] if card.honours else []),
        *[styles.para(line) for line in changes],  # 户籍变动: "2026-05-01 分户：…"
        styles.para("积分记录（已审核通过）", styles.heading),
        _entries(styles, card),
        *_redemptions(styles, card),
        *_closing(styles, card),
    ]


def _facts(styles: Styles, card: CardData) -> Flowable:
    """The household and its balances."""
    h = card.household
    status = STATUS_NAMES.get(h.status, h.status)
    if h.status != "active":
        status += f"（{h.status_since}）"
    return facts_table(
        styles,
        [
            ("户号", h.number),
            ("户主" if h.kind == "household" else "单位", _name(h)),
            ("网格", h.grid_name or "—"),
            ("状态", status),
            ("上年结转累计积分", str(card.carried_in)),
            ("本年积分", f"{card.annual}（加 {card.added}，扣 {-card.deducted}）"),
            ("累计积分", str(card.lifetime)),
            ("可用积分（打印时）", str(card.available)),
            ("本年兑换", f"{card.spent} 分（{len(card.redemptions)} 次）"),
            ("登记日期", str(h.registered_on)),
        ],
    )


def _name(h: HouseholdInfo) -> str:
    return h.unit_name if h.kind == "unit" else h.head_name


def _entries(styles: Styles, card: CardData) -> Flowable:
    total = card.carried_in
    rows: list[tuple[object, ...]] = [("", "上年结转", "", total, "")]
    for e in card.entries:
        total += e.points
        rows.append(
            (
                str(e.occurred_on),
                f"{e.rule_code} {e.rule_name}",
                f"{e.points:+d}",
                total,
                entry_remark(e),
            )
        )
    rows.append(("", "本年合计", f"{card.annual:+d}", total, ""))
    return data_table(
        styles,
        ENTRY_HEADER,
        rows,
        ENTRY_WIDTHS,
        right=(2, 3),
        center=(0,),
        bold_rows=(1, len(rows)),
    )


def _redemptions(styles: Styles, card: CardData) -> list[Flowable]:
    if not card.redemptions:
        return []
    rows = [
        (
            str(r.occurred_on),
            r.receipt_no,
            _goods(r),
            r.points,
            f"已退回（{r.returned_on}）" if r.returned else "",
        )
        for r in card.redemptions
    ]
    return [
        CondPageBreak(styles.size * 6),
        styles.para("积分兑换", styles.heading),
        data_table(styles, REDEEM_HEADER, rows, REDEEM_WIDTHS, right=(3,), center=(0, 1)),
    ]


def _goods(r: RedemptionInfo) -> str:
    return "、".join(f"{line.goods_name}×{line.quantity}" for line in r.lines)


def _closing(styles: Styles, card: CardData) -> list[Flowable]:
    note = "累计积分和本年积分只算审核通过的记录，兑换不减少累计积分；可用积分是还能兑换的积分。"
    signatures = [["经办人：____________", "户主签字：____________", "日期：____________"]]
    return signed_notes(styles, pending_first(card.pending, note), signatures)
