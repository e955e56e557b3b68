"""个人参与, a tab of 村庄总览: each village's persons for the chosen year, side by side —
在户人口 and how many of them took part (个人参与率), the party members and theirs (党员参与率,
target 100 %), and how many redeemed in their own name (个人兑换率, target ≥ 30 %), each rate
with its count. A tab of its own, so that at 特大 the overview's key columns fit without
scrolling sideways and these rates are read whole, not cut off at the right."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QVBoxLayout, QWidget

from jifen_desktop.model.person_rates import PersonRates
from jifen_desktop.sync.township import VillageSummary
from jifen_desktop.ui.forms import hint

from ..sync.texts import rows_table, show_rows

HEADERS = (
    "村",
    "在户人口",
    "参与人数",
    "个人参与率",
    "党员",
    "参与党员",
    "党员参与率",
    "兑换人数",
    "个人兑换率",
)
RATE_COLUMNS = (3, 6, 8)
NOTE = (
    "在户人口：本年在户的人。个人参与率：本年有审核通过的记录（基础分除外）点名本人的人占在户人口的"
    "比例；党员参与率：党员中这样的人的比例，目标100%；个人兑换率：本年兑换记在本人名下的人的比例，"
    "目标≥30%。没有党员的村，党员参与率为“—”。"
)


def person_line(village: VillageSummary) -> tuple[object, ...]:
    """One village's line: its name, then each count followed by its rate."""
    p: PersonRates = village.persons
    taking, party, redeeming = village.person_cells()
    return (
        village.name,
        p.present,
        p.taking_part,
        taking,
        p.party_present,
        p.party_taking_part,
        party,
        p.redeeming,
        redeeming,
    )


class PersonRatesTab(QWidget):
    """The villages' persons' rates for the year the overview shows (``show``)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table = rows_table([self.tr(h) for h in HEADERS], 0, "village_persons")
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(hint(self.tr(NOTE)))

    def show_villages(self, villages: Sequence[VillageSummary]) -> None:
        show_rows(self.table, [person_line(v) for v in villages], right=RATE_COLUMNS)
