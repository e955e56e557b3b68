"""``jifen key show|list|enrol|revoke``: this computer's signing key, read out as a fingerprint,
and the keys of other computers whose sync bundles it accepts."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from . import output
from .context import Context, Subcommands, add_command, add_group

if TYPE_CHECKING:  # the sync service (and its signing keys) loads when a command runs
    from jifen_desktop.sync import SyncService
    from jifen_desktop.sync.peers import PeerInfo


def _sync(ctx: Context) -> SyncService:
    from jifen_desktop.sync import SyncService

    return SyncService(ctx.ledger)


def register(sub: Subcommands) -> None:
    key = add_group(sub, "key", "同步密钥：本机指纹，登记或吊销对方的密钥")
    add_command(key, "show", "显示本机的密钥指纹（电话里念给对方核对）", run_show)
    add_command(key, "list", "已登记的对方密钥", run_list)
    p = add_command(
        key,
        "enrol",
        "登记对方的密钥：从对方导出的同步包里读出，核对指纹后登记",
        run_enrol,
        epilog="例：jifen key enrol 420881100001_20261121_001.jfb --fingerprint '5149 9397 3976 7742 3157'",
    )
    p.add_argument("file", type=Path, metavar="包文件", help="对方导出的 .jfb 同步包")
    p.add_argument("--fingerprint", metavar="指纹", help="对方电话里念的指纹（20位数字）")
    p.add_argument("--trust", action="store_true", help="已在屏幕上核对过指纹，不再输入")
    p = add_command(
        key, "revoke", "吊销对方的密钥（电脑丢失或更换），此后不再接受它的包", run_revoke
    )
    p.add_argument("which", metavar="对方", help="村代码、乡镇代码或副本编号")
    p.add_argument("--reason", required=True, metavar="原因", help="为什么吊销")


def run_show(ctx: Context) -> None:
    me = _sync(ctx).identity()
    ctx.emit(
        me,
        lambda: output.key_values(
            [
                ("本机", f"{me.name}（{me.code}）" if me.code else me.name),
                ("类型", "乡镇汇总库" if me.mode == "township" else "村台账"),
                ("密钥指纹", me.fingerprint),
                ("副本编号", me.replica_id),
            ]
        ),
    )


def _peer_rows(peers: list[PeerInfo]) -> list[list[str]]:
    from jifen_desktop.sync.peers import KIND_NAMES

    return [
        [
            p.name,
            p.code,
            KIND_NAMES.get(p.kind, p.kind),
            p.fingerprint,
            f"{p.enrolled_at:%Y-%m-%d}",
            f"{p.last_bundle_at:%Y-%m-%d}" if p.last_bundle_at else "",
            f"已吊销（{p.revoke_reason}）" if p.revoked_at else "有效",
        ]
        for p in peers
    ]


def run_list(ctx: Context) -> None:
    peers = _sync(ctx).peers()
    ctx.emit(
        peers,
        lambda: output.table_or(
            "还没有登记任何对方的密钥。用 jifen key enrol 包文件 --fingerprint 指纹 登记。",
            ["名称", "代码", "类型", "指纹", "登记日期", "最后收到", "状态"],
            _peer_rows(peers),
            left=(0, 1, 2, 3),
        ),
    )


def run_enrol(ctx: Context) -> None:
    a = ctx.args
    peer = _sync(ctx).enrol(a.file, a.fingerprint, trust=a.trust).value
    scope = (
        f"它签名的同步包只能写{peer.label}的记录。"
        if peer.kind == "village"
        else "它签名的同步包只带确认信息和积分细则模板。"
    )
    ctx.emit(
        peer,
        f"已登记 {peer.label} 的密钥（指纹 {peer.fingerprint}）。{scope}现在可以导入它的同步包了。",
    )


def run_revoke(ctx: Context) -> None:
    a = ctx.args
    peer = _sync(ctx).revoke(a.which, a.reason).value
    ctx.emit(
        peer, f"已吊销 {peer.label} 的密钥（指纹 {peer.fingerprint}），此后不再接受它的同步包。"
    )
