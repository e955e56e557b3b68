"""``jifen entry``: recording entries (one, or a batch for an activity), the monthly review
(approve, reject, withdraw), corrections (冲正, 弄虚作假) and listing. Entries are named by the
8-character id ``entry list`` prints (the end of the full id), or by the full id."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from jifen_desktop.model import periods
from jifen_desktop.model.entry_checks import EntryDraft
from jifen_desktop.model.entry_queries import KIND_NAMES, EntryInfo
from jifen_desktop.model.errors import NotFound, ValidationError
from jifen_desktop.model.households import HouseholdInfo

from . import output
from .argparse_zh import date_arg, int_arg, list_arg, positive_arg
from .context import CliError, Context, Subcommands, add_command, add_group, short_id

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
        "    jifen entry add --household 0101 --rule A16 --points -10 --note 乱倒垃圾",
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

    p = add_command(
        entry,
        "approve",
        "审核通过记录（一月一审核）",
        run_approve,
        epilog="例：jifen entry approve 3f9a2c1d 77b0e4aa\n    jifen entry approve --month 2026-03",
    )
    p.add_argument("ids", nargs="*", metavar="编号", help="记录编号（entry list 显示的8位）")
    p.add_argument("--month", metavar="月份", help="通过这个月（如 2026-03）所有待审核的记录")

    p = add_command(entry, "reject", "审核不通过（须写理由）", run_reject)
    p.add_argument("ids", nargs="+", metavar="编号", help="记录编号")
    p.add_argument("--reason", required=True, metavar="理由", help="不通过的理由")

    p = add_command(entry, "withdraw", "撤回自己录入的待审核记录", run_withdraw)
    p.add_argument("id", metavar="编号", help="记录编号")
    p.add_argument("--reason", default="", metavar="原因", help="撤回原因")

    p = add_command(
        entry,
        "correct",
        "冲正已通过的记录；给出 --rule/--points/--date 时同时补记正确的记录",
        run_correct,
        epilog="例：jifen entry correct 3f9a2c1d --reason 分值记错 --points 10",
    )
    p.add_argument("id", metavar="编号", help="要冲正的记录编号")
    p.add_argument("--reason", required=True, metavar="原因", help="冲正原因")
    p.add_argument("--rule", metavar="细则编号", help="正确记录的细则（默认同原记录）")
    p.add_argument("--points", type=int_arg, metavar="分", help="正确记录的分值")
    p.add_argument("--date", type=date_arg, metavar="日期", help="正确记录的发生日期")
    p.add_argument(
        "--evidence", nargs="+", type=Path, default=[], metavar="文件", help="正确记录的证明材料"
    )

    p = add_command(
        entry, "false-declaration", "弄虚作假：冲正原记录并双倍扣分", run_false_declaration
    )
    p.add_argument("id", metavar="编号", help="查实造假的记录编号")
    p.add_argument("--reason", required=True, metavar="情况", help="查实的情况")

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


# -- rendering ---------------------------------------------------------------------------------


def _remark(e: EntryInfo) -> str:
    parts = [KIND_NAMES.get(e.kind, "")]
    if e.reversed:
        parts.append("已冲正")
    if e.status == "rejected" and e.decision_reason:
        parts.append(f"理由：{e.decision_reason}")
    if e.reason and e.kind != "normal":
        parts.append(e.reason)
    if e.member_name:
        parts.append(e.member_name)
    if e.note:
        parts.append(e.note)
    return "；".join(p for p in parts if p)


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
            _remark(e),
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


def _describe(e: EntryInfo) -> str:
    return (
        f"{short_id(e.id)}：{e.household_number} {e.household_name} {e.rule_code} "
        f"{output.clip(e.rule_name, 30)} {output.signed(e.points)}分（{e.occurred_on}）"
        f"，{e.status_name}"
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
    )
    e = ctx.ledger.entries.record(ctx.village.id, draft).value
    ctx.emit(e, f"已登记记录 {_describe(e)}。")


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


# -- review and corrections --------------------------------------------------------------------


def run_approve(ctx: Context) -> None:
    a = ctx.args
    if bool(a.ids) == bool(a.month):
        raise CliError(
            "请给出要通过的记录编号，或用 --month 2026-03 通过整月的待审核记录（二选一）。"
        )
    if a.month:
        period = periods.parse(a.month)
        if "-" not in period.key:
            raise CliError(f"--month 要写月份，例如 2026-03，而不是“{a.month}”。")
        pending = ctx.ledger.entries.list(ctx.village.id, period=period, status="pending")
        ids = [e.id for e in pending]
        if not ids:
            ctx.emit({"approved": 0, "ids": []}, f"{period.label}没有待审核的记录。")
            return
    else:
        ids = list(dict.fromkeys(ctx.entry_id(t) for t in a.ids))
    count = ctx.ledger.entries.approve(ids).value
    ctx.emit({"approved": count, "ids": ids}, f"已审核通过 {count} 条记录。")


def run_reject(ctx: Context) -> None:
    ids = list(dict.fromkeys(ctx.entry_id(t) for t in ctx.args.ids))
    count = ctx.ledger.entries.reject(ids, ctx.args.reason).value
    ctx.emit(
        {"rejected": count, "ids": ids}, f"已审核不通过 {count} 条记录，理由：{ctx.args.reason}。"
    )


def run_withdraw(ctx: Context) -> None:
    entry_id = ctx.entry_id(ctx.args.id)
    ctx.ledger.entries.withdraw(entry_id, ctx.args.reason)
    e = ctx.ledger.entries.get(entry_id)
    ctx.emit(e, f"已撤回记录 {_describe(e)}。")


def run_correct(ctx: Context) -> None:
    a = ctx.args
    original = ctx.ledger.entries.get(ctx.entry_id(a.id))
    replacement = None
    if a.rule or a.points is not None or a.date or a.evidence:
        same_rule = not a.rule or a.rule.strip().upper() == original.rule_code
        points = a.points if a.points is not None else (original.unit_points if same_rule else None)
        replacement = EntryDraft(
            original.household_id,
            a.rule or original.rule_code,
            a.date or original.occurred_on,
            points=points,
            quantity=original.quantity if same_rule else 1,
            member_id=original.member_id,
            note=original.note,
            place=original.place,
            evidence=tuple(a.evidence),
        )
    rows = ctx.ledger.entries.correct(original.id, a.reason, replacement).value
    ctx.emit(rows, lambda: "已冲正：\n" + entry_table(rows))


def run_false_declaration(ctx: Context) -> None:
    rows = ctx.ledger.entries.false_declaration(ctx.entry_id(ctx.args.id), ctx.args.reason).value
    ctx.emit(rows, lambda: "已按弄虚作假处理（冲正原记录并双倍扣分）：\n" + entry_table(rows))


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
