"""The rule catalog and the evidence switch travel (issue 22, part 4): a village that adds the
optional set 常用扣分项（非方案原文）, adopts the seed's value for an item and lets recorders'
observations go without a photo sends all of it in its bundle; the township holds the same
catalog and setting, its comparison with the seed reads the same, and verify is clean."""

from __future__ import annotations

from sqlalchemy import select
from sync_world import new_township, new_village

from jifen_desktop.model.schema import Village

CODE = "420881100001"


def test_the_switch_and_the_catalog_reach_the_township(tmp_path):
    a = new_village(tmp_path, CODE, "张集村")
    rules = a.ledger.rules
    rules.add_optional(a.village_id)
    rules.update(a.village_id, "C06", points_min=3, points_max=3)
    rules.adopt_seed(a.village_id, "C06")
    rules.update(a.village_id, "B05", evidence_required=False)
    rules.set_observations_without_evidence(a.village_id, True)
    township = new_township(tmp_path)
    bundle = a.export(full=True)
    township.trust(bundle)
    township.take(bundle)

    with township.ledger.read() as s:
        village = s.scalars(select(Village).where(Village.code == CODE)).one()
        assert village.observations_without_evidence
    here = rules.compare_with_seed(a.village_id)
    there = township.ledger.rules.compare_with_seed(a.village_id)
    assert [(r.code, r.summary()) for r in there.rows] == [(r.code, r.summary()) for r in here.rows]
    assert there.find("B05").summary() == "需要证明 否 → 是"
    assert there.find("C06") is None and there.same == 82
    assert township.ledger.verify().ok
