"""Enrolled keys: the replicas whose bundles this database accepts.

The township enrols each village laptop's key once, from a bundle the village brought, after
comparing the fingerprint with the one the village reads from its own screen (by phone or on
paper); a village enrols the township's key, and its other laptops', the same way. A revoked key
is refused from then on (a laptop stolen or replaced).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from jifen_desktop.model.errors import NotFound, ValidationError
from jifen_desktop.model.schema import Replica
from jifen_desktop.model.schema.sync import SyncBundle, SyncPeer

from . import keys
from .bundle_file import OpenedBundle
from .errors import BundleRefused

KIND_NAMES = {"village": "村", "township": "乡镇"}


@dataclass(frozen=True)
class PeerInfo:
    replica_id: str
    kind: str
    code: str
    name: str
    fingerprint: str
    enrolled_at: dt.datetime
    enrolled_by: str
    revoked_at: dt.datetime | None
    revoke_reason: str
    last_bundle_at: dt.datetime | None

    @property
    def label(self) -> str:
        return f"{self.name}（{self.code}）" if self.code else self.name


@dataclass(frozen=True)
class Identity:
    """This database as others see it."""

    replica_id: str
    mode: str
    code: str
    name: str
    public_key: str
    fingerprint: str


def peer_info(session: Session, peer: SyncPeer) -> PeerInfo:
    last = session.scalar(
        select(SyncBundle.imported_at)
        .where(SyncBundle.source_replica_id == peer.replica_id)
        .order_by(SyncBundle.imported_at.desc())
        .limit(1)
    )
    return PeerInfo(
        peer.replica_id,
        peer.kind,
        peer.code,
        peer.name,
        peer.fingerprint,
        peer.enrolled_at,
        peer.enrolled_by,
        peer.revoked_at,
        peer.revoke_reason,
        last,
    )


def list_peers(session: Session) -> list[PeerInfo]:
    peers = session.scalars(select(SyncPeer).order_by(SyncPeer.kind, SyncPeer.code))
    return [peer_info(session, p) for p in peers]


def source_of(bundle: OpenedBundle) -> dict[str, str]:
    """The source named in a bundle's manifest, checked to be well-formed."""
    source = bundle.manifest["source"]
    fields = {k: source.get(k) for k in ("replica_id", "mode", "code", "name", "public_key")}
    if not all(isinstance(v, str) for v in fields.values()) or not keys.is_public_key(
        fields["public_key"] or ""
    ):
        raise BundleRefused(f"同步包 {bundle.path.name} 的清单里没有完整的来源和密钥，不能登记。")
    if fields["mode"] not in KIND_NAMES:
        raise BundleRefused(f"同步包 {bundle.path.name} 的来源类型不认识。")
    return {k: str(v) for k, v in fields.items()}


def enrol(
    session: Session, path: Path, fingerprint: str | None, *, trust: bool, by: str
) -> SyncPeer:
    """Enrol the key that signed the bundle at ``path``. ``fingerprint`` (as read out by the
    other side) must match, unless ``trust`` says the user compared it on screen."""
    with OpenedBundle(path) as bundle:
        source = source_of(bundle)
        if not signed_by(bundle, source["public_key"]):
            raise BundleRefused(
                f"同步包 {path.name} 的签名与它自带的密钥不符：包被改动过。请让对方重新导出。"
            )
    _refuse_unenrollable(session, source)
    shown = _checked_fingerprint(source, fingerprint, trust)
    _make_room(session, source["replica_id"], source["public_key"])
    peer = SyncPeer(
        replica_id=source["replica_id"],
        kind=source["mode"],
        code=source["code"],
        name=source["name"],
        public_key=source["public_key"],
        fingerprint=shown,
        enrolled_at=dt.datetime.now().replace(microsecond=0),
        enrolled_by=by,
        revoke_reason="",
    )
    session.add(peer)
    session.flush()
    return peer


