"""Where a bundle may be saved: the removable drives plugged in now (a USB stick), found
through Qt's list of mounted volumes, with the room left on each."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QDir, QStorageInfo

# Where desktop Linux mounts sticks; on Windows every drive but the system's one.
LINUX_MOUNTS = ("/media/", "/run/media/", "/mnt/")


@dataclass(frozen=True)
class Drive:
    path: Path
    name: str
    free: int

    @property
    def label(self) -> str:
        free = f"{self.free / 1024**3:.1f} GB" if self.free >= 1024**3 else "不到 1 GB"
        return f"U盘/移动硬盘 {self.name}（剩余 {free}）"  # the path is in the tooltip


def removable_drives() -> list[Drive]:
    system = QStorageInfo(QDir.rootPath()).rootPath()
    drives = []
    for volume in QStorageInfo.mountedVolumes():
        root = volume.rootPath()
        if not volume.isValid() or not volume.isReady() or volume.isReadOnly() or root == system:
            continue
        if sys.platform != "win32" and not root.startswith(LINUX_MOUNTS):
            continue
        name = volume.displayName()
        if not name or name.rstrip("/\\") == root.rstrip("/\\"):  # Linux gives the path
            name = Path(root).name or root
        drives.append(Drive(Path(root), name, volume.bytesAvailable()))
    return drives
