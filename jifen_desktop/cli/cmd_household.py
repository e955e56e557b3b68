"""``jifen household`` (add, list, search, show, move-out, dissolve, reactivate, edit; split,
merge and close in ``cmd_household_change``) and
``jifen member`` (add, list, move-out): the points accounts of the village and their people.
Households are named by their number (户号); members by the 8-character id ``member list`` shows."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from jifen_desktop.model.choices import KIND_NAMES, MEMBER_STATUS_NAMES, RELATIONS, STATUS_NAMES

from . import output
from .argparse_zh import date_arg, positive_arg, year_arg
from .cmd_household_change import change_lines, register_changes
from .context import CliError, Context, Subcommands, add_command, add_group, given_changes, short_id
from .entry_text import entry_table

if TYPE_CHECKING:
    from jifen_desktop.model.balances import Balance
    from jifen_desktop.model.households import HouseholdInfo, StatusChangeInfo
    from jifen_desktop.model.members import MemberInfo

STATUS_COMMANDS = {
    "move-out": ("moved_out", "办理迁出"),
    "dissolve": ("dissolved", "注销户，同 close：记入户籍变动，须写 --reason 原因"),
    "reactivate": ("active", "恢复为在册"),
}


def register(sub: Subcommands) -> None:
    hh = add_group(sub, "household", "农户和单位（积分账户）")
    p = add_command(
        hh,
        "add",
        "登记一户农户（户主同时登记为第一位成员）或一个单位",
        run_add,
        epilog="例：jifen household add --number 0101 --head 王建国 --grid 一组\n"
        "    jifen household add --number D001 --head 李老板 --unit-name 张集超市 --kind unit",
    )
    p.add_argument("--number", required=True, metavar="户号", help="本村唯一的户号")
    p.add_argument("--head", required=True, metavar="姓名", help="户主姓名（单位填负责人）")
    p.add_argument("--grid", metavar="网格", help="所属网格名称")
    p.add_argument("--address", default="", metavar="地址", help="住址")
    p.add_argument("--phone", default="", metavar="电话", help="联系电话")
    p.add_argument("--registered", type=date_arg, metavar="日期", help="登记日期（默认今天）")
    p.add_argument("--id-number", default="", metavar="身份证号", help="户主身份证号")
    p.add_argument("--unit-name", default="", metavar="名称", help="单位名称（登记单位时填）")
    p.add_argument(
        "--kind",
        choices=tuple(KIND_NAMES),
        help="household 农户（默认）；unit 单位（给了 --unit-name 时默认为单位）",
    )

    p = add_command(hh, "list", "列出本村的户", run_list)
    p.add_argument("--grid", metavar="网格", help="只列这个网格的户")
    p.add_argument(
        "--status", choices=tuple(STATUS_NAMES), help="active 在册；moved_out 迁出；dissolved 注销"
    )
    p.add_argument("--kind", choices=tuple(KIND_NAMES), help="household 农户；unit 单位")

    p = add_command(
        hh,
        "search",
        "按户号、姓名或拼音（全拼、首字母）查找户",
        run_search,
        epilog="例：jifen household search wjg",
    )
    p.add_argument("query", metavar="查找内容", help="户号、户主或成员姓名、拼音")
    p.add_argument("--limit", type=positive_arg, default=20, metavar="条数", help="最多列出几户")

    p = add_command(hh, "show", "显示一户的详情：成员、积分、状态变化和最近的记录", run_show)
    p.add_argument("number", metavar="户号")
    p.add_argument("--year", type=year_arg, metavar="年份", help="年度积分按哪一年（默认今年）")

    for name, (_status, help_text) in STATUS_COMMANDS.items():
        p = add_command(hh, name, help_text, run_status)
        p.add_argument("number", metavar="户号")
        p.add_argument("--date", required=True, type=date_arg, metavar="日期", help="生效日期")
        p.add_argument("--reason", default="", metavar="原因", help="原因或说明")

    p = add_command(hh, "edit", "修改户的信息（户主、网格、地址、电话）", run_edit)
    p.add_argument("number", metavar="户号")
    p.add_argument("--head", metavar="姓名", help="新户主姓名")
    p.add_argument("--grid", metavar="网格", help="改到这个网格")
    p.add_argument("--address", metavar="地址", help="新住址")
    p.add_argument("--phone", metavar="电话", help="新电话")
    p.add_argument("--unit-name", metavar="名称", help="新单位名称")
    p.add_argument("--new-number", metavar="户号", help="改户号")
    register_changes(hh)

    member = add_group(sub, "member", "户的成员")
    p = add_command(
        member,
        "add",
        "给一户添加成员",
        run_member_add,
        epilog="例：jifen member add 0101 --name 李秀英 --relation 配偶 --gender 女",
    )
    p.add_argument("number", metavar="户号")
    p.add_argument("--name", required=True, metavar="姓名", help="成员姓名")
    p.add_argument(
        "--relation",
        default="",
        choices=RELATIONS,
        metavar="关系",
        help=f"与户主关系：{'、'.join(RELATIONS)}",
    )
    p.add_argument("--gender", default="", choices=("男", "女"), help="性别")
    p.add_argument("--birth", type=date_arg, metavar="日期", help="出生日期")
    p.add_argument("--id-number", default="", metavar="身份证号", help="身份证号（会核对校验位）")
    p.add_argument("--party", action="store_true", help="是党员")
    p.add_argument("--cadre", action="store_true", help="是村干部（村两委成员等）")
    p.add_argument("--phone", default="", metavar="电话", help="联系电话")

    p = add_command(
        member,
        "groups",
        "改成员是不是党员、村干部",
        run_member_groups,
        epilog="例：jifen member groups 1a2b3c4d --cadre 是 --party 否",
    )
    p.add_argument("member", metavar="成员编号", help="member list 显示的8位编号")
    p.add_argument("--party", choices=YES_NO, help="是否党员：是 或 否")
    p.add_argument("--cadre", choices=YES_NO, help="是否村干部：是 或 否")

    p = add_command(member, "list", "列出一户的成员", run_member_list)
    p.add_argument("number", metavar="户号")

    p = add_command(member, "move-out", "成员迁出（或去世）", run_member_move_out)
    p.add_argument("member", metavar="成员编号", help="member list 显示的8位编号")
    p.add_argument("--date", required=True, type=date_arg, metavar="日期", help="生效日期")
    p.add_argument("--deceased", action="store_true", help="是去世而不是迁出")


YES_NO = ("是", "否")


# -- rendering ---------------------------------------------------------------------------------


def _name(h: HouseholdInfo) -> str:
    return h.unit_name if h.kind == "unit" else h.head_name


def household_table(households: Sequence[HouseholdInfo]) -> str:
    if not households:
        return "没有找到户。"
    return output.table(
        ["户号", "户主/单位", "类型", "网格", "状态", "登记日期"],
        [
            (
                h.number,
                _name(h),
                KIND_NAMES.get(h.kind, h.kind),
                h.grid_name,
                STATUS_NAMES.get(h.status, h.status),
                h.registered_on.isoformat(),
            )
            for h in households
        ],
    )


def _member_data(ctx: Context, members: Sequence[MemberInfo]) -> list[dict[str, Any]]:
    """Members for --json; only an admin sees full ID numbers."""
    admin = ctx.ledger.actor.role == "admin"
    return [
        {**dataclasses.asdict(m), "id_number": m.id_number if admin else m.masked_id_number}
        for m in members
    ]


def member_table(members: Sequence[MemberInfo]) -> str:
    if not members:
        return "（没有成员）"
    return output.table(
        ["编号", "姓名", "关系", "性别", "出生日期", "身份证号", "党员", "村干部", "状态"],
        [
            (
                short_id(m.id),
                m.name,
                m.relation,
                m.gender,
                m.birth_date.isoformat() if m.birth_date else "",
                m.masked_id_number,
                "是" if m.is_party_member else "",
                "是" if m.is_cadre else "",
                MEMBER_STATUS_NAMES.get(m.status, m.status),
            )
            for m in members
        ],
    )


# -- households --------------------------------------------------------------------------------


def run_add(ctx: Context) -> None:
    a = ctx.args
    kind = a.kind or ("unit" if a.unit_name else "household")
    h = ctx.ledger.households.add(
        ctx.village.id,
        a.number,
        a.head,
        grid_id=ctx.grid_id(a.grid),
        address=a.address,
        phone=a.phone,
        registered_on=a.registered,
        kind=kind,
        unit_name=a.unit_name,
        head_id_number=a.id_number,
    ).value
    where = f"，网格：{h.grid_name}" if h.grid_name else ""
    ctx.emit(h, f"已登记{KIND_NAMES[h.kind]} {h.number} {_name(h)}{where}。")


def run_list(ctx: Context) -> None:
    a = ctx.args
    rows = ctx.ledger.households.list(
        ctx.village.id, grid_id=ctx.grid_id(a.grid), status=a.status, kind=a.kind
    )
    ctx.emit(rows, lambda: household_table(rows) + (f"\n共 {len(rows)} 户" if rows else ""))


def run_search(ctx: Context) -> None:
    rows = ctx.ledger.households.search(ctx.village.id, ctx.args.query, ctx.args.limit)
    ctx.emit(rows, lambda: household_table(rows))


def run_show(ctx: Context) -> None:
    ledger = ctx.ledger
    h = ctx.household(ctx.args.number)
    members = ledger.members.list(h.id) if h.kind == "household" else []
    balance = ledger.balances.of(h.id, ctx.args.year)
    history = ledger.households.history(h.id)
    recent = ledger.entries.list(h.village_id, household_id=h.id, limit=10)
    changes = change_lines(ctx, h.id)
    data = {
        "household": h,
        "members": _member_data(ctx, members),
        "balance": balance,
        "history": history,
        "recent_entries": recent,
        "changes": changes,
    }

    def render() -> str:
        parts = [_household_card(h, balance)]
        if h.kind == "household":
            parts += ["", "成员：", member_table(members)]
        if history:
            parts += ["", "状态变化：", _history_table(history)]
        if changes:
            parts += ["", "户籍变动：", *changes]
        if recent:
            parts += ["", "最近的积分记录：", entry_table(recent, with_household=False)]
        return "\n".join(parts)

    ctx.emit(data, render)


def _household_card(h: HouseholdInfo, balance: Balance) -> str:
    """The household's own lines of ``household show``: who, where, status, its points."""
    status = STATUS_NAMES.get(h.status, h.status)
    if h.status != "active":
        status += f"（{h.status_since}起）"
    return output.key_values(
        [
            ("户号", h.number),
            ("单位名称" if h.kind == "unit" else "户主", _name(h)),
            *([("负责人", h.head_name)] if h.kind == "unit" else []),
            ("类型", KIND_NAMES.get(h.kind, h.kind)),
            ("网格", h.grid_name or "（未分网格）"),
            ("地址", h.address),
            ("电话", h.phone),
            ("状态", status),
            ("登记日期", h.registered_on.isoformat()),
            (f"{balance.year}年度积分", balance.annual),
            ("累计积分", balance.lifetime),
            ("可用积分", balance.available),
        ]
    )


