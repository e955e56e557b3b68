"""The ``Ledger``: one open database file, the operator using it, and its services.

The GUI holds one ``Ledger`` and calls its services; the CLI builds one per command. A service
call is one transaction (``write()`` or ``read()``) and hands back plain frozen dataclasses.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from sqlalchemy import Engine, select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from . import db, hlc, paths
from .errors import DomainError, LedgerStateError
from .ids import new_id
from .read_only import is_read_only, refusing_read_only
from .read_only import refusal as read_only_refusal
from .schema import Replica
from .tx import Actor, Op, Tx
from .write_session import write_transaction

if TYPE_CHECKING:  # the services load when first used: a command needs one or two of them
    from .audit import AuditService
    from .balances import BalanceService
    from .base_points import BasePointsService
    from .calendar.honours import HonourService
    from .calendar.objections import ObjectionService
    from .calendar.overview import CalendarOverview
    from .calendar.publications import PublicationService
    from .calendar.review import ReviewService
    from .calendar.vetoes import VetoService
    from .entries import EntryService
    from .household_changes import HouseholdChangeService
    from .households import HouseholdService
    from .lookup import LookupService
    from .members import MemberService
    from .operators import OperatorService
    from .rankings import RankingService
    from .roster.service import RosterService
    from .rules import RuleService
    from .store import StoreService
    from .verify.service import VerifyReport
    from .villages import VillageService

T = TypeVar("T")


class Ledger:
    """An open ledger file. Create with ``Ledger.create`` or ``Ledger.open``."""

    def __init__(self, folder: Path, engine: Engine, actor: Actor | None = None) -> None:
        self.folder = folder
        self.engine = engine
        self._writer = db.writer(engine)
        self.actor = actor or Actor.system()

    # -- opening ---------------------------------------------------------------------------

    @classmethod
    def create(
        cls,
        folder: Path,
        mode: str = "village",
        *,
        name: str = "",
        code: str = "",
        database: str | None = None,
    ) -> Ledger:
        """Make a new, empty ledger in ``folder`` (refuses if one is there already), or on the
        PostgreSQL ``database`` (an empty one; ``folder`` keeps the logs): its replica row gets
        a new id and key pair; ``name`` and ``code`` are a township's own."""
        folder.mkdir(parents=True, exist_ok=True)
        engine = _new_engine(folder, database)
        from .replica_keys import new_key_pair

        private, public = new_key_pair()
        with Session(db.writer(engine)) as session, session.begin():
            session.add(
                Replica(
                    id=new_id(),
                    mode=mode,
                    created_at=dt.datetime.now().replace(microsecond=0),
                    hlc_last=hlc.pack(hlc.now_ms(), 0),
                    next_seq=1,
                    signing_key=private,
                    public_key=public,
                    name=name,
                    code=code,
                )
            )
        return cls(folder, engine)

    @classmethod
    def open(cls, folder: Path, database: str | None = None) -> Ledger:
        """Open the ledger in ``folder`` (or on the PostgreSQL ``database``), migrating an
        older schema to the newest; a file is backed up first (``backups.before_migration``)."""
        path = paths.db_path(folder)
        if not database and not path.exists():
            raise LedgerStateError(
                f"数据目录 {folder} 里还没有台账数据库。请先运行“jifen init”建立本村台账，"
                "或运行“jifen demo”生成演示村。"
            )
        engine = db.make_server_engine(database) if database else db.make_engine(path)
        try:
            revision = db.current_revision(engine)
            if revision != db.head_revision():
                if revision is not None and not database:
                    from .backup.service import before_migration

                    before_migration(folder, revision)  # named with the old revision
                db.upgrade(engine)
                from .compact import compact_after_upgrade

                compact_after_upgrade(engine, revision)  # once, if a migration freed much
            ledger = cls(folder, engine)
            ledger.replica_id  # noqa: B018 - fail early on a database of another program
        except DBAPIError as exc:
            engine.dispose()
            raise _unopenable(path, database, exc) from exc
        except DomainError:
            engine.dispose()
            raise
        return ledger

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Ledger:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def on_server(self) -> bool:
        """Whether the ledger is on a PostgreSQL server rather than in a file of the folder."""
        return db.is_server(self.engine)

    @cached_property
    def replica_id(self) -> str:
        with self.read() as session:
            replica = session.scalars(select(Replica)).one_or_none()
        if replica is None:
            raise LedgerStateError(
                "这个数据库没有完成初始化（缺少副本标识），请重新运行 jifen init。"
            )
        return replica.id

    @cached_property
    def mode(self) -> str:
        with self.read() as session:
            return session.scalars(select(Replica.mode)).one()

    @property
    def evidence_dir(self) -> Path:
        return paths.evidence_dir(self.folder)

    # -- transactions ----------------------------------------------------------------------

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A read-only snapshot (one deferred transaction)."""
        with Session(self.engine, expire_on_commit=False) as session, session.begin():
            yield session

    def write(self) -> AbstractContextManager[Tx]:
        """A write transaction (``BEGIN IMMEDIATE``); rolled back entirely on any error, and
        refused with ``LedgerReadOnly`` when the file cannot be written."""
        return write_transaction(self._writer, self.actor, paths.db_path(self.folder))

    def refusing_read_only(self) -> AbstractContextManager[None]:
        """Around any write: SQLite's read-only failure becomes ``LedgerReadOnly``."""
        return refusing_read_only(paths.db_path(self.folder))

    def run(self, work: Callable[[Tx], T]) -> Op[T]:
        """Run ``work`` in one write transaction and return its value with what it changed."""
        with self.write() as tx:
            value = work(tx)
        return Op(value, tx.changes)

    def verify(
        self, progress: Callable[[float, str], None] | None = None, village: str | None = None
    ) -> VerifyReport:
        """Check the file, the hash chain and the snapshots (``model.verify``), or one
        village's part of them (its code: ``village``); reads only."""
        from .verify.service import verify

        with self.read() as session:
            return verify(session, progress, village)

    # -- operator --------------------------------------------------------------------------

    def login(self, username: str, password: str) -> Actor:
        self.actor = self.operators.authenticate(username, password)
        return self.actor

    def as_actor(self, actor: Actor) -> Ledger:
        """The same file seen by another operator (shares the engine)."""
        return Ledger(self.folder, self.engine, actor)

    # -- services (each call is one transaction; see the service modules) -------------------

    @property
    def villages(self) -> VillageService:
        from .villages import VillageService

        return VillageService(self)

    @property
    def households(self) -> HouseholdService:
        from .households import HouseholdService

        return HouseholdService(self)

    @property
    def household_changes(self) -> HouseholdChangeService:
        """分户, 合户 and 注销户, with their transfers."""
        from .household_changes import HouseholdChangeService

        return HouseholdChangeService(self)

    @property
    def members(self) -> MemberService:
        from .members import MemberService

        return MemberService(self)

    @property
    def roster(self) -> RosterService:
        from .roster.service import RosterService

        return RosterService(self)

    @property
    def rules(self) -> RuleService:
        from .rules import RuleService

        return RuleService(self)

    @property
    def entries(self) -> EntryService:
        from .entries import EntryService

        return EntryService(self)

    @property
    def base_points(self) -> BasePointsService:
        from .base_points import BasePointsService

        return BasePointsService(self)

    @property
    def balances(self) -> BalanceService:
        from .balances import BalanceService

        return BalanceService(self)

    @property
    def rankings(self) -> RankingService:
        from .rankings import RankingService

        return RankingService(self)

    @property
    def operators(self) -> OperatorService:
        from .operators import OperatorService

        return OperatorService(self)

    @property
    def store(self) -> StoreService:
        from .store import StoreService

        return StoreService(self)

    @property
    def review(self) -> ReviewService:
        from .calendar.review import ReviewService

        return ReviewService(self)

    @property
    def publications(self) -> PublicationService:
        from .calendar.publications import PublicationService

        return PublicationService(self)

    @property
    def objections(self) -> ObjectionService:
        from .calendar.objections import ObjectionService

        return ObjectionService(self)

    @property
    def vetoes(self) -> VetoService:
        from .calendar.vetoes import VetoService

        return VetoService(self)

    @property
    def honours(self) -> HonourService:
        from .calendar.honours import HonourService

        return HonourService(self)

    def calendar(self, village_id: str, today: dt.date | None = None) -> CalendarOverview:
        """Where the village stands in the calendar (for the status bar and 首页)."""
        from .calendar.overview import overview

        return overview(self, village_id, today)

    @property
    def audit(self) -> AuditService:
        from .audit import AuditService

        return AuditService(self)

    @property
    def lookup(self) -> LookupService:
        """Short ids (the 8 characters lists print) to full ids, for what a person types."""
        from .lookup import LookupService

        return LookupService(self)


