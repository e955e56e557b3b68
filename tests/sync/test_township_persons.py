"""The township overview shows each village's persons' rates for the year (个人参与率, 党员参与率,
个人兑换率) from its bundle, counted as the village counts them itself (``person_rates``), and a
title awarded to a person arrives naming the person."""

from __future__ import annotations

from forge import put_together, take_apart
from sample_files import a_png
from sqlalchemy import select
from sync_world import DAY, new_township, new_village

from jifen_desktop.model import periods
from jifen_desktop.model.calendar.honour_awards import HonourAwardService
from jifen_desktop.model.entry_checks import EntryDraft
from jifen_desktop.model.person_rates import village_rates
from jifen_desktop.model.schema import Member
from jifen_desktop.model.schema.honours import HonourAward

YEAR = DAY.year


def test_the_overview_shows_the_persons_rates(tmp_path):
    village = new_village(tmp_path, "420881100001", "张集村", households=4)
    led, vid = village.ledger, village.village_id
    heads = [led.members.list(village.names[f"000{n}"])[0] for n in (1, 2, 3, 4)]
    led.members.update(heads[0].id, is_party_member=True)
    led.members.update(heads[1].id, is_party_member=True, is_cadre=True)
    led.entries.generate_base_points(vid, YEAR)  # points to redeem; they name no one
    photo = a_png(tmp_path / "现场.png")
    draft = EntryDraft(heads[0].household_id, "B05", DAY, member_id=heads[0].id, evidence=(photo,))
    led.entries.record(vid, draft)
    village.approve_pending()
    led.store.add_goods(vid, "肥皂", 5, unit="块")
    led.store.stock_in(vid, "肥皂", 5, unit_cost_fen=250)
    led.store.redeem(vid, heads[2].household_id, [("肥皂", 1)], member_id=heads[2].id, on=DAY)
    own = village_rates(led, vid, periods.year(YEAR))
    HonourAwardService(led).award_persons(vid, [heads[0].id], "优秀党员", f"{YEAR}H2", DAY)
    town = new_township(tmp_path)
    bundle = village.export()
    town.trust(bundle)
    town.take(bundle)
    village.close()
    try:
        [summary] = town.sync.villages_overview(YEAR)
        assert summary.persons == own
        assert (own.present, own.taking_part, own.party_present, own.party_taking_part) == (
            4,
            1,
            2,
            1,
        )
        assert summary.person_cells() == ("25%", "50%", "25%")
        # The person's title travels in the bundle with the person it names.
        with town.ledger.read() as s:
            award = s.scalars(select(HonourAward)).one()
        assert (award.member_id, award.period, award.title) == (
            heads[0].id,
            f"{YEAR}H2",
            "优秀党员",
        )
        assert summary.honours == 1
    finally:
        town.close()


def test_a_bundle_from_before_persons_is_still_taken(tmp_path):
    """A village still on the program before migration 0009 writes no members.is_cadre and no
    honour_awards.member_id: its bundle is taken, the flag false and the title the household's."""
    village = new_village(tmp_path, "420881100001", "张集村")
    vid = village.village_id
    HonourAwardService(village.ledger).award(vid, [village.names["0001"]], "最美家庭", "2026", DAY)
    older = without_columns(village.export(), village, tmp_path / "older.jfb")
    town = new_township(tmp_path)
    town.trust(older)
    town.take(older)
    village.close()
    try:
        with town.ledger.read() as s:
            award = s.scalars(select(HonourAward)).one()
            cadres = s.scalars(select(Member.is_cadre)).all()
        assert award.member_id is None and award.title == "最美家庭"
        assert cadres and not any(cadres)
    finally:
        town.close()


def without_columns(bundle, signer, target):
    parts = take_apart(bundle)
    left_out = {"members": ("is_cadre",), "honour_awards": ("member_id",)}
    return put_together(parts, signer, target, left_out)
