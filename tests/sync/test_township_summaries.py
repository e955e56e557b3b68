"""The township's summary tables give the numbers the scanning queries give (issue 20 part 4):
the villages overview, the cross-village ranking (households and units, any cut), the persons'
rates and the 考核 figures, read both ways from a township built from real bundles — after a
first import, a re-import, a last-writer-wins update (a household 注销, new entries) and a second
decision that arrives as a conflict; a later bundle refreshes only the households it touched.
The stored rows are what ``summaries.computed`` makes (what ``jifen verify`` compares), and a
village keeps none."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pg
import pytest
import sqlalchemy as sa
from alembic import command
from sqlalchemy import func, select
from sync_world import DAY, Laptop, clone, new_township, new_village, use_in_cli
from test_household_changes_sync import decide_transfers, split

from jifen_desktop.cli import main
from jifen_desktop.model import db, paths, summaries
from jifen_desktop.model.entry_checks import EntryDraft
from jifen_desktop.model.errors import ValidationError
from jifen_desktop.model.ledger import Ledger
from jifen_desktop.model.schema import HouseholdTotal, MemberTotal
from jifen_desktop.model.summary_service import rebuild_summaries
from jifen_desktop.sync.scorecard_figures import village_figures
from jifen_desktop.sync.township import household_ranking, villages_overview

YEAR = DAY.year
SPRING = dt.date(YEAR, 3, 5)


def both_ways(town: Laptop) -> tuple[Any, Any]:
    """Everything the township reads across villages, from the summaries and by scanning."""

    def read(use: bool) -> Any:
        with town.ledger.read() as s:
            s.info["summaries"] = use
            ranks = [
                household_ranking(s, year, limit, kind)
                for year in (YEAR - 1, YEAR)
                for kind in ("household", "unit")
                for limit in (1, 2, 3, 100)
            ]
            return (
                [villages_overview(s, year) for year in (YEAR - 1, YEAR)],
                ranks,
                village_figures(s, YEAR, DAY),
            )

    return read(True), read(False)


def assert_same(town: Laptop) -> None:
    summarised, scanned = both_ways(town)
    assert summarised == scanned
    with town.ledger.read() as s:
        assert s.scalar(select(func.count()).select_from(HouseholdTotal))  # not empty
        for table in summaries.TABLES:
            assert summaries.stored(s, table) == summaries.computed(s, table, None), table


def open_spring(laptop: Laptop) -> Laptop:
    """Open March's review session too (entries of spring are reviewed in it)."""
    if laptop.ledger.review.open_session(laptop.village_id, "2026-03") is None:
        laptop.ledger.review.open(laptop.village_id, "2026-03")
    return laptop


def busy_village(tmp_path: Any) -> Laptop:
    """张集村: points in spring and autumn, one rejected and one pending, a unit, an entry
    naming a party member, base points, a 分户 with its transfer, a correction, a redemption."""
    village = open_spring(new_village(tmp_path, "420881100001", "张集村", households=4))
    led, vid = village.ledger, village.village_id
    head = led.members.list(village.names["0001"])[0]
    led.members.update(head.id, is_party_member=True)
    shop = led.households.add(
        vid, "D01", "店主", kind="unit", unit_name="便民超市", registered_on=dt.date(2020, 1, 1)
    ).value
    led.entries.generate_base_points(vid, YEAR)
    for day in (SPRING, DAY):
        led.entries.record(vid, EntryDraft(head.household_id, "B05", day, member_id=head.id))
    for number, day in (("0001", SPRING), ("0002", DAY), ("0003", DAY), ("0002", SPRING)):
        village.record(village.names[number], day)
    village.record(shop.id, code="F01")
    village.approve_pending()
    village.record(village.names["0004"])
    village.approve_pending(reject=True)
    village.record(village.names["0003"], SPRING)  # stays pending
    split(village, "0002", "0009")
    decide_transfers(village)
    wrong = next(
        e for e in led.entries.list(vid, status="approved") if e.member_id and e.occurred_on == DAY
    )
    led.entries.correct(wrong.id, "记错了户")
    led.store.add_goods(vid, "肥皂", 5, unit="块")
    led.store.stock_in(vid, "肥皂", 5, unit_cost_fen=250)
    led.store.redeem(vid, head.household_id, [("肥皂", 1)], member_id=head.id, on=DAY)
    return village


def busy_township(tmp_path: Any) -> tuple[Laptop, Laptop]:
    """The busy village, and a township that imported its bundle."""
    village = busy_village(tmp_path)
    town = new_township(tmp_path)
    bundle = village.export()
    town.trust(bundle)
    town.take(bundle)
    return village, town


def kept_rows(town: Laptop) -> dict[Any, set[tuple[Any, ...]]]:
    with town.ledger.read() as s:
        return {t: summaries.stored(s, t) for t in summaries.TABLES}


