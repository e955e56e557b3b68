"""The world the invariant machine (``ledger_machine.py``) plays in: a village ledger, a second
laptop of the same village and a township, built once per test run under a moved clock and
copied per example (a copy is milliseconds; a migrated ledger is a second), and the tampering
done at the end with a raw ``sqlite3`` connection behind the program's back.

The clock: nothing in the suite moved time before this test, and many services check dates
against today (``Tx.now``, ``dt.date.today()``), so the machine travels with ``time_machine``
(a test dependency) from ``START`` on. The templates are made at ``TEMPLATE_TIME``, before it,
so a copy's hybrid clocks and audit times are never ahead of the travelling clock.
"""

from __future__ import annotations

import atexit
import datetime as dt
import functools
import json
import random
import re
import shutil
import sqlite3
import struct
import tempfile
import zlib
from dataclasses import dataclass
from pathlib import Path

import time_machine

from jifen_desktop.model import paths
from jifen_desktop.model.backup.service import BackupService
from jifen_desktop.model.calendar.honour_awards import HonourAwardService
from jifen_desktop.model.entry_checks import EntryDraft
from jifen_desktop.model.ledger import Ledger
from jifen_desktop.model.row_form import synced_tables
from jifen_desktop.model.setup import AdminDetails, create_township
from jifen_desktop.model.tx import Actor
from jifen_desktop.model.year_close import YearCloseService
from jifen_desktop.sync import SyncService

START = dt.datetime(2027, 1, 18, 9, 0, 0)  # a Monday; 2026Q4 and the year 2026 have ended
TEMPLATE_TIME = START - dt.timedelta(hours=2)
REGISTERED = dt.date(2026, 1, 1)
VILLAGE_CODE = "420881100001"
TOWNSHIP_CODE = "420881100"
PASSWORD = "secret-123"
HOUSEHOLDS = (
    ("0101", "王建国", 0),
    ("0102", "李秀英", 0),
    ("0103", "张伟", 1),
    ("0104", "刘洋", 1),
)

# Tables the tampering leaves alone, and why: none of them is a record of the village.
NOT_RECORDS = {
    "alembic_version": "the schema revision (a wrong one is refused when the file is opened)",
    "replica": "this database's identity and clock (sync's bookkeeping, not a record)",
    "household_search_keys": "derived: rebuilt from households and members",
    "sync_acks": "sync bookkeeping: what a peer acknowledged (a wrong value resends rows)",
    "sync_bundles": "sync bookkeeping: the bundles imported (a wrong one re-imports)",
    "sync_ranges": "sync bookkeeping: the ranges held",
    "sync_peers": "enrolled keys: verify checks what decides trust (key, code, revocation;"
    " tests/sync/test_verify_peers.py), not the names and dates shown beside them",
    "sync_conflicts": "rows a merge set aside",
}


