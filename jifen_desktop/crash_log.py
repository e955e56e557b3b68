"""Unexpected errors, written down for technical support.

A rotating log ``<data folder>/logs/jifen.log`` (1 MB, five old files kept, UTF-8) receives each
unexpected error with its traceback, the program's version, the Python, Qt (when loaded), SQLite
and system versions, and the data folder; the user's log folder (platformdirs) takes it when the
data folder cannot be written or holds no ledger yet. ``CrashReport.message`` is what the user is told, in the desktop
program's dialog (``ui/crash_dialog.py``) and on the ``jifen`` command's one line alike.

The log folder and its files are private to the user (0700/0600, ``model.privacy``): a traceback
may carry what a clerk typed. The command line is written with every password (and any
abbreviation of a password option that argparse would accept, ``--new`` for
``--new-password``) replaced by ***, and ID numbers and phone numbers cut to their last 4 digits.

Pure Python (no Qt import), for the GUI and the CLI.
"""

from __future__ import annotations

import contextlib
import faulthandler
import io
import logging
import os
import platform
import re
import sqlite3
import sys
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from logging.handlers import RotatingFileHandler
from pathlib import Path
from typing import IO

from platformdirs import user_log_dir

from jifen_desktop import __version__
from jifen_desktop.model import privacy
from jifen_desktop.model.paths import APP_NAME, db_path

LOG_DIR_NAME = "logs"
LOG_FILE_NAME = "jifen.log"
FAULT_FILE_NAME = "jifen-fault.log"
MAX_BYTES = 1_000_000
BACKUP_COUNT = 5

log = logging.getLogger("jifen")

SECRET_OPTIONS = ("--password", "--new-password", "--old-password", "--admin-password")
PERSONAL_OPTIONS = ("--id-number", "--phone")
# An ID number (18 or 15 digits) or a mobile phone number inside any word of the command line.
ID_OR_PHONE = re.compile(r"(?<!\d)(\d{17}[\dXx]|\d{15}|1\d{10})(?![\dXx])")


class _PrivateFileHandler(RotatingFileHandler):
    """A rotating log whose files are made 0600 before anything is written to them."""

    def _open(self) -> io.TextIOWrapper:
        if privacy.POSIX:
            with contextlib.suppress(OSError):
                os.close(os.open(self.baseFilename, os.O_WRONLY | os.O_CREAT, privacy.FILE_MODE))
                os.chmod(self.baseFilename, privacy.FILE_MODE)
        return super()._open()


@dataclass(frozen=True)
class CrashReport:
    """One unexpected error: a line to show, everything to send, and where it was written."""

    summary: str  # e.g. "ZeroDivisionError: division by zero"
    details: str  # the environment and the traceback, as in the log
    log_file: Path | None  # None: no folder could be written

    def message(self) -> str:
        """What the user is told, on one line."""
        return "".join(self.sentences())

    def sentences(self) -> list[str]:
        """The message a sentence at a time (a dialog puts each on a line of its own)."""
        if self.log_file is None:
            return [
                "程序出了意外错误，刚才的操作没有保存（已保存的记录不受影响）。",
                "错误详情没能写入文件（数据目录和用户目录都不能写入），",
                "请把显示的错误详情发给技术支持。",
            ]
        return [
            "程序出了意外错误，刚才的操作没有保存（已保存的记录不受影响）。",
            f"错误详情已写入：{self.log_file}。",
            "请把这个文件发给技术支持。",
        ]


class _Log:
    """The one file handler of this process and the data folder it was opened for."""

    handler: RotatingFileHandler | None = None
    folder: Path | None = None
    fault_file: IO[str] | None = None


def log_dir(folder: Path | None) -> Path:
    """``<folder>/logs`` for a data folder that holds a ledger; else (a first start, ``jifen
    init``, a folder given by mistake) the user's log folder, so that no folder gets a
    ``logs`` of ours before it is a data folder."""
    if folder is not None and db_path(folder).is_file():
        return folder / LOG_DIR_NAME
    return Path(user_log_dir(APP_NAME, appauthor=False))


def open_log(folder: Path | None) -> Path | None:
    """Send the ``jifen`` logger to the log for ``folder`` from now on; the file, or None when
    neither the data folder nor the user's log folder can be written."""
    if _Log.handler is not None and Path(_Log.handler.baseFilename).parent == log_dir(folder):
        _Log.folder = folder
        return Path(_Log.handler.baseFilename)
    close_log()
    log.setLevel(logging.INFO)
    for directory in dict.fromkeys((log_dir(folder), log_dir(None))):
        try:
            privacy.make_private_dir(directory)
            handler = _PrivateFileHandler(
                directory / LOG_FILE_NAME,
                maxBytes=MAX_BYTES,
                backupCount=BACKUP_COUNT,
                encoding="utf-8",
            )
        except OSError:
            continue
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        log.addHandler(handler)
        _Log.handler, _Log.folder = handler, folder
        return Path(handler.baseFilename)
    return None


