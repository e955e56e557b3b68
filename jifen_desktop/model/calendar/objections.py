"""异议: a household disputes an entry or its total while a publication is posted.

An objection is received (household, optional entry, what is disputed, date, handler) and
resolved once: upheld, which makes the corrections it names (reversing the disputed entry,
recording the right one, recording what was missed; all approved at once and, since the quarter
is published, as 补记) and says so, or dismissed with a reason. A publication becomes final only
when none of its objections is open.
"""

from __future__ import annotations

import builtins
import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import Select, select

from .. import authz, corrections, periods
from ..entries import write_entry
from ..entry_checks import EntryDraft
from ..errors import NotFound, ValidationError
from ..schema import Entry, EntryDecision, Household, Objection, Publication, PublicationRow
from ..tx import Change, Op, Tx, row_values

if TYPE_CHECKING:
    from ..ledger import Ledger

OBJECTION_STATUS_NAMES = {"open": "待处理", "upheld": "成立", "dismissed": "不成立"}


@dataclass(frozen=True)
class ObjectionInfo:
    id: str
    village_id: str
    publication_id: str
    quarter: str
    household_id: str
    household_number: str
    household_name: str
    entry_id: str | None
    entry_label: str
    content: str
    received_on: dt.date
    handler: str
    status: str
    resolution: str
    resolved_on: dt.date | None
    correction_ids: tuple[str, ...]

    @property
    def status_name(self) -> str:
        return OBJECTION_STATUS_NAMES[self.status]


def _entry_label(entry: Entry | None) -> str:
    if entry is None:
        return ""
    return f"{entry.occurred_on} {entry.rule_code} {entry.rule_name} {entry.points:+d}分"


def _posted_publication(tx: Tx, publication_id: str, day: dt.date) -> Publication:
    """The publication an objection received on ``day`` disputes: posted, ``day`` in its
    posting period, of the operator's village."""
    pub = tx.session.get(Publication, publication_id)
    if pub is None or pub.is_deleted:
        raise NotFound("找不到这份公示。")
    authz.require_village(tx.actor, pub.village_id)
    if pub.status != "posted":
        raise ValidationError("只有公示中的季度才能受理异议。")
    if not pub.posting_start <= day <= pub.posting_end:
        raise ValidationError(
            f"异议应在公示期内（{pub.posting_start} 至 {pub.posting_end}）提出；"
            f"{day} 不在公示期内。",
            field="received_on",
        )
    return pub


def _refuse_unlisted(tx: Tx, pub: Publication, household_id: str) -> None:
    """Refuse an objection of a household the posted notice does not list."""
    listed = tx.session.scalar(_row_of(pub, household_id))
    if listed is None:
        raise ValidationError("这一户不在这份公示表上。", field="household")


def _row_of(pub: Publication, household_id: str) -> Select[str]:
    """The household's row on the publication's posted version."""
    return select(PublicationRow.id).where(
        PublicationRow.publication_id == pub.id,
        PublicationRow.version == pub.version,
        PublicationRow.household_id == household_id,
    )


def _received_summary(tx: Tx, objection: Objection, entry: Entry | None) -> str:
    """The audit row's words for a received objection: who, about which entry, what."""
    household = tx.session.get(Household, objection.household_id)
    assert household is not None
    about = f"，针对 {_entry_label(entry)}" if entry else ""
    return (
        f"受理异议：{household.number} {household.unit_name or household.head_name}"
        f"{about}：{objection.content}"
    )


def _corrections_said(tx: Tx, made: Sequence[str]) -> str:
    """The corrections an upheld objection made, in words (冲正/补记/更正 …), sorted."""
    tx.flush_rows()
    said = []
    for entry in tx.session.scalars(select(Entry).where(Entry.id.in_(made))):
        kind = "冲正" if entry.kind == "reversal" else "补记" if entry.original_on else "更正"
        said.append(f"{kind} {entry.rule_code} {entry.rule_name} {entry.points:+d}分")
    return "；".join(sorted(said))


def _check_upheld_terms(
    reason: str, reverse_entry: bool, has_replacement: bool, has_missing: bool
) -> None:
    """异议成立 needs a reason and at least one correction; a replacement needs the reversal."""
    if not reason.strip():
        raise ValidationError("请写明异议成立的理由。", field="reason")
    if has_replacement and not reverse_entry:
        raise ValidationError("填写了正确的记录，就要同时冲正原记录。", field="replacement")
    if not reverse_entry and not has_missing:
        raise ValidationError(
            "异议成立要说明怎样更正：冲正原记录（可另记正确的），或补记漏记的事项。"
            "如无需更正，请按“不成立”处理并说明理由。"
        )


