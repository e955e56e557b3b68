"""``ledger.sync``: the one service the GUI and the CLI call for sync bundles and keys.

Exports read one snapshot; a dry run reads one; an import is one write transaction. Only an
admin (村管理员, 乡镇办) may export, import or change keys; anyone may see the fingerprint.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jifen_desktop.model import authz, sync_store
from jifen_desktop.model.errors import Cancelled, ValidationError
from jifen_desktop.model.sync_store import ConflictInfo
from jifen_desktop.model.tx import Change, Op

from . import first_load_parallel, first_load_pg_workers, keys
from .bundle_file import OpenedBundle
from .clashes import Clash, find_clashes
from .dangling import refusing_dangling
from .export import ExportResult, export_bundle
from .first_load import build_indexes, is_first_load, set_indexes_aside, township_indexes
from .importer import ImportResult, apply, dry_run
from .knowledge import acknowledged, knowledge
from .peers import (
    Identity,
    PeerInfo,
    enrol,
    find_peer,
    identity,
    list_peers,
    peer_info,
    revoke,
    same_key,
    signed_by,
)
from .prepare import Prepared, holds_for, prepared
from .township import TownshipRankRow, VillageSummary, household_ranking, villages_overview

if TYPE_CHECKING:
    from jifen_desktop.model.ledger import Ledger

Progress = Callable[[float, str], None]


@dataclass(frozen=True)
class BundleInfo:
    """What a bundle says about itself, and whether its signature holds here."""

    path: Path
    bundle_id: str
    source: dict[str, Any]
    created_at: str
    full: bool
    counts: dict[str, int]
    ranges: dict[str, list[int]]
    evidence_files: int
    size: int
    fingerprint: str
    enrolled: bool
    signature_ok: bool | None  # None: the source is not enrolled here
    hashes_ok: bool | None  # None: not checked (inspect), True after verify
    already_imported: bool


def _no_progress(_fraction: float, _message: str) -> None:
    pass


class SyncService:
    def __init__(self, ledger: Ledger) -> None:
        self.ledger = ledger

    # -- who we are ------------------------------------------------------------------------

    def identity(self) -> Identity:
        with self.ledger.read() as s:
            return identity(s)

    def knowledge(self) -> dict[str, int]:
        with self.ledger.read() as s:
            return knowledge(s)

    def _own_village(self) -> str | None:
        """The village a village laptop's own audit rows of sync belong to (a township's
        have none): a township takes a village's audit rows of no village only as that
        laptop's own (``trust``)."""
        with self.ledger.read() as s:
            return sync_store.own_village(s)

    # -- keys ------------------------------------------------------------------------------

    def peers(self) -> list[PeerInfo]:
        with self.ledger.read() as s:
            return list_peers(s)

    def enrol(
        self, path: Path, fingerprint: str | None = None, *, trust: bool = False
    ) -> Op[PeerInfo]:
        """Enrol the key that signed the bundle at ``path`` (see ``peers.enrol``)."""
        authz.require(self.ledger.actor, authz.ADMIN_ROLES, "登记同步密钥")
        village_id = self._own_village()

        def work(tx: Any) -> PeerInfo:
            peer = enrol(tx.session, path, fingerprint, trust=trust, by=tx.actor.display_name)
            tx.audit(
                "sync.enrol",
                "sync_peer",
                peer.replica_id,
                f"登记{peer.name}的同步密钥（指纹 {peer.fingerprint}）",
                village_id=village_id,
                after={"name": peer.name, "code": peer.code, "fingerprint": peer.fingerprint},
            )
            tx.changed(Change.VILLAGE)
            return peer_info(tx.session, peer)

        return self.ledger.run(work)

    def revoke(self, which: str, reason: str) -> Op[PeerInfo]:
        authz.require(self.ledger.actor, authz.ADMIN_ROLES, "吊销同步密钥")
        village_id = self._own_village()

        def work(tx: Any) -> PeerInfo:
            peer = revoke(tx.session, which, reason)
            tx.audit(
                "sync.revoke",
                "sync_peer",
                peer.replica_id,
                f"吊销{peer.name}的同步密钥（指纹 {peer.fingerprint}）：{peer.revoke_reason}",
                village_id=village_id,
                after={"name": peer.name, "reason": peer.revoke_reason},
            )
            tx.changed(Change.VILLAGE)
            return peer_info(tx.session, peer)

        return self.ledger.run(work)

    # -- bundles ---------------------------------------------------------------------------

    def default_destination(self) -> PeerInfo | None:
        """Where a village's bundle goes unless told: the township, once its key is enrolled."""
        peers = [p for p in self.peers() if p.kind == "township" and p.revoked_at is None]
        return peers[0] if len(peers) == 1 else None

    def export(
        self,
        folder: Path,
        *,
        to: str | None = None,
        full: bool = False,
        evidence: bool = False,
        template: Path | None = None,
        progress: Progress | None = None,
        cancelled: Callable[[], bool] | None = None,
        new_laptop: bool = False,
    ) -> ExportResult:
        """Write a bundle into ``folder``: for peer ``to`` (replica id or code; the township by
        default) what it has not acknowledged, or everything with ``full``. ``new_laptop``:
        everything, for a new laptop of this village not enrolled yet (with the operators'
        password hashes, which a bundle for the township leaves out: ``withheld``)."""
        authz.require(self.ledger.actor, authz.ADMIN_ROLES, "导出同步包")
        peer_id = None
        if new_laptop:
            if to is not None or self.ledger.mode == "township":
                raise ValidationError("“给本村新电脑”的同步包不指定对方，也只能由村里的台账导出。")
            full = True
        elif to is not None:
            with self.ledger.read() as s:
                peer_id = find_peer(s, to).replica_id
        elif (township := self.default_destination()) is not None:
            peer_id = township.replica_id
        if template is not None and self.ledger.mode != "township":
            raise ValidationError("只有乡镇库可以下发积分细则模板。")
        template_data = _read_template(template) if template is not None else None
        with self.ledger.read() as s:
            result = export_bundle(
                s,
                sync_store.signing_key(s),
                folder=folder,
                evidence_folder=self.ledger.evidence_dir,
                peer_id=peer_id,
                full=full,
                with_evidence=evidence,
                template=template_data,
                progress=progress,
                cancelled=cancelled,
            )
        village_id = self._own_village()
        self.ledger.run(
            lambda tx: tx.audit(
                "sync.export",
                "sync_bundle",
                result.bundle_id,
                f"导出同步包 {result.path.name}（{'全部' if result.full else '增量'}，{result.total_rows}条记录）",
                village_id=village_id,
                after={"file": result.path.name, "rows": result.total_rows, "full": result.full},
            )
        )
        return result

    def inspect(self, path: Path, *, verify: bool = False) -> BundleInfo:
        """What a bundle holds; with ``verify`` every member's hash is checked too. Nothing is
        written; a damaged bundle raises ``BundleRefused``."""
        with OpenedBundle(path) as bundle, self.ledger.read() as s:
            m = bundle.manifest
            source = dict(m["source"])
            public = str(source.get("public_key", ""))
            peer = sync_store.peer(s, str(source.get("replica_id", ""))) or same_key(s, public)
            enrolled = peer is not None and peer.revoked_at is None
            signature_ok = (
                peer.public_key == public and signed_by(bundle, peer.public_key)
                if enrolled and peer is not None
                else None
            )
            hashes_ok = None
            if verify:
                bundle.check_hashes()
                hashes_ok = True
            held = sync_store.held_manifest(s, m["bundle_id"])
            return BundleInfo(
                path,
                m["bundle_id"],
                source,
                str(m.get("created_at", "")),
                bool(m.get("full")),
                {k: int(v) for k, v in (m.get("counts") or {}).items()},
                m["ranges"],
                len(bundle.evidence()),
                path.stat().st_size,
                keys.fingerprint(public) if keys.is_public_key(public) else "",
                enrolled,
                signature_ok,
                hashes_ok,
                held == bundle.manifest_sha256,
            )

    def dry_run(self, path: Path, progress: Progress | None = None) -> ImportResult:
        """What importing ``path`` would do: new, updated, unchanged, older, conflicts."""
        authz.require(self.ledger.actor, authz.ADMIN_ROLES, "导入同步包")
        with OpenedBundle(path) as bundle, self.ledger.read() as s:
            return dry_run(s, bundle, progress or _no_progress)

    def import_bundle(
        self,
        path: Path,
        progress: Progress | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> Op[ImportResult]:
        """Import ``path`` in one transaction: all of it, or (on any refusal) nothing."""
        op = self.import_bundles([path], progress, cancelled)
        return Op(op.value[0], op.changes)

    def import_bundles(
        self,
        paths: Sequence[Path],
        progress: Progress | None = None,
        cancelled: Callable[[], bool] | None = None,
        done: Callable[[ImportResult], None] | None = None,
    ) -> Op[list[ImportResult]]:
        """Import ``paths`` in order, one transaction each; into an empty township (a first
        load) all in one transaction, loaded first and indexed after (``first_load``): all of
        them, or (on any refusal) nothing. The next files' hashes are checked in worker
        processes while the writer applies the current one (``prepare``). ``done`` hears of
        each bundle once it is committed (a refusal or ``Cancelled`` leaves those)."""
        authz.require(self.ledger.actor, authz.ADMIN_ROLES, "导入同步包")
        say = progress or _no_progress
        tell = done or (lambda _result: None)
        with self.ledger.read() as s:
            first = is_first_load(s)
        parallel = _parallel_load(self.ledger, paths) if first else None
        if parallel is not None:
            try:  # (in worker processes; the usual way when the bundles may depend on each other)
                op = parallel(self.ledger, paths, say, cancelled)
            except first_load_parallel.Sequential:
                pass
            else:
                for result in op.value:
                    tell(result)
                return op
        with prepared(paths) as get:
            if first:
                op = self._import(paths, get, say, cancelled, bulk=True)
                for result in op.value:
                    tell(result)
                return op
            results, changes = [], Change.NONE
            for number, path in enumerate(paths):
                if cancelled is not None and cancelled():
                    raise Cancelled()
                part = _part(say, number, len(paths), 1.0, path)
                op = self._import([path], _shifted(get, number), part, cancelled, bulk=False)
                results.append(op.value[0])
                changes |= op.changes
                tell(op.value[0])
            return Op(results, changes)

    def _import(
        self,
        paths: Sequence[Path],
        get: Callable[[int], Prepared | None],
        say: Progress,
        cancelled: Callable[[], bool] | None,
        *,
        bulk: bool,
    ) -> Op[list[ImportResult]]:
        with ExitStack() as stack:
            bundles = [stack.enter_context(OpenedBundle(path)) for path in paths]

            def work(tx: Any) -> list[ImportResult]:
                township = sync_store.replica_mode(tx.session) == "township"
                if township:
                    township_indexes(tx.session)
                aside = set_indexes_aside(tx.session) if bulk else []
                results = []
                for number, bundle in enumerate(bundles):
                    part = _part(say, number, len(bundles), 0.95 if bulk else 1.0, bundle.path)
                    part(0.01, "正在核对每个文件的校验值")
                    _take_prepared(bundle, get(number))
                    results.append(apply(tx, bundle, self.ledger.folder, part, cancelled))
                if aside:
                    say(0.96, "正在建立索引")
                    build_indexes(tx.session, aside)
                if any(not r.already_imported for r in results):
                    tx.changed(~Change.NONE)
                return results

            with refusing_dangling(bundles):  # a reference to nothing: refused, rolled back
                return sync_store.run_import(self.ledger, work, bulk=bulk)

    # -- after merging ---------------------------------------------------------------------

    def conflicts(self, *, open_only: bool = True) -> list[ConflictInfo]:
        with self.ledger.read() as s:
            return sync_store.conflicts(s, open_only=open_only)

    def clashes(self, village_id: str | None = None) -> list[Clash]:
        """Rules broken once laptops' records met: duplicate numbers, stock or points below
        zero, a once-a-year item recorded twice. The village settles them by the usual means."""
        with self.ledger.read() as s:
            return find_clashes(s, village_id)

    # -- township --------------------------------------------------------------------------

    def villages_overview(self, year: int | None = None) -> list[VillageSummary]:
        """One line per village held here (households, participation, points, last bundle)."""
        with self.ledger.read() as s:
            return villages_overview(s, year or dt.date.today().year)

    def household_ranking(
        self, year: int | None = None, limit: int = 100, kind: str = "household"
    ) -> list[TownshipRankRow]:
        """Households (or units, ranked apart) across every village by approved points."""
        with self.ledger.read() as s:
            return household_ranking(s, year or dt.date.today().year, limit, kind)

    def acknowledged_by(self, which: str) -> dict[str, int]:
        with self.ledger.read() as s:
            return acknowledged(s, find_peer(s, which).replica_id)


def refused_file(paths: Sequence[Path], committed: int, message: str) -> Path:
    """Which of ``paths`` an ``import_bundles`` refusal is about, ``committed`` of them being
    in: the first after those that the message names (a first load refuses all at once), else
    the next one (one transaction each: the one being imported)."""
    rest = list(paths)[committed:]
    return next((p for p in rest if p.name in message), rest[0])


def _shifted(get: Callable[[int], Prepared | None], by: int) -> Callable[[int], Prepared | None]:
    return lambda number: get(number + by)


def _take_prepared(bundle: OpenedBundle, found: Prepared | None) -> None:
    """A worker's finding on this very file spares the writer reading it again."""
    if found is not None and holds_for(found, bundle):
        bundle.use_checked(found.file_digest, found.refusal)


def _part(say: Progress, number: int, count: int, share: float, path: Path) -> Progress:
    """Progress of bundle ``number`` of ``count`` within ``share`` of the whole; with several,
    each message says which file (第2/3个 张集村.jfb：…)."""
    head = f"第{number + 1}/{count}个 {path.name}：" if count > 1 else ""
    return lambda f, m: say(share * (number + f) / count, head + m)


def _read_template(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ValidationError(
            f"读不出积分细则模板 {path}：{exc}。请选择正确的 JSON 文件。"
        ) from exc
    if (
        not isinstance(data, dict)
        or data.get("format") != 1
        or not isinstance(data.get("categories"), list)
    ):
        raise ValidationError(f"{path.name} 不是积分细则模板（格式版本1）。")
    return data


def _parallel_load(ledger: Ledger, paths: Sequence[Path]) -> Callable[..., Op[Any]] | None:
    """A first load with worker processes (SQLite's or PostgreSQL's), where it is usable."""
    if first_load_parallel.usable(ledger, paths):
        return first_load_parallel.load
    if first_load_pg_workers.usable(ledger, paths):
        return first_load_pg_workers.load
    return None