def test_summaries_give_the_scanning_numbers_through_imports_updates_and_conflicts(tmp_path):
    a1 = busy_village(tmp_path)
    a2 = clone(a1, tmp_path)
    b = open_spring(new_village(tmp_path, "420881100002", "李庄村", households=2))
    b.record(b.names["0001"])
    b.record(b.names["0002"], SPRING)
    b.approve_pending()
    town = new_township(tmp_path)
    first = [laptop.export() for laptop in (a1, b)]
    for bundle in first:
        town.trust(bundle)
        town.take(bundle)
    assert_same(town)

    town.take(first[0])  # a re-import changes nothing
    assert_same(town)

    # last-writer-wins: a household 注销 on one laptop, new points on the other
    a1.ledger.households.set_status(a1.names["0004"], "dissolved", DAY, "全家迁往外省")
    a2.record(a2.names["0003"])
    a2.approve_pending()
    for laptop in (a1, a2):
        bundle = laptop.export()
        town.trust(bundle)
        town.take(bundle)
    assert_same(town)

    # both laptops decide one entry: the second decision arrives as a conflict
    a1.record(a1.names["0001"])
    a2.take(a1.export(a2))
    a1.approve_pending()
    a2.approve_pending(reject=True)
    town.take(a2.export())
    town.take(a1.export())
    assert {c.table for c in town.sync.conflicts()} == {"entry_decisions"}
    assert_same(town)
    report = town.ledger.verify()
    assert report.ok, report.findings
    with a1.ledger.read() as s:
        assert not summaries.kept(s)
        assert not summaries.stored(s, HouseholdTotal)
    for laptop in (a1, a2, b, town):
        laptop.close()


def test_a_rebuild_makes_the_same_rows_and_mends_a_wrong_one(tmp_path, monkeypatch, capsys):
    village, town = busy_township(tmp_path)
    before = kept_rows(town)
    with town.ledger.engine.begin() as conn:
        conn.execute(HouseholdTotal.__table__.update().values(points=HouseholdTotal.points + 7))
    report = town.ledger.verify()
    # (a village's rows add up its households' rows: they are named too)
    assert [(f.kind, f.table) for f in report.findings] == [
        ("summary", "household_totals"),
        ("summary", "village_totals"),
    ]
    assert "rebuild-summaries" in report.findings[0].message
    use_in_cli(monkeypatch, town, "xiang", "secret-123")
    capsys.readouterr()
    assert main(["township", "rebuild-summaries"]) in (0, None)
    assert "已重算跨村汇总表" in capsys.readouterr().out
    assert kept_rows(town) == before
    assert_same(town)
    assert town.ledger.verify().ok
    with pytest.raises(ValidationError, match="只有乡镇库"):
        rebuild_summaries(village.ledger)
    village.close()
    town.close()


@pytest.mark.skipif(pg.enabled(), reason="downgrades a township file")
def test_the_migration_fills_the_summaries_of_a_township_made_before_them(tmp_path):
    village, town = busy_township(tmp_path)
    before = kept_rows(town)
    folder = town.ledger.folder
    town.close()
    engine = db.make_engine(paths.db_path(folder))
    with engine.begin() as conn:
        config = db.alembic_config()
        config.attributes["connection"] = conn
        command.downgrade(config, "0015")
        assert "household_totals" not in sa.inspect(conn).get_table_names()
    engine.dispose()
    town = Laptop(Ledger.open(folder), tmp_path)  # upgrades: migration 0016 fills them
    assert kept_rows(town) == before
    assert before[HouseholdTotal]
    assert_same(town)
    village.close()
    town.close()


def wrong_rows(town: Laptop) -> dict[Any, set[tuple[Any, ...]]]:
    """Per table, the stored rows a full rebuild would not make."""
    with town.ledger.read() as s:
        return {
            t: summaries.stored(s, t) - summaries.computed(s, t, None) for t in summaries.TABLES
        }


def test_a_later_bundle_refreshes_only_the_households_it_touched(tmp_path, monkeypatch):
    village, town = busy_township(tmp_path)
    # this village is small: the bundle touches most of it, and so would refresh it whole
    monkeypatch.setattr(summaries, "SHARE", 0)
    untouched = village.names["0004"]
    with town.ledger.engine.begin() as conn:  # a wrong row the next import must not reach
        conn.execute(
            HouseholdTotal.__table__.update()
            .where(HouseholdTotal.household_id == untouched)
            .values(points=HouseholdTotal.points + 7)
        )
    led, vid = village.ledger, village.village_id
    village.approve_pending()  # a decision on an entry the township already holds
    head = led.members.list(village.names["0001"])[0]
    named = next(
        e
        for e in led.entries.list(vid, status="approved")
        if e.member_id == head.id and e.occurred_on == SPRING
    )
    led.entries.correct(named.id, "记错了日子")  # a reversal: the person's live entries
    village.approve_pending()
    split(village, "0001", "0011")  # 分户: members move, transfers
    decide_transfers(village)
    led.households.set_status(village.names["0009"], "dissolved", DAY, "并入他户")
    town.take(village.export())

    wrong = wrong_rows(town)
    assert {r[2] for r in wrong[HouseholdTotal]} == {untouched}  # only its rows: not refreshed
    assert not wrong[MemberTotal]
    with town.ledger.engine.begin() as conn:
        conn.execute(
            HouseholdTotal.__table__.update()
            .where(HouseholdTotal.household_id == untouched)
            .values(points=HouseholdTotal.points - 7)
        )
        assert summaries.refresh_summaries(conn, [untouched]) == {vid}
    assert not any(wrong_rows(town).values())
    assert_same(town)
    assert town.ledger.verify().ok
    village.close()
    town.close()
