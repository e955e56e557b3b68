"""What ``jifen verify`` checks of a ledger on a PostgreSQL server in place of the file checks
(SQLite's ``integrity_check`` and ``foreign_key_check``, which have no counterpart there).

PostgreSQL checks every reference as it writes, through the foreign keys' internal triggers, so
a dangling reference can only be stored when a constraint was never validated (``NOT VALID``)
or its triggers were switched off (``ALTER TABLE … DISABLE TRIGGER ALL``, a superuser's doing,
or ``session_replication_role`` left at ``replica`` by a restore tool). Those are what is
looked for here: every foreign key of the ledger's tables validated and enforced. Whether the
server checksums its data pages (``data_checksums``, chosen when the cluster was made) is said
too; the pages themselves are the server's to check (``pg_amcheck``, its administrator's tool).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

REFERENCES_SQL = """
SELECT c.conrelid::regclass::text, c.conname, c.convalidated,
       bool_and(t.tgenabled <> 'D') AS enforced
FROM pg_constraint c
JOIN pg_namespace n ON n.oid = c.connamespace
LEFT JOIN pg_trigger t ON t.tgconstraint = c.oid
WHERE c.contype = 'f' AND n.nspname = current_schema()
GROUP BY 1, 2, 3
ORDER BY 1, 2
"""


@dataclass(frozen=True)
class ServerCheck:
    """The server's version, how many references it enforces, and any that it does not."""

    version: str
    references: int
    checksums: bool
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def summary(self) -> str:
        """The line ``jifen verify`` shows where a file's check would be."""
        if not self.ok:
            return f"PostgreSQL {self.version}，有 {len(self.problems)} 条引用约束没有生效"
        pages = "，数据页有校验和" if self.checksums else ""
        return f"PostgreSQL {self.version}，{self.references} 条引用约束都在生效{pages}"

    def as_dict(self) -> dict[str, Any]:
        return {
            "version": self.version,
            "references": self.references,
            "checksums": self.checksums,
            "problems": self.problems,
        }


def check_server(conn: Any) -> ServerCheck:
    """Read the server's catalogue on ``conn`` (a connection to the ledger's database)."""
    version = str(conn.exec_driver_sql("SHOW server_version").scalar_one()).split()[0]
    checksums = conn.exec_driver_sql("SHOW data_checksums").scalar_one() == "on"
    rows = conn.exec_driver_sql(REFERENCES_SQL).all()
    problems = [_problem(table, name, valid, enforced) for table, name, valid, enforced in rows]
    return ServerCheck(version, len(rows), checksums, [p for p in problems if p])


def _problem(table: str, name: str, valid: bool, enforced: bool | None) -> str:
    if not valid:
        return (
            f"{table} 表的引用约束 {name} 没有验证过（NOT VALID）：表里可能有指向不存在记录的行，"
            "请数据库管理员运行 ALTER TABLE … VALIDATE CONSTRAINT 后再检查。"
        )
    if enforced is False:
        return (
            f"{table} 表的引用约束 {name} 被关掉了（触发器已停用）：在这期间写入的行不受检查，"
            "请数据库管理员运行 ALTER TABLE … ENABLE TRIGGER ALL 后再检查。"
        )
    return ""
