"""What the key that signed a bundle may write here: the one place that decides, for the
manifest, every chain link and every row, whether the signer may write it. The dry run and the
import both merge through it (``merge.Merger``), so no path takes in a row it did not pass.

A signature proves which laptop made a bundle, not that its contents are true. So:

* a village's key is tied to its village by the code it was enrolled under (the officer read
  out the name, code and fingerprint); its bundle may carry that village only, with that code;
* every row must belong to that village: its own ``village_id``, every record it refers to,
  and the record of the same id already held here (a member through its household, a decision
  through its entry ...). A row of no village (an operator without one: a township
  administrator) is township-level and never comes from a village. The one exception is an
  audit row without a village: a village laptop's own log line (keys enrolled, bundles
  exported) under one of that village's replicas;
* every row, chain link and range must be written under a replica of that village: one this
  database knows writes for it, or one it does not know at all (a second laptop, a ledger
  restored under a fresh id); never one known to write for another village or the township;
* a township's key writes no records at all (its bundles carry acknowledgements and a template).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from jifen_desktop.model.row_form import SyncedTable, by_name, synced_tables
from jifen_desktop.model.schema import Village
from jifen_desktop.model.schema.sync import SyncPeer

from .bundle_file import OpenedBundle
from .claims import TOWNSHIP, HeldVillages, ReplicaOwners, village_path
from .errors import BundleRefused

RECORD_NAMES = {
    "audit_log": "审计记录",
    "villages": "村",
    "grids": "网格",
    "operators": "操作员",
    "review_sessions": "审核会议",
    "rule_categories": "细则类别",
    "stocktakes": "盘点",
    "store_goods": "商品",
    "year_end_closings": "年度结转",
    "households": "农户",
    "publications": "公示",
    "rule_items": "积分细则",
    "stocktake_lines": "盘点明细",
    "household_status_changes": "农户状态变动",
    "household_changes": "户籍变动",
    "members": "家庭成员",
    "point_expiries": "积分清零",
    "publication_rows": "公示快照",
    "entries": "积分记录",
    "redemptions": "兑换",
    "entry_decisions": "审核结果",
    "evidence_files": "佐证材料",
    "objections": "异议",
    "publication_late_entries": "公示补记",
    "redemption_lines": "兑换明细",
    "redemption_returns": "退货",
    "stock_movements": "出入库",
    "vetoes": "一票否决",
    "honour_awards": "荣誉称号",
}
# Rows of no village that a village laptop writes for itself (its own log lines).
OWN_LOG_TABLES = frozenset({"audit_log"})
# An audit row's ``object_type`` -> the table of the record that may change it is about
# (``Tx``'s naming): ``jifen verify`` compares such a record with the audit rows about it.
AUDITED_TABLES = {
    (t.name[:-1] if t.name.endswith("s") else t.name): t.name for t in synced_tables() if t.mutable
}


def record_name(table: str) -> str:
    return RECORD_NAMES.get(table, table)


@dataclass(frozen=True)
class BoundVillage:
    """The village a signing key writes for."""

    id: str
    code: str
    name: str

    @property
    def label(self) -> str:
        return f"{self.name}（{self.code}）"


@dataclass
class WriteRights:
    """The signer's rights at this database, and what it checked so far of the bundle."""

    session: Session
    bundle_name: str
    signer: str  # the signer's label, as enrolled
    village: BoundVillage
    owners: ReplicaOwners
    held: HeldVillages
    seen: dict[str, set[str]] = field(default_factory=dict)  # table -> ids that passed

    @classmethod
    def of(cls, session: Session, bundle: OpenedBundle, peer: SyncPeer) -> WriteRights | None:
        """The rights of ``peer``'s key (None: a township's, which writes no records), after
        checking that the manifest names the peer's own village and only replicas it may
        write under."""
        if peer.kind == TOWNSHIP:
            if bundle.data_tables():
                raise BundleRefused(
                    f"同步包 {bundle.path.name} 是乡镇发来的，却带有村里的数据，不能导入。"
                    "本库没有任何改动。"
                )
            return None
        village = bound_village(session, bundle, peer)
        rights = cls(
            session,
            bundle.path.name,
            f"{peer.name}（{peer.code}）",
            village,
            ReplicaOwners(session),
            HeldVillages(session),
        )
        rights.check_replicas(bundle.manifest["ranges"], "清单里列出的记录范围")
        return rights

    # -- refusals --------------------------------------------------------------------------

    def refuse(self, why: str) -> BundleRefused:
        return BundleRefused(
            f"同步包 {self.bundle_name} 不能导入：它是用{self.signer}的密钥签名的，{why}。"
            f"一个村的密钥只能写本村的记录，这个包可能被人改过或是伪造的。请与{self.signer}"
            "电话核对，让对方重新导出；本库没有任何改动。"
        )

    def _other_village(self, village_id: str | None) -> str:
        if village_id is None:
            return "乡镇（不属于任何村）"
        village = self.session.get(Village, village_id)
        return f"{village.name}（{village.code}）" if village is not None else "别的村"

    # -- replicas --------------------------------------------------------------------------

    def check_replicas(self, replica_ids: Iterable[str], what: str) -> None:
        for replica_id in replica_ids:
            if not isinstance(replica_id, str) or not replica_id:
                raise self.refuse(f"{what}却没有写明是哪台电脑记的")
            if not self.may_write_under(replica_id):
                whose = self._owner_label(self.owners.of(replica_id))
                raise self.refuse(
                    f"{what}却记在属于{whose}的电脑名下（副本 {str(replica_id)[:8]}）"
                )

    def _owner_label(self, owners: frozenset[str]) -> str:
        if TOWNSHIP in owners:
            return "乡镇"
        names = []
        for code in sorted(owners - {self.village.code}):
            village = self.session.scalars(select(Village).where(Village.code == code)).first()
            names.append(
                f"{village.name}（{code}）" if village is not None else f"村代码 {code} 的村"
            )
        return "、".join(names)

    def may_write_under(self, replica_id: str) -> bool:
        """A replica known here to write for this village, or not known at all (a new laptop
        of the village, a ledger restored under a fresh id)."""
        if not isinstance(replica_id, str) or not replica_id:
            return False
        owners = self.owners.of(replica_id)
        return TOWNSHIP not in owners and (not owners or self.village.code in owners)

    # -- rows ------------------------------------------------------------------------------

    def check_rows(
        self, synced: SyncedTable, rows: list[list[Any]], local: dict[str, list[Any]]
    ) -> None:
        """Every arriving row of ``synced`` (``local``: the records of the same ids held
        here), then remember their ids as this village's."""
        writer_at = synced.index("changed_by_replica" if synced.mutable else "replica_id")
        for replica_id in {values[writer_at] for values in rows}:
            if not self.may_write_under(replica_id):
                values = next(v for v in rows if v[writer_at] == replica_id)
                name = f"{record_name(synced.name)} {_id(synced, values)} "
                self.check_replicas([replica_id], name)
        if synced.name == "villages" or "village_id" in synced.columns:
            for values in self._not_plainly_own(synced, rows):
                self._check_own_village(synced, values)
        self._check_references(synced, rows)
        id_at = synced.index("id")
        self._check_held(synced, [local[r[id_at]] for r in rows if r[id_at] in local])
        self.seen.setdefault(synced.name, set()).update(r[id_at] for r in rows)

    def _not_plainly_own(self, synced: SyncedTable, rows: list[list[Any]]) -> list[list[Any]]:
        """The rows ``_check_own_village`` must look at: all of the villages table, else
        those whose village is not this one (a chunk at once, not a call per row)."""
        if synced.name == "villages":
            return rows
        at, own = synced.index("village_id"), self.village.id
        return [values for values in rows if values[at] != own]

    def _check_own_village(self, synced: SyncedTable, values: list[Any]) -> None:
        if synced.name == "villages":
            if values[synced.index("id")] != self.village.id:
                raise self.refuse(f"却带有另一个村的村信息（{values[synced.index('name')]}）")
            if values[synced.index("code")] != self.village.code:
                raise self.refuse(
                    f"却要把本村的村代码改成 {values[synced.index('code')]}（村代码不能更改）"
                )
            return
        village_id = values[synced.index("village_id")]
        if village_id == self.village.id:
            return
        if village_id is None and synced.name in OWN_LOG_TABLES:
            return
        where = self._other_village(village_id)
        raise self.refuse(f"却带有{where}的{record_name(synced.name)}（{_id(synced, values)}）")

    def _check_references(self, synced: SyncedTable, rows: list[list[Any]]) -> None:
        """Every record a row refers to, when held here and not in this bundle, must be of
        this village (a row of the bundle passed already, or comes later in its table)."""
        for parent, ids in _referenced(synced, rows).items():
            wanted = ids - self.seen.get(parent, set())
            for record_id, village_id in self.held.of(parent, wanted).items():
                if village_id != self.village.id:
                    where = self._other_village(village_id)
                    raise self.refuse(
                        f"却有{record_name(synced.name)}指向{where}的"
                        f"{record_name(parent)}（{record_id}）"
                    )

    def _check_held(self, synced: SyncedTable, held_rows: list[list[Any]]) -> None:
        """The record of the same id held here must be this village's: a bundle may not take
        another village's record over (rename its household, move its member)."""
        if not held_rows:
            return
        path = village_path(synced.name)
        id_at = synced.index("id")
        if synced.name == "villages":
            villages = {r[id_at]: r[id_at] for r in held_rows}
        elif path is None:
            villages = {r[id_at]: r[synced.index("village_id")] for r in held_rows}
        else:
            at = synced.index(path[0])
            parents = self.held.of(path[1], {r[at] for r in held_rows})
            villages = {r[id_at]: parents.get(r[at]) for r in held_rows if r[at] in parents}
        for record_id, village_id in villages.items():
            if village_id == self.village.id:
                continue
            held = next(r for r in held_rows if r[id_at] == record_id)
            if village_id is None and synced.name in OWN_LOG_TABLES and self._own_log(held):
                continue  # a log line of no village, of one of the village's laptops
            where = self._other_village(village_id)
            raise self.refuse(f"却要改写本库里{where}的{record_name(synced.name)}（{record_id}）")

    def _own_log(self, held: list[Any]) -> bool:
        """An audit row of no village held here is a village laptop's own log line only
        under one of the village's replicas (else the township's own)."""
        return self.may_write_under(held[by_name()["audit_log"].index("replica_id")])


