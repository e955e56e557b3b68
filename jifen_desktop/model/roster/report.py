"""What a roster check finds: each problem with its sheet row, column header and message, and
the counts of what the import would add, update or leave as it is. Plain frozen values for the
GUI's problem table and ``jifen roster import --json``."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RosterProblem:
    """One thing wrong in the sheet: its row (as Excel numbers it), column header, message."""

    row: int
    column: str
    message: str
    household: str = ""
    blocking: bool = True


@dataclass(frozen=True)
class RosterSummary:
    """Counts over the households that would be imported (those without blocking problems)."""

    households_new: int = 0
    households_updated: int = 0
    households_unchanged: int = 0
    households_skipped: int = 0
    members_new: int = 0
    members_updated: int = 0
    members_unchanged: int = 0
    rows_skipped: int = 0


@dataclass(frozen=True)
class RosterReport:
    """The dry run: every problem (row, column, message) and what the import would change."""

    problems: tuple[RosterProblem, ...]
    summary: RosterSummary

    @property
    def blocking(self) -> tuple[RosterProblem, ...]:
        return tuple(p for p in self.problems if p.blocking)

    @property
    def ok(self) -> bool:
        """No blocking problem: the whole sheet can be imported."""
        return not self.blocking
