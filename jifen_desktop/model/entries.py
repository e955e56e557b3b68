"""Entries (积分记录): recording one or a batch, the decision on each (approve, reject, withdraw),
corrections as reversal entries, false declarations, and the annual base points.

An entry is never edited or deleted. Its status is its one decision row (none = pending);
a correction is a new reversal entry that cites the original, plus a new entry where needed.
"""

from __future__ import annotations

import builtins
import datetime as dt
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Select, false, func, select

from . import authz, corrections, evidence
from .calendar import locks
from .entry_checks import CheckedEntry, EntryChecker, EntryDraft
from .entry_evidence import EvidenceItem, evidence_of
from .entry_queries import ORDERS, STATUS_NAMES, EntryInfo, entry_rows, period_clause
from .entry_recorded import RecordedNames, recorded_info
from .entry_writes import decide
from .errors import NotFound, ValidationError
from .household_moves import with_partners
from .ids import new_id
from .limits import check_limit
from .periods import Period, quarter_of
from .schema import (
    Entry,
    EntryDecision,
    EvidenceFile,
    Household,
    Village,
)
from .tx import Change, Op, Tx

if TYPE_CHECKING:
    from .ledger import Ledger

_village_count = select(func.count()).select_from(Village)
_decision_count = select(func.count()).select_from(EntryDecision)


def write_entry(
    tx: Tx,
    checked: CheckedEntry,
    *,
    batch_id: str | None = None,
    evidence_folder: Any = None,
    reason: str = "",
) -> dict[str, Any]:
    """Queue one checked entry (with its evidence files and audit row); returns its values.
    ``reason`` says why an entry recorded in a correction is there."""
    return write_counted(
        tx, checked, batch_id=batch_id, evidence_folder=evidence_folder, reason=reason
    )[0]


def write_counted(
    tx: Tx,
    checked: CheckedEntry,
    *,
    batch_id: str | None = None,
    evidence_folder: Any = None,
    reason: str = "",
) -> tuple[dict[str, Any], int]:
    """``write_entry``, also returning how many evidence files the entry has."""
    d, rule, household = checked.draft, checked.rule, checked.household
    entry = tx.insert(
        Entry,
        village_id=household.village_id,
        household_id=d.household_id,
        member_id=d.member_id,
        rule_item_id=rule.id,
        rule_code=rule.code,
        rule_name=rule.name,
        category_name=checked.category.name,
        kind="normal",
        unit_points=checked.unit_points,
        quantity=d.quantity,
        points=checked.points,
        occurred_on=checked.occurred_on,
        original_on=checked.original_on,
        place=d.place.strip(),
        note=d.note.strip(),
        source=d.source,
        corrects_entry_id=None,
        reason=reason.strip(),
        batch_id=batch_id,
        recorded_by=tx.actor.id,
        recorded_at=tx.now,
    )
    files = _write_evidence(tx, entry["id"], d, evidence_folder)
    label = household.unit_name or household.head_name
    late = f"，补记，原日期 {checked.original_on}" if checked.original_on else ""
    tx.audit(
        "entry.create",
        "entry",
        entry["id"],
        f"{household.number} {label} {rule.code} {rule.name} {checked.points:+d}分"
        f"（{checked.occurred_on}{late}）",
        village_id=household.village_id,
        after=entry,
    )
    return entry, files


def _write_evidence(tx: Tx, entry_id: str, d: EntryDraft, evidence_folder: Any) -> int:
    """Queue the entry's evidence: the files the draft names (stored now), and those of the
    entry it was made from (``evidence_of``: the same stored files, listed again)."""
    stored = [_store(evidence_folder, path) for path in d.evidence]
    files = [(f.sha256, f.file_name, f.size) for f in stored]
    if d.evidence_of:
        kept = select(EvidenceFile).where(EvidenceFile.entry_id == d.evidence_of)
        files += [(f.sha256, f.file_name, f.size) for f in tx.session.scalars(kept)]
    for sha256, file_name, size in files:
        tx.insert(EvidenceFile, entry_id=entry_id, sha256=sha256, file_name=file_name, size=size)
    return len(files)


