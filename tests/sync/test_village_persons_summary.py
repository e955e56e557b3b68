"""A village's persons per year (``village_person_totals``, migration 0018): the villages
overview's 个人参与率, 党员参与率 and 个人兑换率 read from a row per village and year give what
reading every person gives; a bundle that changes only persons or redemptions (no entry, no
decision) refreshes its village's row; a village without entries in the year is read from its
persons; a wrong row is shown by the overview and named by ``jifen verify``."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sync_world import DAY, Laptop, new_village
from test_township_summaries import SPRING, YEAR, assert_same, busy_township, wrong_rows

from jifen_desktop.model.schema import VillagePersonTotal
from jifen_desktop.sync.township import villages_overview


def person_rows(town: Laptop) -> dict[str, tuple[int, ...]]:
    """{period:village id: the counts} kept."""
    p = VillagePersonTotal
    counts = (p.present, p.taking_part, p.party_present, p.party_taking_part, p.redeeming)
    with town.ledger.read() as s:
        return {key: tuple(rest) for key, *rest in s.execute(select(p.id, *counts))}


def persons_of(town: Laptop, use: bool) -> list[Any]:
    with town.ledger.read() as s:
        s.info["summaries"] = use
        return [(v.code, v.persons) for v in villages_overview(s, YEAR)]


def test_a_bundle_of_persons_and_redemptions_only_refreshes_its_village_row(tmp_path):
    village, town = busy_township(tmp_path)
    key = f"{YEAR}:{village.village_id}"
    before = person_rows(town)[key]
    assert before[0] > 0 and before[4] == 1  # people present; the head redeemed
    led, vid = village.ledger, village.village_id
    members = led.members.list(village.names["0003"])
    led.members.update(members[0].id, is_party_member=True)
    led.members.set_status(members[-1].id, "moved_out", DAY)
    head = led.members.list(village.names["0001"])[0]
    receipt = led.store.redeem(vid, head.household_id, [("肥皂", 1)], member_id=head.id, on=DAY)
    led.store.return_redemption(vid, receipt.value.receipt_no, "拿错了", on=DAY)
    other = led.members.list(village.names["0002"])[0]
    led.store.redeem(vid, other.household_id, [("肥皂", 1)], member_id=other.id, on=SPRING)
    tables = town.take(village.export()).counts["tables"]
    changed = {name for name, c in tables.items() if c["new"] or c["updated"]}
    assert {"members", "redemptions", "redemption_returns"} <= set(changed)
    assert not {"entries", "entry_decisions", "households"} & set(changed)
    after = person_rows(town)[key]
    assert after != before
    assert after[2] == before[2] + 1 and after[4] == 2  # a new party member; a new redeemer
    assert not any(wrong_rows(town).values())
    assert_same(town)
    assert town.ledger.verify().ok
    village.close()
    town.close()


def test_a_village_without_entries_in_the_year_is_read_from_its_persons(tmp_path):
    village, town = busy_township(tmp_path)
    quiet = new_village(tmp_path, "420881100003", "王岗村", households=2)
    bundle = quiet.export()
    town.trust(bundle)
    town.take(bundle)
    assert not any(k.endswith(quiet.village_id) for k in person_rows(town))
    summarised = dict(persons_of(town, True))
    assert summarised["420881100003"].present > 0  # its persons, read from them
    assert summarised == dict(persons_of(town, False))
    assert_same(town)
    for laptop in (village, quiet, town):
        laptop.close()


def test_a_wrong_persons_row_is_shown_and_named(tmp_path):
    village, town = busy_township(tmp_path)
    assert persons_of(town, True) == persons_of(town, False)
    with town.ledger.engine.begin() as conn:
        table = VillagePersonTotal.__table__
        conn.execute(table.update().values(present=table.c.present + 7))
    assert persons_of(town, True) != persons_of(town, False)  # the overview reads the row
    report = town.ledger.verify()
    assert [(f.kind, f.table) for f in report.findings] == [("summary", "village_person_totals")]
    assert "村个人参与汇总" in report.findings[0].message
    village.close()
    town.close()
