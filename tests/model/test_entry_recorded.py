"""What ``record_many`` returns (made from the values in hand, ``entry_recorded``) is what
reading the same entries back gives, for each kind of entry a batch records."""

from __future__ import annotations

import datetime as dt

from sample_files import a_jpeg

from jifen_desktop.model.entry_checks import EntryDraft

D = dt.date(2026, 3, 10)


def _same_as_read(ledger, infos):
    assert infos, "nothing was recorded"
    for info in infos:
        assert info == ledger.entries.get(info.id)


def test_a_recorders_batch_reads_back_as_returned(world, tmp_path, admin_password):
    clerk = world.ledger.as_actor(world.ledger.operators.authenticate("admin", admin_password))
    home = world.household("001", "王建国")
    member = clerk.members.add(home.id, "王小明", relation="子", gender="男").value
    unit = world.household("D01", "李老板", kind="unit", unit_name="张集超市")
    photo = a_jpeg(tmp_path / "献血证.jpg")
    drafts = [
        EntryDraft(home.id, "B05", D, member_id=member.id, place="村委会", note=" 扫雪 "),
        EntryDraft(home.id, "B08", D, evidence=(photo,), source="declaration"),
        EntryDraft(home.id, "A16", D, points=-20),
        EntryDraft(unit.id, "F01", D),
    ]
    infos = clerk.entries.record_many(world.village.id, drafts).value
    assert [i.status for i in infos] == ["pending"] * 4
    assert (infos[0].member_name, infos[0].recorded_by_name) == ("王小明", "管理员")
    assert (infos[1].evidence_count, infos[3].household_name) == (1, "张集超市")
    _same_as_read(clerk, infos)


def test_an_activity_approved_at_once_reads_back_as_returned(world):
    homes = [world.household(f"00{i}", name) for i, name in enumerate(("王建国", "李秀英"), 1)]
    op = world.ledger.entries.register_activity(
        world.village.id, "B05", D, [h.id for h in homes], place="村部广场", note="清洁家园"
    )
    infos = op.value
    assert {i.status for i in infos} == {"approved"}
    assert infos[0].batch_id and infos[0].decided_by_name == infos[0].recorded_by_name
    _same_as_read(world.ledger, infos)