def close_log() -> None:
    """Detach and close this process's log file (a test, or a switch of data folder)."""
    if _Log.handler is not None:
        log.removeHandler(_Log.handler)
        _Log.handler.close()
        _Log.handler, _Log.folder = None, None


def current_log_file() -> Path | None:
    return Path(_Log.handler.baseFilename) if _Log.handler is not None else None


def record(exc: BaseException, *, folder: Path | None = None, where: str = "") -> CrashReport:
    """Write ``exc`` with its traceback and the environment into the log for ``folder`` (the
    log already open when None) and say what to tell the user."""
    path = open_log(folder) if folder is not None or _Log.handler is None else current_log_file()
    summary = "".join(traceback.format_exception_only(type(exc), exc)).strip()
    details = _details(exc, folder if folder is not None else _Log.folder, where)
    log.error("意外错误：%s\n%s", summary, details)
    return CrashReport(summary, details, path)


def _details(exc: BaseException, folder: Path | None, where: str) -> str:
    """The environment, where it happened (if said) and the traceback, as the log keeps them."""
    lines = environment(folder)
    if where:
        lines.append(f"发生在：{where}")
    stack = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    return "\n".join(lines) + "\n" + stack.rstrip()


def record_once(exc: BaseException, *, folder: Path | None = None, where: str = "") -> CrashReport:
    """``record``, once per exception: an error logged where it happened (a background task's
    worker) and shown later (``ui.messages.show_error``) is written down once."""
    found = getattr(exc, _REPORT_ATTRIBUTE, None)
    if isinstance(found, CrashReport):
        return found
    report = record(exc, folder=folder, where=where)
    with contextlib.suppress(AttributeError, TypeError):  # a type without a __dict__
        setattr(exc, _REPORT_ATTRIBUTE, report)
    return report


_REPORT_ATTRIBUTE = "_jifen_crash_report"


def environment(folder: Path | None) -> list[str]:
    """What support needs besides the traceback: versions, system, data folder, command line."""
    return [
        f"积分台账 {__version__}",
        f"Python {platform.python_version()} ({sys.executable})",
        f"Qt {_qt_versions()}",
        f"SQLite {sqlite3.sqlite_version}",
        f"系统 {platform.platform()}",
        f"数据目录 {folder if folder is not None else '（未定）'}",
        f"进程号 {os.getpid()}",
        f"命令行 {' '.join(_command_line(sys.argv))}",
    ]


def enable_fault_log() -> Path | None:
    """A hard crash (a fault inside Qt that takes the process down before any Python hook runs)
    leaves the Python stacks in ``jifen-fault.log`` beside the log."""
    log_file = current_log_file()
    if log_file is None or _Log.fault_file is not None or faulthandler.is_enabled():
        return None  # (enabled already: by ``python -X faulthandler`` or a test run)
    path = log_file.with_name(FAULT_FILE_NAME)
    try:
        _Log.fault_file = open(  # noqa: SIM115 - open for life
            path, "a", encoding="utf-8", opener=_private_opener
        )
    except OSError:
        return None
    faulthandler.enable(_Log.fault_file)
    return path


def _qt_versions() -> str:
    pyside = sys.modules.get("PySide6")
    if pyside is None:
        return "（未加载）"
    core = sys.modules.get("PySide6.QtCore")
    qt = getattr(core, "qVersion", lambda: "?")() if core is not None else "?"
    return f"{qt}, PySide6 {getattr(pyside, '__version__', '?')}"


def _private_opener(path: str, flags: int) -> int:
    return os.open(path, flags, privacy.FILE_MODE)


def _command_line(argv: list[str]) -> list[str]:
    """The command line with passwords replaced by *** and ID and phone numbers cut to their
    last 4 digits: given as ``--option value`` or ``--option=value``, also under any
    abbreviation argparse accepts, and any such number anywhere else."""
    words: list[str] = []
    hide: Callable[[str], str] | None = None
    for word in argv:
        if hide is not None:
            words.append(hide(word))
            hide = None
            continue
        name, given, value = word.partition("=")
        kind = _option_kind(name)
        if kind is None:
            words.append(_cut_numbers(word))
        elif given:
            words.append(f"{name}={kind(value)}")
        else:
            words.append(word)
            hide = kind
    return words


def _option_kind(name: str) -> Callable[[str], str] | None:
    """How the value of option ``name`` is masked (None: it is not masked)."""
    if not name.startswith("--") or len(name) < 3:
        return None
    if "password" in name.lower() or any(o.startswith(name) for o in SECRET_OPTIONS):
        return lambda _value: "***"
    if any(o.startswith(name) for o in PERSONAL_OPTIONS):
        return _last_four
    return None


def _last_four(value: str) -> str:
    return "***" + value[-4:] if len(value) > 4 else "***"


def _cut_numbers(word: str) -> str:
    return ID_OR_PHONE.sub(lambda m: "*" * (len(m.group()) - 4) + m.group()[-4:], word)
