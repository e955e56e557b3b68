"""How entries read on the terminal: the table ``entry list`` prints and the one-line
description the commands that change an entry answer with, and what to type for a 补记."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING

from jifen_desktop.model.errors import QuarterLocked
from jifen_desktop.model.wording import entry_remark

from . import output
from .context import short_id

if TYPE_CHECKING:
    from jifen_desktop.model.entry_queries import EntryInfo


def entry_table(entries: Sequence[EntryInfo], *, with_household: bool = True) -> str:
    if not entries:
        return "没有符合条件的记录。"
    head = [
        "编号",
        "日期",
        *(["户号", "户主/单位"] if with_household else []),
        "细则",
        "名称",
        "分值",
        "状态",
        "说明",
    ]
    rows = [
        (
            short_id(e.id),
            e.occurred_on.isoformat(),
            *([e.household_number, e.household_name] if with_household else []),
            e.rule_code,
            e.rule_name,
            output.signed(e.points),
            e.status_name,
            entry_remark(e),
        )
        for e in entries
    ]
    name_col = 5 if with_household else 3
    return output.table(
        head,
        rows,
        max_width={name_col: 28, name_col + 3: 30},
        left=(0, 2) if with_household else (0,),
    )


def describe_entry(e: EntryInfo) -> str:
    return (
        f"{short_id(e.id)}：{e.household_number} {e.household_name} {e.rule_code} "
        f"{output.clip(e.rule_name, 30)} {output.signed(e.points)}分（{e.occurred_on}）"
        f"，{e.status_name}"
    )


LATE_ADD = "命令行补记：在原命令后加 --late（记在今天，保留原日期）。"
LATE_APPROVAL = (
    "命令行：jifen review decide --month 月份 approve-late 编号（原记录转为补记，记在今天并通过）。"
)


@contextmanager
def late_hint(hint: str) -> Iterator[None]:
    """A date in a published quarter: the model's message, then what to type instead."""
    try:
        yield
    except QuarterLocked as exc:
        raise QuarterLocked(f"{exc.message}{hint}", quarter=exc.quarter) from None
