"""一季一公示: the quarterly publication of a village (or one grid) and its states.

draft (a snapshot to check; drafting again refreshes it) -> posted (the snapshot is frozen and
shown for a posting period, 7 days by default; objections may be raised) -> final (the period
has ended and no objection is open). From posting on, the quarter is locked for the households
it lists: changes dated in it go in as 补记 (see ``locks``).
"""

from __future__ import annotations

import builtins
import datetime as dt
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING, Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from .. import authz, periods
from ..errors import NotFound, ValidationError
from ..ids import new_id
from ..schema import (
    Entry,
    EntryDecision,
    Grid,
    Household,
    Objection,
    Publication,
    PublicationLateEntry,
    PublicationRow,
)
from ..tx import Change, Op, Tx, row_values
from . import snapshot
from .locks import STATE_NAMES, earlier_posted, posting_order_refusal
from .snapshot import LateLine, SnapshotLine

if TYPE_CHECKING:
    from ..ledger import Ledger

POSTING_DAYS = 7
MAX_POSTING_DAYS = 90  # a notice posted longer than a quarter is a typing slip


@dataclass(frozen=True)
class PublicationInfo:
    id: str
    village_id: str
    grid_id: str | None
    grid_name: str  # "" for the whole village
    quarter: str
    status: str
    version: int
    posting_start: dt.date
    posting_end: dt.date
    contact: str
    taken_at: dt.datetime
    pending_entries: int  # pending entries of the quarter when the snapshot was taken
    posted_at: dt.datetime | None
    final_at: dt.datetime | None
    note: str
    households: int
    objections: int
    open_objections: int

    @property
    def scope(self) -> str:
        return self.grid_name or "全村"

    @property
    def label(self) -> str:
        return f"{periods.parse(self.quarter).label}积分公示（{self.scope}）"

    @property
    def status_name(self) -> str:
        return STATE_NAMES[self.status]

    @property
    def warning(self) -> str:
        """What to tell the user about pending entries left out of the snapshot."""
        if not self.pending_entries:
            return ""
        return (
            f"本季度还有 {self.pending_entries} 条记录待审核，公示表不含这些记录。"
            "建议先开审核会处理，再刷新草稿。"
        )


def parse_quarter(text: str) -> periods.Period:
    period = periods.parse(text)
    if "Q" not in period.key:
        raise ValidationError(f"公示按季度进行，季度写成 2026Q3（不是“{text}”）。", field="quarter")
    return period


def _overlaps(a: str | None, b: str | None) -> bool:
    return a is None or b is None or a == b


FINAL_REFUSAL = (
    "{label}已公示定稿，不能重新公示。定稿后发现的错误或漏记，请按“补记”录入本季度"
    "（注明原日期），下一期公示时会单独列出。"
)


def _refuse_unpostable(tx: Tx, pub: Publication, period: periods.Period) -> None:
    """Refuse to post what is not a draft, before its quarter ended, or before an earlier
    quarter's notice was posted."""
    if pub.status != "draft":
        raise ValidationError(f"这份公示{STATE_NAMES[pub.status]}，不能再张贴。")
    if tx.now.date() <= period.end:
        raise ValidationError(f"{period.label}到 {period.end} 才结束，季度结束后才能张贴公示。")
    if earlier := earlier_posted(tx.session, pub.village_id, pub.quarter):
        raise ValidationError(posting_order_refusal(pub.quarter, earlier))


def _posting_days(
    start: dt.date, end: dt.date | None, period: periods.Period
) -> tuple[dt.date, dt.date]:
    """The posting period from ``start`` to ``end`` (default: 7 days in all), checked: after the
    quarter, at most ``MAX_POSTING_DAYS`` days, in order."""
    first = periods.check_day(start, "公示开始日期", "start")
    last = periods.check_day(
        end or first + dt.timedelta(days=POSTING_DAYS - 1), "公示结束日期", "end"
    )
    if (last - first).days >= MAX_POSTING_DAYS:
        raise ValidationError(
            f"公示期最长 {MAX_POSTING_DAYS} 天，请核对开始和结束日期。", field="end"
        )
    if first <= period.end:
        raise ValidationError(f"公示开始日期应在季度结束（{period.end}）之后。", field="start")
    if last < first:
        raise ValidationError("公示结束日期不能早于开始日期。", field="end")
    return first, last


