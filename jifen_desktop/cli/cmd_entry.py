"""``jifen entry``: recording entries (one, a 补记, or a batch for an activity) and listing them;
the monthly review (approve, reject, withdraw) and corrections (冲正, 弄虚作假) are in
``cmd_entry_review``. Entries are named by the 8-character id ``entry list`` prints (the end
of the full id), or by the full id."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from jifen_desktop.model import periods
from jifen_desktop.model.errors import NotFound, ValidationError
from jifen_desktop.model.wording import late_mark

from . import cmd_entry_review, output
from .argparse_zh import date_arg, int_arg, list_arg, positive_arg
from .context import CliError, Context, Subcommands, add_command, add_group
from .entry_text import LATE_ADD, describe_entry, entry_table, late_hint

if TYPE_CHECKING:
    from jifen_desktop.model.households import HouseholdInfo

SOURCE_CHOICES = ("recorder", "declaration", "inspection")
STATUS_CHOICES = ("pending", "approved", "rejected", "withdrawn")


def register(sub: Subcommands) -> None:
    entry = add_group(sub, "entry", "积分记录：登记、审核、冲正、查询")
    p = add_command(
        entry,
        "add",
        "登记一条积分记录（待审核）",
        run_add,
        epilog="例：jifen entry add --household 0101 --rule B05 --date 2026-03-05\n"
        "    jifen entry add --household 0101 --rule A16 --points -10 --note 乱倒垃圾\n"
        "    jifen entry add --household 0101 --rule B05 --date 2026-08-10 --late（补记）",
    )
    p.add_argument("--household", required=True, metavar="户号", help="哪一户（户号）")
    p.add_argument("--rule", required=True, metavar="细则编号", help="积分细则编号，例如 B05")
    p.add_argument("--date", type=date_arg, metavar="日期", help="发生日期（默认今天）")
    p.add_argument(
        "--points", type=int_arg, metavar="分", help="分值；扣分写负数；固定分值的细则可不填"
    )
    p.add_argument(
        "--quantity", type=positive_arg, default=1, metavar="人数", help="按人数计分的细则填人数"
    )
    p.add_argument("--member", metavar="姓名或编号", help="做这件事的成员")
    p.add_argument("--place", default="", metavar="地点", help="地点")
    p.add_argument("--note", default="", metavar="说明", help="事情经过")
    p.add_argument(
        "--source",
        choices=SOURCE_CHOICES,
        default="recorder",
        help="recorder 网格员记录（默认）；declaration 村民申报；inspection 检查评比",
    )
    p.add_argument(
        "--evidence", nargs="+", type=Path, default=[], metavar="文件", help="证明材料（照片、PDF）"
    )
    p.add_argument(
        "--late",
        action="store_true",
        help="补记：--date 所在季度已公示时用，记在今天、保留原日期，下一期公示单独列出",
    )

    p = add_command(
        entry,
        "batch",
        "组织活动批量登记：给参加的每一户记一条，直接通过",
        run_batch,
        epilog="例：jifen entry batch --rule C06 --date 2026-03-12 --grid 一组\n"
        "    jifen entry batch --rule B04 --date 2026-03-12 --households 0101,0102,0105\n"
        "    jifen entry batch --rule C07 --date 2026-03-12 --file 到会名单.txt（每行一个户号）",
    )
    p.add_argument("--rule", required=True, metavar="细则编号", help="积分细则编号")
    p.add_argument("--date", required=True, type=date_arg, metavar="日期", help="活动日期")
    who = p.add_mutually_exclusive_group(required=True)
    who.add_argument(
        "--households", type=list_arg, metavar="户号,户号", help="参加的户号，用逗号隔开"
    )
    who.add_argument("--grid", metavar="网格", help="这个网格的所有在册户")
    who.add_argument("--file", type=Path, metavar="文件", help="名单文件，每行一个户号")
    p.add_argument("--points", type=int_arg, metavar="分", help="分值（细则是分值范围时填）")
    p.add_argument("--place", default="", metavar="地点", help="活动地点")
    p.add_argument("--note", default="", metavar="说明", help="活动名称或说明")

    cmd_entry_review.register(entry)

    p = add_command(entry, "list", "查询积分记录（最新的在前）", run_list)
    p.add_argument("--household", metavar="户号", help="只看这一户")
    p.add_argument("--period", metavar="期间", help="2026Q1、2026、2026-03 或 all")
    p.add_argument(
        "--status",
        choices=STATUS_CHOICES,
        help="pending 待审核；approved 已通过；rejected 未通过；withdrawn 已撤回",
    )
    p.add_argument(
        "--limit", type=int_arg, default=50, metavar="条数", help="最多几条（默认50，0 为全部）"
    )


# -- recording ---------------------------------------------------------------------------------


def _member(ctx: Context, household: HouseholdInfo, text: str | None) -> str | None:
    if not text:
        return None
    members = ctx.ledger.members.list(household.id)
    value = text.strip()
    by_name = [m for m in members if m.name == value]
    if len(by_name) > 1:
        raise ValidationError(f"户 {household.number} 有两位成员叫“{value}”，请用成员编号。")
    if by_name:
        return by_name[0].id
    if len(value) >= 8:
        by_id = [m for m in members if m.id.startswith(value) or m.id.endswith(value)]
        if len(by_id) == 1:
            return by_id[0].id
    names = "、".join(m.name for m in members) or "（没有成员）"
    raise NotFound(f"户 {household.number} 没有成员“{value}”。这一户的成员有：{names}。")


def run_add(ctx: Context) -> None:
    from jifen_desktop.model.entry_checks import EntryDraft

    a = ctx.args
    h = ctx.household(a.household)
    draft = EntryDraft(
        h.id,
        a.rule,
        a.date or dt.date.today(),
        points=a.points,
        quantity=a.quantity,
        member_id=_member(ctx, h, a.member),
        place=a.place,
        note=a.note,
        source=a.source,
        evidence=tuple(a.evidence),
        late=a.late,
    )
    with late_hint(LATE_ADD):
        e = ctx.ledger.entries.record(ctx.village.id, draft).value
    late = f"（{late_mark(e.original_on)}）" if e.original_on else ""
    ctx.emit(e, f"已登记记录 {describe_entry(e)}{late}。")


def _read_numbers(path: Path) -> list[str]:
    """Household numbers from a list file: one per line (first word), # starts a comment."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise CliError(f"读不了名单文件 {path}：{exc.strerror or exc}") from None
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise CliError(f"名单文件 {path} 的编码看不懂，请另存为 UTF-8 文本。")
    numbers = [line.split("#")[0].split() for line in text.splitlines()]
    return [words[0] for words in numbers if words]


