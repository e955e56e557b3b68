"""County figures (issue 20 part 4), run by ``bench_sync.py --county`` on demand (not in CI): a
county township on PostgreSQL holding ``--villages`` villages with ``--entries`` entries in all,
and what its clerks ask of it — the cross-village ranking and the villages overview (from the
summary tables, and by scanning every entry as before them), refreshing summaries, one
village's monthly bundle, and ``jifen verify``'s summary check.

The villages are renamed copies of one share of the cached 2,000 × 5 demo village (the same
share ``bench_sync`` makes its 30 villages of): the first written with ``COPY`` (new ids, its
own code, replica and name), the others made from it on the server (``county_fill``: ``INSERT …
SELECT``, indexes built after). The villages' audit rows and hash-chain links are left out (the
figures measured do not read them; a township keeps the villages' audit as compressed members
anyway). The monthly bundle is a real one: the cached small demo village (about 2,000
entries), renamed to a village new to the county, enrolled and imported through
``import_bundle``.

Without ``--database`` the county lives in a cluster of its own kept in the benchmark cache
(``county-pg-v<villages>-e<entries>``, fsync off): filled on the first run, only started on
the next ones (migrated to the newest schema on opening), stopped at the end."""

from __future__ import annotations

import datetime as dt
import inspect
import os
import shutil
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import county_fill
from bench_gui import CACHE, fresh_copy, line
from bench_sync import ID_COLUMNS, make_village_bundle, read_bundle, subset
from sqlalchemy import func, select

from jifen_desktop.model import summaries
from jifen_desktop.model.ledger import Ledger
from jifen_desktop.model.row_form import by_name, synced_tables
from jifen_desktop.model.schema import Entry, Village
from jifen_desktop.model.setup import AdminDetails, create_township
from jifen_desktop.model.verify.report import VerifyReport
from jifen_desktop.model.verify.summaries import check_summaries
from jifen_desktop.sync import SyncService
from jifen_desktop.sync.township import household_ranking, villages_overview

FIRST_COPY = 1000  # village codes 420881101000 …: clear of the demo village's own code
SMALL_COPIES = 5000  # the monthly bundle's villages: 420881105000 + the villages held
RANKING_TARGET_S = 1.0
MONTHLY_TARGET_S = 3.0
VERIFY_TARGET_S = 10.0
Rows = dict[str, list[list[Any]]]


def newest_cache(pattern: str) -> tuple[Path, dt.date]:
    """The newest built demo village in the benchmark cache, and the day it was made for."""
    found = sorted(p for p in CACHE.glob(pattern) if p.is_dir() and ".building" not in p.name)
    if not found:
        raise SystemExit(
            f"没有找到缓存的演示村（{CACHE}/{pattern}）：先运行 bench_sync.py 建一个。"
        )
    day = dt.datetime.strptime(found[-1].name.split("-")[3], "%Y%m%d").date()
    return found[-1], day


def exported(village: Path, work: Path) -> Path:
    """A full bundle of a copy of the cached ``village`` (kept in the cache beside it)."""
    kept = CACHE / f"{village.name}-full.jfb"
    if kept.exists():
        return kept
    ledger = Ledger.open(fresh_copy(village, work))
    try:
        out = Path(tempfile.mkdtemp(dir=work))
        made = SyncService(ledger).export(out, full=True).path
    finally:
        ledger.close()
    shutil.copy(made, kept.with_suffix(".part"))
    kept.with_suffix(".part").rename(kept)
    return kept


def share_of(bundle: Path, per_village: int) -> Rows:
    """The first households of the bundle's village with every record of theirs, enough for
    ``per_village`` entries; no audit rows."""
    rows = read_bundle(bundle)
    households = len(rows["households"][1])
    wanted = max(1, round(households * per_village / len(rows["entries"][1])))
    share = subset(rows, wanted)
    share.pop("audit_log", None)
    return share


class Renamer:
    """The ids of one share under village copy ``number``: a stable stem per original id (its
    uuid5, computed once) with the copy's number as the last eight hex digits; replicas too."""

    def __init__(self, share: Rows) -> None:
        tables = by_name()
        self.at = {
            name: [i for i, c in enumerate(tables[name].columns) if _renamed(c)] for name in share
        }
        ids = {
            row[i]
            for name, rows in share.items()
            for row in rows
            for i in self.at[name]
            if isinstance(row[i], str) and len(row[i]) == 36
        }
        space = uuid.uuid5(uuid.NAMESPACE_URL, "jifen-bench-county")
        # the time-ordered head of a UUIDv7 kept, so rows keep their order (as bench_sync's)
        self.stems = {old: old[:14] + str(uuid.uuid5(space, old))[14:28] for old in ids}

    def rows(self, share: Rows, number: int) -> Iterator[tuple[str, list[str], list[list[Any]]]]:
        tables = by_name()
        tail = f"{number:08x}"
        stems = self.stems
        for synced in synced_tables():
            if synced.name not in share:
                continue
            at = self.at[synced.name]
            out = []
            for row in share[synced.name]:
                row = list(row)
                for i in at:
                    stem = stems.get(row[i])
                    if stem is not None:
                        row[i] = stem + tail
                if synced.name == "villages":
                    row[synced.index("code")] = f"4208811{number:05d}"
                    row[synced.index("name")] = f"第{number}村"
                out.append(row)
            yield synced.name, list(tables[synced.name].columns), out