def _refuse_unfinalisable(tx: Tx, pub: Publication, label: str) -> None:
    """Refuse to make final what is not posted, before its posting period ended, or while an
    objection is still open."""
    if pub.status != "posted":
        raise ValidationError(f"只有公示中的才能定稿；这份{label}公示{STATE_NAMES[pub.status]}。")
    if tx.now.date() <= pub.posting_end:
        raise ValidationError(
            f"公示期到 {pub.posting_end} 才结束，期满后才能定稿（群众可在公示期内提出异议）。"
        )
    still_open = tx.session.scalar(
        select(func.count()).where(Objection.publication_id == pub.id, Objection.status == "open")
    )
    if still_open:
        raise ValidationError(
            f"还有 {still_open} 件异议没有处理完，处理完（成立或不成立）后才能定稿。"
        )


def _refuse_undraftable(
    tx: Tx, village_id: str, period: periods.Period, grid_id: str | None
) -> None:
    """Refuse a quarter that has not begun, or a grid not (or no longer) in the village."""
    if period.start > tx.now.date():
        raise ValidationError(f"{period.label}还没有开始，不能公示。", field="quarter")
    _refuse_grid_elsewhere(tx, village_id, grid_id)


def _refuse_grid_elsewhere(tx: Tx, village_id: str, grid_id: str | None) -> None:
    """Refuse a grid not (or no longer) in the village (None: the whole village)."""
    if grid_id is None:
        return
    grid = tx.session.get(Grid, grid_id)
    if grid is None or grid.village_id != village_id or grid.is_deleted:
        raise NotFound("找不到这个网格。", field="grid")


