"""分户 and 合户 travel in bundles (issue 21 part 3): two laptops of a village split and merge
households with transfers, exchange bundles, and the township takes them in any order and
duplication and ends with the same database; both households and the change show there."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sync_world import DAY, Laptop, clone, copy_of, dump, new_township, new_village

from jifen_desktop.model.household_changes import HouseholdChangeService, SplitPlan


def split(laptop: Laptop, number: str, new_number: str, rule: str = "members") -> str:
    """Add a son to household ``number`` and split him off into ``new_number``."""
    hid = laptop.names[number]
    son = laptop.ledger.members.add(hid, f"{number}之子", relation="子").value
    plan = SplitPlan((son.id,), son.id, new_number, None, DAY, split_rule=rule, reason="分家")
    change = HouseholdChangeService(laptop.ledger).split(hid, plan).value
    laptop.names[new_number] = change.to_household_id or ""
    return change.id


def merge(laptop: Laptop, number: str, into: str) -> str:
    changes = HouseholdChangeService(laptop.ledger)
    merged, receiving = laptop.names[number], laptop.names[into]
    return changes.merge(merged, receiving, DAY, transfer="all", reason="合户").value.id


def decide_transfers(laptop: Laptop, *, reject: bool = False) -> None:
    """Decide the pending transfer pairs at this month's session (one entry of each pair)."""
    village = laptop.village_id
    pending = laptop.ledger.entries.list(village, status="pending")
    firsts = [e.id for e in pending if e.kind == "transfer" and e.points < 0]
    if not firsts:
        return
    month = f"{dt.date.today():%Y-%m}"
    if laptop.ledger.review.open_session(village, month) is None:
        laptop.ledger.review.open(village, month)
    if reject:
        laptop.ledger.entries.reject(firsts, "数额不对")
    else:
        laptop.ledger.entries.approve(firsts)


class Bundles(list):  # type: ignore[type-arg]
    def __repr__(self) -> str:
        return f"Bundles({[p.name for p in self]})"


@pytest.fixture(scope="module")
def story(tmp_path_factory: pytest.TempPathFactory) -> tuple[Laptop, Bundles, dict[str, list[str]]]:
    """张集村's two laptops: the first approves points, splits 0001 (points by members,
    approved) and exports; the second, from that bundle, merges 0003 into 0002 (all points,
    rejected) and splits 0002; each sends the other what is new."""
    root = tmp_path_factory.mktemp("changes")
    a1 = new_village(root, "420881100001", "张集村")
    a1.ledger.entries.generate_base_points(a1.village_id, DAY.year)
    split(a1, "0001", "0101")
    decide_transfers(a1)
    first = a1.export(full=True)
    a2 = clone(a1, root)
    merge(a2, "0003", "0002")
    decide_transfers(a2, reject=True)
    split(a2, "0002", "0201", rule="none")
    a2_to_a1 = a2.export(a1)
    a1.take(a2_to_a1)
    a1_to_a2 = a1.export(a2)
    township = new_township(root)
    bundles = Bundles([first, a2_to_a1, a1_to_a2])
    for bundle in bundles:
        township.trust(bundle)
    reference = copy_of(township, root)
    for bundle in bundles:
        reference.take(bundle)
    expected = dump(reference.ledger, skip_replica=reference.replica_id)
    reference.close()
    a1.close()
    a2.close()
    return township, bundles, expected


@settings(
    max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_changes_merge_in_any_order_and_duplication(story, tmp_path, data):
    township, bundles, expected = story
    mixed = list(data.draw(st.permutations(bundles)))
    for bundle in data.draw(st.lists(st.sampled_from(bundles), max_size=3)):
        mixed.insert(data.draw(st.integers(0, len(mixed))), bundle)
    laptop = copy_of(township, tmp_path)
    try:
        for bundle in mixed:
            laptop.take(bundle)
        assert dump(laptop.ledger, skip_replica=laptop.replica_id) == expected
        assert laptop.sync.conflicts() == []
    finally:
        laptop.close()


def test_the_township_shows_both_households_and_the_change(story, tmp_path: Path):
    township, bundles, expected = story
    laptop = copy_of(township, tmp_path)
    try:
        for bundle in reversed(bundles):
            laptop.take(bundle)
        village = next(v for v in laptop.ledger.villages.list() if v.name == "张集村")
        households = {h.number: h for h in laptop.ledger.households.list(village.id)}
        assert {"0001", "0101", "0002", "0201", "0003"} <= set(households)
        assert households["0003"].status == "dissolved"
        changes = HouseholdChangeService(laptop.ledger)
        lines = [c.line for c in changes.of_household(households["0001"].id)]
        assert len(lines) == 1 and "另立新户 0101" in lines[0] and "（已通过）" in lines[0]
        merged = changes.of_household(households["0003"].id)[0]
        assert merged.kind == "merge" and merged.transfer_status == "未通过"
        balances = laptop.ledger.balances.many(village.id)
        base = balances[households["0003"].id]
        assert base.available == base.lifetime  # the rejected transfer moved nothing
        assert sum(b.available for b in balances.values()) == sum(
            b.lifetime for b in balances.values()
        )
        report = laptop.ledger.verify()
        assert report.ok, report.findings
    finally:
        laptop.close()