class ObjectionService:
    def __init__(self, ledger: Ledger) -> None:
        self.ledger = ledger

    def add(
        self,
        publication_id: str,
        household_id: str,
        content: str,
        received_on: dt.date | None = None,
        entry_id: str | None = None,
        handler: str = "",
    ) -> Op[ObjectionInfo]:
        """Receive an objection to a posted publication, within its posting period."""
        authz.require(self.ledger.actor, authz.REVIEW_ROLES, "受理异议")
        if not content.strip():
            raise ValidationError("请写明农户对什么有异议。", field="content")

        def work(tx: Tx) -> str:
            day = received_on or tx.now.date()
            pub = _posted_publication(tx, publication_id, day)
            _refuse_unlisted(tx, pub, household_id)
            entry = self._disputed_entry(tx, entry_id, household_id, pub)
            objection = Objection(
                village_id=pub.village_id,
                publication_id=pub.id,
                household_id=household_id,
                entry_id=entry_id,
                content=content.strip(),
                received_on=day,
                handler=handler.strip() or tx.actor.display_name,
                status="open",
            )
            tx.created(
                objection,
                "objection.add",
                _received_summary(tx, objection, entry),
                village_id=pub.village_id,
            )
            tx.changed(Change.CALENDAR)
            return objection.id

        op = self.ledger.run(work)
        return Op(self.get(op.value), op.changes)

    @staticmethod
    def _disputed_entry(
        tx: Tx, entry_id: str | None, household_id: str, pub: Publication
    ) -> Entry | None:
        if entry_id is None:
            return None
        entry = tx.session.get(Entry, entry_id)
        if entry is None or entry.household_id != household_id:
            raise ValidationError("所选记录不是这一户的记录。", field="entry")
        decision = tx.session.scalar(
            select(EntryDecision.decision).where(EntryDecision.entry_id == entry.id)
        )
        if decision != "approved":
            raise ValidationError(
                "异议针对的应是已通过、计入积分的记录；这条记录没有计分，不影响公示的分数。",
                field="entry",
            )
        if not periods.parse(pub.quarter).contains(entry.occurred_on):
            raise ValidationError(
                f"所选记录（{entry.occurred_on}）不在公示的季度内。", field="entry"
            )
        return entry

    def uphold(
        self,
        objection_id: str,
        reason: str,
        *,
        reverse_entry: bool = False,
        replacement: EntryDraft | None = None,
        missing: Sequence[EntryDraft] = (),
        on: dt.date | None = None,
    ) -> Op[ObjectionInfo]:
        """异议成立: make the corrections named here (at least one) and record the resolution.
        ``reverse_entry`` reverses the disputed entry and ``replacement`` records the right one
        in its place; ``missing`` records entries that should have been there."""
        authz.require(self.ledger.actor, authz.REVIEW_ROLES, "处理异议")
        _check_upheld_terms(reason, reverse_entry, replacement is not None, bool(missing))

        def work(tx: Tx) -> str:
            objection = self._open(tx, objection_id)
            day = corrections.correction_day(tx, on)
            self._check_day(objection, day)
            why = f"异议成立：{reason.strip()}"
            made = self._correct(tx, objection, why, reverse_entry, replacement, day)
            made += self._record_missing(tx, objection, why, missing, day)
            text = f"{reason.strip()}。更正：{_corrections_said(tx, made)}"
            self._resolve(tx, objection, "upheld", text, day, made)
            tx.changed(Change.CALENDAR | Change.ENTRIES)
            return objection.id

        op = self.ledger.run(work)
        return Op(self.get(op.value), op.changes)

    def _correct(
        self,
        tx: Tx,
        objection: Objection,
        why: str,
        reverse_entry: bool,
        replacement: EntryDraft | None,
        day: dt.date,
    ) -> builtins.list[str]:
        """The reversal of the disputed entry and its right one (when asked for), as 补记."""
        if not reverse_entry:
            return []
        if objection.entry_id is None:
            raise ValidationError("这件异议没有指明记录，无法冲正；请补记或按不成立处理。")
        folder = self.ledger.evidence_dir
        return corrections.correct(
            tx, folder, objection.entry_id, why, replacement, day, write=write_entry
        )

    def _record_missing(
        self, tx: Tx, objection: Objection, why: str, missing: Sequence[EntryDraft], day: dt.date
    ) -> builtins.list[str]:
        """The entries that should have been there, approved at once (补记)."""
        made = []
        for draft in missing:
            if draft.household_id != objection.household_id:
                raise ValidationError("补记的记录应是提出异议的这一户的。", field="missing")
            made.append(
                corrections.record_approved(
                    tx,
                    self.ledger.evidence_dir,
                    objection.village_id,
                    draft,
                    why,
                    day,
                    write=write_entry,
                )
            )
        return made

    def dismiss(
        self, objection_id: str, reason: str, on: dt.date | None = None
    ) -> Op[ObjectionInfo]:
        """异议不成立: nothing changes; the reason is recorded and told to the household."""
        authz.require(self.ledger.actor, authz.REVIEW_ROLES, "处理异议")
        if not reason.strip():
            raise ValidationError("请写明异议不成立的理由，以便答复农户。", field="reason")

        def work(tx: Tx) -> str:
            objection = self._open(tx, objection_id)
            day = corrections.correction_day(tx, on)
            self._check_day(objection, day)
            self._resolve(tx, objection, "dismissed", reason.strip(), day)
            tx.changed(Change.CALENDAR)
            return objection.id

        op = self.ledger.run(work)
        return Op(self.get(op.value), op.changes)

    @staticmethod
    def _check_day(objection: Objection, day: dt.date) -> None:
        if day < objection.received_on:
            raise ValidationError(
                f"处理日期 {day} 早于受理日期 {objection.received_on}。", field="on"
            )

    def _open(self, tx: Tx, objection_id: str) -> Objection:
        objection = tx.session.get(Objection, objection_id)
        if objection is None or objection.is_deleted:
            raise NotFound("找不到这件异议。")
        authz.require_village(tx.actor, objection.village_id)
        if objection.status != "open":
            raise ValidationError(
                f"这件异议已经处理（{OBJECTION_STATUS_NAMES[objection.status]}），不能再处理。"
            )
        return objection

    @staticmethod
    def _resolve(
        tx: Tx,
        objection: Objection,
        status: str,
        text: str,
        day: dt.date,
        correction_ids: Sequence[str] = (),
    ) -> None:
        before = row_values(objection)
        objection.correction_ids = json.dumps(list(correction_ids))
        objection.status, objection.resolution = status, text
        objection.resolved_on, objection.resolved_by = day, tx.actor.id
        tx.updated(
            objection,
            f"objection.{status}",
            f"异议{OBJECTION_STATUS_NAMES[status]}：{text}",
            village_id=objection.village_id,
            before=before,
        )

    # -- reading ---------------------------------------------------------------------------

    def list(
        self,
        village_id: str,
        publication_id: str | None = None,
        status: str | None = None,
    ) -> builtins.list[ObjectionInfo]:
        """Objections of the village (of one publication, of one status), latest first."""
        authz.require_village(self.ledger.actor, village_id)
        stmt = select(Objection.id).where(Objection.village_id == village_id, ~Objection.is_deleted)
        if publication_id is not None:
            stmt = stmt.where(Objection.publication_id == publication_id)
        if status is not None:
            stmt = stmt.where(Objection.status == status)
        return self._infos(stmt.order_by(Objection.received_on.desc(), Objection.id))

    def get(self, objection_id: str) -> ObjectionInfo:
        found = self._infos(select(Objection.id).where(Objection.id == objection_id))
        if not found:
            raise NotFound("找不到这件异议。")
        authz.require_village(self.ledger.actor, found[0].village_id)
        return found[0]

    def _infos(self, ids: object) -> builtins.list[ObjectionInfo]:
        with self.ledger.read() as s:
            rows = s.execute(
                select(Objection, Publication.quarter, Household, Entry)
                .join(Publication, Publication.id == Objection.publication_id)
                .join(Household, Household.id == Objection.household_id)
                .outerjoin(Entry, Entry.id == Objection.entry_id)
                .where(Objection.id.in_(ids))  # type: ignore[arg-type]
                .order_by(Objection.received_on.desc(), Objection.id)
            ).all()
        return [
            ObjectionInfo(
                o.id,
                o.village_id,
                o.publication_id,
                quarter,
                h.id,
                h.number,
                h.unit_name or h.head_name,
                o.entry_id,
                _entry_label(e),
                o.content,
                o.received_on,
                o.handler,
                o.status,
                o.resolution,
                o.resolved_on,
                tuple(json.loads(o.correction_ids or "[]")),
            )
            for o, quarter, h, e in rows
        ]
