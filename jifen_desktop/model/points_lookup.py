"""查分: a villager looks up their own household's points on the office laptop, with the
household number and the last four characters of the ID number of the head or of another
member living in the household (an X check digit as typed, either case).

A wrong pair is refused without saying which half was wrong, and the same work is done for a
household number that does not exist as for a wrong last four; after five wrong tries for
one household number each further try must wait 1, 2, 4 … 60 seconds, as a login does
(``LookupThrottle``, held in memory by the screen: the mode is a short visit at the clerk's
desk). A right pair gives a
read-only ``PointsView`` of that household only: its balances, this year's entries (approved,
and pending ones marked 待审核), its line of the latest posted or final 公示 and a veto in
force. Reads are not audited and nothing is written.
"""

from __future__ import annotations

import datetime as dt
import hmac
import math
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from . import authz, periods
from .balances import Balance, balances_in
from .calendar.vetoes import vetoes_in
from .entry_queries import KIND_NAMES, STATUS_NAMES, status_expr
from .errors import PermissionDenied, ValidationError
from .login_throttle import wait_after
from .schema import Entry, EntryDecision, Household, Member, Publication, PublicationRow

if TYPE_CHECKING:
    from .ledger import Ledger

SHOWN_STATUSES = ("approved", "pending")
_LAST_FOUR = re.compile(r"^\d{3}[\dX]$")
WRONG_MESSAGE = "户号或身份证后四位不对，请再试一次。"


class LookupThrottled(PermissionDenied):
    """Too many wrong tries for one household number; ``wait_seconds`` is what is left."""

    def __init__(self, wait_seconds: float) -> None:
        self.wait_seconds = math.ceil(wait_seconds)
        super().__init__(
            f"试错次数太多，请 {self.wait_seconds} 秒后再试；"
            "记不清身份证号的，请找村委会工作人员帮忙。"
        )


@dataclass(frozen=True)
class LookupEntry:
    occurred_on: dt.date
    item: str
    points: int
    status: str  # approved | pending

    @property
    def status_name(self) -> str:
        return STATUS_NAMES[self.status]


@dataclass(frozen=True)
class LookupRank:
    """The household's line of the latest posted or final 公示."""

    label: str  # 2026年第3季度积分公示（全村）
    status: str  # posted | final
    rank: int
    households: int
    year_total: int
    posting_end: dt.date


@dataclass(frozen=True)
class LookupVeto:
    starts_on: dt.date
    last_day: dt.date
    reason: str


@dataclass(frozen=True)
class PointsView:
    """What the villager sees: one household's own figures, nothing of any other."""

    number: str
    head_name: str
    year: int
    balance: Balance
    entries: list[LookupEntry]
    rank: LookupRank | None
    veto: LookupVeto | None

    @property
    def pending_points(self) -> int:
        return sum(e.points for e in self.entries if e.status == "pending")


def normalize_last_four(text: str) -> str:
    """The last four as compared: no spaces, X in capitals; a ValidationError if it cannot be
    the end of an ID number (four characters, digits, the last one a digit or X)."""
    value = text.strip().upper().replace(" ", "")
    if not _LAST_FOUR.match(value):
        raise ValidationError(
            "请输入身份证号码的最后四位：四个数字，最后一位也可能是 X。", field="last_four"
        )
    return value


@dataclass
class LookupThrottle:
    """Wrong tries per household number, in memory; a right one clears that number's count.
    Numbers that are no household are counted alike, so the waits do not tell which exist."""

    clock: Callable[[], float] = time.monotonic
    _tries: dict[str, tuple[int, float]] = field(default_factory=dict)

    def wait_left(self, number: str) -> float:
        failures, last = self._tries.get(number.strip(), (0, 0.0))
        wait = wait_after(failures)
        return max(0.0, min(wait, last + wait - self.clock()))

    def check(self, number: str) -> None:
        left = self.wait_left(number)
        if left > 0:
            raise LookupThrottled(left)

    def failed(self, number: str) -> None:
        failures, _ = self._tries.get(number.strip(), (0, 0.0))
        self._tries[number.strip()] = (failures + 1, self.clock())

    def succeeded(self, number: str) -> None:
        self._tries.pop(number.strip(), None)