def _referenced(synced: SyncedTable, rows: list[list[Any]]) -> dict[str, set[str]]:
    """Table -> ids of the records these rows refer to, their village aside: by foreign key,
    and for an audit row the record it is about (``jifen verify`` compares that record with
    it). A reference to a row of the same table in these rows is left out."""
    found: dict[str, set[str]] = {}
    if synced.name == "audit_log":
        kind_at, id_at = synced.index("object_type"), synced.index("object_id")
        for row in rows:
            table = AUDITED_TABLES.get(row[kind_at])
            if table is not None:
                found.setdefault(table, set()).add(row[id_at])
        return found
    own = {row[synced.index("id")] for row in rows}
    for fk in synced.table.foreign_keys:
        column, parent = fk.parent.name, fk.column.table.name
        if column == "village_id" or parent not in by_name():
            continue
        at = synced.index(column)
        ids = {row[at] for row in rows if row[at] is not None}
        found.setdefault(parent, set()).update(ids - own if parent == synced.name else ids)
    return found


def _id(synced: SyncedTable, values: list[Any]) -> str:
    return str(values[synced.index("id")])


def bound_village(session: Session, bundle: OpenedBundle, peer: SyncPeer) -> BoundVillage:
    """The village ``peer``'s key writes for: the one of the code it was enrolled under. The
    manifest must name that village alone, and it must be the village of that code held here
    (if any)."""
    name = bundle.path.name
    signer = f"{peer.name}（{peer.code}）"
    listed = bundle.manifest["source"].get("villages") or []
    if not listed or not all(isinstance(v, dict) and v.get("id") for v in listed):
        raise BundleRefused(f"同步包 {name} 的清单没有写明是哪个村的数据。本库没有任何改动。")
    foreign = [v for v in listed if v.get("code") != peer.code]
    if foreign:
        raise BundleRefused(
            f"同步包 {name} 是用{signer}的密钥签名的，清单里却是村代码为 "
            f"{foreign[0].get('code', '')} 的村（{foreign[0].get('name', '')}）的数据，而这把密钥"
            f"登记的村代码是 {peer.code}。一个村的密钥只能写本村的记录，村代码也不能更改，这个包"
            f"可能是伪造的。请与{signer}电话核对；本库没有任何改动。"
        )
    ids = {str(v["id"]) for v in listed}
    if len(ids) != 1:
        raise BundleRefused(f"同步包 {name} 的清单里同一个村代码对应了几个村。本库没有任何改动。")
    village_id = ids.pop()
    held = session.scalars(select(Village).where(Village.code == peer.code)).first()
    if held is not None and held.id != village_id:
        raise BundleRefused(
            f"同步包 {name} 的村代码 {peer.code} 在本库已属于另一份{held.name}台账："
            "这个村可能重新安装过程序、新建了台账。请让村里用原来台账的备份恢复后再导出，"
            "或与乡镇办核对后处理。本库没有任何改动。"
        )
    other = session.get(Village, village_id)
    if other is not None and other.code != peer.code:
        raise BundleRefused(
            f"同步包 {name} 是用{signer}的密钥签名的，清单里的村却是本库的{other.name}"
            f"（{other.code}）。一个村的密钥只能写本村的记录，这个包可能是伪造的。"
            f"请与{signer}电话核对；本库没有任何改动。"
        )
    return BoundVillage(village_id, peer.code, peer.name)
