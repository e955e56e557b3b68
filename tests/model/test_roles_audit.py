"""Roles are enforced by the services, and every change leaves an audit row."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from jifen_desktop.model.entry_checks import EntryDraft
from jifen_desktop.model.errors import PermissionDenied, ValidationError

D = dt.date(2026, 3, 10)
PW = "pass-1234"


@pytest.fixture
def staff(world):
    ops = world.ledger.operators
    ops.add(
        "wgy1", "网格员甲", "recorder", PW, village_id=world.village.id, grid_ids=[world.grid1.id]
    )
    ops.add("shenhe", "审核员", "reviewer", PW, village_id=world.village.id)
    ops.add("chakan", "只读", "viewer", PW, village_id=world.village.id)
    return {
        name: world.ledger.as_actor(ops.authenticate(name, PW))
        for name in ("wgy1", "shenhe", "chakan")
    }


def test_wrong_password_and_inactive_operator_refused(world, staff):
    with pytest.raises(PermissionDenied, match="用户名或密码不对"):
        world.ledger.operators.authenticate("wgy1", "wrong-pass")
    world.ledger.operators.update("wgy1", active=False)
    with pytest.raises(PermissionDenied, match="已停用"):
        world.ledger.operators.authenticate("wgy1", PW)


def test_recorder_records_only_in_own_grids_and_cannot_approve(world, staff):
    mine = world.household("001", "王一", grid=world.grid1)
    theirs = world.household("002", "李二", grid=world.grid2)
    recorder = staff["wgy1"]
    entry = recorder.entries.record(world.village.id, EntryDraft(mine.id, "B05", D)).value
    with pytest.raises(PermissionDenied, match="不在您负责的网格内"):
        recorder.entries.record(world.village.id, EntryDraft(theirs.id, "B05", D))
    with pytest.raises(PermissionDenied, match="无权审核"):
        recorder.entries.approve([entry.id])
    assert [h.number for h in recorder.households.list(world.village.id)] == ["001"]
    assert [h.number for h in recorder.households.search(world.village.id, "li")] == []
    with pytest.raises(PermissionDenied):
        recorder.households.get(theirs.id)
    world.open_sessions(entry)
    staff["shenhe"].entries.approve([entry.id])


def test_recorder_withdraws_only_own_pending_entries(world, staff):
    h = world.household("001", "王一")
    by_admin = world.ledger.entries.record(world.village.id, EntryDraft(h.id, "B05", D)).value
    with pytest.raises(ValidationError, match="只能撤回自己录入"):
        staff["wgy1"].entries.withdraw(by_admin.id)
    own = staff["wgy1"].entries.record(world.village.id, EntryDraft(h.id, "B04", D)).value
    staff["wgy1"].entries.withdraw(own.id)
    assert staff["wgy1"].entries.get(own.id).status == "withdrawn"


def test_viewer_changes_nothing(world, staff):
    h = world.household("001", "王一")
    viewer = staff["chakan"]
    with pytest.raises(PermissionDenied, match="无权录入积分"):
        viewer.entries.record(world.village.id, EntryDraft(h.id, "B05", D))
    with pytest.raises(PermissionDenied):
        viewer.households.add(world.village.id, "009", "赵九")
    with pytest.raises(PermissionDenied):
        viewer.rules.update(world.village.id, "B05", points_min=1)
    with pytest.raises(PermissionDenied):
        viewer.operators.add("x1", "x", "admin", PW, village_id=world.village.id)
    with pytest.raises(PermissionDenied):
        viewer.entries.generate_base_points(world.village.id, 2026)
    assert viewer.balances.of(h.id).lifetime == 0  # reading is allowed


def test_reviewer_cannot_administer(world, staff):
    with pytest.raises(PermissionDenied, match="无权管理设置|无权修改村设置"):
        staff["shenhe"].villages.update_settings(world.village.id, base_points=50)


def test_last_admin_cannot_be_demoted(world, staff):
    with pytest.raises(ValidationError, match="至少要保留一个启用的管理员"):
        world.ledger.operators.update("admin", role="viewer")


def test_password_change_needs_old_password_and_is_hashed(world, staff):
    with pytest.raises(PermissionDenied, match="原密码不对"):
        staff["wgy1"].operators.set_password("wgy1", "new-pass-1", "bad-old")
    staff["wgy1"].operators.set_password("wgy1", "new-pass-1", PW)
    world.ledger.operators.authenticate("wgy1", "new-pass-1")
    with world.ledger.engine.connect() as conn:
        value = conn.exec_driver_sql(
            "select password_hash from operators where username='wgy1'"
        ).scalar_one()
    assert value.startswith("scrypt$") and "new-pass-1" not in value


def test_every_change_is_audited_with_before_and_after(world, staff):
    h = world.household("001", "王一")
    world.ledger.households.update(h.id, phone="13900001111")
    entry = staff["wgy1"].entries.record(world.village.id, EntryDraft(h.id, "B05", D)).value
    world.open_sessions(entry)
    staff["shenhe"].entries.reject([entry.id], "证据不足")
    rows = world.ledger.audit.list(world.village.id)
    actions = [r.action for r in rows]
    for action in (
        "household.create",
        "member.create",
        "household.update",
        "entry.create",
        "entry.rejected",
        "operator.create",
        "village.create",
        "rules.copy_template",
    ):
        assert action in actions
    update = next(r for r in rows if r.action == "household.update")
    assert update.before["phone"] == "" and update.after["phone"] == "13900001111"
    rejected = next(r for r in rows if r.action == "entry.rejected")
    assert rejected.operator_name == "审核员" and "证据不足" in rejected.summary
    created = next(r for r in rows if r.action == "entry.create")
    assert created.operator_name == "网格员甲"
    password_rows = [r for r in rows if r.action == "operator.create"]
    assert all(json.dumps(r.after).count("scrypt") == 0 for r in password_rows)


def test_failed_call_leaves_no_audit_row_or_entry(world):
    h = world.household("001", "王一")
    before = len(world.ledger.audit.list(limit=10_000))
    with pytest.raises(ValidationError):
        world.ledger.entries.record_many(
            world.village.id, [EntryDraft(h.id, "B05", D), EntryDraft(h.id, "B05", D, points=99)]
        )
    assert len(world.ledger.audit.list(limit=10_000)) == before
    assert world.ledger.entries.list(world.village.id) == []


def test_pending_count_follows_recorder_grids(world, staff):
    mine = world.household("001", "王一", grid=world.grid1)
    theirs = world.household("002", "李二", grid=world.grid2)
    for h in (mine, theirs):
        world.ledger.entries.record(world.village.id, EntryDraft(h.id, "B05", D))
    assert world.ledger.entries.count(world.village.id) == 2
    assert staff["wgy1"].entries.count(world.village.id) == 1
    assert world.ledger.entries.count(world.village.id, "approved") == 0


def test_every_audit_action_has_a_chinese_name(world, staff):
    import re
    from pathlib import Path

    from jifen_desktop.model.audit import ACTION_NAMES

    model = Path(__file__).resolve().parents[2] / "jifen_desktop" / "model"
    source = "\n".join(p.read_text(encoding="utf-8") for p in model.glob("*.py"))
    used = set(
        re.findall(r'"((?:village|grid|rules?|household|member|entry|operator)\.[a-z_]+)"', source)
    )
    used |= {f"entry.{d}" for d in ("approved", "rejected", "withdrawn")}
    assert used - set(ACTION_NAMES) == set()
