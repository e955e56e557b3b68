"""Entries (积分记录): recording one or a batch, the decision on each (approve, reject, withdraw),
corrections as reversal entries, false declarations, and the annual base points.

An entry is never edited or deleted. Its status is its one decision row (none = pending);
a correction is a new reversal entry that cites the original, plus a new entry where needed.
"""

from __future__ import annotations

import builtins
import datetime as dt
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from sqlalchemy import Select, false, func, select

from . import authz, evidence
from .entry_checks import CheckedEntry, EntryChecker, EntryDraft
from .entry_queries import ORDERS, STATUS_NAMES, EntryInfo, entry_rows, period_clause
from .errors import NotFound, ValidationError
from .ids import new_id
from .periods import Period
from .tables import (
    Entry,
    EntryDecision,
    EvidenceFile,
    Household,
    RuleCategory,
    RuleItem,
    Village,
)
from .tx import Change, Op, Tx, row_values

if TYPE_CHECKING:
    from .ledger import Ledger

_village_count = select(func.count()).select_from(Village)
_decision_count = select(func.count()).select_from(EntryDecision)


def write_entry(
    tx: Tx, checked: CheckedEntry, *, batch_id: str | None = None, evidence_folder: Any = None
) -> dict[str, Any]:
    """Queue one checked entry (with its evidence files and audit row); returns its values."""
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
        occurred_on=d.occurred_on,
        place=d.place.strip(),
        note=d.note.strip(),
        source=d.source,
        corrects_entry_id=None,
        reason="",
        batch_id=batch_id,
        recorded_by=tx.actor.id,
        recorded_at=tx.now,
    )
    for path in d.evidence:
        stored = evidence.store(evidence_folder, path)
        tx.insert(
            EvidenceFile,
            entry_id=entry["id"],
            sha256=stored.sha256,
            file_name=stored.file_name,
            size=stored.size,
        )
    label = household.unit_name or household.head_name
    tx.audit(
        "entry.create",
        "entry",
        entry["id"],
        f"{household.number} {label} {rule.code} {rule.name} {checked.points:+d}分"
        f"（{d.occurred_on}）",
        village_id=household.village_id,
        after=entry,
    )
    return entry


def derived_entry(
    tx: Tx, original: Entry, kind: str, points: int, reason: str, **overrides: Any
) -> Entry:
    """A reversal or penalty entry for ``original``, citing it; ``overrides`` replace fields."""
    fields: dict[str, Any] = dict(
        village_id=original.village_id,
        household_id=original.household_id,
        member_id=original.member_id,
        rule_item_id=original.rule_item_id,
        rule_code=original.rule_code,
        rule_name=original.rule_name,
        category_name=original.category_name,
        quantity=original.quantity,
        occurred_on=original.occurred_on,
        source="system",
    )
    fields.update(overrides)
    return Entry(
        kind=kind,
        points=points,
        unit_points=points // fields["quantity"],
        corrects_entry_id=original.id,
        reason=reason.strip(),
        recorded_by=tx.actor.id,
        recorded_at=tx.now,
        **fields,
    )


def decide(tx: Tx, entry: Entry | dict[str, Any], decision: str, reason: str = "") -> None:
    """Queue the one decision on an entry (an ORM entry or the values of a queued one)."""
    values = entry if isinstance(entry, dict) else row_values(entry)
    tx.insert(
        EntryDecision,
        entry_id=values["id"],
        decision=decision,
        reason=reason.strip(),
        decided_by=tx.actor.id,
        decided_at=tx.now,
    )
    tx.audit(
        f"entry.{decision}",
        "entry",
        values["id"],
        f"{STATUS_NAMES[decision]}：{values['rule_code']} {values['rule_name']} "
        f"{values['points']:+d}分" + (f"，理由：{reason}" if reason else ""),
        village_id=values["village_id"],
        before={"status": "pending"},
        after={"status": decision, "reason": reason},
    )


def _false_declaration_rule(tx: Tx, village_id: str) -> RuleItem | None:
    return tx.session.scalars(
        select(RuleItem).where(
            RuleItem.village_id == village_id, RuleItem.kind == "false_declaration"
        )
    ).first()


