"""Recording entries: every validation rule of the scheme refuses with a Chinese message."""

from __future__ import annotations

import datetime as dt

import pytest
from sample_files import a_jpeg, a_pdf

from jifen_desktop.model.entry_checks import EntryDraft
from jifen_desktop.model.errors import ValidationError

D = dt.date(2026, 3, 10)


def record(world, household, code, day=D, **kw):
    return world.ledger.entries.record(world.village.id, EntryDraft(household.id, code, day, **kw))


def test_fixed_rule_fills_points_and_entry_starts_pending(world):
    h = world.household("001", "王建国")
    entry = record(world, h, "B05").value
    assert (entry.points, entry.status, entry.rule_name) == (5, "pending", "参与志愿者服务活动")


def test_range_rule_needs_points_within_range_and_right_sign(world):
    h = world.household("001", "王建国")
    with pytest.raises(ValidationError, match="请填写具体分值"):
        record(world, h, "A16")
    with pytest.raises(ValidationError, match="超出细则 A16 的范围"):
        record(world, h, "A16", points=-60)
    with pytest.raises(ValidationError, match="分值应为负数"):
        record(world, h, "A16", points=20)
    assert record(world, h, "A16", points=-20).value.points == -20


def test_fixed_rule_refuses_other_points(world):
    h = world.household("001", "王建国")
    with pytest.raises(ValidationError, match="只能加5分"):
        record(world, h, "B05", points=6)


def test_monthly_cap_refuses_second_entry_in_month_but_not_next_month(world):
    h = world.household("001", "王建国")
    record(world, h, "E08", dt.date(2026, 3, 1))
    with pytest.raises(ValidationError, match="当月限一次"):
        record(world, h, "E08", dt.date(2026, 3, 28))
    record(world, h, "E08", dt.date(2026, 4, 1))


def test_yearly_cap_and_rejected_entry_frees_the_slot(world):
    h = world.household("001", "王建国")
    first = record(world, h, "E01", dt.date(2026, 2, 1)).value
    with pytest.raises(ValidationError, match="当年限一次"):
        record(world, h, "E01", dt.date(2026, 11, 1))
    world.reject("重复申报", first)
    record(world, h, "E01", dt.date(2026, 11, 1))


def test_cap_counts_within_one_batch(world):
    h = world.household("001", "王建国")
    drafts = [
        EntryDraft(h.id, "E08", dt.date(2026, 5, 2)),
        EntryDraft(h.id, "E08", dt.date(2026, 5, 9)),
    ]
    with pytest.raises(ValidationError, match="当月限一次"):
        world.ledger.entries.record_many(world.village.id, drafts)
    assert world.ledger.entries.list(world.village.id) == []  # nothing half-written


def test_rule_for_units_refused_for_household_and_vice_versa(world):
    h = world.household("001", "王建国")
    unit = world.household("D01", "李老板", kind="unit", unit_name="张集超市")
    with pytest.raises(ValidationError, match="适用于单位"):
        record(world, h, "F01")
    with pytest.raises(ValidationError, match="适用于农户"):
        record(world, unit, "B05")
    assert record(world, unit, "F01").value.points == 5


def test_future_date_and_date_before_household_refused(world):
    h = world.household("001", "王建国", registered=dt.date(2025, 6, 1))
    with pytest.raises(ValidationError, match="晚于今天"):
        record(world, h, "B05", dt.date.today() + dt.timedelta(days=1))
    with pytest.raises(ValidationError, match="早于这一户的登记日期"):
        record(world, h, "B05", dt.date(2025, 5, 31))


def test_inactive_household_refused(world):
    h = world.household("001", "王建国")
    world.ledger.households.set_status(h.id, "moved_out", dt.date(2026, 1, 5), "全家迁往县城")
    with pytest.raises(ValidationError, match="已迁出"):
        record(world, h, "B05")


def test_moved_out_member_refused_after_move_but_not_before(world):
    h = world.household("001", "王建国")
    son = world.ledger.members.add(h.id, "王小明", relation="子").value
    world.ledger.members.set_status(son.id, "moved_out", dt.date(2026, 3, 1))
    with pytest.raises(ValidationError, match="已于 2026-03-01 迁出"):
        record(world, h, "B05", dt.date(2026, 3, 10), member_id=son.id)
    record(world, h, "B05", dt.date(2026, 2, 10), member_id=son.id)


def test_member_of_other_household_refused(world):
    h1 = world.household("001", "王建国")
    h2 = world.household("002", "李四")
    other = world.ledger.members.add(h2.id, "李小红", relation="女").value
    with pytest.raises(ValidationError, match="不是这一户的成员"):
        record(world, h1, "B05", member_id=other.id)


