"""Where the data folder is: platformdirs by default, ``--data-dir`` or ``JIFEN_DATA_DIR`` to override."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_dir

APP_NAME = "jifen-desktop"
DB_FILE_NAME = "ledger.sqlite3"
EVIDENCE_DIR_NAME = "evidence"


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """The data folder: the override, else ``JIFEN_DATA_DIR``, else the platform's user data dir."""
    if override:
        return Path(override).expanduser().resolve()
    env = os.environ.get("JIFEN_DATA_DIR")
    if env:
        return Path(env).expanduser().resolve()
    return Path(user_data_dir(APP_NAME, appauthor=False))


def db_path(folder: Path) -> Path:
    return folder / DB_FILE_NAME


def evidence_dir(folder: Path) -> Path:
    return folder / EVIDENCE_DIR_NAME


def resources_dir() -> Path:
    """The ``resources/`` folder shipped with the program (rule templates, icons)."""
    env = os.environ.get("JIFEN_RESOURCES")
    if env:
        return Path(env)
    here = Path(__file__).resolve()
    for parent in here.parents:
        candidate = parent / "resources"
        if (candidate / "rule_template.json").exists():
            return candidate
    raise FileNotFoundError("找不到程序资源目录 resources/，请重新安装积分台账。")