def _category_name(tx: Tx, rule: RuleItem | None) -> str:
    if rule is None:
        return ""
    category = tx.session.get(RuleCategory, rule.category_id)
    return category.name if category else ""


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

        def work(tx: Tx) -> builtins.list[str]:
            checker = EntryChecker(tx.session, tx.actor, village_id)
            checker.prefetch(drafts)
            checked = [checker.check(d) for d in drafts]
            batch_id = new_id() if batch else None
            ids = []
            for item in checked:
                entry = write_entry(
                    tx, item, batch_id=batch_id, evidence_folder=self.ledger.evidence_dir
                )
                if approve:
                    decide(tx, entry, "approved", "组织活动批量登记，直接通过" if batch else "")
                ids.append(entry["id"])
            tx.changed(Change.ENTRIES)
            return ids

        op = self.ledger.run(work)
        return Op(self._by_ids(op.value), op.changes)

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

    def approve(self, entry_ids: Sequence[str]) -> Op[int]:
        return self._decide(entry_ids, "approved", "")

    def reject(self, entry_ids: Sequence[str], reason: str) -> Op[int]:
        if not reason.strip():
            raise ValidationError("不通过必须写明理由，方便农户知道原因。", field="reason")
        return self._decide(entry_ids, "rejected", reason)

    def withdraw(self, entry_id: str, reason: str = "") -> Op[int]:
        """A recorder takes back a pending entry of their own (admins may withdraw any)."""
        return self._decide([entry_id], "withdrawn", reason)

    def _decide(self, entry_ids: Sequence[str], decision: str, reason: str) -> Op[int]:
        actor = self.ledger.actor
        authz.require(actor, authz.RECORD_ROLES if decision == "withdrawn" else authz.REVIEW_ROLES)
        if not entry_ids:
            raise ValidationError("请先选择要处理的记录。")

        def work(tx: Tx) -> int:
            unique = list(dict.fromkeys(entry_ids))
            found = {e.id: e for e in tx.session.scalars(select(Entry).where(Entry.id.in_(unique)))}
            decided = dict(
                tx.session.execute(
                    select(EntryDecision.entry_id, EntryDecision.decision).where(
                        EntryDecision.entry_id.in_(unique)
                    )
                ).all()
            )
            for entry_id in unique:
                entry = found.get(entry_id)
                if entry is None:
                    raise NotFound(f"找不到记录 {entry_id}。")
                authz.require_village(tx.actor, entry.village_id)
                current = decided.get(entry_id)
                if current:
                    raise ValidationError(
                        f"记录“{entry.rule_code} {entry.rule_name}”（{entry.occurred_on}）"
                        f"已经{STATUS_NAMES[current]}，不能再{STATUS_NAMES[decision]}；"
                        "已通过的记录如有错误，请用“冲正”更正。"
                    )
                if (
                    decision == "withdrawn"
                    and actor.role != "admin"
                    and entry.recorded_by != actor.id
                ):
                    raise ValidationError("只能撤回自己录入的待审核记录。")
                decide(tx, entry, decision, reason)
            tx.changed(Change.ENTRIES)
            return len(unique)

        return self.ledger.run(work)

    # -- corrections -----------------------------------------------------------------------

    def correct(
        self, entry_id: str, reason: str, replacement: EntryDraft | None = None
    ) -> Op[list[EntryInfo]]:
        """Cancel an approved entry by a reversal entry citing it, and record the right one."""
        authz.require(self.ledger.actor, authz.REVIEW_ROLES, "冲正")
        if not reason.strip():
            raise ValidationError("冲正必须写明原因。", field="reason")

        def work(tx: Tx) -> builtins.list[str]:
            original = self._reversible(tx, entry_id)
            reversal = self._reverse(tx, original, reason)
            ids = [reversal.id]
            if replacement is not None:
                tx.session.flush()
                checker = EntryChecker(tx.session, tx.actor, original.village_id)
                new = write_entry(
                    tx, checker.check(replacement), evidence_folder=self.ledger.evidence_dir
                )
                decide(tx, new, "approved", f"更正：{reason}")
                ids.append(new["id"])
            tx.changed(Change.ENTRIES)
            return ids

        op = self.ledger.run(work)
        return Op(self._by_ids(op.value), op.changes)

    def false_declaration(self, entry_id: str, reason: str) -> Op[list[EntryInfo]]:
        """弄虚作假: reverse the faked entry and deduct twice its points."""
        authz.require(self.ledger.actor, authz.REVIEW_ROLES, "弄虚作假处理")
        if not reason.strip():
            raise ValidationError("请写明查实弄虚作假的情况。", field="reason")

        def work(tx: Tx) -> builtins.list[str]:
            original = self._reversible(tx, entry_id)
            if original.points <= 0 or original.kind != "normal":
                raise ValidationError("只有加分记录才能按弄虚作假处理。")
            reversal = self._reverse(tx, original, f"弄虚作假：{reason}")
            rule = _false_declaration_rule(tx, original.village_id)
            category_name = _category_name(tx, rule)
            penalty = derived_entry(
                tx,
                original,
                "penalty",
                -2 * original.points,
                reason,
                rule_item_id=rule.id if rule else None,
                rule_code=rule.code if rule else "弄虚作假",
                rule_name=rule.name if rule else "申报弄虚作假，双倍扣分",
                category_name=category_name if rule else "奖励惩罚类",
                quantity=1,
                occurred_on=tx.now.date(),
                source="inspection",
            )
            tx.created(
                penalty,
                "entry.penalty",
                f"弄虚作假双倍扣分 {penalty.points:+d}分（原记录 {original.rule_code}）",
                village_id=original.village_id,
            )
            decide(tx, penalty, "approved", reason)
            tx.changed(Change.ENTRIES)
            return [reversal.id, penalty.id]

        op = self.ledger.run(work)
        return Op(self._by_ids(op.value), op.changes)

    def _reversible(self, tx: Tx, entry_id: str) -> Entry:
        original = self._load(tx, entry_id)
        status = tx.session.scalar(
            select(EntryDecision.decision).where(EntryDecision.entry_id == original.id)
        )
        if status != "approved":
            raise ValidationError("只有已通过的记录才需要冲正；待审核的记录请直接不通过或撤回。")
        if original.kind == "reversal":
            raise ValidationError("冲正记录本身不能再冲正；如冲正有误，请重新录入正确的记录。")
        done = tx.session.scalar(
            select(Entry.id).where(Entry.corrects_entry_id == original.id, Entry.kind == "reversal")
        )
        if done:
            raise ValidationError("这条记录已经冲正过，不能重复冲正。")
        return original

    @staticmethod
    def _reverse(tx: Tx, original: Entry, reason: str) -> Entry:
        reversal = derived_entry(tx, original, "reversal", -original.points, reason)
        tx.created(
            reversal,
            "entry.reversal",
            f"冲正 {original.rule_code} {original.rule_name} {original.points:+d}分"
            f"（{original.occurred_on}），原因：{reason}",
            village_id=original.village_id,
        )
        decide(tx, reversal, "approved", reason)
        return reversal

    def generate_base_points(self, village_id: str, year: int) -> Op[int]:
        """Credit the year's base points to every active household; run twice, credits once."""
        from .base_points import generate

        authz.require(self.ledger.actor, authz.ADMIN_ROLES, "生成基础分")
        authz.require_village(self.ledger.actor, village_id)
        return self.ledger.run(lambda tx: generate(tx, village_id, year))

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

    def get(self, entry_id: str) -> EntryInfo:
        rows = self._by_ids([entry_id])
        if not rows:
            raise NotFound("找不到这条记录。")
        return rows[0]

    def _by_ids(self, ids: Sequence[str]) -> builtins.list[EntryInfo]:
        with self.ledger.read() as s:
            found = {e.id: e for e in entry_rows(s, Entry.id.in_(list(ids)))}
        return [found[i] for i in ids if i in found]

    @staticmethod
    def _load(tx: Tx, entry_id: str) -> Entry:
        entry = tx.session.get(Entry, entry_id)
        if entry is None:
            raise NotFound(f"找不到记录 {entry_id}。")
        authz.require_village(tx.actor, entry.village_id)
        return entry