def _history_table(history: Sequence[StatusChangeInfo]) -> str:
    """A household's status changes: 生效日期, 状态, 原因, 办理时间."""
    return output.table(
        ["生效日期", "状态", "原因", "办理时间"],
        [
            (
                c.effective_on.isoformat(),
                STATUS_NAMES.get(c.status, c.status),
                c.reason,
                c.recorded_at.isoformat(sep=" "),
            )
            for c in history
        ],
    )


def run_status(ctx: Context) -> None:
    a = ctx.args
    status, _ = STATUS_COMMANDS[a.action]
    h = ctx.household(a.number)
    h = ctx.ledger.households.set_status(h.id, status, a.date, a.reason).value
    ctx.emit(h, f"户 {h.number} {_name(h)} 已改为“{STATUS_NAMES[status]}”（{a.date}起）。")


def run_edit(ctx: Context) -> None:
    a = ctx.args
    h = ctx.household(a.number)
    changes = given_changes(
        {
            "head_name": a.head,
            "address": a.address,
            "phone": a.phone,
            "unit_name": a.unit_name,
            "number": a.new_number,
            "grid_id": ctx.grid_id(a.grid) if a.grid is not None else None,
        },
        "--head、--grid、--address、--phone、--unit-name、--new-number",
    )
    h = ctx.ledger.households.update(h.id, **changes).value
    ctx.emit(h, f"已修改户 {h.number} {_name(h)}。")