class PublicationService:
    def __init__(self, ledger: Ledger) -> None:
        self.ledger = ledger

    # -- writing ---------------------------------------------------------------------------

    def draft(
        self,
        village_id: str,
        quarter: str,
        grid_id: str | None = None,
        contact: str = "",
        note: str = "",
    ) -> Op[PublicationInfo]:
        """Take (or refresh) the draft snapshot of a quarter; ``warning`` on the result says
        how many entries of the quarter are still pending."""
        actor = self.ledger.actor
        authz.require(actor, authz.REVIEW_ROLES, "公示")
        authz.require_village(actor, village_id)
        period = parse_quarter(quarter)

        def work(tx: Tx) -> str:
            _refuse_undraftable(tx, village_id, period, grid_id)
            existing = self._same_quarter(tx.session, village_id, period.key)
            for other in existing:
                if _overlaps(other.grid_id, grid_id) and other.status != "draft":
                    self._refuse_published(other, period)
            mine = next((p for p in existing if p.grid_id == grid_id), None)
            if mine is None:
                mine = self._new_draft(tx, village_id, grid_id, period, contact, note)
            else:
                self._refresh_draft(tx, mine, period, contact, note)
            tx.changed(Change.CALENDAR)
            return mine.id

        op = self.ledger.run(work)
        return Op(self.get(op.value), op.changes)

    def post(
        self,
        publication_id: str,
        start: dt.date | None = None,
        end: dt.date | None = None,
        contact: str = "",
    ) -> Op[PublicationInfo]:
        """Post the draft on the notice board from ``start`` (default today) to ``end``
        (default 7 days in all); the snapshot is refreshed if entries changed since."""
        authz.require(self.ledger.actor, authz.REVIEW_ROLES, "公示")

        def work(tx: Tx) -> None:
            pub = self._load(tx, publication_id)
            period = periods.parse(pub.quarter)
            _refuse_unpostable(tx, pub, period)
            first, last = _posting_days(start or tx.now.date(), end, period)
            for other in self._same_quarter(tx.session, pub.village_id, pub.quarter):
                clash = other.status != "draft" and _overlaps(other.grid_id, pub.grid_id)
                if other.id != pub.id and clash:
                    self._refuse_published(other, period)
            before = row_values(pub)
            self._take(tx, pub, period, force=False)
            pub.status, pub.posted_at = "posted", tx.now
            pub.posting_start, pub.posting_end = first, last
            pub.contact = contact.strip() or pub.contact or f"村委会 {tx.actor.display_name}"
            tx.updated(
                pub,
                "publication.post",
                f"张贴{period.label}公示（{first} 至 {last}），异议联系人：{pub.contact}",
                village_id=pub.village_id,
                before=before,
            )
            tx.changed(Change.CALENDAR)

        op = self.ledger.run(work)
        return Op(self.get(publication_id), op.changes)

    def finalise(self, publication_id: str) -> Op[PublicationInfo]:
        """Make a posted publication final: its period has ended and no objection is open."""
        authz.require(self.ledger.actor, authz.REVIEW_ROLES, "公示定稿")

        def work(tx: Tx) -> None:
            pub = self._load(tx, publication_id)
            label = periods.parse(pub.quarter).label
            _refuse_unfinalisable(tx, pub, label)
            before = row_values(pub)
            pub.status, pub.final_at = "final", tx.now
            tx.updated(
                pub,
                "publication.final",
                f"{label}公示定稿",
                village_id=pub.village_id,
                before=before,
            )
            tx.changed(Change.CALENDAR)

        op = self.ledger.run(work)
        return Op(self.get(publication_id), op.changes)

    def _new_draft(
        self,
        tx: Tx,
        village_id: str,
        grid_id: str | None,
        period: periods.Period,
        contact: str,
        note: str,
    ) -> Publication:
        """A new draft with its first snapshot, audited with its values once both exist."""
        pub = Publication(
            id=new_id(),
            village_id=village_id,
            grid_id=grid_id,
            quarter=period.key,
            status="draft",
            version=0,
            posting_start=period.end + dt.timedelta(days=1),
            posting_end=period.end + dt.timedelta(days=POSTING_DAYS),
            contact=contact.strip(),
            taken_at=tx.now,
            note=note.strip(),
        )
        self._take(tx, pub, period, force=True)
        tx.created(pub, "publication.draft", f"{period.label}公示草稿", village_id=village_id)
        return pub

    def _refresh_draft(
        self, tx: Tx, pub: Publication, period: periods.Period, contact: str, note: str
    ) -> None:
        """Drafting again: a new snapshot version (and the contact or note if given), audited."""
        before = row_values(pub)
        pub.contact = contact.strip() or pub.contact
        pub.note = note.strip() or pub.note
        self._take(tx, pub, period, force=True)
        tx.updated(
            pub,
            "publication.refresh",
            f"刷新{period.label}公示草稿（第 {pub.version} 版）",
            village_id=pub.village_id,
            before=before,
        )

    def _take(self, tx: Tx, pub: Publication, period: periods.Period, *, force: bool) -> None:
        """Write a new snapshot version (unless ``force`` is off and nothing changed); the
        caller stamps and audits the publication after it (``tx.created``/``tx.updated``)."""
        lines, late = snapshot.take(tx.session, pub.village_id, period, pub.grid_id)
        same = not force and pub.version and lines == self._lines(tx.session, pub)
        if same and late == self._late(tx.session, pub):
            return
        pub.version += 1
        pub.taken_at = tx.now
        pub.pending_entries = self._pending(tx.session, pub, period)
        for line in lines:
            tx.insert(PublicationRow, publication_id=pub.id, version=pub.version, **_values(line))
        for item in late:
            tx.insert(
                PublicationLateEntry, publication_id=pub.id, version=pub.version, **_values(item)
            )

    @staticmethod
    def _pending(s: Session, pub: Publication, period: periods.Period) -> int:
        stmt = _undecided_count(pub.village_id, period)
        if pub.grid_id is not None:
            stmt = stmt.where(Entry.household_id.in_(_households_of_grid(pub.grid_id)))
        return s.scalar(stmt) or 0

    @staticmethod
    def _refuse_published(other: Publication, period: periods.Period) -> None:
        if other.status == "final":
            raise ValidationError(FINAL_REFUSAL.format(label=period.label), field="quarter")
        raise ValidationError(
            f"{period.label}正在公示（{other.posting_start} 至 {other.posting_end}），"
            "不能另出一份；公示期满、异议处理完后定稿。",
            field="quarter",
        )

    @staticmethod
    def _same_quarter(s: Session, village_id: str, quarter: str) -> list[Publication]:
        return list(
            s.scalars(
                select(Publication).where(
                    Publication.village_id == village_id,
                    Publication.quarter == quarter,
                    ~Publication.is_deleted,
                )
            )
        )

    def _load(self, tx: Tx, publication_id: str) -> Publication:
        pub = tx.session.get(Publication, publication_id)
        if pub is None or pub.is_deleted:
            raise NotFound("找不到这份公示。")
        authz.require_village(tx.actor, pub.village_id)
        return pub

    # -- reading ---------------------------------------------------------------------------

    def list(self, village_id: str, year: int | None = None) -> builtins.list[PublicationInfo]:
        """The village's publications, the latest quarter first."""
        authz.require_village(self.ledger.actor, village_id)
        stmt = _publications_of(village_id, year)
        with self.ledger.read() as s:
            pubs = s.scalars(stmt.order_by(Publication.quarter.desc(), Publication.grid_id))
            return [self._info(s, p) for p in pubs]

    def get(self, publication_id: str) -> PublicationInfo:
        with self.ledger.read() as s:
            pub = s.get(Publication, publication_id)
            if pub is None or pub.is_deleted:
                raise NotFound("找不到这份公示。")
            authz.require_village(self.ledger.actor, pub.village_id)
            return self._info(s, pub)

    def find(
        self, village_id: str, quarter: str, grid_id: str | None = None
    ) -> PublicationInfo | None:
        """The publication of a quarter for the village (or a grid), if there is one."""
        key = parse_quarter(quarter).key
        return next(
            (p for p in self.list(village_id) if p.quarter == key and p.grid_id == grid_id), None
        )

    def lines(self, publication_id: str) -> builtins.list[SnapshotLine]:
        """The snapshot: one line per household, by rank."""
        self.get(publication_id)
        with self.ledger.read() as s:
            pub = s.get(Publication, publication_id)
            assert pub is not None
            return self._lines(s, pub)

    def late_entries(self, publication_id: str) -> builtins.list[LateLine]:
        """The 补记 listed apart on the publication."""
        self.get(publication_id)
        with self.ledger.read() as s:
            pub = s.get(Publication, publication_id)
            assert pub is not None
            return self._late(s, pub)

    @staticmethod
    def _lines(s: Session, pub: Publication) -> builtins.list[SnapshotLine]:
        rows = s.scalars(
            select(PublicationRow)
            .where(PublicationRow.publication_id == pub.id, PublicationRow.version == pub.version)
            .order_by(PublicationRow.rank, PublicationRow.number)
        )
        return [_from_row(SnapshotLine, r) for r in rows]

    @staticmethod
    def _late(s: Session, pub: Publication) -> builtins.list[LateLine]:
        rows = s.scalars(
            select(PublicationLateEntry)
            .where(
                PublicationLateEntry.publication_id == pub.id,
                PublicationLateEntry.version == pub.version,
            )
            .order_by(PublicationLateEntry.number, PublicationLateEntry.original_on)
        )
        return [_from_row(LateLine, r) for r in rows]

    @staticmethod
    def _info(s: Session, pub: Publication) -> PublicationInfo:
        grid_name = _grid_name(s, pub.grid_id)
        counts = _objection_counts(s, pub.id)
        households = _households_listed(s, pub)
        return PublicationInfo(
            pub.id,
            pub.village_id,
            pub.grid_id,
            grid_name,
            pub.quarter,
            pub.status,
            pub.version,
            pub.posting_start,
            pub.posting_end,
            pub.contact,
            pub.taken_at,
            pub.pending_entries,
            pub.posted_at,
            pub.final_at,
            pub.note,
            households,
            sum(counts.values()),
            counts.get("open", 0),
        )


