"""The lean township's figures (issue 20 part 1), run by ``bench_sync.py --lean``: the villages'
audit rows kept as compressed members, the township's index set, a first load indexed after.

* the first load of ``--villages`` village bundles (``bench_sync``'s renamed copies of the
  cached 2,000 × 5 demo village) into an empty SQLite township through
  ``SyncService.import_bundles`` (one transaction, indexes after), wall and CPU time;
* a raw load of the same rows into the same lean schema in the same run: ``executemany`` of
  every table but the audit log, the audit lines packed into members (``audit_members.pack``),
  the chain links (their row lists packed as migration 0017 stores them: ``link_rows.pack``),
  the same indexes set aside and built after, ``synchronous = NORMAL``; streamed: one bundle's
  rows read, parsed, inserted and dropped before the next, so it runs at 1,000,000 entries in
  the memory of one bundle (reading and inserting timed apart, summed over the bundles);
* the township file's size per entry;
* one village's bundle of about 2,000 entries (the cached 200 × 1 demo village, as
  ``bench_county`` uses) into the full township;
* the re-import of every bundle; ``jifen verify`` of the township in a process of its own (its
  wall and CPU time and its peak memory).

The machine is shared: each figure gives CPU time (user + sys) beside the wall time, and the
load average is printed at the start and the end.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from bench_county import exported, newest_cache
from bench_gui import line
from bench_sync import insert_tables, make_village_bundle, read_bundle, subset, village_bundles
from sqlalchemy import func, select

from jifen_desktop.model import paths
from jifen_desktop.model.audit_members import MEMBER_ROWS, pack
from jifen_desktop.model.ledger import Ledger
from jifen_desktop.model.schema import Entry, Household
from jifen_desktop.model.schema.link_rows import pack as pack_link_rows
from jifen_desktop.model.setup import AdminDetails, create_township
from jifen_desktop.sync import SyncService
from jifen_desktop.sync.bundle_file import LINKS_MEMBER
from jifen_desktop.sync.first_load import BIG_TABLES, NOT_IN_TOWNSHIP

FIRST_LOAD_TARGET_S = 90  # for 30 villages, 1,000,000 entries
RATIO_TARGET = 1.5
BYTES_PER_ENTRY_TARGET = 1500
MONTHLY_TARGET_S = 3
REIMPORT_TARGET_S = 10
VERIFY_TARGET_S = 60
VERIFY_MEMORY_TARGET_MB = 500
# The child's own peak (VmHWM: ru_maxrss keeps the parent's size at the fork across exec).
VERIFY_CHILD = """
import json, sys, time
def hwm_kb():
    for row in open("/proc/self/status"):
        if row.startswith("VmHWM:"):
            return int(row.split()[1])
    return 0
from pathlib import Path
from jifen_desktop.model.ledger import Ledger
ledger = Ledger.open(Path(sys.argv[1]))
wall, cpu = time.perf_counter(), time.process_time()
report = ledger.verify()
print(json.dumps({"wall": time.perf_counter() - wall, "cpu": time.process_time() - cpu,
    "ok": report.ok, "rows": report.rows, "findings": [f.message for f in report.findings[:3]],
    "rss_mb": hwm_kb() / 1024}))
"""


def timed(work: Callable[[], Any]) -> tuple[float, float, Any]:
    """(wall seconds, CPU seconds of this process, the result)."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = work()
    return time.perf_counter() - wall, time.process_time() - cpu, result


def load() -> str:
    return "load average " + " ".join(f"{x:.1f}" for x in os.getloadavg())


def enrolled_township(
    work: Path, villages: int, entries: int, today: dt.date
) -> tuple[Ledger, SyncService, list[Path]]:
    """A new township in ``work`` with the bundles of ``villages`` renamed copies of the cached
    2,000 × 5 demo village (``entries`` entries in all) enrolled, not imported yet."""
    demo, _day = newest_cache(f"h2000-y5-s2026-{today:%Y%m%d}-*")  # (a folder: not -full.jfb)
    bundles = village_bundles(exported(demo, work), villages, entries, today)
    township, _admin = create_township(
        work / "township", "张集镇", "420881100", AdminDetails("xiang", "乡镇办", "secret-123")
    )
    town = SyncService(township)
    for bundle in bundles:
        town.enrol(bundle, trust=True)
    return township, town, bundles


