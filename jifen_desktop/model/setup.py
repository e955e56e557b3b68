"""Setting up a new data folder in one go: a ledger file, its village (with or without the
township's rule template) and the first admin operator. Used by ``jifen init`` and by the
first-run wizard alike.

Everything a form can get wrong is checked before any file is made; if the set-up still fails
half way (a full disk, a cancelled progress dialog), the new database files are removed, so a
second try starts clean.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from . import login_throttle, paths
from .errors import ValidationError
from .ledger import Ledger
from .operators import MIN_PASSWORD, OperatorInfo, check_username
from .rule_template import load_template, template_item_count
from .schema import Base
from .villages import VillageInfo, check_name, check_village_code

Progress = Callable[[float, str], None]


@dataclass(frozen=True)
class VillageDetails:
    code: str
    name: str
    township_name: str = ""
    township_code: str = ""


@dataclass(frozen=True)
class AdminDetails:
    username: str = "admin"
    display_name: str = "管理员"
    password: str = ""


@dataclass(frozen=True)
class TemplateSummary:
    """What the township rule template holds: its name and (category, item count) pairs."""

    name: str
    categories: tuple[tuple[str, int], ...]

    @property
    def items(self) -> int:
        return sum(count for _name, count in self.categories)


@dataclass(frozen=True)
class NewLedger:
    """The result of a set-up: the open ledger (the caller closes it) and what went in."""

    ledger: Ledger
    village: VillageInfo
    admin: OperatorInfo
    rule_count: int


def template_summary() -> TemplateSummary:
    template = load_template()
    return TemplateSummary(
        template["name"], tuple((c["name"], len(c["items"])) for c in template["categories"])
    )


def check_village(details: VillageDetails) -> VillageDetails:
    """The village details, trimmed, or a ``ValidationError`` naming the field that is wrong."""
    township_code = details.township_code.strip()
    if township_code and not re.fullmatch(r"\d{9}|\d{12}", township_code):
        raise ValidationError(
            f"乡镇代码“{township_code}”不对：应为9位或12位数字（统计用区划代码），不知道可以不填。",
            field="township_code",
        )
    township_name = details.township_name.strip()
    if len(township_name) > 64:
        raise ValidationError("乡镇名称太长（最多64个字），请简写。", field="township")
    return VillageDetails(
        check_village_code(details.code),
        check_name(details.name, "村名"),
        township_name,
        township_code,
    )


def check_admin(details: AdminDetails) -> AdminDetails:
    """The first admin's details, trimmed, or a ``ValidationError`` naming the field."""
    username = check_username(details.username)
    display_name = _admin_name(details.display_name)
    if len(details.password) < MIN_PASSWORD:
        raise ValidationError(f"管理员密码太短，至少{MIN_PASSWORD}位。", field="password")
    return AdminDetails(username, display_name, details.password)


def _admin_name(text: str) -> str:
    """The first admin's name, trimmed: written, and at most 32 characters."""
    name = text.strip()
    if not name:
        raise ValidationError("请填写管理员的姓名。", field="display_name")
    if len(name) > 32:
        raise ValidationError("姓名太长（最多32个字），请简写。", field="display_name")
    return name


def create_ledger(
    folder: Path,
    village: VillageDetails,
    admin: AdminDetails,
    *,
    with_rules: bool = True,
    mode: str = "village",
    progress: Progress | None = None,
) -> NewLedger:
    """Make a new ledger in ``folder`` with its village and admin; nothing is left on failure."""
    village, admin = check_village(village), check_admin(admin)
    if mode != "village":
        raise ValidationError("乡镇汇总库用 create_township 建立，它没有自己的村。", field="mode")
    step = progress or (lambda _fraction, _message: None)
    step(0.0, "正在建立数据库")
    with new_ledger(folder, mode) as ledger:
        step(0.4, "正在登记村信息和积分细则")
        made = ledger.villages.create(
            village.code,
            village.name,
            village.township_name,
            village.township_code,
            with_template=with_rules,
        ).value
        step(0.7, "正在添加管理员账号")
        operator = ledger.operators.add(
            admin.username,
            admin.display_name,
            "admin",
            admin.password,
            village_id=made.id if mode == "village" else None,
        ).value
        step(1.0, "台账已建立")
    rule_count = template_item_count() if with_rules else 0
    return NewLedger(ledger, made, operator, rule_count)