class PointsLookup:
    """查分 over a ledger, for any operator of the village the laptop is logged in to."""

    def __init__(self, ledger: Ledger, throttle: LookupThrottle | None = None) -> None:
        self.ledger = ledger
        self.throttle = throttle or LookupThrottle()

    def lookup(
        self, village_id: str, number: str, last_four: str, today: dt.date | None = None
    ) -> PointsView:
        """The household's view for a right pair; ``PermissionDenied`` (``WRONG_MESSAGE``)
        for a wrong one, ``LookupThrottled`` while the number must wait, ``ValidationError``
        for what cannot be a last four."""
        authz.require(self.ledger.actor, authz.READ_ROLES, "查分")
        authz.require_village(self.ledger.actor, village_id)
        number = number.strip()
        wanted = normalize_last_four(last_four)
        self.throttle.check(number)
        with self.ledger.read() as s:
            household_id = _matching_household(s, village_id, number, wanted)
            if household_id is None:
                self.throttle.failed(number)
                raise PermissionDenied(WRONG_MESSAGE, field="last_four")
            self.throttle.succeeded(number)
            return _view(s, village_id, household_id, today or dt.date.today())


def _matching_household(s: Session, village_id: str, number: str, wanted: str) -> str | None:
    """The id of household ``number`` if ``wanted`` ends the ID number of one of its members
    in the household. Every candidate is compared, in constant time, whatever the result."""
    rows = s.execute(
        select(Household.id, Member.id_number)
        .join(Member, Member.household_id == Household.id)
        .where(
            Household.village_id == village_id,
            Household.number == number,
            ~Household.is_deleted,
            ~Member.is_deleted,
            Member.status == "present",
        )
    ).all()
    candidates = [(str(h), str(n or "")) for h, n in rows] or [("", "")]
    found: str | None = None
    for household_id, id_number in candidates:
        ending = id_number.strip().upper()[-4:].rjust(4, "?")
        if hmac.compare_digest(ending.encode(), wanted.encode()) and household_id:
            found = household_id
    return found


def _view(s: Session, village_id: str, household_id: str, today: dt.date) -> PointsView:
    household = s.get(Household, household_id)
    assert household is not None
    balance = balances_in(s, village_id, [household_id], today.year)[household_id]
    veto = vetoes_in(s, village_id, today, today, [household_id]).get(household_id)
    return PointsView(
        household.number,
        household.unit_name or household.head_name,
        today.year,
        balance,
        _entries(s, household_id, periods.year(today.year)),
        _latest_rank(s, village_id, household_id),
        LookupVeto(veto.starts_on, veto.last_day, veto.reason) if veto else None,
    )


def _entries(s: Session, household_id: str, the_year: periods.Period) -> list[LookupEntry]:
    """The household's entries dated in the year, approved or pending, the latest first."""
    status = status_expr()
    rows = s.execute(
        select(Entry.occurred_on, Entry.kind, Entry.rule_name, Entry.points, status)
        .outerjoin(EntryDecision, EntryDecision.entry_id == Entry.id)
        .where(
            Entry.household_id == household_id,
            Entry.occurred_on.between(the_year.start, the_year.end),
            status.in_(SHOWN_STATUSES),
        )
        .order_by(Entry.occurred_on.desc(), Entry.recorded_at.desc())
    )
    return [
        LookupEntry(day, _item(kind, name), points, state)
        for day, kind, name, points, state in rows
    ]


def _item(kind: str, rule_name: str) -> str:
    prefix = KIND_NAMES.get(kind, "")
    if not prefix or prefix == rule_name:
        return rule_name
    return f"{prefix}：{rule_name}"


def _latest_rank(s: Session, village_id: str, household_id: str) -> LookupRank | None:
    """The household's line in the latest posted or final publication that lists it."""
    found = s.execute(
        select(Publication, PublicationRow)
        .join(
            PublicationRow,
            (PublicationRow.publication_id == Publication.id)
            & (PublicationRow.version == Publication.version),
        )
        .where(
            Publication.village_id == village_id,
            ~Publication.is_deleted,
            Publication.status.in_(("posted", "final")),
            PublicationRow.household_id == household_id,
        )
        .order_by(Publication.quarter.desc(), Publication.grid_id.is_(None).desc())
        .limit(1)
    ).first()
    if found is None:
        return None
    pub, row = found
    count = s.scalar(
        select(func.count()).where(
            PublicationRow.publication_id == pub.id, PublicationRow.version == pub.version
        )
    )
    scope = row.grid_name if pub.grid_id else "全村"
    label = f"{periods.parse(pub.quarter).label}积分公示（{scope}）"
    return LookupRank(label, pub.status, row.rank, count or 0, row.year_total, pub.posting_end)
