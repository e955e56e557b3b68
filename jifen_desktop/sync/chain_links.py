"""The hash chain in a bundle: the links travel with the rows they list, and an import checks
every arriving append-only row against its link before anything is kept.

A bundle carries ``chain/links.jsonl``: each origin replica's links whose range it carries, and
the links of any older row it carries as a record another one refers to. On import:

* each link's hash must be the hash of its fields, and it must join the links on either side
  held here or carried along (the previous one's hash, the next one's ``prev_hash``);
* a link held here for the same range must be the same link: otherwise that computer's history
  was rewritten after this one received it;
* every arriving append-only row must be listed in a link, with the digest it has.

Any failure refuses the whole bundle, naming the village and the record (``BundleRefused``).
"""

from __future__ import annotations

import bisect
import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from jifen_desktop.model.chain import Link, LinkRow, hash_holds, parse_into, to_link
from jifen_desktop.model.row_form import digest
from jifen_desktop.model.schema import ChainLink
from jifen_desktop.model.verify.service import TABLE_NAMES

from .bundle_file import LINKS_MEMBER, BundleWriter, OpenedBundle
from .errors import BundleRefused

COLUMNS = ("replica_id", "first_seq", "last_seq", "prev_hash", "rows", "hash")
LINK_TYPES = (str, int, int, str, str, str)
IN_CHUNK = 900


# -- export ----------------------------------------------------------------------------------


def links_to_send(
    session: Session, ranges: dict[str, list[int]], carried: dict[str, list[int]] | None
) -> list[Link]:
    """The links of each origin's range, and those listing any other row carried
    (``carried``: origin -> sequences of the append-only rows in the bundle; None: all)."""
    if carried is None:
        return [to_link(r) for r in session.scalars(select(ChainLink).order_by(*_order()))]
    chosen: dict[tuple[str, int], Link] = {}
    for origin in sorted(set(ranges) | set(carried)):
        seqs = sorted(carried.get(origin, ()))
        span = ranges.get(origin)
        start = min([*seqs[:1], *(span[:1] if span else [])])
        stmt = select(ChainLink).where(ChainLink.replica_id == origin, ChainLink.last_seq >= start)
        for row in session.scalars(stmt.order_by(ChainLink.last_seq)):
            link = to_link(row)
            in_range = span is not None and span[0] <= link.first_seq and link.last_seq <= span[1]
            if in_range or _lists_any(link, seqs):
                chosen[(origin, link.last_seq)] = link
    return [chosen[key] for key in sorted(chosen)]


def _order() -> tuple[Any, ...]:
    return (ChainLink.replica_id, ChainLink.last_seq)


def _lists_any(link: Link, seqs: Sequence[int]) -> bool:
    at = bisect.bisect_left(seqs, link.first_seq)
    return at < len(seqs) and seqs[at] <= link.last_seq


def write_links(writer: BundleWriter, links: Iterable[Link]) -> int:
    count = 0

    def write(out: Any) -> None:
        nonlocal count
        out.write((json.dumps({"table": "chain_links", "columns": list(COLUMNS)}) + "\n").encode())
        for link in links:
            values = [link.replica_id, link.first_seq, link.last_seq, link.prev_hash]
            out.write((json.dumps([*values, link.rows, link.hash]) + "\n").encode())
            count += 1

    writer.add_stream(LINKS_MEMBER, write)
    return count


def read_links(bundle: OpenedBundle) -> tuple[list[Link], dict[tuple[str, int], tuple[str, str]]]:
    """The bundle's links, and (replica, seq) -> (table, digest prefix) of the rows they list."""
    if LINKS_MEMBER not in bundle.members:
        return [], {}
    result = []
    expected: dict[tuple[str, int], tuple[str, str]] = {}
    for columns, rows in bundle.rows("chain_links", member=LINKS_MEMBER):
        if tuple(columns) != COLUMNS:
            raise _malformed(bundle)
        for values in rows:
            if not all(isinstance(v, t) for v, t in zip(values, LINK_TYPES, strict=True)):
                raise _malformed(bundle)
            link = Link(*values)
            try:
                parse_into(link.rows, link.replica_id, expected)
            except ValueError as exc:
                raise _malformed(bundle) from exc
            result.append(link)
    return result, expected


def _malformed(bundle: OpenedBundle) -> BundleRefused:
    return BundleRefused(
        f"同步包 {bundle.path.name} 不能导入：哈希链（{LINKS_MEMBER}）的格式不对。"
        "请让对方重新导出一份再试；本库没有任何改动。"
    )


# -- import ----------------------------------------------------------------------------------


