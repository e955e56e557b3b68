"""How ``jifen backup``, ``jifen backups`` and ``jifen restore`` name a backup: its JSON form
and the line a person knows it by (file backups and PostgreSQL dumps alike)."""

from __future__ import annotations

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
