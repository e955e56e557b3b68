"""Making a bundle: the changes a destination has not acknowledged (or everything), every record
they refer to, the evidence photos if chosen, and a signed manifest with summary figures.

An incremental bundle carries, for each origin replica, the changes after the sequence the
destination acknowledged, never "since a date". It also carries the records those changes refer
to (the household of an entry, the entry of a decision), so any bundle can be imported on its
own, in any order. A township bundle carries no village data: its acknowledgements (what it
holds of every replica) and, if given, a rule template for the villages.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import and_, not_, or_, select
from sqlalchemy.orm import Session

from jifen_desktop.model import hlc
from jifen_desktop.model.audit_ref import read_form
from jifen_desktop.model.balances import balances_in
from jifen_desktop.model.errors import Cancelled, ValidationError
from jifen_desktop.model.evidence import evidence_path
from jifen_desktop.model.ids import new_id
from jifen_desktop.model.row_form import (
    SyncedTable,
    by_name,
    canonical,
    synced_tables,
    to_json_values,
)
from jifen_desktop.model.schema import EvidenceFile, Household, Replica, StoreGoods, Village
from jifen_desktop.model.schema.sync import SyncPeer

from . import keys
from .bundle_file import FORMAT, FORMAT_VERSION, SUFFIX, TEMPLATE, BundleWriter, write_bundle
from .chain_links import links_to_send, write_links
from .knowledge import Vector, acknowledged, knowledge
from .withheld import for_township

Progress = Callable[[float, str], None]
IN_CHUNK = 900


@dataclass(frozen=True)
class ExportResult:
    path: Path
    bundle_id: str
    full: bool
    rows: dict[str, int]
    evidence_files: int
    evidence_missing: int
    ranges: dict[str, list[int]]
    size: int

    @property
    def total_rows(self) -> int:
        return sum(self.rows.values())


# Rows chosen for an incremental bundle: table name -> id -> row.
Selection = dict[str, dict[str, tuple[Any, ...]]]


def source_identity(session: Session) -> dict[str, Any]:
    """Who writes the bundle: replica, mode, key, and its village(s) or township."""
    replica = session.scalars(select(Replica)).one()
    villages = [
        {"id": v.id, "code": v.code, "name": v.name}
        for v in session.scalars(select(Village).order_by(Village.code))
    ]
    if replica.mode == "township":
        code, name, villages = replica.code, replica.name, []
    elif villages:
        code, name = villages[0]["code"], villages[0]["name"]
    else:
        code, name = "", ""
    return {
        "replica_id": replica.id,
        "mode": replica.mode,
        "code": code,
        "name": name,
        "public_key": replica.public_key,
        "fingerprint": keys.fingerprint(replica.public_key),
        "villages": villages,
    }


def bundle_name(folder: Path, code: str, day: dt.date) -> Path:
    """``<村代码>_<日期>_<序号>.jfb``, numbered after the bundles of that day already there."""
    stem = f"{code or 'jifen'}_{day:%Y%m%d}_"
    numbers = [
        int(m.group(1))
        for p in folder.glob(f"{stem}*{SUFFIX}")
        if (m := re.fullmatch(re.escape(stem) + r"(\d+)" + re.escape(SUFFIX), p.name))
    ]
    return folder / f"{stem}{max(numbers, default=0) + 1:03d}{SUFFIX}"


def _origin_filter(synced: SyncedTable, ack: Vector) -> Any:
    """Rows the destination has not acknowledged."""
    held = [
        and_(synced.origin_column == origin, synced.seq_column <= seq)
        for origin, seq in ack.items()
    ]
    return not_(or_(*held)) if held else None


def _select(synced: SyncedTable) -> Any:
    return select(*[synced.table.c[name] for name in synced.columns])


def _chunks(values: list[str], size: int = IN_CHUNK) -> Iterable[list[str]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _select_changes(session: Session, ack: Vector) -> Selection:
    """The unacknowledged rows, then the rows they refer to, until nothing is missing."""
    chosen: Selection = {}
    for synced in synced_tables():
        stmt = _select(synced)
        condition = _origin_filter(synced, ack)
        if condition is not None:
            stmt = stmt.where(condition)
        id_at = synced.index("id")
        chosen[synced.name] = {row[id_at]: tuple(row) for row in session.execute(stmt)}
    tables = by_name()
    changed = True
    while changed:
        changed = False
        for synced in reversed(synced_tables()):
            for fk in synced.table.foreign_keys:
                parent = tables.get(fk.column.table.name)
                if parent is None:
                    continue
                at = synced.index(fk.parent.name)
                have = chosen[parent.name]
                missing = sorted(
                    {row[at] for row in chosen[synced.name].values()} - set(have) - {None}
                )
                for ids in _chunks(missing):
                    for row in session.execute(_select(parent).where(parent.table.c.id.in_(ids))):
                        have[row[parent.index("id")]] = tuple(row)
                        changed = True
    return chosen


def _carried(chosen: Selection | None) -> dict[str, list[int]] | None:
    """Origin -> sequences of the append-only rows an incremental bundle carries."""
    if chosen is None:
        return None
    carried: dict[str, list[int]] = {}
    for synced in synced_tables():
        if not synced.mutable:
            origin_at, seq_at = synced.index("replica_id"), synced.index("seq")
            for row in chosen[synced.name].values():
                carried.setdefault(row[origin_at], []).append(row[seq_at])
    return carried


def _rows_of(session: Session, synced: SyncedTable, chosen: Selection | None) -> Iterable[Any]:
    """The rows to write, audit rows in full (``audit_ref``)."""
    if chosen is None:
        rows: Iterable[Any] = session.execute(_select(synced).order_by(synced.table.c.id))
    else:
        rows = (chosen[synced.name][key] for key in sorted(chosen[synced.name]))
    return read_form(session, synced, rows)


def _write_table(
    writer: BundleWriter,
    synced: SyncedTable,
    rows: Iterable[Any],
    check: Callable[[], None],
    to_township: bool,
) -> int:
    count = 0
    shape = for_township(synced) if to_township else (lambda values: values)

    def write(out: Any) -> None:
        nonlocal count
        header = {"table": synced.name, "columns": list(synced.columns)}
        out.write((json.dumps(header) + "\n").encode())
        buffer: list[str] = []
        for row in rows:
            buffer.append(canonical(shape(to_json_values(synced, row))))
            count += 1
            if len(buffer) >= 5000:
                out.write(("\n".join(buffer) + "\n").encode())
                buffer.clear()
                check()
        if buffer:
            out.write(("\n".join(buffer) + "\n").encode())

    writer.add_stream(f"data/{synced.name}.jsonl", write)
    return count


def _photos(session: Session, folder: Path, chosen: Selection | None) -> dict[str, Path | None]:
    """sha256 -> the file in the evidence folder (None when it is missing there)."""
    names: dict[str, str] = {}
    if chosen is None:
        names.update(
            dict(session.execute(select(EvidenceFile.sha256, EvidenceFile.file_name)).all())
        )
        goods = session.execute(select(StoreGoods.photo_sha256, StoreGoods.photo_name))
        names.update((sha, name) for sha, name in goods if sha)
    else:
        tables = by_name()
        for table, sha_col, name_col in (
            ("evidence_files", "sha256", "file_name"),
            ("store_goods", "photo_sha256", "photo_name"),
        ):
            synced = tables[table]
            sha_at, name_at = synced.index(sha_col), synced.index(name_col)
            for row in chosen[table].values():
                if row[sha_at]:
                    names[row[sha_at]] = row[name_at]
    result: dict[str, Path | None] = {}
    for sha, name in names.items():
        path = evidence_path(folder, sha, name)
        result[sha] = path if path.is_file() else None
    return result


def _summary(session: Session, villages: list[dict[str, Any]]) -> dict[str, Any]:
    """Figures the receiver can check its own against: balances of every household."""
    year = dt.date.today().year
    result: dict[str, Any] = {"year": year, "balances": {}}
    for village in villages:
        ids = list(
            session.scalars(select(Household.id).where(Household.village_id == village["id"]))
        )
        for hid, b in balances_in(session, village["id"], ids, year).items():
            result["balances"][hid] = [b.lifetime, b.available]
    return result


@dataclass(frozen=True)
class _Plan:
    """What a bundle carries, decided before anything is written: all rows (``full``) or the
    ``chosen`` ones past what the destination acknowledged (``ranges`` per origin), the photos,
    and whether it goes to the township (which gets no withheld fields)."""

    source: dict[str, Any]
    township: bool  # written by a township: no rows, only what it holds
    knowledge: Vector
    ranges: dict[str, list[int]]
    full: bool
    chosen: Selection | None
    photos: dict[str, Path | None]
    with_evidence: bool
    peer_id: str | None
    to_township: bool

    @property
    def photos_found(self) -> int:
        return sum(1 for p in self.photos.values() if p)

    @property
    def photos_missing(self) -> int:
        return sum(1 for p in self.photos.values() if p is None)


def _plan(
    session: Session,
    peer_id: str | None,
    *,
    full: bool,
    with_evidence: bool,
    evidence_folder: Path,
    step: Progress,
) -> _Plan:
    source = source_identity(session)
    township = source["mode"] == "township"
    know = knowledge(session)
    ack = {} if full or peer_id is None else acknowledged(session, peer_id)
    full = full or not ack
    ranges = {o: [ack.get(o, 0) + 1, n] for o, n in sorted(know.items()) if n > ack.get(o, 0)}
    step(0.05, "正在挑选要导出的记录")
    chosen = None if full or township else _select_changes(session, ack)
    photos = {} if township or not with_evidence else _photos(session, evidence_folder, chosen)
    to_township = (
        peer_id is not None
        and session.scalar(select(SyncPeer.kind).where(SyncPeer.replica_id == peer_id))
        == "township"
    )
    ranges = {} if township else ranges
    return _Plan(
        source, township, know, ranges, full, chosen, photos, with_evidence, peer_id, to_township
    )


def _write_contents(
    writer: BundleWriter,
    session: Session,
    plan: _Plan,
    template: dict[str, Any] | None,
    step: Progress,
    check: Callable[[], None],
) -> dict[str, int]:
    """The tables, the hash-chain links, the photos and the template; the rows per table."""
    rows: dict[str, int] = {}
    tables = () if plan.township else synced_tables()
    for number, synced in enumerate(tables):
        step(0.1 + 0.7 * number / len(tables), f"正在写入 {synced.name}")
        rows[synced.name] = _write_table(
            writer, synced, _rows_of(session, synced, plan.chosen), check, plan.to_township
        )
    if not plan.township:
        write_links(writer, links_to_send(session, plan.ranges, _carried(plan.chosen)))
    for sha, path in sorted(plan.photos.items()):
        if path is not None:
            writer.add_file(f"evidence/{sha}", path)
            check()
    if template is not None:
        writer.add_stream(
            TEMPLATE, lambda out: out.write(json.dumps(template, ensure_ascii=False).encode())
        )
    return rows


def _manifest(
    session: Session, plan: _Plan, bundle_id: str, rows: dict[str, int]
) -> dict[str, Any]:
    """The signed manifest: who wrote it for whom, what it carries, and summary figures."""
    replica = session.scalars(select(Replica)).one()
    return {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "bundle_id": bundle_id,
        "created_at": dt.datetime.now().replace(microsecond=0).isoformat(),
        "source": plan.source,
        "destination": plan.peer_id,
        "full": plan.full,
        "ranges": plan.ranges,
        "knowledge": plan.knowledge,
        "counts": rows,
        "evidence": {"included": plan.with_evidence, "files": plan.photos_found},
        "max_hlc": replica.hlc_last,
        "max_hlc_time": dt.datetime.fromtimestamp(
            hlc.unpack(replica.hlc_last)[0] / 1000
        ).isoformat(),
        "summary": {} if plan.township else _summary(session, plan.source["villages"]),
    }


def export_bundle(
    session: Session,
    signing_key: str,
    *,
    folder: Path,
    evidence_folder: Path,
    peer_id: str | None,
    full: bool,
    with_evidence: bool,
    template: dict[str, Any] | None = None,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> ExportResult:
    """Write a bundle into ``folder`` from the snapshot ``session`` reads."""
    step = progress or (lambda _f, _m: None)

    def check() -> None:
        if cancelled is not None and cancelled():
            raise Cancelled("已取消导出，没有留下同步包文件。")

    if not folder.is_dir():
        raise ValidationError(f"找不到文件夹 {folder}，请重新选择要保存同步包的位置（如U盘）。")
    plan = _plan(
        session,
        peer_id,
        full=full,
        with_evidence=with_evidence,
        evidence_folder=evidence_folder,
        step=step,
    )
    bundle_id = new_id()
    target = bundle_name(folder, plan.source["code"], dt.date.today())
    rows: dict[str, int] = {}

    def fill(writer: BundleWriter) -> bytes:
        rows.update(_write_contents(writer, session, plan, template, step, check))
        step(0.9, "正在汇总并签名")
        manifest = _manifest(session, plan, bundle_id, rows)
        return writer.finish(manifest, lambda data: keys.sign(signing_key, data))

    write_bundle(target, fill, lambda digest: keys.sign(signing_key, digest))
    step(1.0, "同步包已写好")
    return ExportResult(
        target,
        bundle_id,
        plan.full,
        rows,
        plan.photos_found,
        plan.photos_missing,
        plan.ranges,
        target.stat().st_size,
    )
