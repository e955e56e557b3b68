"""The settings services: editing grids and the rule catalog (categories, items, copying the
template), with what stays put for entries already recorded."""

from __future__ import annotations

import datetime as dt

import pytest

from jifen_desktop.model.entry_checks import EntryDraft
from jifen_desktop.model.errors import NotFound, ValidationError
from jifen_desktop.model.rule_template import optional_set, template_item_count


def test_grid_rename_keeps_households_and_refuses_a_taken_name(world) -> None:
    world.household("0101", "张三")
    grids = world.ledger.villages
    renamed = grids.update_grid(world.grid1.id, name="东湾组", note="河东").value
    assert (renamed.name, renamed.note, renamed.household_count) == ("东湾组", "河东", 1)
    with pytest.raises(ValidationError, match="已经存在") as err:
        grids.update_grid(world.grid1.id, name="二组")
    assert err.value.field == "name"
    actions = [a.action for a in world.ledger.audit.list(world.village.id)]
    assert "grid.update" in actions


def test_a_grid_with_households_cannot_be_removed_an_empty_one_can_and_comes_back(world) -> None:
    world.household("0101", "张三")
    grids = world.ledger.villages
    with pytest.raises(ValidationError, match="还有1户"):
        grids.remove_grid(world.grid1.id)
    vid = world.village.id
    world.ledger.operators.add(
        "wgy1", "甲", "recorder", "pass-1234", village_id=vid, grid_ids=[world.grid2.id]
    )
    grids.remove_grid(world.grid2.id)
    assert world.ledger.operators.list()[-1].grid_ids == ()
    assert [g.name for g in grids.grids(world.village.id)] == ["一组"]
    with pytest.raises(NotFound):
        grids.update_grid(world.grid2.id, name="三组")
    again = grids.add_grid(world.village.id, "二组").value
    assert again.id == world.grid2.id
    assert [g.name for g in grids.grids(world.village.id)] == ["一组", "二组"]


def test_categories_add_rename_and_move_an_item(world) -> None:
    rules = world.ledger.rules
    vid = world.village.id
    before = {c.code: c.item_count for c in rules.categories(vid)}
    assert list(before) == ["A", "B", "C", "D", "E", "F", "X"]  # X: the optional set
    assert sum(before.values()) == template_item_count() + len(optional_set()["items"])
    rules.add_category(vid, "g", "村规民约")
    with pytest.raises(ValidationError, match="已被占用"):
        rules.add_category(vid, "G", "重复")
    with pytest.raises(ValidationError) as err:
        rules.add_category(vid, "7", "数字开头")
    assert err.value.field == "code"
    rules.rename_category(vid, "G", "村规民约执行")
    item = rules.add(vid, "G", "g01", "参加村民议事会", "add", 2, 2).value
    assert (item.code, item.category_name) == ("G01", "村规民约执行")
    moved = rules.update(vid, "B05", category_code="G").value
    assert moved.category_code == "G"
    counts = {c.code: c.item_count for c in rules.categories(vid)}
    assert counts["G"] == 2 and counts["B"] == before["B"] - 1
    with pytest.raises(NotFound):
        rules.update(vid, "B05", category_code="Z")
    with pytest.raises(ValidationError, match="名称不能为空"):
        rules.update(vid, "B05", name="  ")


def test_an_edited_rule_leaves_recorded_entries_as_they_were(world) -> None:
    h = world.household("0101", "张三")
    vid = world.village.id
    rule = world.ledger.rules.get(vid, "B05")
    entry = world.ledger.entries.record(vid, EntryDraft(h.id, "B05", dt.date.today())).value
    world.ledger.rules.update(vid, "B05", name="改过的名称", points_min=9, points_max=9)
    again = world.ledger.entries.get(entry.id)
    assert (again.rule_name, again.points) == (rule.name, entry.points)


def test_copy_template_fills_only_what_is_missing(world) -> None:
    rules = world.ledger.rules
    vid = world.village.id
    assert rules.copy_template(vid).value == 0  # already complete: nothing written
    rules.update(vid, "B05", name="本村改过的名称")
    fresh = world.ledger.villages.create("420881100002", "李庄村", with_template=False).value
    assert rules.list(fresh.id) == []
    op = rules.copy_template(fresh.id)
    assert op.value == template_item_count()
    assert rules.get(vid, "B05").name == "本村改过的名称"
    assert rules.copy_template(fresh.id).value == 0
    assert [c.code for c in rules.categories(fresh.id)] == ["A", "B", "C", "D", "E", "F"]


def test_grid_recorders_are_set_in_one_go_and_keep_their_other_grids(world) -> None:
    ops = world.ledger.operators
    vid = world.village.id
    ops.add("wgy1", "甲", "recorder", "pass-1234", village_id=vid, grid_ids=[world.grid2.id])
    ops.add("wgy2", "乙", "recorder", "pass-1234", village_id=vid, grid_ids=[world.grid1.id])
    ops.add("shenhe", "审核", "reviewer", "pass-1234", village_id=vid)
    assert ops.set_grid_recorders(world.grid1.id, ["wgy1"]).value == 2
    grids = {o.username: set(o.grid_ids) for o in ops.list()}
    assert grids["wgy1"] == {world.grid1.id, world.grid2.id}
    assert grids["wgy2"] == set()
    assert ops.set_grid_recorders(world.grid1.id, ["wgy1"]).value == 0
    with pytest.raises(ValidationError, match="不是记录员"):
        ops.set_grid_recorders(world.grid1.id, ["wgy1", "shenhe"])
    assert {o.username: set(o.grid_ids) for o in ops.list()} == grids  # nothing half-written
