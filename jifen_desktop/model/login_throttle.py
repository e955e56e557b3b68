"""Slowing down password guessing: after ``FREE_FAILURES`` wrong passwords in a row for one
user name, every further try for that name must wait 1, 2, 4 … seconds (at most ``MAX_WAIT``)
after the last wrong one, and a try within the wait is refused unchecked, the right password
too. A right password clears the count; a day without a wrong one starts it afresh.

The counts live in ``login-attempts.json`` in the data folder, so that closing and reopening the
program does not reset them. They are security state, not ledger evidence: not in the ledger
(``verify`` and the bundles never see them), written whole with a rename. Names that are not
operators are counted the same way, so that the refusals do not tell who exists; the file keeps
a salted hash of each name, never the name (a password typed into the name box stays unread).
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import PermissionDenied
from .files import replace_atomically

STATE_FILE_NAME = "login-attempts.json"
LOCK_FILE_NAME = "login-attempts.lock"
FREE_FAILURES = 5
FIRST_WAIT = 1.0
MAX_WAIT = 60.0
FORGET_AFTER = 24 * 3600.0  # seconds without a wrong password after which the count restarts
MAX_NAMES = 1000  # the file stays small whatever is typed into the name box

log = logging.getLogger(__name__)


def now() -> float:
    """Seconds since the epoch: wall-clock time, because the counts outlive the program.
    Tests replace this function."""
    return time.time()


def wait_after(failures: int) -> float:
    """How long the next try must wait after this many wrong passwords in a row."""
    if failures < FREE_FAILURES:
        return 0.0
    return min(MAX_WAIT, FIRST_WAIT * 2 ** min(failures - FREE_FAILURES, 32))


def too_many_message(seconds: float) -> str:
    return f"密码错误次数太多，请 {math.ceil(seconds)} 秒后再试；忘记密码请找管理员重设。"


class LoginThrottled(PermissionDenied):
    """A try within the wait after too many wrong passwords; ``wait_seconds`` is what is left."""

    def __init__(self, wait_seconds: float) -> None:
        super().__init__(too_many_message(wait_seconds), field="password")
        self.wait_seconds = math.ceil(wait_seconds)


@dataclass(frozen=True)
class LoginThrottle:
    """The counts of one data folder. Each call reads the file afresh and writes it back under
    a lock (``login-attempts.lock``): a window and commands may be logging in at once.

    A try is counted as wrong *before* its password is checked (``attempt``) and the count is
    cleared when it was right (``succeeded``), so that tries run side by side cannot all slip
    in before the first of them is counted."""

    folder: Path

    @property
    def path(self) -> Path:
        return self.folder / STATE_FILE_NAME

    def wait_left(self, username: str) -> float:
        state = self._load()
        record = state["users"].get(self._key(state, username))
        return _left(record, now()) if record else 0.0

    def check(self, username: str) -> None:
        """Refuse (``LoginThrottled``) while ``username`` must still wait."""
        left = self.wait_left(username)
        if left > 0:
            raise LoginThrottled(left)

    def attempt(self, username: str) -> float:
        """Refuse (``LoginThrottled``) while ``username`` must wait, else count this try as a
        wrong one and return the wait it starts if it is (0 while tries are still free)."""
        with _locked(self.folder):
            state = self._load()
            key, moment = self._key(state, username), now()
            record = state["users"].get(key)
            if record and _left(record, moment) > 0:
                raise LoginThrottled(_left(record, moment))
            if record is None or moment - record["last"] > FORGET_AFTER:
                record = {"failures": 0, "last": moment}
            record = {"failures": record["failures"] + 1, "last": moment}
            state["users"][key] = record
            self._save(state, moment)
        return _left(record, moment)

    def succeeded(self, username: str) -> None:
        """The right password (or a new one set by an admin): the count starts again."""
        with _locked(self.folder):
            state = self._load()
            if state["users"].pop(self._key(state, username), None) is not None:
                self._save(state, now())

    @staticmethod
    def _key(state: dict[str, Any], username: str) -> str:
        salted = (state["salt"] + "\n" + username.strip()).encode()
        return hashlib.sha256(salted).hexdigest()[:32]

    def _load(self) -> dict[str, Any]:
        """The counts; a missing or unreadable file counts as none (logged)."""
        try:
            state = json.loads(self.path.read_text(encoding="utf-8"))
            users = {
                str(k): {"failures": int(v["failures"]), "last": float(v["last"])}
                for k, v in state["users"].items()
            }
            return {"salt": str(state["salt"]), "users": users}
        except FileNotFoundError:
            pass
        except (OSError, ValueError, TypeError, KeyError, AttributeError) as exc:
            log.warning("登录失败计数文件 %s 读不出（%s），按没有记录处理", self.path, exc)
        return {"salt": os.urandom(16).hex(), "users": {}}

    def _save(self, state: dict[str, Any], moment: float) -> None:
        """Write the counts whole, dropping names forgotten and the oldest past ``MAX_NAMES``.
        A folder that cannot be written (a read-only copy) only loses the slowing down."""
        kept = _remembered(state["users"], moment)
        text = json.dumps({"salt": state["salt"], "users": kept}, indent=1)
        try:
            replace_atomically(self.path, lambda tmp: tmp.write_text(text, encoding="utf-8"))
        except OSError as exc:
            log.warning("登录失败计数写不进 %s（%s）", self.path, exc)


@contextmanager
def _locked(folder: Path) -> Iterator[None]:
    """Hold ``login-attempts.lock`` of ``folder`` (released when its file is closed, also by a
    killed process). A folder where it cannot be made goes on unlocked."""
    try:
        fd = os.open(folder / LOCK_FILE_NAME, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError as exc:
        log.warning("登录失败计数的锁文件建不了（%s）", exc)
        yield
        return
    try:
        if sys.platform == "win32":
            import msvcrt

            msvcrt.locking(fd, msvcrt.LK_LOCK, 1)  # retries for 10 s, then OSError
        else:
            import fcntl

            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def _remembered(users: dict[str, Any], moment: float) -> dict[str, Any]:
    """The names to keep: those with a wrong password in the last ``FORGET_AFTER`` seconds,
    the latest ``MAX_NAMES`` of them."""
    kept = sorted(
        (item for item in users.items() if moment - item[1]["last"] <= FORGET_AFTER),
        key=lambda item: item[1]["last"],
    )[-MAX_NAMES:]
    return dict(kept)


def _left(record: dict[str, Any], moment: float) -> float:
    """The wait still to go; a clock set back never makes it longer than the wait itself."""
    wait = wait_after(record["failures"])
    return max(0.0, min(wait, record["last"] + wait - moment))
