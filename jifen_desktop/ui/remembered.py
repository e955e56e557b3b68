"""What the program remembers between starts (QSettings) that belongs to one data folder and one
operator, not to the computer: the last page belongs to whoever was working in that folder (the
reviewer does not land on 设置 because the admin left it there; a second village's folder does
not open on the first one's page), and the last login name to that folder. The window's size
and the type size stay the computer's."""

from __future__ import annotations

import hashlib
from pathlib import Path


def folder_key(folder: Path) -> str:
    """A short, settings-safe name for the data folder (the same folder however it was typed)."""
    return hashlib.sha256(str(folder.resolve()).encode()).hexdigest()[:16]


def page_key(folder: Path, username: str) -> str:
    """Where the last page of ``username`` in ``folder`` is kept."""
    return f"folders/{folder_key(folder)}/users/{username.encode().hex()}/page"


def login_key(folder: Path) -> str:
    """Where the last login name used in ``folder`` is kept."""
    return f"folders/{folder_key(folder)}/login_user"
