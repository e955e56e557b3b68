"""Laptops and a township for sync tests: real ledgers in temporary folders, real bundles.

A ``Laptop`` wraps a ledger and its ``SyncService``; ``clone`` sets up a second laptop of a
village the way a clerk would (a new database that enrols the first laptop's key and imports
its full bundle); ``dump`` gives a database's synced rows in a canonical form to compare.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pg
from pytest import MonkeyPatch
from sqlalchemy import select, text

from jifen_desktop.model import paths
from jifen_desktop.model.audit_members import all_rows
from jifen_desktop.model.entry_checks import EntryDraft
from jifen_desktop.model.ledger import Ledger
from jifen_desktop.model.row_form import canonical, synced_tables, to_json_values
from jifen_desktop.model.schema import ChainLink
from jifen_desktop.model.setup import AdminDetails, create_township
from jifen_desktop.sync import SyncService
from jifen_desktop.sync.importer import ImportResult

DAY = dt.date(2026, 10, 12)


@dataclass
class Laptop:
    ledger: Ledger
    out: Path
    names: dict[str, str] = field(default_factory=dict)  # household number -> id

    @property
    def sync(self) -> SyncService:
        return SyncService(self.ledger)

    @property
    def replica_id(self) -> str:
        return self.ledger.replica_id

    @property
    def village_id(self) -> str:
        return self.ledger.villages.list()[0].id

    def export(
        self, to: Laptop | None = None, *, full: bool = False, new_laptop: bool = False
    ) -> Path:
        folder = Path(tempfile.mkdtemp(dir=self.out))
        target = to.replica_id if to is not None else None
        return self.sync.export(folder, to=target, full=full, new_laptop=new_laptop).path

    def take(self, bundle: Path) -> ImportResult:
        return self.sync.import_bundle(bundle).value

    def trust(self, bundle: Path) -> None:
        """Enrol the key that signed ``bundle`` (once per source)."""
        source = self.sync.inspect(bundle).source["replica_id"]
        if source not in {p.replica_id for p in self.sync.peers()}:
            self.sync.enrol(bundle, trust=True)

    def household(self, number: str, head: str) -> str:
        info = self.ledger.households.add(
            self.village_id, number, head, registered_on=dt.date(2020, 1, 1)
        ).value
        return info.id

    def record(self, household_id: str, day: dt.date = DAY, code: str = "B05") -> str:
        draft = EntryDraft(household_id, code, day)
        return self.ledger.entries.record(self.village_id, draft).value.id

    def approve_pending(self, month: str = "2026-10", *, reject: bool = False) -> int:
        """Decide every pending entry here (approve, or reject with a reason)."""
        pending = [e.id for e in self.ledger.entries.list(self.village_id, status="pending")]
        if not pending:
            return 0
        if self.ledger.review.open_session(self.village_id, month) is None:
            self.ledger.review.open(self.village_id, month)
        if reject:
            self.ledger.entries.reject(pending, "照片看不清")
        else:
            self.ledger.entries.approve(pending)
        return len(pending)

    def close(self) -> None:
        self.ledger.close()


def new_village(root: Path, code: str, name: str, households: int = 3) -> Laptop:
    folder = Path(tempfile.mkdtemp(dir=root))
    ledger = Ledger.create(folder, database=pg.ledger_target())
    village = ledger.villages.create(code, name, "张集镇").value
    # Seed 001's template asks evidence of every item: this village lets its recorders'
    # observations go without a photo, and has added the optional deductions (A16 …).
    ledger.rules.set_observations_without_evidence(village.id, True)
    ledger.rules.add_optional(village.id)
    laptop = Laptop(ledger, root)
    for n in range(1, households + 1):
        number = f"{n:04d}"
        laptop.names[number] = laptop.household(number, f"户主{n}")
    return laptop


def copy_of(laptop: Laptop, root: Path) -> Laptop:
    """The same database in another folder (the same replica: for tests that redo imports)."""
    folder = Path(tempfile.mkdtemp(dir=root))
    laptop.ledger.engine.dispose()
    url = server_url(laptop.ledger)
    if url is not None:
        return Laptop(Ledger.open(folder, pg.copy_database(url)), root, dict(laptop.names))
    shutil.copy(paths.db_path(laptop.ledger.folder), paths.db_path(folder))
    return Laptop(Ledger.open(folder), root, dict(laptop.names))


def clone(source: Laptop, root: Path) -> Laptop:
    """A second laptop of ``source``'s village, set up from its full bundle; each enrols the
    other's key."""
    folder = Path(tempfile.mkdtemp(dir=root))
    laptop = Laptop(Ledger.create(folder, database=pg.ledger_target()), root, dict(source.names))
    bundle = source.export(new_laptop=True)
    laptop.trust(bundle)
    laptop.take(bundle)
    source.trust(laptop.export())
    return laptop


