"""``jifen entry approve|reject|withdraw|correct|false-declaration``: the decisions on entries
(at the open review session of each entry's month, or the one given by --session) and the
corrections of approved ones (冲正, 弄虚作假)."""

from __future__ import annotations

from pathlib import Path

from jifen_desktop.model import periods

from .argparse_zh import date_arg, int_arg
from .context import CliError, Context, Subcommands, add_command
from .entry_text import LATE_APPROVAL, describe_entry, entry_table, late_hint

ON_HELP = "更正的日期（默认今天）；原记录所在季度已公示时，更正按补记记在这一天"
SESSION_HELP = "在哪次审核会上（review list 显示的8位编号）；默认用记录所在月份开着的审核会"


def register(entry: Subcommands) -> None:
    p = add_command(
        entry,
        "approve",
        "审核通过记录（一月一审核）",
        run_approve,
        epilog="例：jifen entry approve 3f9a2c1d 77b0e4aa\n    jifen entry approve --month 2026-03\n"
        "须先开这个月的审核会：jifen review open --month 2026-03",
    )
    p.add_argument("ids", nargs="*", metavar="编号", help="记录编号（entry list 显示的8位）")
    p.add_argument("--month", metavar="月份", help="通过这个月（如 2026-03）所有待审核的记录")
    p.add_argument("--session", metavar="编号", help=SESSION_HELP)

    p = add_command(entry, "reject", "审核不通过（须写理由）", run_reject)
    p.add_argument("ids", nargs="+", metavar="编号", help="记录编号")
    p.add_argument("--reason", required=True, metavar="理由", help="不通过的理由")
    p.add_argument("--session", metavar="编号", help=SESSION_HELP)

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
    p.add_argument("--on", type=date_arg, metavar="日期", help=ON_HELP)

    p = add_command(
        entry, "false-declaration", "弄虚作假：冲正原记录并双倍扣分", run_false_declaration
    )
    p.add_argument("id", metavar="编号", help="查实造假的记录编号")
    p.add_argument("--reason", required=True, metavar="情况", help="查实的情况")
    p.add_argument("--on", type=date_arg, metavar="日期", help=ON_HELP)


def _session_id(ctx: Context) -> str | None:
    text = ctx.args.session
    return ctx.record_id(text, "review_session") if text else None


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
    with late_hint(LATE_APPROVAL):
        count = ctx.ledger.entries.approve(ids, _session_id(ctx)).value
    ctx.emit({"approved": count, "ids": ids}, f"已审核通过 {count} 条记录。")


def run_reject(ctx: Context) -> None:
    ids = list(dict.fromkeys(ctx.entry_id(t) for t in ctx.args.ids))
    count = ctx.ledger.entries.reject(ids, ctx.args.reason, _session_id(ctx)).value
    ctx.emit(
        {"rejected": count, "ids": ids}, f"已审核不通过 {count} 条记录，理由：{ctx.args.reason}。"
    )


def run_withdraw(ctx: Context) -> None:
    entry_id = ctx.entry_id(ctx.args.id)
    ctx.ledger.entries.withdraw(entry_id, ctx.args.reason)
    e = ctx.ledger.entries.get(entry_id)
    ctx.emit(e, f"已撤回记录 {describe_entry(e)}。")


def run_correct(ctx: Context) -> None:
    from jifen_desktop.model.entry_checks import EntryDraft

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
    rows = ctx.ledger.entries.correct(original.id, a.reason, replacement, a.on).value
    ctx.emit(rows, lambda: "已冲正：\n" + entry_table(rows))


def run_false_declaration(ctx: Context) -> None:
    a = ctx.args
    rows = ctx.ledger.entries.false_declaration(ctx.entry_id(a.id), a.reason, a.on).value
    ctx.emit(rows, lambda: "已按弄虚作假处理（冲正原记录并双倍扣分）：\n" + entry_table(rows))