def test_quantity_only_for_rules_counting_people(world):
    h = world.household("001", "王建国")
    with pytest.raises(ValidationError, match="不按人数计分"):
        record(world, h, "B05", quantity=3)


def test_evidence_required_and_stored_by_hash(world, tmp_path):
    h = world.household("001", "王建国")
    with pytest.raises(ValidationError, match="需要证明材料"):
        record(world, h, "B08", source="declaration")  # the village's switch frees observations
    photo = a_jpeg(tmp_path / "献血证.jpg")
    entry = record(world, h, "B08", evidence=(photo,)).value
    assert entry.evidence_count == 1
    stored = list(world.ledger.evidence_dir.rglob("*.jpg"))
    assert len(stored) == 1 and stored[0].read_bytes() == photo.read_bytes()
    assert not list(world.ledger.evidence_dir.rglob(".part-*"))


def test_counts_people_multiplies_points(world, tmp_path):
    h = world.household("001", "王建国")
    proof = a_pdf(tmp_path / "合同.pdf")
    entry = record(world, h, "C14", quantity=3, evidence=(proof,)).value
    assert (entry.unit_points, entry.quantity, entry.points) == (5, 3, 15)


def test_base_and_special_rules_cannot_be_recorded_directly(world):
    h = world.household("001", "王建国")
    for code in ("B01", "D13", "D14"):
        with pytest.raises(ValidationError, match="不能直接录入"):
            record(world, h, code)


def test_inactive_rule_refused(world):
    h = world.household("001", "王建国")
    world.ledger.rules.update(world.village.id, "B05", active=False)
    with pytest.raises(ValidationError, match="已停用"):
        record(world, h, "B05")


def test_editing_rule_leaves_recorded_entries_unchanged(world):
    h = world.household("001", "王建国")
    entry = record(world, h, "B05").value
    world.ledger.rules.update(
        world.village.id, "B05", name="参加志愿服务", points_min=8, points_max=8
    )
    again = world.ledger.entries.get(entry.id)
    assert (again.rule_name, again.points) == ("参与志愿者服务活动", 5)
    assert record(world, h, "B05", dt.date(2026, 3, 11)).value.points == 8


def test_activity_batch_is_approved_at_once_and_shares_batch_id(world):
    hs = [world.household(f"00{i}", n) for i, n in enumerate(["王一", "王二", "王三"], 1)]
    entries = world.ledger.entries.register_activity(
        world.village.id, "C06", D, [h.id for h in hs], place="村部"
    ).value
    assert {e.status for e in entries} == {"approved"}
    assert len({e.batch_id for e in entries}) == 1 and entries[0].batch_id


def test_withdraw_only_pending_and_decision_is_final(world):
    h = world.household("001", "王建国")
    entry = record(world, h, "B05").value
    world.approve(entry)
    with pytest.raises(ValidationError, match="已经已通过|已通过，不能再"):
        world.ledger.entries.withdraw(entry.id)
    with pytest.raises(ValidationError, match="请用“冲正”更正"):
        world.reject("错了", entry)


def test_reject_needs_reason(world):
    h = world.household("001", "王建国")
    entry = record(world, h, "B05").value
    with pytest.raises(ValidationError, match="必须写明理由"):
        world.reject("  ", entry)


def test_moved_out_household_still_takes_entries_dated_before_the_move(world):
    h = world.household("001", "王建国")
    world.ledger.households.set_status(h.id, "moved_out", dt.date(2026, 3, 1))
    assert record(world, h, "B05", dt.date(2026, 2, 20)).value.points == 5
    with pytest.raises(ValidationError, match="此后的事项不能再记录积分"):
        record(world, h, "B05", dt.date(2026, 3, 1))


def test_evidence_of_wrong_type_or_too_big_is_refused_and_nothing_written(world, tmp_path):
    h = world.household("001", "王建国")
    notes = tmp_path / "说明.docx"
    notes.write_bytes(b"not a photo")
    with pytest.raises(ValidationError, match="不是照片或PDF"):
        record(world, h, "B08", evidence=(notes,))
    huge = tmp_path / "大照片.jpg"
    with open(huge, "wb") as f:
        f.truncate(21 * 1024 * 1024)
    with pytest.raises(ValidationError, match="超过20MB"):
        record(world, h, "B08", evidence=(huge,))
    with pytest.raises(ValidationError, match="找不到证明材料文件"):
        record(world, h, "B08", evidence=(tmp_path / "没有这个.jpg",))
    assert world.ledger.entries.list(world.village.id) == []
    assert not world.ledger.evidence_dir.exists() or not any(world.ledger.evidence_dir.rglob("*.*"))
