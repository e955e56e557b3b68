"""考核表 on paper: one A4 page per village (its figures of the year, each target, weight and
points, the total, its rank among the township's villages, and lines to sign and seal), and the
township's summary of every village ranked (A4 landscape), from a ``Scorecard``."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from reportlab.platypus import Flowable, PageBreak, Spacer  # type: ignore[import-untyped, unused-ignore]

from jifen_desktop.sync.scorecard import Scorecard, VillageScorecard
from jifen_desktop.sync.scorecard_targets import BY_KEY, FIGURES, FULL_MARKS, target_text

from .common import Cancel, NothingToPrint, Progress, Written
from .pdf_page import Heading, PageSetup, SectionStart
from .pdf_parts import Styles, data_table, facts_table, signature_block
from .pdf_report import PdfReport

SHEET_HEADER = ("序号", "考核指标", "完成情况", "目标", "权重", "得分")
SUMMARY_NAMES = {
    "reviews": "按时审核",
    "quarters": "公示定稿",
    "households": "户参与",
    "persons": "人员参与",
    "party": "党员参与",
    "redeem_households": "兑换户",
    "redeem_persons": "兑换人",
    "objections": "异议办结",
    "objection_days": "办结天数",
    "overdue": "逾期未审",
    "chain": "台账核对",
}
RULES = (
    "计分办法：越多越好的指标，得分 = 权重 × 完成值 ÷ 目标，最多得满权重；越少越好的指标"
    "（异议办结天数、逾期未审记录），不超过目标得满权重，超过时按 目标 ÷ 完成值 折算。"
    "按时审核：当月积分在次月底前召开审核会。公示定稿：季度公示的各份公示均已定稿。"
    "参与率：本年有审核通过的积分记录（基础分除外）的户、家庭成员、党员占在册数的比例；"
    "兑换比例：本年在积分超市兑换（未退货）的户、成员占在册数的比例。未登记成员或党员的，"
    "该项无法计算，不得分。台账核对：乡镇库中该村同步包带来的记录与其哈希链核对无误。"
)


def _score(points: float) -> str:
    return f"{points:g}"


def _facts(styles: Styles, card: Scorecard, village: VillageScorecard) -> Flowable:
    f = village.figures
    return facts_table(
        styles,
        [
            ("村（社区）", f.name),
            ("区划代码", f.code),
            ("考核年度", f"{card.year}年"),
            ("统计截至", str(card.as_of)),
            ("总分", f"{_score(village.total)} 分（满分 {FULL_MARKS}）"),
            ("名次", f"第 {village.rank} 名（共 {len(card.villages)} 个村）"),
            ("最后一次同步包", f"{f.last_bundle_at:%Y-%m-%d %H:%M}" if f.last_bundle_at else "—"),
            ("异议", f"受理 {f.objections} 件，办结 {f.objections_closed} 件"),
        ],
    )


def _items(styles: Styles, village: VillageScorecard) -> Flowable:
    """序号, 考核指标, 完成情况, 目标, 权重, 得分 of each figure, and the 合计 line."""
    rows: list[tuple[object, ...]] = [
        (n, i.name, i.shown, i.target, i.weight, _score(i.points))
        for n, i in enumerate(village.items, 1)
    ]
    rows.append(("", "合计", "", "", sum(i.weight for i in village.items), _score(village.total)))
    return data_table(
        styles,
        SHEET_HEADER,
        rows,
        (None, 30, 34, None, None, None),
        right=(4, 5),
        center=(0,),
        bold_rows=(len(rows),),
    )


def _sheet(styles: Styles, card: Scorecard, village: VillageScorecard) -> list[Flowable]:
    f = village.figures
    return [
        styles.para(f"{card.township}{card.year}年度积分制管理考核表", styles.title),
        styles.para(f"{f.name}（{f.code}）", styles.subtitle),
        Spacer(1, styles.size * 0.4),
        _facts(styles, card, village),
        Spacer(1, styles.size * 0.6),
        _items(styles, village),
        Spacer(1, styles.size * 0.4),
        styles.para(RULES, styles.note),
        signature_block(
            styles,
            [
                ["考核人：____________", "复核人：____________", "村负责人：____________"],
                ["乡镇（盖章）", "", "日期：______年____月____日"],
            ],
        ),
    ]


def write_scorecard_sheets(
    card: Scorecard,
    path: Path | str,
    *,
    village_ids: Sequence[str] | None = None,
    font: Path | str | None = None,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
) -> Written:
    """考核表 of the chosen villages (all by default), one A4 page each, in rank order."""
    report = PdfReport(path, PageSetup(), font, progress, cancel)
    chosen = [
        v for v in card.villages if village_ids is None or v.figures.village_id in village_ids
    ]
    if not chosen:
        raise NothingToPrint("没有要打印考核表的村：请先导入各村的同步包，或选一个村。")
    heading = Heading(f"{card.township}{card.year}年度村庄考核表", f"统计截至 {card.as_of}")
    story: list[Flowable] = []
    for n, village in enumerate(chosen):
        heading.sections[n] = f"{heading.title} · {village.name}"
        story += [SectionStart(n), *_sheet(report.styles, card, village)]
        if n < len(chosen) - 1:
            story.append(PageBreak())
    return report.write(story, heading, len(chosen), len(chosen))


def summary_rows(card: Scorecard) -> list[tuple[int | str, ...]]:
    """名次, 村, each figure in brief, 总分: the summary's lines (the page uses them too)."""
    return [(v.rank, v.name, *(i.brief for i in v.items), _score(v.total)) for v in card.villages]


def measure_rows(card: Scorecard) -> list[tuple[int | str, ...]]:
    """The 目标 and 权重 lines over the summary's columns."""
    return [
        ("", "目标", *(_brief_target(k, card) for k in SUMMARY_NAMES), ""),
        ("", "权重", *(card.targets[k].weight for k in SUMMARY_NAMES), FULL_MARKS),
    ]


def write_scorecard_summary(
    card: Scorecard,
    path: Path | str,
    *,
    font: Path | str | None = None,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
) -> Written:
    """Every village ranked by its score, with the targets and weights it was measured by."""
    report = PdfReport(path, PageSetup(landscape=True, base_size=9.5), font, progress, cancel)
    if not card.villages:
        raise NothingToPrint("还没有导入任何村的同步包，没有考核结果可以打印。")
    styles = report.styles
    title = f"{card.township}{card.year}年度村庄考核汇总"
    header = ("名次", "村", *(SUMMARY_NAMES[f.key] for f in FIGURES), "总分")
    rows = [*measure_rows(card), *summary_rows(card)]
    story: list[Flowable] = [
        styles.para(title, styles.title),
        styles.para(
            f"共 {len(card.villages)} 个村，按总分排名（同分同名次）；统计截至 {card.as_of}",
            styles.subtitle,
        ),
        Spacer(1, styles.size * 0.4),
        data_table(
            styles,
            header,
            rows,
            (None, 12, *([None] * len(FIGURES)), None),
            right=tuple(range(2, len(header))),
            center=(0,),
            bold_rows=(1, 2),
        ),
        Spacer(1, styles.size * 0.4),
        styles.para(RULES, styles.note),
        signature_block(styles, [["制表人：____________", "审核人：____________", "乡镇（盖章）"]]),
    ]
    heading = Heading(title, f"统计截至 {card.as_of}")
    return report.write(story, heading, len(card.villages), 1 + len(card.villages) // 25)


def _brief_target(key: str, card: Scorecard) -> str:
    return target_text(BY_KEY[key], card.targets[key].target).replace(" ", "")
