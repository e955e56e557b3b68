"""The township overview counts each village's titles (荣誉称号) in force for the year, as they
come in the village's bundle: a lifted award is not counted, nor one of another year."""

from __future__ import annotations

from sync_world import DAY, new_township, new_village

from jifen_desktop.model.calendar.honour_awards import HonourAwardService

YEAR = DAY.year


def test_the_overview_counts_titles_in_force(tmp_path):
    village = new_village(tmp_path, "420881100001", "张集村")
    awards = HonourAwardService(village.ledger)
    vid, names = village.village_id, village.names
    meeting = DAY
    two = [names["0001"], names["0002"]]
    awards.award(vid, two, "十星级文明户", str(YEAR), meeting)
    lifted = awards.award(vid, [names["0003"]], "最美家庭", str(YEAR), meeting).value
    awards.lift(lifted.awarded[0].id, "查实弄虚作假", meeting)
    town = new_township(tmp_path)
    bundle = village.export()
    town.trust(bundle)
    town.take(bundle)
    village.close()
    try:
        [summary] = town.sync.villages_overview(YEAR)
        assert summary.honours == 2
        [before] = town.sync.villages_overview(YEAR - 1)
        assert before.honours == 0
    finally:
        town.close()