def new_township(root: Path) -> Laptop:
    folder = Path(tempfile.mkdtemp(dir=root))
    ledger, _admin = create_township(
        folder,
        "张集镇",
        "420881100",
        AdminDetails("xiang", "乡镇办", "secret-123"),
        database=pg.ledger_target(),
    )
    return Laptop(ledger, root)


def server_url(ledger: Ledger) -> str | None:
    """The PostgreSQL address of a ledger on the server, None for a file."""
    return ledger.engine.url.render_as_string(hide_password=False) if ledger.on_server else None


def reopen(ledger: Ledger) -> Ledger:
    """Close ``ledger`` and open it again (the way a restarted program finds it)."""
    ledger.close()
    return Ledger.open(ledger.folder, server_url(ledger))


def use_in_cli(monkeypatch: MonkeyPatch, laptop: Laptop, user: str, password: str) -> None:
    """``jifen`` commands of this test work on ``laptop``'s ledger (its folder, and its server
    database when it is on one) as ``user``."""
    monkeypatch.setenv("JIFEN_DATA_DIR", str(laptop.ledger.folder))
    url = server_url(laptop.ledger)
    if url is not None:
        monkeypatch.setenv("JIFEN_DATABASE_URL", url)
    monkeypatch.setenv("JIFEN_USER", user)
    monkeypatch.setenv("JIFEN_PASSWORD", password)


def behind_the_program(ledger: Ledger, sql: str, *rows: dict[str, object]) -> None:
    """Change the database the way someone with a database tool would: raw SQL (``:name``
    parameters, once per row given), outside every service and with no audit row; on either
    engine."""
    with ledger.engine.connect() as conn, conn.begin():
        conn.execute(text(sql), list(rows) if len(rows) > 1 else (rows[0] if rows else {}))


def fingerprint(laptop: Laptop) -> str:
    """The database's whole state: an SQLite ledger's files byte for byte (nothing pending:
    the engine is closed first), a PostgreSQL ledger's every row of every table."""
    if laptop.ledger.on_server:
        return pg.content_digest(server_url(laptop.ledger) or "")
    laptop.ledger.engine.dispose()
    db = paths.db_path(laptop.ledger.folder)
    digest = hashlib.sha256()
    for suffix in ("", "-wal"):
        part = Path(f"{db}{suffix}")
        if part.exists():
            digest.update(part.read_bytes())
    return digest.hexdigest()


def dump(
    ledger: Ledger, *, skip_replica: str | None = None, skip_tables: tuple[str, ...] = ()
) -> dict[str, list[str]]:
    """Every synced row and hash-chain link, canonical and sorted, per table; rows written by
    ``skip_replica`` (its own audit rows of imports, say) left out."""
    result: dict[str, list[str]] = {}
    with ledger.read() as s:
        for synced in synced_tables():
            if synced.name in skip_tables:
                continue
            cols = [synced.table.c[name] for name in synced.columns]
            stmt = select(*cols)
            if skip_replica is not None:
                stmt = stmt.where(synced.origin_column != skip_replica)
            rows = [to_json_values(synced, row) for row in s.execute(stmt)]
            if synced.name == "audit_log":  # a township's villages' rows: in members
                at = synced.index("replica_id")
                rows += [r for r in all_rows(s.connection()) if r[at] != skip_replica]
            result[synced.name] = sorted(canonical(row) for row in rows)
        if "chain_links" not in skip_tables:
            links = select(ChainLink)
            if skip_replica is not None:
                links = links.where(ChainLink.replica_id != skip_replica)
            result["chain_links"] = sorted(
                canonical([x.replica_id, x.first_seq, x.last_seq, x.prev_hash, x.rows, x.hash])
                for x in s.scalars(links)
            )
    return result