def _new_engine(folder: Path, database: str | None) -> Engine:
    """The engine of a ledger about to be made, its schema migrated; refuses an existing file."""
    if database:
        engine = db.make_server_engine(database)
        try:
            db.upgrade(engine)
        except DBAPIError as exc:
            engine.dispose()
            raise _unopenable(paths.db_path(folder), database, exc) from exc
        with Session(engine) as session, session.begin():
            taken = session.scalars(select(Replica.id)).first() is not None
        if taken:
            engine.dispose()
            raise LedgerStateError(
                "这个数据库里已经有台账，不能重复初始化；如要重新开始，请让管理员新建一个空数据库。"
            )
        return engine
    path = paths.db_path(folder)
    if path.exists():
        raise LedgerStateError(
            f"数据目录 {folder} 里已经有台账数据库，不能重复初始化；"
            "如要重新开始，请先备份并移走 ledger.sqlite3。"
        )
    engine = db.make_engine(path)
    db.upgrade(engine)
    return engine


def _unopenable(path: Path, database: str | None, exc: DBAPIError) -> DomainError:
    """What to tell the user when the database cannot be opened at all."""
    if database:
        return LedgerStateError(
            f"连不上台账数据库服务器，或那里不是积分台账的数据库（{exc.orig}）。"
            "请检查 --database 或 JIFEN_DATABASE_URL 里的服务器地址、端口、用户名、密码和数据库名，"
            "以及服务器是否开着；密码可写在 ~/.pgpass 里。"
        )
    if is_read_only(exc):
        return read_only_refusal(path, opening=True)
    return LedgerStateError(
        f"{path} 不是积分台账的数据库，或文件已损坏（{exc.orig}）。"
        "请检查数据目录是否选对；如文件损坏，请从备份恢复。"
    )
