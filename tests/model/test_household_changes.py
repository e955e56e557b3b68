"""分户, 合户 and 注销户 (issue 21 part 3): the change records, the members moved with their
history, the pair of transfer entries decided together, and balances before = after."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from ledger_world import tiny_png

from jifen_desktop.model.entry_checks import EntryDraft
from jifen_desktop.model.errors import ValidationError
from jifen_desktop.model.household_changes import HouseholdChangeService, SplitPlan
from jifen_desktop.model.periods import year as year_period

TODAY = dt.date.today()
YEAR = TODAY.year
ON = min(dt.date(YEAR, 5, 1), TODAY)


def family(world, number="001", head="王建国"):
    """A household of four with this year's base points and one approved good deed."""
    h = world.household(number, head)
    led = world.ledger
    for name, relation in (("李秀英", "配偶"), ("王小军", "子"), ("赵丽", "儿媳")):
        led.members.add(h.id, name, relation=relation)
    led.entries.generate_base_points(world.village.id, YEAR)
    return h


def draft(world, household_id, member_id=None):
    """A 志愿者服务 (B05) entry with its photo, dated today."""
    photo = tiny_png(world.ledger.folder / "photo.png")
    return EntryDraft(household_id, "B05", TODAY, member_id=member_id, evidence=(photo,))


def deed(world, household_id, member_id=None):
    return world.ledger.entries.record(
        world.village.id, draft(world, household_id, member_id)
    ).value


def assert_verified(world):
    report = world.ledger.verify()
    assert report.ok, report.findings


def members_of(world, h, status="present"):
    return {m.name: m for m in world.ledger.members.list(h.id) if m.status == status}


def balance(world, h):
    return world.ledger.balances.of(h.id, YEAR)


def split_son(world, h, rule="members", amount=0):
    changes = HouseholdChangeService(world.ledger)
    present = members_of(world, h)
    son, wife = present["王小军"], present["赵丽"]
    plan = SplitPlan(
        (son.id, wife.id),
        son.id,
        "031",
        world.grid2.id,
        ON,
        split_rule=rule,
        amount=amount,
        reason="儿子结婚另立门户",
    )  # 儿媳 becomes the new head's 配偶 by herself
    return changes.split(h.id, plan).value


def transfer_entries(world, change):
    return sorted(
        (e for e in world.ledger.entries.list(world.village.id) if e.kind == "transfer"),
        key=lambda e: e.points,
    )


def test_split_moves_members_and_transfers_a_share_that_sums_to_zero(world):
    h = family(world)
    before = balance(world, h)
    change = split_son(world, h)
    new = world.ledger.households.by_number(world.village.id, "031")
    assert (new.head_name, new.grid_id, new.registered_on) == ("王小军", world.grid2.id, ON)
    assert set(members_of(world, h)) == {"王建国", "李秀英"}
    assert set(members_of(world, h, "moved_out")) == {"王小军", "赵丽"}
    assert {m.name: m.relation for m in world.ledger.members.list(new.id)} == {
        "王小军": "户主",
        "赵丽": "配偶",
    }
    assert change.transfer_points == before.available * 2 // 4 == 50
    out, into = transfer_entries(world, change)
    assert (out.household_id, out.points, into.household_id, into.points) == (h.id, -50, new.id, 50)
    assert out.status == into.status == "pending" and change.transfer_status == "待审核"
    world.approve(out)  # approving one approves the pair
    after_old, after_new = balance(world, h), balance(world, new)
    assert {e.status for e in transfer_entries(world, change)} == {"approved"}
    assert out.points + into.points == 0
    assert after_old.available + after_new.available == before.available
    assert (after_old.lifetime, after_old.annual) == (before.lifetime, before.annual)
    assert (after_new.lifetime, after_new.annual) == (0, 0)  # points earned stay with history
    assert_verified(world)


def test_rejecting_one_transfer_entry_rejects_both_and_nothing_moves(world):
    h = family(world)
    before = balance(world, h).available
    change = split_son(world, h, "amount", 30)
    out, into = transfer_entries(world, change)
    world.reject("金额不对", into)
    assert {e.status for e in transfer_entries(world, change)} == {"rejected"}
    assert balance(world, h).available == before
    refreshed = HouseholdChangeService(world.ledger).get(change.id)
    assert "转移可用积分 30 分（未通过）" in refreshed.line


def test_split_refusals_say_what_to_do(world):
    h = family(world)
    changes = HouseholdChangeService(world.ledger)
    present = members_of(world, h)
    son = present["王小军"]
    everyone = tuple(m.id for m in present.values())
    with pytest.raises(ValidationError, match="原户至少要留一人"):
        changes.split(h.id, SplitPlan(everyone, son.id, "031", None, ON))
    with pytest.raises(ValidationError, match="新户的户主必须是分出去的成员之一"):
        changes.split(h.id, SplitPlan((son.id,), present["赵丽"].id, "031", None, ON))
    with pytest.raises(ValidationError, match="户号 001 在本村已经存在"):
        changes.split(h.id, SplitPlan((son.id,), son.id, "001", None, ON))
    with pytest.raises(ValidationError, match="不能转出 500 分"):
        changes.split(
            h.id, SplitPlan((son.id,), son.id, "031", None, ON, split_rule="amount", amount=500)
        )
    assert world.ledger.households.list(world.village.id)[-1].number == "001"  # nothing written