def copy_in(ledger: Ledger, share: Rows, villages: int, say: Callable[[str], None]) -> int:
    """Every village copy ``COPY``'d into the ledger's PostgreSQL database; entries written."""
    renamer = Renamer(share)
    written = 0
    raw = ledger.engine.raw_connection()
    try:
        driver: Any = raw.driver_connection
        for n, number in enumerate(range(FIRST_COPY, FIRST_COPY + villages), start=1):
            with driver.cursor() as cur:
                for table, columns, rows in renamer.rows(share, number):
                    with cur.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                        for row in rows:
                            copy.write_row(row)
                    written += len(rows) if table == "entries" else 0
            driver.commit()
            if n % 10 == 0:
                say(f"  … {n} villages, {written:,} entries")
    finally:
        raw.close()
    return written


def timed(work: Callable[[], Any]) -> tuple[float, Any]:
    cpu, wall = time.process_time(), time.perf_counter()
    value = work()
    return time.perf_counter() - wall, (value, time.process_time() - cpu)


def read_both(ledger: Ledger, year: int, what: Callable[[Any], Any]) -> None:
    """``what`` from the summaries (twice: the second as a clerk's next look) and scanning."""
    for use, label in ((True, "summaries"), (True, "summaries, again"), (False, "scanning")):
        with ledger.read() as s:
            s.info["summaries"] = use
            seconds, (value, cpu) = timed(lambda s=s: what(s))
        target = f"< {RANKING_TARGET_S:.0f} s" if use else "(before)"
        line(
            f"  {label}: {len(value)} rows",
            f"{seconds * 1000:.0f} ms (cpu {cpu * 1000:.0f})",
            target,
            seconds < RANKING_TARGET_S if use else None,
        )


def monthly_bundle(town: Ledger, work: Path) -> None:
    """The cached small demo village, renamed to a village new to the county (each run its
    own, so the kept county takes a new one every time), enrolled and imported."""
    village, _day = newest_cache("h200-y1-s2026-*")
    rows = read_bundle(exported(village, work))
    with town.read() as s:
        number = SMALL_COPIES + (s.scalar(select(func.count()).select_from(Village)) or 0)
    bundle = make_village_bundle(subset(rows, len(rows["households"][1])), number, work)
    sync = SyncService(town)
    sync.enrol(bundle, trust=True)
    seconds, (result, cpu) = timed(lambda: sync.import_bundle(bundle).value)
    entries = result.counts.get("tables", {}).get("entries", {}).get("new", "?")
    line(
        f"a village's bundle ({entries} new entries) into the county",
        f"{seconds:.1f} s (cpu {cpu:.1f})",
        f"< {MONTHLY_TARGET_S:.0f} s",
        seconds < MONTHLY_TARGET_S,
    )
    with town.engine.begin() as conn:
        ids = [v["id"] for v in sync.inspect(bundle).source["villages"]]
        seconds, (_v, cpu) = timed(lambda: summaries.refresh_summaries(conn, village_ids=ids))
    line(
        "  of which its summaries (refreshed again)",
        f"{seconds * 1000:.0f} ms (cpu {cpu * 1000:.0f})",
    )


def county_main(villages: int, entries: int, database: str | None) -> None:
    demo, today = newest_cache("h2000-y5-s2026-*")
    print(f"load average {os.getloadavg()[0]:.1f} {os.getloadavg()[1]:.1f}", flush=True)
    work = Path(tempfile.mkdtemp(prefix="bench-county-"))
    folder = CACHE / f"county-pg-v{villages}-e{entries}"
    server, filled = (None, True) if database else county_fill.cached_cluster(folder)
    try:
        url = database or server.url(county_fill.DATABASE)
        if filled and not database:
            seconds, (town, _cpu) = timed(lambda: Ledger.open(folder / "ledger", database=url))
            line(f"the county kept in {folder} ({_size(folder)}) opened", f"{seconds:.1f} s")
        else:
            share = share_of(exported(demo, work), entries // villages)
            town = fill_county(folder if not database else work, url, share, villages)
            if not database:
                county_fill.mark_filled(folder)
        _measure(town, today.year, work)
        town.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)
        if server is not None:
            county_fill.stop(server)
    print(f"load average {os.getloadavg()[0]:.1f} {os.getloadavg()[1]:.1f}", flush=True)


