"""Ready choices of columns for a 纸质检查表: per rule category, its fixed-points items that
count once a month (the monthly 环境卫生 check) and those that count once a year (the yearly
家庭积分类 check), as many as a sheet holds."""

from __future__ import annotations

from jifen_desktop.model.check_sheet import MOST_ITEMS
from jifen_desktop.model.rules import CAP_NAMES

from .context import AppContext


def item_presets(ctx: AppContext) -> list[tuple[str, list[str]]]:
    """(label, codes) for each category with capped items: 家庭积分类 当年各项（8 条）."""
    groups: dict[tuple[str, str, str], list[str]] = {}
    for rule in ctx.ledger.rules.list(ctx.village_id):
        if rule.kind != "normal" or not rule.fixed or rule.period_cap == "each":
            continue
        key = (rule.category_name, rule.period_cap, rule.applies_to)
        groups.setdefault(key, []).append(rule.code)
    return [
        (f"{category} {CAP_NAMES[cap]}各项（{len(codes[:MOST_ITEMS])} 条）", codes[:MOST_ITEMS])
        for (category, cap, _kind), codes in groups.items()
    ]
