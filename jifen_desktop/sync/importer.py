"""Importing a bundle: every check first, then a dry run or the merge in one transaction.

Order of checks, none of which writes anything: the zip and its member list, the manifest's
format version, the source's enrolled key and signature, that the bundle belongs here (its
village, or the township), then every member's sha256. Only then are rows read and merged;
a member of rows has its sha256 checked when it is read, before its first row is parsed (one
decompression of it, not two: ``OpenedBundle.check_hashes_later``), all in the transaction
that a refusal rolls back. A bundle already imported is recognised by its id and changes
nothing.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from jifen_desktop.model import hlc
from jifen_desktop.model.balances import balances_in
from jifen_desktop.model.engine_sql import defer_references
from jifen_desktop.model.evidence import evidence_path
from jifen_desktop.model.files import replace_atomically
from jifen_desktop.model.households import rebuild_search_keys
from jifen_desktop.model.rule_template import store_received
from jifen_desktop.model.schema import (
    EvidenceFile,
    Household,
    HouseholdSearchKeys,
    Replica,
    StoreGoods,
    Village,
)
from jifen_desktop.model.schema.sync import SyncBundle, SyncPeer, SyncRange
from jifen_desktop.model.summaries import refresh_after_import
from jifen_desktop.model.tx import Tx

from .bundle_file import TEMPLATE, OpenedBundle
from .chain_links import ChainCheck, keep_links
from .dangling import check_references
from .errors import BundleRefused
from .first_load import loading_first
from .knowledge import knowledge, record_acknowledgement
from .merge import Conflict, Merger, MergeReport
from .merge_pg import merger_for
from .peers import check_source, enrol_fresh_replica
from .trust import WriteRights
from .withheld import scrub_password_hashes

Progress = Callable[[float, str], None]


@dataclass(frozen=True)
class ImportResult:
    """What a dry run found, or what an import did."""

    path: Path
    bundle_id: str
    source_name: str
    source_code: str
    source_mode: str
    created_at: str
    full: bool
    dry_run: bool
    already_imported: bool
    counts: dict[str, Any]
    conflicts: list[Conflict] = field(default_factory=list)
    evidence_files: int = 0
    template: bool = False
    balances_checked: int = 0
    balance_mismatches: list[tuple[str, list[int], list[int]]] = field(default_factory=list)

    @property
    def label(self) -> str:
        return f"{self.source_name}（{self.source_code}）" if self.source_code else self.source_name


def _check_place(session: Session, bundle: OpenedBundle) -> None:
    """Before the key: a bundle that cannot belong here whoever signed it (another village's
    at a village, another township's at a township) is refused as the wrong stick, not with
    advice to enrol its key."""
    own = session.scalars(select(Replica)).one()
    source = bundle.manifest["source"]
    name = bundle.path.name
    if own.mode == "township" and source.get("mode") == "township":
        raise BundleRefused(
            f"同步包 {name} 来自另一个乡镇库，乡镇库之间不交换同步包。本库没有任何改动。"
        )
    if own.mode == "village" and source.get("mode") == "village":
        claimed = {v.get("id") for v in source.get("villages") or [] if isinstance(v, dict)}
        mine = set(session.scalars(select(Village.id)))
        if mine and claimed and not claimed <= mine:
            here = "、".join(session.scalars(select(Village.name))) or "本村"
            raise BundleRefused(
                f"同步包 {name} 是{source.get('name', '别的村')}的数据，本库是{here}的台账，不能导入。"
                "请检查是不是拿错了U盘，或在乡镇办的电脑上导入。本库没有任何改动。"
            )


def _already(session: Session, bundle: OpenedBundle) -> bool:
    held = session.get(SyncBundle, bundle.manifest["bundle_id"])
    if held is None:
        return False
    if held.manifest_sha256 != bundle.manifest_sha256:
        raise BundleRefused(
            f"同步包 {bundle.path.name} 的编号以前导入过，但内容不同：可能被改动过。本库没有任何改动。"
        )
    return True


def _result(
    bundle: OpenedBundle, *, dry_run: bool, already: bool, report: MergeReport | None, **extra: Any
) -> ImportResult:
    m = bundle.manifest
    source = m["source"]
    return ImportResult(
        bundle.path,
        m["bundle_id"],
        str(source.get("name", "")),
        str(source.get("code", "")),
        str(source.get("mode", "")),
        str(m.get("created_at", "")),
        bool(m.get("full")),
        dry_run,
        already,
        report.as_dict() if report else {},
        list(report.conflicts) if report else [],
        **extra,
    )


def check_signer(session: Session, bundle: OpenedBundle) -> tuple[SyncPeer, WriteRights | None]:
    """The checks before the hashes: the place, the signer's key and signatures, and the
    signer's rights (``trust``), which check the rows as they are read."""
    _check_place(session, bundle)
    peer = check_source(session, bundle)
    return peer, WriteRights.of(session, bundle, peer)


def _verify(
    session: Session, bundle: OpenedBundle, progress: Progress
) -> tuple[SyncPeer, WriteRights | None]:
    """Every check before rows are read; the signer's rights (``trust``) check the rows."""
    peer, rights = check_signer(session, bundle)
    progress(0.02, "正在核对每个文件的校验值")
    bundle.check_hashes_later()  # (the rows' members each as it is read: one reading, not two)
    bundle.check_hashes()
    return peer, rights


def _chain(session: Session, bundle: OpenedBundle, rights: WriteRights | None) -> ChainCheck:
    chain = ChainCheck.of(session, bundle)
    if rights is not None:
        rights.check_replicas((link.replica_id for link in chain.links), "包里的哈希链")
    return chain


def dry_run(session: Session, bundle: OpenedBundle, progress: Progress) -> ImportResult:
    _peer, rights = _verify(session, bundle, progress)
    if _already(session, bundle):
        return _result(bundle, dry_run=True, already=True, report=None)
    chain = _chain(session, bundle, rights)
    report = Merger(
        session, bundle, apply=False, rights=rights, now_ms=hlc.now_ms(), chain=chain
    ).run(lambda f, m: progress(0.1 + 0.9 * f, m))
    bundle.check_hashes_left()
    chain.check()
    check_references(session, bundle)  # what the import's commit checks
    return _result(
        bundle,
        dry_run=True,
        already=False,
        report=report,
        evidence_files=len(bundle.evidence()),
        template=TEMPLATE in bundle.members,
    )


@dataclass(frozen=True)
class Merged:
    """A bundle's rows merged (``merge_rows``), before what the writer keeps of the import
    (``keep_import``); a first load's worker process hands it to the writer."""

    peer: SyncPeer
    rights: WriteRights | None
    report: MergeReport


def merge_rows(
    session: Session,
    bundle: OpenedBundle,
    progress: Progress,
    cancelled: Callable[[], bool] | None,
) -> Merged | None:
    """Every check, then the bundle's rows and chain links merged into ``session``'s
    transaction; ``None`` when the bundle was imported before (nothing to do)."""
    peer, rights = _verify(session, bundle, progress)
    if _already(session, bundle):
        return None
    # (the transaction is open: ``Tx`` read the replica row, so the setting holds for it)
    defer_references(session.connection())
    chain = _chain(session, bundle, rights)
    merger = merger_for(session)(
        session,
        bundle,
        apply=True,
        rights=rights,
        now_ms=hlc.now_ms(),
        cancelled=cancelled,
        chain=chain,
    )
    report = merger.run(lambda f, m: progress(0.1 + 0.75 * f, m))
    bundle.check_hashes_left()
    progress(0.86, "正在核对哈希链")
    keep_links(session, chain.check())
    return Merged(peer, rights, report)


def apply(
    tx: Tx,
    bundle: OpenedBundle,
    folder: Path,
    progress: Progress,
    cancelled: Callable[[], bool] | None,
) -> ImportResult:
    """Merge the bundle in ``tx`` (one transaction: all of it or nothing)."""
    merged = merge_rows(tx.session, bundle, progress, cancelled)
    if merged is None:
        return _result(bundle, dry_run=False, already=True, report=None)
    return keep_import(tx, bundle, folder, progress, merged)


def keep_import(
    tx: Tx, bundle: OpenedBundle, folder: Path, progress: Progress, merged: Merged
) -> ImportResult:
    """After a bundle's rows are in: the clock, the bundle's record and acknowledgement, its
    photos and template, the balances compared, and the audit row of the import."""
    session, report, rights = tx.session, merged.report, merged.rights
    progress(0.88, "正在更新索引和确认信息")
    tx.receive(report.max_hlc)
    if session.scalar(select(Replica.mode)) == "township":
        scrub_password_hashes(session)
    peer = _fresh_replica(tx, bundle, merged.peer)
    _record(session, bundle, report, tx.actor.display_name)
    record_acknowledgement(session, peer.replica_id, _vector(bundle.manifest["knowledge"]))
    _rebuild_search(session, report.households)
    if not loading_first(session):  # (a first load makes them once, at its end)
        refresh_after_import(session, report)
    evidence = _write_evidence(session, bundle, folder / "evidence")
    template = TEMPLATE in bundle.members
    if template:
        store_received(folder, json.loads(bundle.read_member(TEMPLATE)))
    checked, mismatches = _check_balances(session, bundle, peer)
    result = _result(
        bundle,
        dry_run=False,
        already=False,
        report=report,
        evidence_files=evidence,
        template=template,
        balances_checked=checked,
        balance_mismatches=mismatches,
    )
    _audit_import(tx, bundle, peer, report, rights)
    return result


def _audit_import(
    tx: Tx, bundle: OpenedBundle, peer: SyncPeer, report: MergeReport, rights: WriteRights | None
) -> None:
    counts = report.as_dict()
    tx.audit(
        "sync.import",
        "sync_bundle",
        bundle.manifest["bundle_id"],
        f"导入{peer.name}的同步包 {bundle.path.name}：新增{counts['new']}条，更新{counts['updated']}条，"
        f"冲突{counts['conflicts']}条",
        village_id=rights.village.id if rights is not None else _own_village(tx.session),
        after={
            "file": bundle.path.name,
            **{k: counts[k] for k in ("new", "updated", "unchanged", "older", "conflicts")},
        },
    )


def _own_village(session: Session) -> str | None:
    """A village laptop's own village (a township bundle's import is logged under it)."""
    if session.scalar(select(Replica.mode)) == "township":
        return None
    return session.scalars(select(Village.id).order_by(Village.code).limit(1)).first()


def _fresh_replica(tx: Tx, bundle: OpenedBundle, peer: SyncPeer) -> SyncPeer:
    """A bundle signed with an enrolled key under a replica id not enrolled yet (a ledger
    restored under a fresh id): that id is enrolled with the key, and the audit log says so."""
    replica_id = str(bundle.manifest["source"]["replica_id"])
    if replica_id == peer.replica_id:
        return peer
    fresh = enrol_fresh_replica(tx.session, peer, replica_id)
    tx.audit(
        "sync.enrol",
        "sync_peer",
        replica_id,
        f"{peer.name}以同一把密钥换了新的副本编号（恢复过备份），已随同步包登记",
        village_id=None,
        after={"name": peer.name, "code": peer.code, "fingerprint": peer.fingerprint},
    )
    return fresh


def _vector(raw: Any) -> dict[str, int]:
    if not isinstance(raw, dict):
        return {}
    return {str(k): int(v) for k, v in raw.items() if isinstance(v, int)}


def _record(session: Session, bundle: OpenedBundle, report: MergeReport, by: str) -> None:
    m = bundle.manifest
    now = dt.datetime.now().replace(microsecond=0)
    try:
        created = dt.datetime.fromisoformat(str(m.get("created_at")))
    except ValueError:
        created = now
    session.add(
        SyncBundle(
            id=m["bundle_id"],
            manifest_sha256=bundle.manifest_sha256,
            file_name=bundle.path.name,
            source_replica_id=m["source"]["replica_id"],
            source_name=str(m["source"].get("name", "")),
            created_at=created,
            imported_at=now,
            imported_by=by,
            result_json=json.dumps(report.as_dict(), ensure_ascii=False),
        )
    )
    for origin, span in m["ranges"].items():
        if isinstance(span, list) and len(span) == 2 and all(isinstance(x, int) for x in span):
            session.add(
                SyncRange(
                    bundle_id=m["bundle_id"],
                    origin_replica_id=origin,
                    seq_from=span[0],
                    seq_to=span[1],
                )
            )
    session.flush()


def _rebuild_search(session: Session, household_ids: set[str]) -> None:
    """Search keys of the households the bundle changed: made now in a village; in a township
    dropped, to be made by the first search of that village (``ensure_search_keys``)."""
    ids = sorted(household_ids)
    if session.scalar(select(Replica.mode)) == "township":
        for start in range(0, len(ids), 500):
            session.execute(
                delete(HouseholdSearchKeys).where(
                    HouseholdSearchKeys.household_id.in_(ids[start : start + 500])
                )
            )
        return
    for start in range(0, len(ids), 500):
        for household in session.scalars(
            select(Household).where(Household.id.in_(ids[start : start + 500]))
        ):
            rebuild_search_keys(session, household)
    session.flush()


def _write_evidence(session: Session, bundle: OpenedBundle, folder: Path) -> int:
    """Copy the bundle's photos into the evidence folder under the names rows give them."""
    written = 0
    for sha in bundle.evidence():
        names = set(
            session.scalars(select(EvidenceFile.file_name).where(EvidenceFile.sha256 == sha))
        )
        names |= set(
            session.scalars(select(StoreGoods.photo_name).where(StoreGoods.photo_sha256 == sha))
        )
        data: bytes | None = None
        for name in names:
            target = evidence_path(folder, sha, name)
            if target.exists():
                continue
            data = data if data is not None else bundle.read_member(f"evidence/{sha}")
            replace_atomically(target, _writer_of(data))
            written += 1
    return written


def _writer_of(data: bytes) -> Callable[[Path], int]:
    return lambda tmp: tmp.write_bytes(data)


def _check_balances(
    session: Session, bundle: OpenedBundle, peer: SyncPeer
) -> tuple[int, list[tuple[str, list[int], list[int]]]]:
    """When this database now holds exactly what the source held of its village, every
    household's balance must equal the source's; differences are listed (0 checked otherwise)."""
    summary = bundle.manifest.get("summary") or {}
    balances = summary.get("balances")
    year = summary.get("year")
    if not isinstance(balances, dict) or not isinstance(year, int) or not balances:
        return 0, []
    theirs = _vector(bundle.manifest["knowledge"])
    mine = knowledge(session)
    own = session.scalars(select(Replica)).one()
    townships = set(session.scalars(select(SyncPeer.replica_id).where(SyncPeer.kind == "township")))
    relevant = {peer.replica_id} | set(theirs)
    relevant |= set(session.scalars(select(SyncPeer.replica_id).where(SyncPeer.code == peer.code)))
    if own.mode == "village":
        relevant.add(own.id)
    relevant -= townships
    if any(mine.get(o, 0) != theirs.get(o, 0) for o in relevant):
        return 0, []
    mismatches = []
    for village in bundle.manifest["source"].get("villages", []):
        ours = balances_in(session, village["id"], list(balances), year)
        for hid, b in ours.items():
            expected = balances.get(hid)
            got = [b.lifetime, b.available]
            if expected is not None and list(expected) != got:
                mismatches.append((hid, list(expected), got))
    return len(balances), mismatches