def tiny_png(path: Path) -> Path:
    """A real 1×1 PNG (evidence is judged by its content)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x80\x00")
    data = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels)
    path.write_bytes(data + chunk(b"IEND", b""))
    return path


def actor_of(ledger: Ledger, username: str) -> Actor:
    """The operator ``username`` as the services see him after logging in (without the
    password's scrypt, which costs more than a whole step)."""
    for op in ledger.operators.list():
        if op.username == username:
            return Actor(
                op.id, op.username, op.display_name, op.role, op.village_id, frozenset(op.grid_ids)
            )
    raise LookupError(username)


@dataclass(frozen=True)
class Templates:
    """The three template ledgers' folders."""

    village: Path
    laptop: Path
    township: Path
    stick: Path  # a backup of the village on a stick, made last


@functools.lru_cache(maxsize=1)
def templates() -> Templates:
    """Made once per run (about 4 s): the village with its catalog, two grids, an admin, a
    reviewer and a recorder, four households and a stocked store, in the middle of things
    (``_lived_in``); a second laptop set up from its full bundle (each enrols the other); a
    township that enrolled both and imported the village; a backup of the village."""
    root = Path(tempfile.mkdtemp(prefix="ledger-machine-templates-"))
    atexit.register(shutil.rmtree, root, ignore_errors=True)
    with time_machine.travel(TEMPLATE_TIME, tick=True):
        village = _village(root / "village")
        laptop = Ledger.create(root / "laptop")
        township, _admin = create_township(
            root / "township", "张集镇", TOWNSHIP_CODE, AdminDetails("xiang", "乡镇办", PASSWORD)
        )
        bundles = root / "bundles"
        for name in ("v1", "l1", "t0", "t1"):
            (bundles / name).mkdir(parents=True)
        full = SyncService(village).export(bundles / "v1", full=True).path
        SyncService(laptop).enrol(full, trust=True)
        SyncService(laptop).import_bundle(full)
        back = SyncService(laptop).export(bundles / "l1").path
        SyncService(village).enrol(back, trust=True)
        SyncService(village).import_bundle(back)
        for source in (full, back):
            SyncService(township).enrol(source, trust=True)
        from_township = SyncService(township).export(bundles / "t0").path
        for ledger in (village, laptop):
            SyncService(ledger).enrol(from_township, trust=True)
        to_township = SyncService(village).export(bundles / "t1", to=township.replica_id).path
        SyncService(township).import_bundle(to_township)
        BackupService(village).backup(root / "stick")
        for ledger in (village, laptop, township):
            report = ledger.verify()
            assert report.ok, report.findings
            ledger.close()
    return Templates(root / "village", root / "laptop", root / "township", root / "stick")


def _village(folder: Path) -> Ledger:
    ledger = Ledger.create(folder)
    village = ledger.villages.create(VILLAGE_CODE, "张集村", "张集镇").value
    # Seed 001's template asks evidence of every item: this village lets its recorders'
    # observations go without a photo, and has added the optional deductions (A16 …).
    ledger.rules.set_observations_without_evidence(village.id, True)
    ledger.rules.add_optional(village.id)
    grids = [ledger.villages.add_grid(village.id, name).value for name in ("一组", "二组")]
    ledger.operators.add("admin", "管理员", "admin", PASSWORD, village_id=village.id)
    ledger.operators.add("shenhe", "审核人", "reviewer", PASSWORD, village_id=village.id)
    ledger.operators.add(
        "wangge", "网格员", "recorder", PASSWORD, village_id=village.id, grid_ids=[grids[0].id]
    )
    for number, head, grid in HOUSEHOLDS:
        ledger.households.add(
            village.id, number, head, grid_id=grids[grid].id, registered_on=REGISTERED
        )
    store = ledger.store
    store.add_goods(village.id, "肥皂", 5, unit="块", low_stock=3)
    store.add_goods(village.id, "理发", 10, unit="次", is_service=True)
    store.stock_in(village.id, "肥皂", 30, unit_cost_fen=250, on=REGISTERED)
    _lived_in(ledger, village.id)
    return ledger


def _lived_in(ledger: Ledger, vid: str) -> None:
    """A village in the middle of things, so that a short example reaches deep states: 2026's
    base points, approved entries of November and December, entries still pending (one in the
    quarter about to be posted), 2026Q4 posted until the first day of the examples with an
    objection open, a redemption, a veto, 2026's honour awarded."""
    ids = {h.number: h.id for h in ledger.households.list(vid)}
    entries = ledger.entries
    entries.generate_base_points(vid, 2026)
    done = [
        entries.record(vid, EntryDraft(ids[n], code, day)).value
        for n in ids
        for code, day in (("B05", dt.date(2026, 11, 10)), ("C06", dt.date(2026, 12, 5)))
    ]
    for month in ("2026-11", "2026-12"):
        ledger.review.open(vid, month, dt.date(2027, 1, 5))
    entries.approve([e.id for e in done])
    entries.record(vid, EntryDraft(ids["0102"], "E08", dt.date(2026, 12, 20)))
    entries.record(vid, EntryDraft(ids["0101"], "B04", dt.date(2027, 1, 10)))
    pub = ledger.publications.draft(vid, "2026Q4").value
    # posted until START's day: from the next day on it may be made final
    ledger.publications.post(pub.id, dt.date(2027, 1, 12), dt.date(2027, 1, 18))
    ledger.objections.add(pub.id, ids["0101"], "志愿服务漏记了一次", entry_id=done[0].id)
    ledger.store.redeem(vid, ids["0103"], [("肥皂", 2)], on=dt.date(2027, 1, 12))
    ledger.vetoes.add(ids["0104"], "违法建房", dt.date(2026, 12, 1), dt.date(2027, 6, 30))
    # 年度结转 begun: a title awarded for 2026, the rules that withhold base points marked.
    HonourAwardService(ledger).award(
        vid, [ids["0101"], ids["0102"]], "十星级文明户", "2026", dt.date(2027, 1, 8), "top"
    )
    YearCloseService(ledger).set_withhold_rules(vid, ["A16"])


def copy_ledger(template: Path, folder: Path) -> Ledger:
    """A copy of a template ledger in ``folder`` (same replica: examples never meet)."""
    folder.mkdir(parents=True)
    shutil.copy(paths.db_path(template), paths.db_path(folder))
    return Ledger.open(folder)


# -- tampering ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Tamper:
    """What was done behind the program's back, to which row."""

    kind: str  # edit | delete | insert
    table: str
    row_id: str
    detail: str

    def __str__(self) -> str:
        return f"{self.kind} {self.table} {self.row_id}: {self.detail}"


def tamperable_tables(database: Path) -> list[str]:
    with sqlite3.connect(database) as conn:
        names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
    return sorted(n for n in names if n not in NOT_RECORDS and not n.startswith("sqlite_"))


def tamper(database: Path, kinds: tuple[str, ...], seed: int) -> Tamper | None:
    """Edit, delete or insert one row of one table (chosen by ``seed`` among the tables that
    have rows) with a raw ``sqlite3`` connection; None when no table has a row. A change the
    file's own constraints refuse (a CHECK, a unique index) is no tampering: another is drawn."""
    rnd = random.Random(seed)
    conn = sqlite3.connect(database)
    try:
        tables = [
            t
            for t in tamperable_tables(database)
            if conn.execute(f'SELECT 1 FROM "{t}" LIMIT 1').fetchone()
        ]
        for _attempt in range(50):
            if not tables:
                return None
            try:
                done = _tamper_once(conn, rnd.choice(tables), rnd.choice(kinds), rnd)
            except sqlite3.IntegrityError:
                conn.rollback()
                continue
            conn.commit()
            return done
        raise AssertionError("no tampering the file's constraints allow")
    finally:
        conn.close()


def _tamper_once(conn: sqlite3.Connection, table: str, kind: str, rnd: random.Random) -> Tamper:
    info = conn.execute(f'PRAGMA table_info("{table}")').fetchall()
    columns = [r[1] for r in info]
    types = {r[1]: str(r[2]).upper() for r in info}
    key = "hash" if table == "chain_links" else "id"
    ids = [r[0] for r in conn.execute(f'SELECT "{key}" FROM "{table}" ORDER BY rowid')]
    row_id = rnd.choice(ids)
    values = conn.execute(f'SELECT * FROM "{table}" WHERE "{key}" = ?', (row_id,)).fetchone()
    row = dict(zip(columns, values, strict=True))
    if kind == "delete":
        conn.execute(f'DELETE FROM "{table}" WHERE "{key}" = ?', (row_id,))
        return Tamper(kind, table, str(row_id), f"deleted (replica {row.get('replica_id')})")
    if kind == "edit":
        column = rnd.choice(_editable(table, columns))
        new = _changed(row[column], column, types[column], rnd)
        conn.execute(f'UPDATE "{table}" SET "{column}" = ? WHERE "{key}" = ?', (new, row_id))
        return Tamper(kind, table, str(row_id), f"{column}: {row[column]!r} -> {new!r}")
    return _insert(conn, table, row, columns, rnd)


def _editable(table: str, columns: list[str]) -> list[str]:
    """The columns whose value the program records: what verify compares (a synced table's
    columns, less the password hash, which the audit log masks)."""
    for synced in synced_tables():
        if synced.name == table:
            return [c for c in synced.columns if c != "password_hash"]
    return [c for c in columns if c not in ("id",)]


def _changed(value: object, column: str, kind: str, rnd: random.Random) -> object:
    """Another value of the column's type and form (a quarter stays a quarter): a value the
    program cannot read is a case of its own (``test_verify_invariant``'s unreadable values)."""
    if value is None:
        return {
            "DATE": "2026-06-01",
            "DATETIME": "2026-06-01 10:00:00.000000",
            "INTEGER": 7,
            "BIGINT": 7,
            "BOOLEAN": 1,
        }.get(kind, "x")
    if kind == "BOOLEAN" or column in ("active", "is_deleted"):
        return 0 if value else 1
    if isinstance(value, int):
        return value + rnd.choice((1, -1, 40))
    if isinstance(value, float):
        return value + 1.5
    if isinstance(value, bytes):
        return value[:-1] + bytes([value[-1] ^ 1]) if value else b"x"
    text = str(value)
    if text.startswith(("{", "[")):
        try:
            parsed = json.loads(text)
        except ValueError:
            parsed = None
        if isinstance(parsed, list):
            return json.dumps([*parsed, "改"], ensure_ascii=False)
        if isinstance(parsed, dict):
            return json.dumps({**parsed, "改": 1}, ensure_ascii=False)
    if kind == "DATE":
        return (dt.date.fromisoformat(text) + dt.timedelta(days=1)).isoformat()
    if kind == "DATETIME" or re.fullmatch(r"\d{4}(Q[1-4]|-\d\d)", text):  # a quarter, a month
        return text.replace(text[:4], str(int(text[:4]) - 1), 1)
    return text + "改"


def _insert(
    conn: sqlite3.Connection,
    table: str,
    row: dict[str, object],
    columns: list[str],
    rnd: random.Random,
) -> Tamper:
    """A new row made from a copy of ``row``: a new id, and for an append-only row the next
    sequence number of its replica (past the chain's end, as issue 16 item 6's fake +999)."""
    values = dict(row)
    if table == "chain_links":
        values["hash"] = f"{rnd.getrandbits(256):064x}"
        values["prev_hash"] = row["hash"]
        values["first_seq"] = values["last_seq"] = _next_seq(conn, str(row["replica_id"]))
        row_id = str(values["hash"])
    else:
        row_id = _fake_id(rnd)
        values["id"] = row_id
        if "seq" in values and "replica_id" in values:
            values["seq"] = _next_seq(conn, str(row["replica_id"]))
        if "change_seq" in values:
            values["change_seq"] = int(values["change_seq"] or 0) + 100_000
        for unique in ("number", "username", "code", "receipt_no", "name"):
            if unique in values and isinstance(values[unique], str):
                values[unique] = values[unique] + "9"
    names = ", ".join(f'"{c}"' for c in columns)
    marks = ", ".join("?" for _ in columns)
    conn.execute(f'INSERT INTO "{table}" ({names}) VALUES ({marks})', [values[c] for c in columns])
    return Tamper("insert", table, row_id, f"copy of {row.get('id') or row.get('hash')}")


def _next_seq(conn: sqlite3.Connection, replica_id: str) -> int:
    top = 0
    for table in [t.name for t in synced_tables() if not t.mutable]:
        (seq,) = conn.execute(
            f'SELECT max(seq) FROM "{table}" WHERE replica_id = ?', (replica_id,)
        ).fetchone()
        top = max(top, seq or 0)
    (last,) = conn.execute(
        "SELECT max(last_seq) FROM chain_links WHERE replica_id = ?", (replica_id,)
    ).fetchone()
    return max(top, last or 0) + 1


def _fake_id(rnd: random.Random) -> str:
    hexits = f"{rnd.getrandbits(128):032x}"
    return f"{hexits[:8]}-{hexits[8:12]}-7{hexits[13:16]}-8{hexits[17:20]}-{hexits[20:]}"