@dataclass
class ChainCheck:
    """Checks each arriving append-only row while the merge reads it: against the bundle's own
    links at once, or (a row listed in a link held here) collected and checked with the links
    themselves (``check``) before the transaction may commit."""

    session: Session
    bundle: OpenedBundle
    links: list[Link]
    # (replica, seq) -> (table, digest prefix) of every row the carried links list
    expected: dict[tuple[str, int], tuple[str, str]] = field(default_factory=dict)
    arrived: dict[tuple[str, int], tuple[str, str, str]] = field(default_factory=dict)
    # audit rows that do not match: named last, after any record they may read (``audit_ref``)
    audit_altered: list[str] = field(default_factory=list)

    @classmethod
    def of(cls, session: Session, bundle: OpenedBundle) -> ChainCheck:
        links, expected = read_links(bundle)
        return cls(session, bundle, links, expected)

    def note(
        self,
        table: str,
        replica_id: str,
        seq: int,
        record_id: str,
        values: list[Any],
        line: bytes | None = None,
    ) -> bool:
        """One arriving row. ``line``, its JSON line as the bundle holds it: a sender writes
        rows in their canonical form, so the line's hash is the row's digest and the row need
        not be serialised again (the digest of ``values`` decides when they differ). True when
        the line itself hashes to what a carried link lists (it may be kept as it is)."""
        key = (replica_id, seq)
        want = self.expected.get(key)
        if want is None:
            self.arrived[key] = (table, record_id, digest(values))
            return False
        listed_table, short = want
        line_holds = line is not None and hashlib.sha256(line).hexdigest().startswith(short)
        if listed_table == table and (line_holds or digest(values).startswith(short)):
            return line_holds
        if table == "audit_log":
            self.audit_altered.append(_row_altered(table, record_id, seq))
            return False
        raise self._refuse(_row_altered(table, record_id, seq))

    def check(self) -> list[Link]:
        """Refuse the bundle on any mismatch; else the links to keep (those not held yet)."""
        carried = {(link.replica_id, link.last_seq): link for link in self.links}
        held = self._held(carried)
        for key, link in carried.items():
            if not hash_holds(link):
                raise self._refuse(f"{_span(link)}的哈希值对不上，包里的链被改动过")
            if key in held and held[key].hash != link.hash:
                raise self._refuse(
                    f"{_span(link)}与本库早先收到的不同：对方电脑上的这段记录后来被改写过"
                )
        known = {**held, **carried}
        starts = {(link.replica_id, link.first_seq): link for link in known.values()}
        for link in carried.values():
            self._check_joins(link, known, starts)
        self._check_rows(known)
        if self.audit_altered:
            raise self._refuse(self.audit_altered[0])
        return [link for key, link in carried.items() if key not in held]

    def _held(self, carried: dict[tuple[str, int], Link]) -> dict[tuple[str, int], Link]:
        """Links held here of the origins this bundle touches, from just before what it
        carries on."""
        low: dict[str, int] = {}
        for origin, seq in [*self.arrived, *((r, x.first_seq) for (r, _), x in carried.items())]:
            low[origin] = min(low.get(origin, seq), seq)
        held: dict[tuple[str, int], Link] = {}
        for origin, seq in low.items():
            stmt = select(ChainLink).where(
                ChainLink.replica_id == origin, ChainLink.last_seq >= seq - 1
            )
            for row in self.session.scalars(stmt):
                held[(origin, row.last_seq)] = to_link(row)
        return held

    def _check_joins(
        self,
        link: Link,
        known: dict[tuple[str, int], Link],
        starts: dict[tuple[str, int], Link],
    ) -> None:
        """``known`` by (replica, last_seq), ``starts`` the same links by (replica, first_seq)."""
        if link.first_seq == 1 and link.prev_hash:
            raise self._refuse(f"{_span(link)}是第一段，却接在别的链后面")
        before = known.get((link.replica_id, link.first_seq - 1))
        if before is not None and before.hash != link.prev_hash:
            raise self._refuse(f"{_span(link)}与前一段接不上，对方的记录被改写过")
        after = starts.get((link.replica_id, link.last_seq + 1))
        if after is not None and after.prev_hash != link.hash:
            raise self._refuse(f"{_span(link)}与后一段接不上，对方的记录被改写过")

    def _check_rows(self, known: dict[tuple[str, int], Link]) -> None:
        chains: dict[str, list[Link]] = {}
        for each in sorted(known.values(), key=lambda x: x.last_seq):
            chains.setdefault(each.replica_id, []).append(each)
        ends = {origin: [x.last_seq for x in links] for origin, links in chains.items()}
        listed: dict[tuple[str, int], dict[int, LinkRow]] = {}
        for (origin, seq), (table, record_id, row_digest) in self.arrived.items():
            at = bisect.bisect_left(ends.get(origin, []), seq)
            candidates = chains.get(origin, [])
            found = at < len(candidates) and candidates[at].first_seq <= seq
            link = candidates[at] if found else None
            name = TABLE_NAMES.get(table, table)
            if link is None:
                raise self._refuse(
                    f"{name} {record_id} 不在任何哈希链里（可能来自旧版本的积分台账，"
                    "或是绕过程序加进去的）。请先把对方的程序升级到最新版本，再导出一份"
                )
            key = (link.replica_id, link.last_seq)
            if key not in listed:
                listed[key] = {row.seq: row for row in link.listed()}
            row = listed[key].get(seq)
            if row is None or row.table != table or not row_digest.startswith(row.digest):
                raise self._refuse(_row_altered(table, record_id, seq))

    def _refuse(self, why: str) -> BundleRefused:
        source = self.bundle.manifest["source"]
        who = str(source.get("name") or "对方")
        return BundleRefused(
            f"{who}的同步包 {self.bundle.path.name} 不能导入：{why}。请让{who}运行“jifen verify”"
            "检查台账，必要时从备份恢复后重新导出；本库没有任何改动。"
        )


def _row_altered(table: str, record_id: str, seq: int) -> str:
    name = TABLE_NAMES.get(table, table)
    return f"{name} {record_id}（序号 {seq}）与它的哈希链不符：它在对方电脑上被人绕过程序改动过"


def _span(link: Link) -> str:
    return f"哈希链（序号 {link.first_seq}–{link.last_seq}）"


def keep_links(session: Session, links: Sequence[Link]) -> None:
    for start in range(0, len(links), IN_CHUNK):
        part = links[start : start + IN_CHUNK]
        session.execute(insert(ChainLink), [link.as_dict() for link in part])
