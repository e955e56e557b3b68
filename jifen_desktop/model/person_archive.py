"""个人积分档案 (一事一记, seed 002): one person's record for a period — every entry naming them
(pending, approved, rejected, withdrawn, reversed: each with its date, rule, points, decision,
recorder and evidence count), their approved points, and the titles awarded to them and to
their household. Read-only: the archive is a view over the household ledger."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from .calendar.honour_awards import AwardInfo, HonourAwardService
from .entry_queries import EntryInfo, entry_rows, period_clause
from .periods import Period, parse
from .person_rows import rows_of_person
from .persons import PersonRow, PersonService
from .schema import Entry, Member, Village

if TYPE_CHECKING:
    from .ledger import Ledger


@dataclass(frozen=True)
class PersonArchive:
    village_name: str
    period: Period
    person: PersonRow  # with the approved points of the period
    head_name: str  # the household's head (户主)
    entries: tuple[EntryInfo, ...]  # every entry naming them in the period, oldest first
    person_titles: tuple[AwardInfo, ...]  # titles awarded to them (lifted ones included)
    household_titles: tuple[AwardInfo, ...]  # titles awarded to their household

    @property
    def pending(self) -> int:
        return sum(1 for e in self.entries if e.status == "pending")

    @property
    def heading(self) -> str:
        return f"{self.person.name} {self.period.label}个人积分档案"

    @property
    def who(self) -> str:
        """“户号 0012（户主 王大山） · 与户主关系：子 · 党员 · 一组”."""
        p = self.person
        relation = f"与户主关系：{p.relation}" if p.relation else ""
        parts = [f"户号 {p.household_number}（户主 {self.head_name}）", relation, p.groups_text]
        return " · ".join(x for x in (*parts, p.grid_name) if x)


def entry_decision_text(e: EntryInfo) -> str:
    """已通过 / 待审核 / 未通过：理由 / 已撤回, and 已冲正 for a reversed entry."""
    text = e.status_name
    if e.status == "rejected" and e.decision_reason:
        text += f"：{e.decision_reason}"
    return text + ("（已冲正）" if e.reversed else "")


def person_archive(ledger: Ledger, member_id: str, period: Period) -> PersonArchive:
    """The archive of one person for the period (a viewer may read it, like the household)."""
    person = PersonService(ledger).get(member_id, period)
    household = ledger.households.get(person.household_id)  # the visibility check
    with ledger.read() as s:
        village = s.get(Village, household.village_id)
        member = s.get(Member, member_id)
        assert member is not None  # (``get`` found it)
        ids = rows_of_person(s, member, household.village_id)  # moved by 分户/合户: both rows
        entries = entry_rows(s, Entry.member_id.in_(ids), period_clause(period), order="oldest")
    awards = HonourAwardService(ledger).list(household.village_id)
    in_period = [a for a in awards if _overlaps(a.period, period)]
    return PersonArchive(
        village.name if village else "",
        period,
        person,
        household.head_name,
        tuple(entries),
        tuple(a for a in in_period if a.member_id in ids),
        tuple(a for a in in_period if a.member_id is None and a.household_id == household.id),
    )


def _overlaps(award_period: str, period: Period) -> bool:
    """A title of a period that overlaps the archive's (a 2026 title in a 2026H1 archive)."""
    other = parse(award_period)
    return other.start <= period.end and period.start <= other.end