def test_later_entries_of_a_moved_member_go_to_the_new_household(world):
    h = family(world)
    son_before = members_of(world, h)["王小军"]
    split_son(world, h, "none")
    new = world.ledger.households.by_number(world.village.id, "031")
    son_after = members_of(world, new)["王小军"]
    with pytest.raises(ValidationError, match="已于 .* 迁出"):
        deed(world, h.id, son_before.id)
    entry = deed(world, new.id, son_after.id)
    assert entry.household_id == new.id


def test_merge_keeps_both_histories_and_closes_the_merged_household(world):
    a = family(world)
    b = world.household("002", "孙大娘", registered=dt.date(2021, 3, 1))
    world.ledger.entries.generate_base_points(world.village.id, YEAR)
    good = deed(world, b.id)
    world.approve(good)
    before_a, before_b = balance(world, a), balance(world, b)
    changes = HouseholdChangeService(world.ledger)
    change = changes.merge(b.id, a.id, ON, transfer="all", reason="老人随子女生活").value
    assert change.transfer_points == before_b.available
    world.approve(*transfer_entries(world, change)[:1])
    after_a, after_b = balance(world, a), balance(world, b)
    assert after_a.available + after_b.available == before_a.available + before_b.available
    assert after_b.available == 0 and after_b.lifetime == before_b.lifetime
    merged = world.ledger.households.get(b.id)
    assert (merged.status, merged.status_since) == ("dissolved", ON)
    assert "孙大娘" in members_of(world, a)
    b_entries = world.ledger.entries.list(world.village.id, household_id=b.id)
    assert good.id in {e.id for e in b_entries}  # the merged household's history is kept
    assert [c.kind for c in changes.of_household(a.id)] == ["merge"]
    assert changes.of_household(b.id)[0].line.startswith(f"{ON} 合户：002 孙大娘 并入 001 王建国")
    assert_verified(world)


def test_a_closed_household_refuses_entries_and_batches(world):
    h = world.household("001", "王建国")
    other = world.household("002", "李四")
    changes = HouseholdChangeService(world.ledger)
    change = changes.close(h.id, ON, "户内无人，全户外迁").value
    assert change.line == f"{ON} 注销户：001 王建国 注销，户内无人，全户外迁"
    with pytest.raises(ValidationError, match="已注销"):
        deed(world, h.id)
    with pytest.raises(ValidationError, match="已注销"):
        world.ledger.entries.record_many(
            world.village.id,
            [draft(world, other.id), draft(world, h.id)],
        )
    with pytest.raises(ValidationError, match="请写明注销的原因"):
        changes.close(other.id, ON, " ")
    with pytest.raises(ValidationError, match="不用再注销"):
        changes.close(h.id, ON, "再注销一次")
    assert_verified(world)


def test_transfer_entries_stay_out_of_rankings_and_cannot_be_reversed(world):
    h = family(world)
    change = split_son(world, h)
    out, _ = transfer_entries(world, change)
    world.approve(out)
    new = world.ledger.households.by_number(world.village.id, "031")
    ranking = world.ledger.rankings.rank(world.village.id, year_period(YEAR))
    points = {row.household_id: row.points for row in ranking}
    assert points.get(new.id, 0) == 0 and points[h.id] == balance(world, h).annual
    with pytest.raises(ValidationError, match="积分转移通过后不能冲正"):
        world.ledger.entries.correct(out.id, "试试冲正")


def test_a_transfer_waiting_into_a_published_quarter_can_still_be_approved(world):
    """Transfers are in no 公示 (they are not points earned), so a published quarter does not
    lock them: the pair recorded in December is approved after 2026Q4 was posted."""
    with time_machine.travel(dt.datetime(2026, 12, 20, 9), tick=True) as traveller:
        h = family(world)
        change = split_son(world, h)
        out, _ = transfer_entries(world, change)
        traveller.move_to(dt.datetime(2027, 1, 4, 9))
        pubs = world.ledger.publications
        pubs.post(pubs.draft(world.village.id, "2026Q4").value.id)
        world.approve(out)
        assert {e.status for e in transfer_entries(world, change)} == {"approved"}
        assert_verified(world)


def test_the_audit_log_reads_a_split_in_words(world):
    from jifen_desktop.model.audit_readable import read_rows

    h = family(world)
    split_son(world, h)
    rows = world.ledger.audit.list(world.village.id, action="household.split")
    (row,) = read_rows(world.ledger, rows)
    assert row.action_name == "分户"
    detail = row.detail()
    for words in ("原户：001 王建国", "新户或并入的户：031 王小军", "迁移的成员", "按人口分"):
        assert words in detail, detail
    assert "from_household_id" not in detail and "split_rule" not in detail