def _store(folder: Any, path: Path) -> evidence.StoredEvidence:
    """One evidence file stored (``folder``: the evidence folder, or a batch's store)."""
    if isinstance(folder, evidence.BatchStore):
        return folder.store(path)
    return evidence.store(folder, path)


LATE_APPROVAL_ADVICE = (
    "如情况属实，请“按补记通过”：原记录记为不通过（所在季度已公示，转为补记），"
    "另记一条补记（记在今天，注明原日期）并通过。"
)


def _check_undecided(entry: Entry, current: str | None, decision: str) -> None:
    if current:
        raise ValidationError(
            f"记录“{entry.rule_code} {entry.rule_name}”（{entry.occurred_on}）"
            f"已经{STATUS_NAMES[current]}，不能再{STATUS_NAMES[decision]}；"
            "已通过的记录如有错误，请用“冲正”更正。"
        )


class EntryService:
    def __init__(self, ledger: Ledger) -> None:
        self.ledger = ledger

    # -- recording -------------------------------------------------------------------------

    def record(self, village_id: str, draft: EntryDraft) -> Op[EntryInfo]:
        """Record one entry (pending until the monthly review)."""
        op = self.record_many(village_id, [draft])
        return Op(op.value[0], op.changes)

    def record_many(
        self,
        village_id: str,
        drafts: Sequence[EntryDraft],
        *,
        approve: bool = False,
        batch: bool = False,
    ) -> Op[list[EntryInfo]]:
        """Record several entries in one transaction: all are written or none."""
        actor = self.ledger.actor
        authz.require(actor, authz.RECORD_ROLES)
        authz.require_village(actor, village_id)
        if approve and not batch:
            authz.require(actor, authz.REVIEW_ROLES, "直接通过记录")
        if not drafts:
            raise ValidationError("没有要登记的记录。")

        def work(tx: Tx) -> builtins.list[EntryInfo]:
            checker = EntryChecker(tx.session, tx.actor, village_id)
            checker.prefetch(drafts)
            checked = [checker.check(d) for d in drafts]
            batch_id = new_id() if batch else None
            folder = evidence.BatchStore(self.ledger.evidence_dir)
            names = RecordedNames(tx.session, tx.actor.id)
            infos = []
            for item in checked:
                entry, files = write_counted(tx, item, batch_id=batch_id, evidence_folder=folder)
                decision = None
                if approve:
                    why = "组织活动批量登记，直接通过" if batch else ""
                    decision = decide(tx, entry, "approved", why)
                infos.append(recorded_info(item, entry, files, names, decision))
            tx.changed(Change.ENTRIES)
            return infos

        return self.ledger.run(work)

    def register_activity(
        self,
        village_id: str,
        rule_code: str,
        occurred_on: dt.date,
        household_ids: Iterable[str],
        *,
        place: str = "",
        note: str = "",
        points: int | None = None,
    ) -> Op[list[EntryInfo]]:
        """Batch-register an activity the village organised; approved at once (PRODUCT.md)."""
        ids = list(dict.fromkeys(household_ids))
        drafts = [
            EntryDraft(
                h, rule_code, occurred_on, points=points, place=place, note=note, source="activity"
            )
            for h in ids
        ]
        return self.record_many(village_id, drafts, approve=True, batch=True)

    # -- decisions -------------------------------------------------------------------------

    def approve(self, entry_ids: Sequence[str], session_id: str | None = None) -> Op[int]:
        """Approve pending entries at a review session: the one given, or else the open
        session of each entry's month (refused when there is none)."""
        return self._decide(entry_ids, "approved", "", session_id)

    def reject(
        self, entry_ids: Sequence[str], reason: str, session_id: str | None = None
    ) -> Op[int]:
        if not reason.strip():
            raise ValidationError("不通过必须写明理由，方便农户知道原因。", field="reason")
        return self._decide(entry_ids, "rejected", reason, session_id)

    def withdraw(self, entry_id: str, reason: str = "") -> Op[int]:
        """A recorder takes back a pending entry of their own (admins may withdraw any)."""
        return self._decide([entry_id], "withdrawn", reason)

    def _decide(
        self, entry_ids: Sequence[str], decision: str, reason: str, session_id: str | None = None
    ) -> Op[int]:
        actor = self.ledger.actor
        authz.require(actor, authz.RECORD_ROLES if decision == "withdrawn" else authz.REVIEW_ROLES)
        if not entry_ids:
            raise ValidationError("请先选择要处理的记录。")

        def work(tx: Tx) -> int:
            unique = with_partners(tx.session, entry_ids)  # a transfer pair is decided whole
            found = {e.id: e for e in tx.session.scalars(select(Entry).where(Entry.id.in_(unique)))}
            decided = dict(
                tx.session.execute(
                    select(EntryDecision.entry_id, EntryDecision.decision).where(
                        EntryDecision.entry_id.in_(unique)
                    )
                ).all()
            )
            sessions = locks.SessionPicker(tx.session, session_id)
            locked = locks.locked_quarters(
                tx.session,
                [e.household_id for e in found.values()],
                [quarter_of(e.occurred_on).key for e in found.values()],
            )
            for entry_id in unique:
                entry = found.get(entry_id)
                if entry is None:
                    raise NotFound(f"找不到记录 {entry_id}。")
                authz.require_village(tx.actor, entry.village_id)
                _check_undecided(entry, decided.get(entry_id), decision)
                if (
                    decision == "withdrawn"
                    and actor.role != "admin"
                    and entry.recorded_by != actor.id
                ):
                    raise ValidationError("只能撤回自己录入的待审核记录。")
                chosen = None
                if decision != "withdrawn":
                    chosen = sessions.pick(entry.village_id, entry.occurred_on).id
                if decision == "approved" and entry.kind != "transfer":  # not in any 公示
                    status = locked.get((entry.household_id, quarter_of(entry.occurred_on).key))
                    locks.refuse_locked(status, entry.occurred_on, "通过", LATE_APPROVAL_ADVICE)
                decide(tx, entry, decision, reason, chosen)
            tx.changed(Change.ENTRIES)
            return len(unique)

        return self.ledger.run(work)

    # -- corrections -----------------------------------------------------------------------

    def correct(
        self,
        entry_id: str,
        reason: str,
        replacement: EntryDraft | None = None,
        on: dt.date | None = None,
    ) -> Op[list[EntryInfo]]:
        """Cancel an approved entry by a reversal entry citing it, and record the right one.
        ``on`` is the day of the correction (default today); it dates the correction only when
        the original's quarter is already published (then both are 补记)."""
        authz.require(self.ledger.actor, authz.REVIEW_ROLES, "冲正")
        if not reason.strip():
            raise ValidationError("冲正必须写明原因。", field="reason")

        def work(tx: Tx) -> builtins.list[str]:
            ids = corrections.correct(
                tx, self.ledger.evidence_dir, entry_id, reason, replacement, on, write=write_entry
            )
            tx.changed(Change.ENTRIES)
            return ids

        op = self.ledger.run(work)
        return Op(self._by_ids(op.value), op.changes)

    def false_declaration(
        self, entry_id: str, reason: str, on: dt.date | None = None
    ) -> Op[list[EntryInfo]]:
        """弄虚作假: reverse the faked entry and deduct twice its points on the day ``on`` it was
        found (default today)."""
        authz.require(self.ledger.actor, authz.REVIEW_ROLES, "弄虚作假处理")
        if not reason.strip():
            raise ValidationError("请写明查实弄虚作假的情况。", field="reason")

        def work(tx: Tx) -> builtins.list[str]:
            ids = corrections.false_declaration(tx, entry_id, reason, on)
            tx.changed(Change.ENTRIES)
            return ids

        op = self.ledger.run(work)
        return Op(self._by_ids(op.value), op.changes)

    def generate_base_points(self, village_id: str, year: int) -> Op[int]:
        """Give the year's base points with the default withhold list (vetoed households, and
        those withheld before); run twice, gives once. Returns how many were given."""
        from .base_points import BasePointsService

        op = BasePointsService(self.ledger).give(village_id, year)
        return Op(op.value.given, op.changes)

    # -- reading ---------------------------------------------------------------------------

    def list(
        self,
        village_id: str,
        *,
        household_id: str | None = None,
        period: Period | None = None,
        status: str | None = None,
        limit: int | None = None,
        order: str = "newest",
        recorded_by: str | None = None,
    ) -> builtins.list[EntryInfo]:
        """Entries of the village, filtered; ``order`` is newest / oldest (by the date it
        happened) or recorded (the latest recorded first)."""
        check_limit(limit or 0)
        chosen = self._visible_ids(village_id, status, household_id)
        if period:
            chosen = chosen.where(period_clause(period))
        if recorded_by:
            chosen = chosen.where(Entry.recorded_by == recorded_by)
        condition: Any
        if limit:
            # The page's entries first, then their details: names, evidence counts and
            # corrections are then looked up for these rows only, not for every entry before
            # the sort (0.3 s for the 30 latest of 100,000 entries).
            condition = Entry.id.in_(chosen.order_by(*ORDERS[order]).limit(limit))
        else:
            condition = chosen.whereclause
        with self.ledger.read() as s:
            return entry_rows(s, condition, limit=limit, order=order)

    def count(self, village_id: str, status: str = "pending") -> int:
        """How many entries of the village have this status (for the status bar and 首页)."""
        chosen = self._visible_ids(village_id, status)
        with self.ledger.read() as s:
            recorder = self.ledger.actor.role == "recorder"
            if status == "pending" and not recorder and s.scalar(_village_count) == 1:
                # One village in the file: every decision is one of its entries, so two index
                # counts do instead of a look-up per entry (0.1 s on 100,000 entries), and the
                # status bar counts after every change.
                entries = s.scalar(select(func.count()).where(Entry.village_id == village_id))
                return (entries or 0) - (s.scalar(_decision_count) or 0)
            return s.scalar(select(func.count()).select_from(chosen.subquery())) or 0

    def _visible_ids(
        self, village_id: str, status: str | None, household_id: str | None = None
    ) -> Select[Any]:
        """The ids of the village's entries the operator may see, with this status (None: any),
        of one household if given. Written so that SQLite walks the index of the entries that
        can match (by household where it can, else by village)."""
        actor = self.ledger.actor
        authz.require_village(actor, village_id)
        if household_id:
            household = self.ledger.households.get(household_id)  # refuses one he may not see
            chosen = select(Entry.id).where(Entry.household_id == household_id)
            if household.village_id != village_id:
                chosen = chosen.where(false())  # none of this village's entries
        elif actor.role == "recorder":
            # Through the entries of his grids' households, not the whole village.
            households = select(Household.id).where(
                Household.village_id == village_id, Household.grid_id.in_(actor.grid_ids)
            )
            chosen = select(Entry.id).where(Entry.household_id.in_(households))
        else:
            chosen = select(Entry.id).where(Entry.village_id == village_id)
        # Explicit correlation: the clauses also go into queries that join the decisions.
        if status == "pending":
            return chosen.where(Entry.id.not_in(select(EntryDecision.entry_id).correlate(None)))
        if status:
            decided = (
                select(EntryDecision.id)
                .where(EntryDecision.entry_id == Entry.id, EntryDecision.decision == status)
                .correlate(Entry)
            )
            return chosen.where(decided.exists())
        return chosen

    def evidence(self, entry_id: str) -> builtins.list[EvidenceItem]:
        """The photos and scans attached to an entry, in the order they were attached."""
        with self.ledger.read() as s:
            return evidence_of(s, self.ledger.evidence_dir, entry_id)

    def get(self, entry_id: str) -> EntryInfo:
        rows = self._by_ids([entry_id])
        if not rows:
            raise NotFound("找不到这条记录。")
        return rows[0]

    def _by_ids(self, ids: Sequence[str]) -> builtins.list[EntryInfo]:
        with self.ledger.read() as s:
            found = {e.id: e for e in entry_rows(s, Entry.id.in_(list(ids)))}
        return [found[i] for i in ids if i in found]