def lean_main(villages: int, entries: int) -> None:
    print(f"lean township, {villages} villages, {entries:,} entries; {load()}", flush=True)
    today = dt.date(2026, 11, 21)
    work = Path(tempfile.mkdtemp(prefix="bench-lean-"))
    try:
        township, town, bundles = enrolled_township(work, villages, entries, today)
        wall, cpu, _ = timed(lambda: town.import_bundles(bundles))
        with township.read() as s:
            total = s.scalar(select(func.count()).select_from(Entry)) or 0
        target = FIRST_LOAD_TARGET_S * entries / 1_000_000
        line(
            f"first load: {len(bundles)} villages, {total:,} entries",
            f"{wall:.1f} s (cpu {cpu:.1f})",
            f"< {target:.0f} s (pro rata)",
            wall < target,
        )
        per_million = cpu * 1_000_000 / max(total, 1)
        line(
            "  its CPU per 1,000,000 entries (pro rata)",
            f"{per_million:.0f} s",
            f"< {FIRST_LOAD_TARGET_S} s",
            per_million < FIRST_LOAD_TARGET_S,
        )
        _against_raw(bundles, work / "raw", wall, cpu)
        _size(township, total)
        _monthly(town, work, len(bundles) + 1)
        wall, cpu, _ = timed(lambda: town.import_bundles(bundles))
        line("re-import of every bundle", f"{wall:.1f} s (cpu {cpu:.1f})", "< 10 s", wall < 10)
        _audit_reads(township)
        township.close()
        _verify(work / "township")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(load(), flush=True)


def _against_raw(bundles: list[Path], into: Path, wall: float, cpu: float) -> None:
    raw = raw_lean(bundles, into)
    line(
        "  reading and parsing the bundles' rows", f"{raw.read_wall:.1f} s (cpu {raw.read_cpu:.1f})"
    )
    line(
        f"  raw load of the same {raw.rows:,} rows, lean",
        f"{raw.load_wall:.1f} s (cpu {raw.load_cpu:.1f})",
    )
    line(
        "  import / (reading + raw load) (wall)",
        f"{wall / raw.wall:.2f}×",
        "≤ 1.5×",
        wall <= RATIO_TARGET * raw.wall,
    )
    line(
        "  import / (reading + raw load) (cpu)",
        f"{cpu / raw.cpu:.2f}×",
        "≤ 1.5×",
        cpu <= RATIO_TARGET * raw.cpu,
    )


def _size(township: Ledger, total: int) -> None:
    folder = paths.db_path(township.folder)
    township.engine.dispose()
    size = sum(p.stat().st_size for p in folder.parent.glob(folder.name + "*"))
    per = size / max(total, 1)
    line(
        f"township file ({size / 1e6:.0f} MB) per entry",
        f"{per:.0f} B",
        "< 1.5 KB",
        per < BYTES_PER_ENTRY_TARGET,
    )
    with sqlite3.connect(folder) as conn:
        members = conn.execute("SELECT sum(length(lines) + length(seqs)) FROM audit_members")
        kept = members.fetchone()[0] or 0
    line("  of which audit members, per entry", f"{kept / max(total, 1):.0f} B")


def _audit_reads(township: Ledger) -> None:
    """The 审计日志 over the members: the latest page, one village's, one household's rows
    (by record, and by its number as the page's text filter finds it)."""
    township.login("xiang", "secret-123")
    with township.read() as s:
        household = s.execute(select(Household).order_by(Household.number).limit(1)).scalar_one()
    asks: list[tuple[str, dict[str, Any]]] = [
        ("latest 200 of every village", {}),
        ("latest 200 of one village", {"village_id": household.village_id}),
        ("one household's rows (by record)", {"object_id": household.id, "limit": 1000}),
        (
            "one household's rows (text: its number)",
            {"village_id": household.village_id, "text": household.number, "limit": 1000},
        ),
    ]
    for what, ask in asks:
        wall, cpu, rows = timed(partial(township.audit.list, **ask))
        line(f"审计日志: {what}, {len(rows)} rows", f"{wall * 1000:.0f} ms (cpu {cpu * 1000:.0f})")


def _monthly(town: SyncService, work: Path, number: int) -> None:
    """The cached 200 × 1 demo village's records as village ``number`` (a code of its own)."""
    village, _day = newest_cache("h200-y1-s2026-*")
    rows = read_bundle(exported(village, work))
    folder = Path(tempfile.mkdtemp(dir=work))
    bundle = make_village_bundle(subset(rows, len(rows["households"][1])), number, folder)
    town.enrol(bundle, trust=True)
    wall, cpu, op = timed(lambda: town.import_bundle(bundle))
    new = op.value.counts.get("tables", {}).get("entries", {}).get("new", "?")
    line(
        f"a village's bundle ({new} new entries) into the full township",
        f"{wall:.1f} s (cpu {cpu:.1f})",
        "< 3 s",
        wall < MONTHLY_TARGET_S,
    )


