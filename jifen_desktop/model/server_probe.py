"""测试连接: can this computer use the ledger on that PostgreSQL server, and what will happen
when it does? One short connection (5 s to answer), read only; the answer in a clerk's words:
the server not reached, the login refused, no such database, a server older than 15, no ledger
there yet, a ledger older than the program (upgraded when opened), newer (upgrade the program),
a village's ledger (not for a server), or a township's ledger ready to open."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from . import db
from .server_link import ServerAddress

if TYPE_CHECKING:
    from psycopg import Connection

CONNECT_SECONDS = 5
MIN_SERVER = 15

# Outcomes: whether the program can go on and open the database.
USABLE = ("ready", "older")


@dataclass(frozen=True)
class Probe:
    """``kind`` is one of unreachable, login, no_database, old_server, empty, village, newer,
    older, ready; ``message`` says it in Chinese with what to do."""

    kind: str
    message: str
    name: str = ""
    code: str = ""

    @property
    def usable(self) -> bool:
        return self.kind in USABLE


def probe(address: ServerAddress) -> Probe:
    import psycopg

    try:
        conn = psycopg.connect(
            address.url(with_password=True), connect_timeout=CONNECT_SECONDS, autocommit=True
        )
    except psycopg.OperationalError as exc:
        return _refused(address, str(exc))
    with conn:
        return _look(conn, address)


def _refused(address: ServerAddress, said: str) -> Probe:
    low = said.lower()
    if "password" in low or ("role" in low and "does not exist" in low):
        return Probe(
            "login",
            f"服务器拒绝了用户名 {address.user} 的登录：用户名或密码不对。请核对后再试，"
            "或请服务器管理员确认这个账号可以从这台电脑登录（pg_hba.conf）。",
        )
    if "database" in low and "does not exist" in low:
        return Probe(
            "no_database",
            f"服务器上没有名为 {address.database} 的数据库：请核对数据库名，"
            "或请服务器管理员先建好（步骤见使用说明 docs/sync.md）。",
        )
    return Probe(
        "unreachable",
        f"连不上 {address.host}:{address.port}：请检查服务器地址和端口、网络是否连通、"
        "服务器是否开着（防火墙要放行这个端口）。",
    )


def _look(conn: Connection[Any], address: ServerAddress) -> Probe:
    number = int(_one(conn, "SHOW server_version_num") or 0)
    if number // 10000 < MIN_SERVER:
        return Probe(
            "old_server",
            f"服务器的 PostgreSQL 是 {number // 10000} 版，本程序需要 {MIN_SERVER} 或更新的版本。",
        )
    migrated = _one(conn, "SELECT to_regclass('replica') IS NOT NULL") is True
    if not migrated or _row(conn, "SELECT 1 FROM replica") is None:
        return Probe(
            "empty",
            f"连接成功，但数据库 {address.database} 里还没有台账。请服务器管理员先建乡镇汇总库"
            "（jifen init --mode township …），或用 jifen township move-to-server "
            "把乡镇的台账文件搬上来，再连接。",
        )
    revision = str(_one(conn, "SELECT max(version_num) FROM alembic_version") or "")
    mode, name, code = _identity(conn)
    return _judge(revision, mode, name, code)


def _judge(revision: str, mode: str, name: str, code: str) -> Probe:
    label = f"{name}（{code}）" if code else name or "台账"
    if mode != "township":
        return Probe(
            "village",
            "这个数据库里是村台账：村台账留在村里的电脑上，服务器上只放乡镇（县）汇总库。",
        )
    if revision > db.HEAD_REVISION:
        return Probe(
            "newer",
            f"连接成功：{label}。服务器上的台账是更新版本的程序建的（数据库结构 {revision}），"
            "请先把这台电脑上的积分台账程序升级到最新版本。",
        )
    if revision < db.HEAD_REVISION:
        return Probe(
            "older",
            f"连接成功：{label}。服务器上的台账是旧版本程序建的（数据库结构 {revision}），"
            f"打开时会自动升级到本程序的版本（{db.HEAD_REVISION}），别的电脑上的旧程序随后也要升级。"
            "升级前最好先请管理员用 jifen backup 备份。",
            name,
            code,
        )
    return Probe("ready", f"连接成功：{label}，可以使用。", name, code)


def _identity(conn: Connection[Any]) -> tuple[str, str, str]:
    row = _row(conn, "SELECT mode, name, code FROM replica LIMIT 1")
    return (str(row[0]), str(row[1] or ""), str(row[2] or "")) if row else ("", "", "")


def _one(conn: Connection[Any], sql: str) -> Any:
    row = _row(conn, sql)
    return row[0] if row else None


def _row(conn: Connection[Any], sql: str) -> Any:
    return conn.execute(sql).fetchone()