def fill_county(folder: Path, url: str, share: Rows, villages: int) -> Ledger:
    """A new county township at ``url`` (its folder ``folder/ledger``) with ``villages``
    copies of ``share``: the first ``COPY``'d, the others made on the server."""
    town, _admin = create_township(
        folder / "ledger", "县", "420881000", AdminDetails("xian", "县农业农村局", "secret-123"),
        database=url,
    )  # fmt: skip
    seconds, (written, cpu) = timed(lambda: copy_in(town, share, 1, print))
    line(f"COPY of one village copy ({written:,} entries)", f"{seconds:.1f} s", "")
    tables = [(name, columns) for name, columns, _rows in Renamer(share).rows(share, FIRST_COPY)]
    seconds, (_v, cpu) = timed(
        lambda: county_fill.replicate(town, tables, FIRST_COPY, villages, _renamed, print)
    )
    line(f"the other {villages - 1} copies made on the server", f"{seconds:.0f} s", "")
    return town


def _renamed(column: str) -> bool:
    """Whether a column holds ids that each village copy renames."""
    return column in ID_COLUMNS or column.endswith("_id")


def _size(folder: Path) -> str:
    total = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
    return f"{total / 1e9:.1f} GB"


def _measure(town: Ledger, year: int, work: Path) -> None:
    one = _one_village(town)
    with town.engine.begin() as conn:
        seconds, (_v, cpu) = timed(lambda: summaries.refresh_summaries(conn, village_ids=[one]))
    line(
        "  refreshing one village's summaries",
        f"{seconds * 1000:.0f} ms (cpu {cpu * 1000:.0f})",
        "",
    )
    month_of_households(town, one)
    line("cross-village ranking, top 100", "", "")
    read_both(town, year, lambda s: household_ranking(s, year, 100))
    line("villages overview", "", "")
    read_both(town, year, lambda s: villages_overview(s, year))
    monthly_bundle(town, work)
    one_village_verify(town)
    with town.read() as s:
        report = VerifyReport()
        seconds, (_v, cpu) = timed(lambda: check_summaries(s, report))
    line(
        "jifen verify's summary check (every village)",
        f"{seconds:.1f} s (cpu {cpu:.1f})",
        "clean" if not report.findings else f"{len(report.findings)} findings",
        not report.findings,
    )


def one_village_verify(town: Ledger) -> None:
    """``jifen verify --village`` of a real village in the county: the first of bench_sync's
    cached 30-village bundles (34,000 entries, with its audit members and chain links),
    imported through ``import_bundle`` if the county does not hold it yet."""
    found = sorted(CACHE.glob("sync-v30-e1000000-*"))
    if not found:
        line("verify of one village: no cached village bundle (run bench_sync.py first)", "", "")
        return
    bundle = sorted(found[-1].glob("*.jfb"))[0]
    sync = SyncService(town)
    code = sync.inspect(bundle).source["code"]
    if code not in {p.code for p in sync.peers()}:
        sync.enrol(bundle, trust=True)
        seconds, (result, cpu) = timed(lambda: sync.import_bundle(bundle).value)
        entries = result.counts.get("tables", {}).get("entries", {}).get("new", "?")
        line(f"village {code}'s bundle ({entries} entries) into the county",
             f"{seconds:.1f} s (cpu {cpu:.1f})", "")  # fmt: skip
    if "village" not in inspect.signature(town.verify).parameters:
        line("jifen verify --village: not in this tree, not measured", "", "")
        return
    seconds, (report, cpu) = timed(lambda: town.verify(village=code))
    line(
        f"jifen verify --village {code}",
        f"{seconds:.1f} s (cpu {cpu:.1f})",
        f"< {VERIFY_TARGET_S:.0f} s",
        seconds < VERIFY_TARGET_S,
    )
    line(
        "  its findings",
        "clean" if report.ok else f"{len(report.findings)}: {report.findings[:3]}",
        "clean",
        report.ok,
    )


def month_of_households(town: Ledger, village: str) -> None:
    """What a county village's monthly bundle refreshes since the merge reports the households
    it touched: the households with an entry in the village's latest month, and one."""
    with town.read() as s:
        month = s.scalar(select(func.max(Entry.occurred_on)).where(Entry.village_id == village))
        first = month.replace(day=1)
        where = (Entry.village_id == village) & (Entry.occurred_on >= first)
        households = set(s.scalars(select(Entry.household_id).where(where)))
    for label, ids in ((f"{len(households)} households of {first:%Y-%m}", households),
                       ("one household", set(sorted(households)[:1]))):  # fmt: skip
        with town.engine.begin() as conn:
            seconds, (_v, cpu) = timed(lambda ids=ids: summaries.refresh_summaries(conn, ids))
        line(f"  refreshing {label}", f"{seconds * 1000:.0f} ms (cpu {cpu * 1000:.0f})", "")


def _one_village(ledger: Ledger) -> str:
    with ledger.read() as s:
        return s.scalars(select(Village.id).order_by(Village.code).limit(1)).one()