# -- members -----------------------------------------------------------------------------------


def run_member_add(ctx: Context) -> None:
    a = ctx.args
    h = ctx.household(a.number)
    m = ctx.ledger.members.add(
        h.id,
        a.name,
        relation=a.relation,
        gender=a.gender,
        birth_date=a.birth,
        id_number=a.id_number,
        is_party_member=a.party,
        is_cadre=a.cadre,
        phone=a.phone,
    ).value
    ctx.emit(
        _member_data(ctx, [m])[0],
        f"已给户 {h.number} 添加成员 {m.name}（{m.relation or '未填关系'}），编号 {short_id(m.id)}。",
    )


def run_member_groups(ctx: Context) -> None:
    a = ctx.args
    options = {"is_party_member": a.party, "is_cadre": a.cadre}
    changes = given_changes(
        {k: None if v is None else v == "是" for k, v in options.items()}, "--party、--cadre"
    )
    m = ctx.ledger.members.update(ctx.member_id(a.member), **changes).value
    groups = "、".join(n for n, on in (("党员", m.is_party_member), ("村干部", m.is_cadre)) if on)
    ctx.emit(_member_data(ctx, [m])[0], f"已修改成员 {m.name}：{groups or '不是党员或村干部'}。")


def run_member_list(ctx: Context) -> None:
    h = ctx.household(ctx.args.number)
    members = ctx.ledger.members.list(h.id)
    ctx.emit(_member_data(ctx, members), lambda: member_table(members))


def run_member_move_out(ctx: Context) -> None:
    a = ctx.args
    status = "deceased" if a.deceased else "moved_out"
    if a.date > dt.date.today():
        raise CliError("生效日期不能晚于今天。")
    m = ctx.ledger.members.set_status(ctx.member_id(a.member), status, a.date).value
    ctx.emit(
        _member_data(ctx, [m])[0],
        f"成员 {m.name} 已改为“{MEMBER_STATUS_NAMES[status]}”（{a.date}起）。",
    )