def _grid_name(s: Session, grid_id: str | None) -> str:
    if not grid_id:
        return ""
    return s.scalar(select(Grid.name).where(Grid.id == grid_id)) or ""


def _undecided_count(village_id: str, period: periods.Period) -> Select[int]:
    """How many of the village's entries of the quarter have no decision yet."""
    return select(func.count()).where(
        Entry.village_id == village_id,
        Entry.occurred_on.between(period.start, period.end),
        ~select(EntryDecision.id).where(EntryDecision.entry_id == Entry.id).exists(),
    )


def _households_of_grid(grid_id: str) -> Select[str]:
    return select(Household.id).where(Household.grid_id == grid_id)


def _publications_of(village_id: str, year: int | None) -> Select[Publication]:
    """The village's publications (of one year, if given)."""
    stmt = select(Publication).where(Publication.village_id == village_id, ~Publication.is_deleted)
    if year is not None:
        stmt = stmt.where(Publication.quarter.startswith(f"{year}Q"))
    return stmt


def _objection_counts(s: Session, publication_id: str) -> dict[str, int]:
    """Status → how many objections to the publication have it."""
    return dict(
        s.execute(
            select(Objection.status, func.count())
            .where(Objection.publication_id == publication_id, ~Objection.is_deleted)
            .group_by(Objection.status)
        ).all()
    )


def _households_listed(s: Session, pub: Publication) -> int:
    """How many households the publication's current version lists."""
    stmt = select(func.count()).where(
        PublicationRow.publication_id == pub.id, PublicationRow.version == pub.version
    )
    return s.scalar(stmt) or 0


def _values(item: Any) -> dict[str, Any]:
    return {f.name: getattr(item, f.name) for f in fields(item)}


def _from_row(cls: Any, row: Any) -> Any:
    return cls(**{f.name: getattr(row, f.name) for f in fields(cls)})
