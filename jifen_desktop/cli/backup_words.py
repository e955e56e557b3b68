"""How ``jifen backup``, ``jifen backups`` and ``jifen restore`` name a backup: its JSON form
and the line a person knows it by (file backups and PostgreSQL dumps alike)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from jifen_desktop.model.backup.files import BackupInfo


def backup_data(info: BackupInfo) -> dict[str, Any]:
    return {
        "path": str(info.path),
        "kind": info.kind,
        "made_at": info.made_at.isoformat(),
        "size": info.size,
        "village_code": info.village_code,
        "village_name": info.village_name,
        "revision": info.revision,
        "replica_id": info.replica_id,
    }


def describe_backup(info: BackupInfo) -> str:
    """``2026-03-01 08:30 自动备份（张集村，7.2 MB）``: how a person knows a backup."""
    from jifen_desktop.model.backup.files import size_text

    village = info.village_name or info.village_code or "村名读不出"
    return (
        f"{info.made_at:%Y-%m-%d %H:%M} {info.kind_name}备份（{village}，{size_text(info.size)}）"
    )


def restored_lines(
    what: str, households: int, entries: int, kept: Path | None, upgraded_from: str | None
) -> list[str]:
    """The first lines of what a restore says: from what, what it holds, the ledger it
    replaced (kept), the schema upgraded."""
    lines = [f"已从 {what} 恢复：{households} 户，{entries} 条积分记录。"]
    if kept is not None:
        lines.append(f"换下来的台账另存为 {kept}，需要时可以再恢复回去。")
    if upgraded_from:
        lines.append(f"备份的数据库结构已从 {upgraded_from} 升级到本程序的版本。")
    return lines