def _batch_households(ctx: Context) -> list[str]:
    a, ledger, village_id = ctx.args, ctx.ledger, ctx.village.id
    if a.grid is not None:
        kind = ledger.rules.get(village_id, a.rule).applies_to
        found = ledger.households.list(
            village_id, grid_id=ctx.grid_id(a.grid), status="active", kind=kind
        )
        if not found:
            raise CliError(f"网格“{a.grid}”里没有在册的户。")
        return [h.id for h in found]
    numbers = a.households if a.households is not None else _read_numbers(a.file)
    if not numbers:
        raise CliError("名单里没有户号。")
    by_number = {h.number: h.id for h in ledger.households.list(village_id)}
    missing = [n for n in numbers if n not in by_number]
    if missing:
        raise NotFound(
            f"找不到这些户号：{'、'.join(missing[:20])}{'等' if len(missing) > 20 else ''}，"
            "请核对名单（可用 jifen household search 查找）。"
        )
    return [by_number[n] for n in numbers]


def run_batch(ctx: Context) -> None:
    a = ctx.args
    ids = _batch_households(ctx)
    rows = ctx.ledger.entries.register_activity(
        ctx.village.id, a.rule, a.date, ids, place=a.place, note=a.note, points=a.points
    ).value
    first = rows[0]
    ctx.emit(
        rows,
        f"已批量登记 {len(rows)} 户：{first.rule_code} {output.clip(first.rule_name, 30)} "
        f"{output.signed(first.points)}分（{a.date}），已直接通过。",
    )


def run_list(ctx: Context) -> None:
    a = ctx.args
    if a.limit < 0:
        raise CliError("--limit 不能是负数。")
    household_id = ctx.household(a.household).id if a.household else None
    period = periods.parse(a.period) if a.period else None
    rows = ctx.ledger.entries.list(
        ctx.village.id,
        household_id=household_id,
        period=period,
        status=a.status,
        limit=a.limit or None,
    )
    more = (
        f"（只列出最新的 {a.limit} 条，用 --limit 0 看全部）"
        if a.limit and len(rows) == a.limit
        else ""
    )
    ctx.emit(rows, lambda: entry_table(rows) + (f"\n共 {len(rows)} 条{more}" if rows else ""))