def _verify(folder: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", VERIFY_CHILD, str(folder)],
        capture_output=True,
        text=True,
        check=True,
    )
    got = json.loads(done.stdout.strip().splitlines()[-1])
    verdict = "clean" if got["ok"] else f"findings: {got['findings']}"
    line(
        f"jifen verify of the township ({got['rows']:,} rows), {verdict}",
        f"{got['wall']:.1f} s (cpu {got['cpu']:.1f})",
        "< 60 s",
        got["wall"] < VERIFY_TARGET_S and got["ok"],
    )
    line(
        "  verify's peak memory",
        f"{got['rss_mb']:.0f} MB",
        "< 500 MB",
        got["rss_mb"] < VERIFY_MEMORY_TARGET_MB,
    )


# -- the raw load into the same lean schema --------------------------------------------------------


class RawLoad:
    """Wall and CPU seconds of the raw load's two parts, summed over the bundles: reading
    (unzipping and parsing a bundle's rows) and loading (the inserts, indexes, commit)."""

    def __init__(self) -> None:
        self.read_wall = self.read_cpu = self.load_wall = self.load_cpu = 0.0
        self.rows = 0

    @property
    def wall(self) -> float:
        return self.read_wall + self.load_wall

    @property
    def cpu(self) -> float:
        return self.read_cpu + self.load_cpu

    def read(self, path: Path) -> tuple[Any, list[bytes], list[list[Any]]]:
        wall, cpu, got = timed(lambda: (read_bundle(path), _audit_lines(path), _links(path)))
        self.read_wall, self.read_cpu = self.read_wall + wall, self.read_cpu + cpu
        return got

    def load(self, work: Callable[[], Any]) -> Any:
        wall, cpu, got = timed(work)
        self.load_wall, self.load_cpu = self.load_wall + wall, self.load_cpu + cpu
        return got


def raw_lean(bundles: list[Path], into: Path) -> RawLoad:
    """The bundles' rows loaded straight into a lean township, one bundle in memory at a time."""
    with Ledger.create(into, "township"):
        pass
    conn = sqlite3.connect(paths.db_path(into), isolation_level=None)
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA synchronous = NORMAL")
    raw = RawLoad()
    conn.execute("BEGIN")
    aside = raw.load(lambda: _set_aside(conn))
    for path in bundles:
        loaded = raw.read(path)
        raw.rows += raw.load(partial(_load_one, conn, *loaded))
        del loaded  # (dropped before the next bundle is read)
    raw.load(partial(_finish, conn, aside))
    conn.close()
    return raw


def _finish(conn: sqlite3.Connection, aside: list[str]) -> None:
    """The indexes set aside built, the transaction committed and the WAL checkpointed."""
    for sql in aside:
        conn.execute(sql)
    conn.execute("COMMIT")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def _audit_lines(path: Path) -> list[bytes]:
    with zipfile.ZipFile(path) as zf:
        return zf.read("data/audit_log.jsonl").splitlines()[1:]


def _links(path: Path) -> list[list[Any]]:
    with zipfile.ZipFile(path) as zf:
        return [json.loads(x) for x in zf.read(LINKS_MEMBER).splitlines()[1:]]


def _set_aside(conn: sqlite3.Connection) -> list[str]:
    for name in NOT_IN_TOWNSHIP:
        conn.execute(f"DROP INDEX IF EXISTS {name}")
    names = ", ".join(repr(t) for t in BIG_TABLES)
    listed = conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
        f"AND tbl_name IN ({names})"
    ).fetchall()
    for name, _sql in listed:
        conn.execute(f'DROP INDEX "{name}"')
    return [sql for _name, sql in listed]


def _load_one(
    conn: sqlite3.Connection,
    tables: dict[str, tuple[list[str], list[list[Any]]]],
    audit: list[bytes],
    links: list[list[Any]],
) -> int:
    count = insert_tables(conn, tables, skip=("audit_log",))
    columns, rows = tables["audit_log"]
    at = [columns.index(name) for name in ("replica_id", "seq", "at")]
    village = tables["villages"][1][0][tables["villages"][0].index("id")]
    for start in range(0, len(rows), MEMBER_ROWS):
        part = rows[start : start + MEMBER_ROWS]
        replica = part[0][at[0]]
        piles = [[r[at[1]], r[at[2]], x] for r, x in zip(part, audit[start:], strict=False)]
        member = pack(replica, village, None, piles)
        conn.execute(
            f"INSERT INTO audit_members ({', '.join(member)}) VALUES ({', '.join('?' * len(member))})",
            [_sqlite_value(v) for v in member.values()],
        )
    conn.executemany(
        "INSERT INTO chain_links (replica_id, first_seq, last_seq, prev_hash, rows, hash) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        [(*link[:4], pack_link_rows(link[4]), link[5]) for link in links],  # as 0017 keeps them
    )
    return count + len(rows) + len(links)


def _sqlite_value(value: Any) -> Any:
    return value.isoformat(sep=" ") if isinstance(value, dt.datetime) else value
