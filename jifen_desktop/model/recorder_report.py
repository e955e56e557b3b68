"""网格员考评 (the 网格员 report): per recorder and grid, for a month, a quarter or a year — the
entries recorded, how many days from the deed to the record (the median and the share over
7 days; 补记 counted apart), the share rejected at review, the share with evidence, and the
households of the grid with nothing recorded in the period (the ones to visit, by 户号).

It reads one village, or at the township every village it holds (with the village's name on
each line). The figures come from grouped queries (``recorder_figures``); no Qt here."""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from . import authz
from .periods import Period
from .recorder_figures import Counts, Key, Recorder, Scope
from .recorder_figures import counts as count_entries
from .recorder_figures import delays as entry_delays
from .recorder_figures import recorders as find_recorders
from .recorder_figures import unvisited as find_unvisited
from .schema import Grid, Village

if TYPE_CHECKING:
    from .ledger import Ledger

LATE_AFTER_DAYS = 7  # 一日一记录: a deed recorded more than a week later is late
NO_GRID = "（未分网格）"
NO_RECORDER = "（无人记录）"
NO_COUNTS = Counts(0, 0, 0, 0, 0)


def share(part: int, whole: int) -> float | None:
    """``part`` of ``whole``; None when there is nothing to share (shown as —)."""
    return part / whole if whole else None


@dataclass(frozen=True)
class RecorderLine:
    village_id: str
    village_name: str
    grid_id: str | None
    grid_name: str
    recorder_id: str | None  # None: a grid where nobody recorded and no recorder is assigned
    recorder_name: str
    entries: int = 0  # recorded in the period, 补记 included
    late_entries: int = 0  # 补记 among them
    median_days: float | None = None  # deed to record, 补记 left out
    over_week: int = 0  # of ``timed``, recorded more than LATE_AFTER_DAYS after the deed
    decided: int = 0  # approved or rejected at review
    rejected: int = 0
    with_evidence: int = 0
    to_visit: int = 0  # households of the grid with nothing recorded in the period

    @property
    def timed(self) -> int:
        """Entries whose delay is counted (not 补记)."""
        return self.entries - self.late_entries

    @property
    def over_week_share(self) -> float | None:
        return share(self.over_week, self.timed)

    @property
    def rejected_share(self) -> float | None:
        return share(self.rejected, self.decided)

    @property
    def evidence_share(self) -> float | None:
        return share(self.with_evidence, self.entries)


@dataclass(frozen=True)
class VisitLine:
    village_id: str
    village_name: str
    grid_id: str | None
    grid_name: str
    household_id: str
    number: str
    head_name: str


@dataclass(frozen=True)
class RecorderReport:
    period: Period
    lines: tuple[RecorderLine, ...]
    to_visit: tuple[VisitLine, ...]

    def visits_of(self, village_id: str, grid_id: str | None) -> list[VisitLine]:
        """The households to visit in one grid of one village."""
        return [v for v in self.to_visit if (v.village_id, v.grid_id) == (village_id, grid_id)]


def recorder_report(
    ledger: Ledger, period: Period, village_id: str | None = None, grid_id: str | None = None
) -> RecorderReport:
    """The report for ``village_id`` (None: every village the ledger holds — the township's;
    an operator of a village sees only their own), optionally one grid of it."""
    actor_village = ledger.actor.village_id
    if village_id is not None:
        authz.require_village(ledger.actor, village_id)
    scope = Scope(
        (village_id,) if village_id else (actor_village,) if actor_village else None, grid_id
    )
    with ledger.read() as s:
        return _report(s, scope, period)


