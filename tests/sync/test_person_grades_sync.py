"""Person grades (个人等次) travel: a village's grades reach the township in its bundle, and a
bundle from a program before migration 0013 (no villages.person_tiers) is still taken, the
village then without person grades."""

from __future__ import annotations

from forge import put_together, take_apart
from sync_world import new_township, new_village

from jifen_desktop.model.calendar.honours import Grade

CODE = "420881100001"
PARTY = [Grade("优秀", 60), Grade("合格", 30), Grade("基本合格", 10), Grade("不合格", None)]


def test_a_villages_person_grades_reach_the_township(tmp_path):
    village = new_village(tmp_path, CODE, "张集村")
    village.ledger.honours.set_person_grades(village.village_id, PARTY)
    town = new_township(tmp_path)
    bundle = village.export(full=True)
    town.trust(bundle)
    town.take(bundle)
    village.close()
    try:
        assert town.ledger.honours.person_grades(village.village_id) == PARTY
        assert town.ledger.verify().ok
    finally:
        town.close()


def test_a_bundle_without_person_grades_is_still_taken(tmp_path):
    village = new_village(tmp_path, CODE, "张集村")
    parts = take_apart(village.export(full=True))
    assert all("person_tiers" in row for row in parts.rows("villages"))
    older = put_together(parts, village, tmp_path / "older.jfb", {"villages": ("person_tiers",)})
    town = new_township(tmp_path)
    town.trust(older)
    town.take(older)
    village.close()
    try:
        assert town.ledger.honours.person_grades(village.village_id) == []
        assert town.ledger.villages.get(village.village_id).name == "张集村"
        assert town.ledger.verify().ok
    finally:
        town.close()