def _refuse_unenrollable(session: Session, source: dict[str, str]) -> None:
    """Refuse this laptop's own key, and a village key of a ledger that has no village yet."""
    own = session.scalars(select(Replica)).one()
    if source["replica_id"] == own.id:
        raise ValidationError("这是本机自己导出的同步包，不需要登记本机的密钥。")
    if source["mode"] == "village" and not source["code"]:
        # a key is enrolled for its village's code: it may write that village's records only
        raise ValidationError(
            "这个同步包来自一份还没有村的台账，它的密钥不能登记。"
            "请先在那台电脑上导入本村的同步包，再用它导出的包登记。"
        )


def _checked_fingerprint(source: dict[str, str], fingerprint: str | None, trust: bool) -> str:
    """The key's fingerprint, once the one read out by the other side matches it (or the user
    says it was compared on screen)."""
    shown = keys.fingerprint(source["public_key"])
    if fingerprint is not None and not keys.same_fingerprint(fingerprint, source["public_key"]):
        raise ValidationError(
            f"指纹不一致：同步包里的密钥指纹是 {shown}，与您输入的不同。"
            "请再次电话核对；如确实不同，这个包可能不是对方导出的，不要登记。",
            field="fingerprint",
        )
    if fingerprint is None and not trust:
        raise ValidationError(
            f"请先核对指纹：{source['name']} 的密钥指纹是 {shown}。与对方电脑上显示的一致后再登记。",
            field="fingerprint",
        )
    return shown


def _make_room(session: Session, replica_id: str, public_key: str) -> None:
    """Remove the replica's earlier, revoked key; refuse when that key is this one (enrolled
    already, or revoked for good) or another one still in force."""
    peer = session.get(SyncPeer, replica_id)
    if peer is None:
        return
    if peer.public_key == public_key:
        if peer.revoked_at is not None:
            raise ValidationError(
                f"{peer.name} 的这把密钥已于 {peer.revoked_at:%Y-%m-%d} 吊销，不能再登记。"
                "如对方换了电脑或重装了程序，请用新电脑导出的同步包登记。"
            )
        raise ValidationError(f"{peer.name} 的密钥已经登记过（指纹 {peer.fingerprint}）。")
    if peer.revoked_at is None:
        raise ValidationError(
            f"{peer.name} 已登记了另一把密钥（指纹 {peer.fingerprint}）。"
            "如确认对方换了密钥，请先吊销旧的再登记。"
        )
    session.delete(peer)
    session.flush()


def find_peer(session: Session, which: str) -> SyncPeer:
    """A peer by replica id, or by code when only one unrevoked peer has it."""
    peer = session.get(SyncPeer, which)
    if peer is not None:
        return peer
    found = list(
        session.scalars(
            select(SyncPeer).where(SyncPeer.code == which, SyncPeer.revoked_at.is_(None))
        )
    )
    if len({p.public_key for p in found}) == 1:  # one laptop, maybe under a fresh replica id
        return max(found, key=lambda p: p.enrolled_at)
    if not found:
        raise NotFound(f"没有登记过“{which}”的密钥。用 jifen key list 查看已登记的。")
    raise ValidationError(f"“{which}”有 {len(found)} 台电脑的密钥，请用副本编号指明是哪一台。")


def revoke(session: Session, which: str, reason: str) -> SyncPeer:
    peer = find_peer(session, which)
    if peer.revoked_at is not None:
        raise ValidationError(f"{peer.name} 的这把密钥已于 {peer.revoked_at:%Y-%m-%d} 吊销过。")
    if not reason.strip():
        raise ValidationError("请写明吊销的原因（如：电脑丢失、已更换电脑）。", field="reason")
    now = dt.datetime.now().replace(microsecond=0)
    same = select(SyncPeer).where(
        SyncPeer.public_key == peer.public_key, SyncPeer.revoked_at.is_(None)
    )
    for each in [peer, *session.scalars(same)]:  # the key, under every replica id it signed as
        each.revoked_at, each.revoke_reason = now, reason.strip()
    session.flush()
    return peer