def create_township(
    folder: Path,
    name: str,
    code: str,
    admin: AdminDetails,
    progress: Progress | None = None,
    database: str | None = None,
) -> tuple[Ledger, OperatorInfo]:
    """Make a township database: no village of its own, villages come in sync bundles and
    stay read-only here. ``code`` is the township's 9- or 12-digit division code; ``database``
    a PostgreSQL server's empty database to use instead of a file in ``folder``."""
    admin = check_admin(admin)
    name = check_name(name, "乡镇名称")
    code = code.strip()
    if not re.fullmatch(r"\d{9}|\d{12}", code):
        raise ValidationError(
            f"乡镇代码“{code}”不对：应为9位或12位数字（统计用区划代码）。", field="code"
        )
    step = progress or (lambda _fraction, _message: None)
    step(0.0, "正在建立乡镇汇总库")
    with new_ledger(folder, "township", name=name, code=code, database=database) as ledger:
        operator = ledger.operators.add(
            admin.username, admin.display_name, "admin", admin.password, village_id=None
        ).value
    step(1.0, "乡镇汇总库已建立")
    return ledger, operator


@contextmanager
def new_ledger(
    folder: Path,
    mode: str = "village",
    *,
    name: str = "",
    code: str = "",
    database: str | None = None,
) -> Iterator[Ledger]:
    """A new, empty ledger in ``folder`` (or on the server ``database``) for the block to fill.
    If the block fails, the new database files are removed (a server's database emptied again),
    and the folder too when it was made for them; on success the ledger stays open for the
    caller."""
    before = BeforeSetUp.of(folder)
    ledger = Ledger.create(folder, mode, name=name, code=code, database=database)
    try:
        yield ledger
    except BaseException:
        remove_new_database(ledger)
        _remove_made_folders(folder, before)
        raise


@dataclass(frozen=True)
class BeforeSetUp:
    """What of a data folder was there before a set-up began: what the set-up made, and only
    that, goes again when it ends half way."""

    folder: bool
    evidence: bool  # the evidence photos' folder (the demo village attaches photos)

    @classmethod
    def of(cls, folder: Path) -> BeforeSetUp:
        return cls(folder.exists(), paths.evidence_dir(folder).exists())


def discard_new_ledger_files(folder: Path, before: BeforeSetUp) -> None:
    """Undo, from outside, a set-up that another process ended half way (the demo village's,
    stopped or crashed): the new SQLite files and login counts, the evidence photos' folder when
    it was made for them, and the folder when it was made for them and is empty. Only for a
    folder that held no ledger before that process began."""
    _remove_ledger_files(folder)
    _remove_made_folders(folder, before)


def _remove_made_folders(folder: Path, before: BeforeSetUp) -> None:
    evidence = paths.evidence_dir(folder)
    if not before.evidence and evidence.is_dir():
        shutil.rmtree(evidence)
    if not before.folder and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()


def remove_new_database(ledger: Ledger) -> None:
    """Undo a set-up that failed half way: the file was new, nothing else can be in it (nor in
    the server's database, which ``Ledger.create`` took only when it held no ledger)."""
    if ledger.on_server:
        _empty_server_tables(ledger)
    ledger.close()
    _remove_ledger_files(ledger.folder)


def _empty_server_tables(ledger: Ledger) -> None:
    """Delete every row of the server's ledger tables, children first."""
    with ledger.engine.begin() as conn:
        for table in reversed(Base.metadata.sorted_tables):
            conn.execute(table.delete())


def _remove_ledger_files(folder: Path) -> None:
    """Remove the database file with SQLite's files beside it, and the login counts (the
    set-up logs the new admin in)."""
    db = paths.db_path(folder)
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    for name in (login_throttle.STATE_FILE_NAME, login_throttle.LOCK_FILE_NAME):
        (folder / name).unlink(missing_ok=True)
