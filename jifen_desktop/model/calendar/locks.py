"""The quarter lock and the month's review session, as the entry service needs them.

A quarter is locked for a household from the moment a publication that lists the household is
posted: the notice on the board is the record, so anything that would change the household's
points dated in that quarter goes in as 补记 in the current quarter instead, pointing at the
original date, and the next publication lists it apart.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from .. import periods
from ..errors import QuarterLocked, ValidationError
from ..schema import Publication, PublicationRow, ReviewSession

PUBLISHED = ("posted", "final")
STATE_NAMES = {"draft": "草稿", "posted": "公示中", "final": "已定稿"}


def locked_quarters(
    session: Session, household_ids: Iterable[str], quarter_keys: Iterable[str]
) -> dict[tuple[str, str], str]:
    """{(household id, quarter key): publication status} for the published (posted or final)
    quarters among those asked about."""
    rows = session.execute(
        select(PublicationRow.household_id, Publication.quarter, Publication.status)
        .join(Publication, Publication.id == PublicationRow.publication_id)
        .where(
            PublicationRow.household_id.in_(list(set(household_ids))),
            Publication.quarter.in_(list(set(quarter_keys))),
            Publication.status.in_(PUBLISHED),
        )
        .distinct()
    ).all()
    found: dict[tuple[str, str], str] = {}
    for household_id, quarter, status in rows:
        if found.get((household_id, quarter)) != "final":
            found[household_id, quarter] = status
    return found


def lock_of(session: Session, household_id: str, day: dt.date) -> str | None:
    """The status (posted / final) of the publication that locks ``day`` for the household."""
    key = periods.quarter_of(day).key
    return locked_quarters(session, [household_id], [key]).get((household_id, key))


def lock_message(day: dt.date, status: str, doing: str, advice: str | None = None) -> str:
    label = periods.quarter_of(day).label
    state = "已公示定稿" if status == "final" else "正在公示"
    return f"{day} 所在的{label}{state}，不能再按原日期{doing}。" + (
        advice or "请按“补记”录入：记在本季度，注明原日期，下一期公示时单独列出。"
    )


def refuse_locked(status: str | None, day: dt.date, doing: str, advice: str | None = None) -> None:
    if status:
        raise QuarterLocked(
            lock_message(day, status, doing, advice), quarter=periods.quarter_of(day).key
        )


def late_date(session: Session, household_id: str, today: dt.date) -> dt.date:
    """The day a 补记 is dated: today, which must itself be in a quarter still open."""
    if lock_of(session, household_id, today):
        raise ValidationError(
            f"今天（{today}）所在的季度也已公示，补记无处可记；请检查电脑的日期是否正确。",
            field="occurred_on",
        )
    return today


def month_key(day: dt.date) -> str:
    return f"{day.year}-{day.month:02d}"


def open_session(session: Session, village_id: str, month: str) -> ReviewSession | None:
    return session.scalars(
        select(ReviewSession).where(
            ReviewSession.village_id == village_id,
            ReviewSession.month == month,
            ReviewSession.status == "open",
            ~ReviewSession.is_deleted,
        )
    ).first()


def no_session_message(month: str) -> str:
    label = periods.parse(month).label
    return (
        f"{label}的审核会还没有开（或已经结束），不能审核这个月的记录。"
        f"请先开审核会：在“审核”页点“开审核会”，或运行 jifen review open --month {month}。"
    )


class SessionPicker:
    """The open review session that decides each entry: the one given, which must be open and
    of the entry's month, or else the open session of the entry's village and month."""

    def __init__(self, session: Session, session_id: str | None) -> None:
        self.session = session
        self.given: ReviewSession | None = None
        self._open: dict[tuple[str, str], ReviewSession | None] = {}
        if session_id is not None:
            found = session.get(ReviewSession, session_id)
            if found is None or found.is_deleted:
                raise ValidationError("找不到这次审核会。")
            if found.status != "open":
                raise ValidationError(
                    f"{periods.parse(found.month).label}的这次审核会已经结束，"
                    "结束后不能再作决定；如还有记录要审核，请再开一次审核会。"
                )
            self.given = found

    def pick(self, village_id: str, day: dt.date) -> ReviewSession:
        month = month_key(day)
        if self.given is not None:
            if self.given.village_id != village_id or self.given.month != month:
                raise ValidationError(
                    f"这条记录是{periods.parse(month).label}的，不属于本次审核会"
                    f"（{periods.parse(self.given.month).label}），请在那个月的审核会上审核。"
                )
            return self.given
        key = (village_id, month)
        if key not in self._open:
            self._open[key] = open_session(self.session, village_id, month)
        found = self._open[key]
        if found is None:
            raise ValidationError(no_session_message(month))
        return found


def earlier_posted(session: Session, village_id: str, quarter_key: str) -> str | None:
    """The earliest quarter before ``quarter_key`` whose publication is still 公示中 (posted, not
    final): the scheme is quarterly in order, so a later quarter is not posted before it."""
    return session.scalar(
        select(Publication.quarter)
        .where(
            Publication.village_id == village_id,
            Publication.quarter < quarter_key,
            Publication.status == "posted",
            ~Publication.is_deleted,
        )
        .order_by(Publication.quarter)
        .limit(1)
    )


def posting_order_refusal(quarter_key: str, earlier: str) -> str:
    return (
        f"{periods.parse(earlier).label}的公示还没有定稿：按季度顺序，请先处理完它的异议并定稿"
        f"（公示页 › 定稿），再张贴{periods.parse(quarter_key).label}的公示。"
    )