def check_source(session: Session, bundle: OpenedBundle) -> SyncPeer:
    """The enrolled, unrevoked peer whose key signed this bundle, or a refusal that names the
    village and says what to do."""
    source = source_of(bundle)
    who = f"{source['name']}（{source['code']}）" if source["code"] else source["name"]
    name = bundle.path.name
    own = session.scalars(select(Replica)).one()
    if source["replica_id"] == own.id:
        raise BundleRefused(f"同步包 {name} 是本机自己导出的，不需要导入。")
    peer = session.get(SyncPeer, source["replica_id"]) or same_key(session, source["public_key"])
    if peer is None:
        others = session.scalars(select(SyncPeer).where(SyncPeer.code == source["code"])).first()
        more = (
            "本库登记过该村另一台电脑的密钥；这可能是该村的新电脑或重装过的程序。"
            if others is not None
            else ""
        )
        raise BundleRefused(
            f"同步包 {name} 来自 {who}，但本库还没有登记它的密钥。{more}"
            f"请打电话核对对方电脑上显示的密钥指纹（应为 {keys.fingerprint(source['public_key'])}），"
            "一致后在“同步”页登记密钥（或 jifen key enrol），再导入。本库没有任何改动。"
        )
    if peer.revoked_at is not None:
        raise BundleRefused(
            f"同步包 {name} 来自 {who}，但这台电脑的密钥已于 {peer.revoked_at:%Y-%m-%d} 吊销"
            f"（{peer.revoke_reason}），不再接受。如对方已换电脑，请登记新电脑的密钥。本库没有任何改动。"
        )
    if peer.public_key != source["public_key"] or not signed_by(bundle, peer.public_key):
        raise BundleRefused(
            f"同步包 {name} 自称来自 {who}，但签名与登记的密钥（指纹 {peer.fingerprint}）不符："
            "包被改动过，或是别的电脑冒用了它的名义。请打电话与对方核对，让对方重新导出。本库没有任何改动。"
        )
    return peer


def same_key(session: Session, public_key: str) -> SyncPeer | None:
    """The peer enrolled with this key under another replica id: a ledger restored from a
    backup continues under a fresh replica id and signs with the same key. A revoked one
    first, so that a revoked key stays refused whatever replica id it comes with."""
    stmt = (
        select(SyncPeer)
        .where(SyncPeer.public_key == public_key)
        .order_by(SyncPeer.revoked_at.is_(None), SyncPeer.enrolled_at)
    )
    return session.scalars(stmt).first()


def enrol_fresh_replica(session: Session, peer: SyncPeer, replica_id: str) -> SyncPeer:
    """Enrol ``replica_id`` under ``peer``'s key, code and name: the same laptop's ledger,
    restored and continuing under a fresh replica id (its bundles are signed with that key)."""
    fresh = SyncPeer(
        replica_id=replica_id,
        kind=peer.kind,
        code=peer.code,
        name=peer.name,
        public_key=peer.public_key,
        fingerprint=peer.fingerprint,
        enrolled_at=dt.datetime.now().replace(microsecond=0),
        enrolled_by="同一把密钥（恢复备份后的新副本）",
        revoke_reason="",
    )
    session.add(fresh)
    session.flush()
    return fresh


def signed_by(bundle: OpenedBundle, public_key: str) -> bool:
    """Both signatures hold with ``public_key``: the manifest's and the whole file's."""
    return keys.verify(
        public_key, bundle.signature, bundle.manifest_bytes
    ) and bundle.file_signed_by(
        lambda signature, digest: keys.verify(public_key, signature, digest)
    )


def identity(session: Session) -> Identity:
    from .export import source_identity

    source = source_identity(session)
    return Identity(
        source["replica_id"],
        source["mode"],
        source["code"],
        source["name"],
        source["public_key"],
        source["fingerprint"],
    )
