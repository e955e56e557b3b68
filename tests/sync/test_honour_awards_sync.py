"""Honour records travel (issue 21 item 4, issue 17 item 2): a village's awards and a lift reach
the township in its bundle, as they are, and verify is clean there; another village's key may
not write them (a forged award of 张集村 signed by 李庄村 is refused, naming the record)."""

from __future__ import annotations

import datetime as dt
import uuid

from forge import Parts, forge, refused, take_apart
from sync_world import new_township, new_village

from jifen_desktop.model import hlc
from jifen_desktop.model.calendar.honour_awards import HonourAwardService

A_CODE, B_CODE = "420881100001", "420881100002"
MEETING = dt.date(2026, 1, 8)


def test_awards_reach_the_township_and_only_their_village_writes_them(tmp_path):
    a = new_village(tmp_path, A_CODE, "张集村")
    awards = HonourAwardService(a.ledger)
    made = awards.award(
        a.village_id, [a.names["0001"], a.names["0002"]], "十星级文明户", "2025", MEETING, "top"
    ).value.awarded
    awards.lift(made[1].id, "查实弄虚作假", dt.date(2026, 2, 1))
    b = new_village(tmp_path, B_CODE, "李庄村", households=1)
    township = new_township(tmp_path)
    a_full, b_full = a.export(full=True), b.export(full=True)
    for bundle in (a_full, b_full):
        township.trust(bundle)
        township.take(bundle)

    there = HonourAwardService(township.ledger).list(a.village_id, "2025")
    assert [(x.household_number, x.title, x.lifted_on) for x in there] == [
        ("0001", "十星级文明户", None),
        ("0002", "十星级文明户", dt.date(2026, 2, 1)),
    ]
    assert township.ledger.verify().ok

    award = dict(take_apart(a_full).one("honour_awards", id=made[0].id))

    def change(parts: Parts) -> None:
        parts.manifest["bundle_id"] = str(uuid.uuid4())
        award.update(title="最美家庭", hlc=hlc.pack(hlc.now_ms(), 0))
        award.update(changed_by_replica=b.replica_id, change_seq=999)
        parts.rows("honour_awards").append(award)

    forged = forge(b_full, b, tmp_path / f"{B_CODE}_forged.jfb", change)
    refused(township, forged, "李庄村", "张集村", "荣誉称号")
    assert HonourAwardService(township.ledger).get(made[0].id).title == "十星级文明户"
