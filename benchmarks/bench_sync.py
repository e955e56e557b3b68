"""Sync figures (issue 7): exporting a 2,000-household village with 5 years of entries; importing
30 villages' bundles holding 1,000,000 entries into a fresh township database, compared with
inserting the same rows with raw ``sqlite3.executemany`` in one transaction; importing the same
bundles again; and the township's cross-village ranking over those entries.

The 30 villages are made from the cached demo village (``bench_gui.cached_village``): each takes
the first households of the demo (enough for its share of the entries) with every record that
belongs to them, under new ids, a new village code and its own replica and key, and is signed
like any bundle. They are built once and kept in the benchmark cache.

    python benchmarks/bench_sync.py [--villages 30] [--entries 1000000] [--database URL]
    python benchmarks/bench_sync.py --county [--villages 300] [--entries 10000000] [--database URL]
    python benchmarks/bench_sync.py --lean [--villages 30] [--entries 1000000]
    python benchmarks/bench_sync.py --prepare --villages 3 --entries 300000
    python benchmarks/bench_sync.py --verify [--villages 30] [--entries 1000000]

``--database postgresql://…`` (an empty database) puts the township on PostgreSQL; the raw
insert to compare with is SQLite's either way.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import shutil
import sqlite3
import sys
import tempfile
import time
import uuid
import zipfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_gui import CACHE, cached_village, fresh_copy, line  # noqa: E402
from pg_cpu import CpuClock, cpu_lines, throwaway_url  # noqa: E402

from jifen_desktop.model import paths  # noqa: E402
from jifen_desktop.model.chain import link_hash, row_line  # noqa: E402
from jifen_desktop.model.ledger import Ledger  # noqa: E402
from jifen_desktop.model.replica_keys import new_key_pair  # noqa: E402
from jifen_desktop.model.row_form import by_name, canonical, synced_tables  # noqa: E402
from jifen_desktop.model.setup import AdminDetails, create_township  # noqa: E402
from jifen_desktop.sync import SyncService, keys  # noqa: E402
from jifen_desktop.sync.bundle_file import (  # noqa: E402
    FORMAT,
    FORMAT_VERSION,
    LINKS_MEMBER,
    BundleWriter,
    write_bundle,
)
from jifen_desktop.sync.chain_links import COLUMNS as LINK_COLUMNS  # noqa: E402

ID_COLUMNS = {
    "id", "replica_id", "changed_by_replica", "recorded_by", "decided_by", "resolved_by",
    "object_id", "operator_id", "batch_id", "reviewer_id",
}  # fmt: skip


def demo_village(today: dt.date) -> Path:
    """The cached 2,000 × 5 demo village of any schema revision (it is migrated on open)."""
    found = sorted(CACHE.glob(f"h2000-y5-s2026-{today:%Y%m%d}-*"))
    found = [p for p in found if p.is_dir() and ".building" not in p.name]  # not -full.jfb
    return found[-1] if found else cached_village(2000, 5, 2026, today)


def read_bundle(path: Path) -> dict[str, tuple[list[str], list[list[Any]]]]:
    tables = {}
    with zipfile.ZipFile(path) as zf:
        for name in zf.namelist():
            if name.startswith("data/"):
                lines = zf.read(name).decode().splitlines()
                header = json.loads(lines[0])
                tables[header["table"]] = (header["columns"], [json.loads(x) for x in lines[1:]])
    return tables


def subset(
    rows: dict[str, tuple[list[str], list[list[Any]]]], households: int
) -> dict[str, list[list[Any]]]:
    """The first ``households`` households and every record that belongs to them or to the
    village (rules, goods, sessions ...); audit rows about the records kept."""
    kept: dict[str, set[str]] = {}
    result: dict[str, list[list[Any]]] = {}
    tables = by_name()
    chosen = sorted(rows["households"][1], key=lambda r: r[rows["households"][0].index("number")])
    chosen_ids = {r[rows["households"][0].index("id")] for r in chosen[:households]}
    for synced in synced_tables():
        if synced.name not in rows or synced.name == "audit_log":
            continue
        columns, table_rows = rows[synced.name]
        checks = [
            (columns.index(fk.parent.name), fk.column.table.name)
            for fk in synced.table.foreign_keys
            if fk.column.table.name in tables and fk.column.table.name != synced.name
        ]
        id_at = columns.index("id")
        keep = []
        for row in table_rows:
            if synced.name == "households" and row[id_at] not in chosen_ids:
                continue
            if all(row[at] is None or row[at] in kept.get(parent, ()) for at, parent in checks):
                keep.append(row)
        result[synced.name] = keep
        kept[synced.name] = {r[id_at] for r in keep}
    everything = set().union(*kept.values())
    columns, audit = rows["audit_log"]
    object_at = columns.index("object_id")
    result["audit_log"] = [r for r in audit if r[object_at] in everything]
    return result


def make_village_bundle(rows: dict[str, list[list[Any]]], number: int, out: Path) -> Path:
    """Village ``number`` of the township: new ids, code and key; signed as any bundle."""
    namespace = uuid.uuid5(uuid.NAMESPACE_URL, f"jifen-bench-village-{number}")
    replica = str(uuid.uuid5(namespace, "replica"))
    private, public = new_key_pair()
    code, name = f"4208811{number:05d}", f"第{number}村"
    ids: dict[str, str] = {}

    def new(old: str) -> str:
        got = ids.get(old)
        if got is None:  # keep the time-ordered head of a UUIDv7, so rows keep their order
            got = ids[old] = old[:14] + str(uuid.uuid5(namespace, old))[14:]
        return got

    tables = by_name()
    lines: dict[str, list[str]] = {}
    max_seq = 0
    village_id = ""
    sealed: list[tuple[int, str, str]] = []
    for table, table_rows in rows.items():
        synced = tables[table]
        at = [i for i, c in enumerate(synced.columns) if c in ID_COLUMNS or c.endswith("_id")]
        origin_at = synced.index("changed_by_replica" if synced.mutable else "replica_id")
        seq_at = synced.index("change_seq" if synced.mutable else "seq")
        out_lines = []
        for row in table_rows:
            row = list(row)
            for i in at:
                if isinstance(row[i], str) and len(row[i]) == 36:
                    row[i] = new(row[i])
            row[origin_at] = replica
            max_seq = max(max_seq, row[seq_at])
            if table == "villages":
                row[synced.index("code")], row[synced.index("name")] = code, name
                village_id = row[synced.index("id")]
            if table == "audit_log":  # the values a record had, as the renamed record has them
                for column in ("before_json", "after_json"):
                    where = synced.index(column)
                    row[where] = renamed_values(row[where], ids, replica, (code, name))
            out_lines.append(canonical(row))
            if not synced.mutable:
                digest = hashlib.sha256(out_lines[-1].encode()).hexdigest()
                sealed.append((row[seq_at], table, digest))
        lines[table] = out_lines
    # One link seals the village's rows, as migration 0007 seals a database's existing rows.
    link_rows = "\n".join(row_line(*item) for item in sorted(sealed))
    link = [replica, 1, max_seq, "", link_rows, link_hash(replica, 1, max_seq, "", link_rows)]

    def fill(writer: BundleWriter) -> bytes:
        for table, table_lines in lines.items():
            header = json.dumps({"table": table, "columns": list(tables[table].columns)})
            body = "\n".join([header, *table_lines]) + "\n"
            writer.add_stream(f"data/{table}.jsonl", lambda o, body=body: o.write(body.encode()))
        links = json.dumps({"table": "chain_links", "columns": list(LINK_COLUMNS)})
        links += "\n" + json.dumps(link) + "\n"
        writer.add_stream(LINKS_MEMBER, lambda o: o.write(links.encode()))
        source = {
            "replica_id": replica, "mode": "village", "code": code, "name": name,
            "public_key": public, "fingerprint": keys.fingerprint(public),
            "villages": [{"id": village_id, "code": code, "name": name}],
        }  # fmt: skip
        manifest = {
            "format": FORMAT, "version": FORMAT_VERSION,
            "bundle_id": str(uuid.uuid5(namespace, "bundle")),
            "created_at": dt.datetime.now().replace(microsecond=0).isoformat(),
            "source": source, "destination": None, "full": True,
            "ranges": {replica: [1, max_seq]}, "knowledge": {replica: max_seq},
            "counts": {t: len(x) for t, x in lines.items()}, "summary": {},
        }  # fmt: skip
        return writer.finish(manifest, lambda d: keys.sign(private, d))

    target = out / f"{code}_bench_001.jfb"
    write_bundle(target, fill, lambda d: keys.sign(private, d))
    return target


def renamed_values(text: str, ids: dict[str, str], replica: str, village: tuple[str, str]) -> str:
    """An audit row's before/after values with the copy's ids, replica and village code/name."""
    values = json.loads(text) if text else None
    if not isinstance(values, dict):
        return text
    for key, value in values.items():
        if isinstance(value, str) and value in ids:
            values[key] = ids[value]
    if "changed_by_replica" in values:
        values["changed_by_replica"] = replica
    if "code" in values and "township_code" in values:  # a village record
        values["code"], values["name"] = village
    return json.dumps(values, ensure_ascii=False, sort_keys=True)


def village_bundles(export: Path, villages: int, entries: int, today: dt.date) -> list[Path]:
    folder = (
        CACHE
        / f"sync-v{villages}-e{entries}-{today:%Y%m%d}-{FORMAT_VERSION}-{len(synced_tables())}-a"
    )
    if folder.is_dir():
        return sorted(folder.glob("*.jfb"))
    rows = read_bundle(export)
    per_village = entries // villages
    all_entries = len(rows["entries"][1])
    households = len(rows["households"][1])
    share = subset(rows, max(1, round(households * per_village / all_entries)))
    building = Path(tempfile.mkdtemp(dir=CACHE))
    for number in range(1, villages + 1):
        make_village_bundle(share, number, building)
    building.rename(folder)
    return sorted(folder.glob("*.jfb"))


def raw_insert(bundles: list[Path], into: Path) -> tuple[float, int]:
    """The same rows with ``sqlite3.executemany`` in one transaction: the seconds of the inserts
    and the commit, not of reading the rows (read one bundle at a time, so any size fits)."""
    with Ledger.create(into, "township"):
        pass
    conn = sqlite3.connect(paths.db_path(into), isolation_level=None)
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("BEGIN")
    seconds, count = 0.0, 0
    for path in bundles:
        tables = read_bundle(path)
        started = time.perf_counter()
        count += insert_tables(conn, tables)
        seconds += time.perf_counter() - started
    started = time.perf_counter()
    conn.execute("COMMIT")
    seconds += time.perf_counter() - started
    conn.close()
    return seconds, count


def insert_tables(
    conn: sqlite3.Connection,
    tables: dict[str, tuple[list[str], list[list[Any]]]],
    skip: tuple[str, ...] = (),
) -> int:
    """One bundle's rows inserted table by table in the synced order (but ``skip``); how many."""
    count = 0
    for synced in synced_tables():
        if synced.name not in tables or synced.name in skip:
            continue
        columns, rows = tables[synced.name]
        marks = ", ".join("?" * len(columns))
        conn.executemany(f"INSERT INTO {synced.name} ({', '.join(columns)}) VALUES ({marks})", rows)
        count += len(rows)
    return count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--villages", type=int, default=30)
    parser.add_argument("--entries", type=int, default=1_000_000)
    parser.add_argument(
        "--database", help="an empty PostgreSQL database for the township (or: throwaway)"
    )
    parser.add_argument("--county", action="store_true", help="the county figures (bench_county)")
    parser.add_argument("--lean", action="store_true", help="the lean township (bench_lean)")
    parser.add_argument("--prepare", action="store_true", help="workers checking (bench_prepare)")
    parser.add_argument("--verify", action="store_true", help="verify (bench_township_verify)")
    args = parser.parse_args()
    if args.database == "throwaway":  # a local cluster of its own (tests/pg.py)
        args.database = throwaway_url()
    if args.county:
        from bench_county import county_main

        return county_main(args.villages, args.entries, args.database)
    if args.prepare:
        from bench_prepare import prepare_main

        return prepare_main(args.villages, args.entries)
    if args.verify:
        from bench_township_verify import verify_main

        return verify_main(args.villages, args.entries)
    if args.lean:
        from bench_lean import lean_main

        return lean_main(args.villages, args.entries)
    today = dt.date(2026, 11, 21)
    work = Path(tempfile.mkdtemp(prefix="bench-sync-"))
    try:
        village = Ledger.open(fresh_copy(demo_village(today), work))
        sync = SyncService(village)
        out = work / "usb"
        out.mkdir()
        started = time.perf_counter()
        exported = sync.export(out, full=True)
        seconds = time.perf_counter() - started
        entries = exported.rows["entries"]
        line(
            f"export: 2,000 households × 5 years ({entries:,} entries, {exported.total_rows:,} rows)",
            f"{seconds:.1f} s",
            f"({exported.size / 1e6:.0f} MB)",
        )
        village.close()

        bundles = village_bundles(exported.path, args.villages, args.entries, today)
        township, _admin = create_township(
            work / "township",
            "张集镇",
            "420881100",
            AdminDetails("xiang", "乡镇办", "secret-123"),
            database=args.database,
        )
        town = SyncService(township)
        for bundle in bundles:
            town.enrol(bundle, trust=True)
        clock = CpuClock.start(args.database)
        started = time.perf_counter()
        if args.database:  # a first load: every bundle in one transaction (sync/first_load_pg)
            town.import_bundles(bundles)
        else:
            for bundle in bundles:
                town.import_bundle(bundle)
        seconds = time.perf_counter() - started
        with township.read() as s:
            from sqlalchemy import func, select

            from jifen_desktop.model.schema import Entry

            total = s.scalar(select(func.count()).select_from(Entry)) or 0
        rows = sum(sum(SyncService(township).inspect(b).counts.values()) for b in bundles)
        line(
            f"import into {'PostgreSQL' if args.database else 'SQLite'}: {len(bundles)} villages,"
            f" {total:,} entries ({rows:,} rows)",
            f"{seconds:.1f} s",
            "< 30 s",
            seconds < 30,
        )
        if args.database:
            cpu_lines(clock, total, seconds)
        raw_seconds, raw_rows = raw_insert(bundles, work / "raw")
        ratio = seconds / raw_seconds
        line(f"  raw sqlite3.executemany of the same {raw_rows:,} rows", f"{raw_seconds:.1f} s", "")
        line("  import / raw insert", f"{ratio:.1f}×", "within 4×", ratio <= 4)

        started = time.perf_counter()
        for bundle in bundles:
            town.import_bundle(bundle)
        seconds = time.perf_counter() - started
        line(
            f"re-import of the same {len(bundles)} bundles",
            f"{seconds:.1f} s",
            "< 10 s",
            seconds < 10,
        )

        town.household_ranking(today.year, 100)  # warm the cache as a second query would
        started = time.perf_counter()
        ranking = town.household_ranking(today.year, 100)
        seconds = time.perf_counter() - started
        line(
            f"cross-village ranking, top {len(ranking)} of {total:,} entries",
            f"{seconds * 1000:.0f} ms",
            "< 1 s",
            seconds < 1,
        )
        started = time.perf_counter()
        overview = town.villages_overview(today.year)
        seconds = time.perf_counter() - started
        line(f"villages overview ({len(overview)} villages)", f"{seconds * 1000:.0f} ms", "")
        started = time.perf_counter()
        report = township.verify()
        seconds = time.perf_counter() - started
        line(
            f"jifen verify of the township ({report.rows:,} chained rows)",
            f"{seconds:.1f} s",
            "clean" if report.ok else f"{len(report.findings)} findings",
            report.ok,
        )
        township.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
