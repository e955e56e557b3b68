"""The household card shows a 分户 on both households ("2026-05-01 分户：…"), and keeps the
transfer entries off its points: the card's year total is the points earned."""

from __future__ import annotations

import datetime as dt

from report_reading import pdf_text

from jifen_desktop.model.household_changes import HouseholdChangeService, SplitPlan
from jifen_desktop.reports.card import write_card

TODAY = dt.date.today()
ON = min(dt.date(TODAY.year, 5, 1), TODAY)


def test_card_shows_the_split_on_both_households(world, tmp_path):
    led = world.ledger
    h = world.household("001", "王建国")
    son = led.members.add(h.id, "王小军", relation="子").value
    led.entries.generate_base_points(world.village.id, TODAY.year)
    plan = SplitPlan((son.id,), son.id, "031", None, ON, split_rule="members", reason="分家")
    change = HouseholdChangeService(led).split(h.id, plan).value
    transfer = [e for e in led.entries.list(world.village.id) if e.kind == "transfer"]
    world.approve(transfer[0])
    for household_id, name in ((h.id, "old"), (change.to_household_id, "new")):
        text = " ".join(
            " ".join(
                pdf_text(write_card(led, household_id, TODAY.year, tmp_path / f"{name}.pdf").path)
            ).split()
        )
        assert f"{ON} 分户：王小军 从 001 王建国 分出，另立新户 031 王小军" in text
        assert "转移可用积分 50 分（已通过）" in text
    old = " ".join(pdf_text(tmp_path / "old.pdf"))
    assert "转出可用积分" not in old  # not an entry of points earned
    assert "100" in old and led.balances.of(h.id, TODAY.year).available == 50