def _report(s: Session, scope: Scope, period: Period) -> RecorderReport:
    tallies = count_entries(s, scope, period)
    delays = entry_delays(s, scope, period)
    unvisited = find_unvisited(s, scope, period)
    people = find_recorders(s, scope, sorted({r for _, _, r in tallies if r}))
    places = _Places.read(s, scope)
    keys = _keys(tallies, people, places, scope)
    waiting = Counter((u.village_id, u.grid_id) for u in unvisited)
    lines = [
        _line(key, places, people, tallies.get(key, NO_COUNTS), delays.get(key, []), waiting)
        for key in keys
    ]
    lines.sort(key=lambda line: (places.order(line.village_id, line.grid_id), line.recorder_name))
    visits = [
        VisitLine(
            u.village_id,
            places.villages.get(u.village_id, ""),
            u.grid_id,
            places.grid_name(u.grid_id),
            u.household_id,
            u.number,
            u.head_name,
        )
        for u in unvisited
    ]
    visits.sort(key=lambda v: (places.order(v.village_id, v.grid_id), v.number))
    return RecorderReport(period, tuple(lines), tuple(visits))


@dataclass(frozen=True)
class _Places:
    """The villages and grids in scope: names and the order they are listed in."""

    villages: dict[str, str]  # id -> name
    codes: dict[str, str]  # id -> code: villages are listed by code
    grids: dict[str, tuple[str, str, bool]]  # id -> (village id, name, removed)
    rank: dict[str | None, int]  # grid id -> its place in the list

    @classmethod
    def read(cls, s: Session, scope: Scope) -> _Places:
        in_scope = scope.village_ids
        found = s.execute(
            select(Village.id, Village.name, Village.code).where(
                *(() if in_scope is None else (Village.id.in_(in_scope),))
            )
        ).all()
        villages = {v: name for v, name, _ in found}
        rows = s.execute(
            select(Grid.id, Grid.village_id, Grid.name, Grid.is_deleted)
            .where(Grid.village_id.in_(list(villages)))
            .order_by(Grid.sort_order, Grid.name)
        ).all()
        grids = {g: (v, name, removed) for g, v, name, removed in rows}
        codes = {v: code for v, _, code in found}
        return cls(villages, codes, grids, {g: i for i, g in enumerate(grids)})

    def grid_name(self, grid_id: str | None) -> str:
        return self.grids[grid_id][1] if grid_id in self.grids else NO_GRID

    def order(self, village_id: str, grid_id: str | None) -> tuple[str, int]:
        return self.codes.get(village_id, ""), self.rank.get(grid_id, len(self.rank))


def _keys(
    tallies: dict[Key, Counts],
    people: dict[str, Recorder],
    places: _Places,
    scope: Scope,
) -> list[Key]:
    """The lines: who recorded where; each recorder in each grid assigned to them (nothing
    recorded is a line too); a grid with neither, once, with nobody (its households to visit)."""
    keys: list[Key] = list(tallies)
    for person in people.values():
        for grid_id in person.grid_ids:
            key = (
                (places.grids[grid_id][0], grid_id, person.id) if grid_id in places.grids else None
            )
            if key and key not in keys and scope.grid_id in (None, grid_id):
                keys.append(key)
    covered = {(v, g) for v, g, _ in keys}
    for grid_id, (village_id, _, removed) in places.grids.items():
        if (
            scope.grid_id in (None, grid_id)
            and not removed
            and (village_id, grid_id) not in covered
        ):
            keys.append((village_id, grid_id, None))
    return keys


def _line(
    key: Key,
    places: _Places,
    people: dict[str, Recorder],
    tally: Counts,
    delays: list[int],
    waiting: Counter[tuple[str, str | None]],
) -> RecorderLine:
    village_id, grid_id, recorder_id = key
    return RecorderLine(
        village_id,
        places.villages.get(village_id, ""),
        grid_id,
        places.grid_name(grid_id),
        recorder_id,
        _name(recorder_id, people),
        tally.entries,
        tally.late_entries,
        statistics.median(delays) if delays else None,
        sum(1 for d in delays if d > LATE_AFTER_DAYS),
        tally.decided,
        tally.rejected,
        tally.with_evidence,
        waiting[village_id, grid_id],
    )


def _name(recorder_id: str | None, people: dict[str, Recorder]) -> str:
    if recorder_id is None:
        return NO_RECORDER
    person = people.get(recorder_id)
    return person.name if person else f"记录人（编号 {recorder_id[-8:]}）"
