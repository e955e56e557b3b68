"""Honours as records (issue 21 item 4's core): awarding a title for a period to households,
idempotently, never to a vetoed household; lifting with a reason; audited; verify clean, and a
change made behind the program's back to an award is named."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3

import pytest
from sqlalchemy import select

from jifen_desktop.model import paths
from jifen_desktop.model.calendar.honour_awards import HonourAwardService
from jifen_desktop.model.entry_checks import EntryDraft
from jifen_desktop.model.errors import PermissionDenied, ValidationError
from jifen_desktop.model.ledger import Ledger
from jifen_desktop.model.schema import AuditRow
from jifen_desktop.model.tx import Actor

MEETING = dt.date(2026, 1, 8)


@pytest.fixture
def three(world):
    led = world.ledger
    households = [world.household(f"00{i}", name) for i, name in enumerate("甲乙丙", 1)]
    led.entries.generate_base_points(world.village.id, 2025)
    extra = led.entries.record(
        world.village.id, EntryDraft(households[0].id, "B05", dt.date(2025, 3, 1))
    ).value
    world.approve(extra)
    return households


def test_award_is_recorded_with_points_basis_and_audit_and_is_idempotent(world, three):
    awards = HonourAwardService(world.ledger)
    first, second = three[0], three[1]
    op = awards.award(
        world.village.id,
        [first.id, second.id],
        "十星级文明户",
        "2025",
        MEETING,
        chosen_by="top",
        basis={first.id: "前2名（第1名）"},
    )
    made = {a.household_number: a for a in op.value.awarded}
    assert set(made) == {"001", "002"} and op.value.already == ()
    assert made["001"].points > made["002"].points >= 100
    assert made["001"].basis == "前2名（第1名）" and made["001"].chosen_name == "前几名"
    assert made["001"].period_label == "2025年度" and made["001"].in_force
    # Again, with one more household: only the new one is written.
    again = awards.award(world.village.id, [first.id, three[2].id], "十星级文明户", "2025", MEETING)
    assert [a.household_number for a in again.value.awarded] == ["003"]
    assert again.value.already == (first.id,)
    with world.ledger.read() as s:
        rows = s.scalars(select(AuditRow).where(AuditRow.action == "honour.award")).all()
    assert len(rows) == 3
    assert all(json.loads(r.after_json)["title"] == "十星级文明户" for r in rows)
    assert any("001 甲" in r.summary and "前2名（第1名）" in r.summary for r in rows)
    assert world.ledger.verify().ok


def test_a_vetoed_household_is_refused_and_nothing_is_written(world, three):
    led = world.ledger
    led.vetoes.add(three[1].id, "违法建房", dt.date(2025, 10, 1), dt.date(2026, 3, 31))
    awards = HonourAwardService(led)
    with pytest.raises(ValidationError, match="002 乙.*一票否决"):
        awards.award(world.village.id, [three[0].id, three[1].id], "最美家庭", "2025", MEETING)
    assert awards.list(world.village.id) == []


def test_lift_keeps_the_award_with_day_and_reason(world, three):
    awards = HonourAwardService(world.ledger)
    award = awards.award(world.village.id, [three[0].id], "最美家庭", "2025", MEETING).value
    lifted = awards.lift(award.awarded[0].id, "查实弄虚作假", dt.date(2026, 2, 1)).value
    assert lifted.lifted_on == dt.date(2026, 2, 1) and lifted.lift_reason == "查实弄虚作假"
    assert awards.list(world.village.id, in_force=True) == []
    assert [a.id for a in awards.list(world.village.id, "2025")] == [lifted.id]
    with pytest.raises(ValidationError, match="已于"):
        awards.lift(lifted.id, "再撤一次")
    # Once lifted, the title may be awarded again (a new record).
    again = awards.award(world.village.id, [three[0].id], "最美家庭", "2025", MEETING).value
    assert len(again.awarded) == 1
    assert world.ledger.verify().ok


@pytest.mark.parametrize(
    ("title", "period", "meeting", "message"),
    [
        ("", "2025", MEETING, "请写荣誉称号"),
        ("最美家庭", "2025-03", MEETING, "按年度或季度"),
        ("最美家庭", "all", MEETING, "按年度或季度"),
        ("最美家庭", "2026", dt.date(2025, 12, 1), "早于"),
    ],
)
def test_bad_input_is_answered_in_chinese(world, three, title, period, meeting, message):
    awards = HonourAwardService(world.ledger)
    with pytest.raises(ValidationError, match=message):
        awards.award(world.village.id, [three[0].id], title, period, meeting)


def test_a_recorder_may_not_award(world, three):
    led = world.ledger
    led.operators.add("wgy", "网格员", "recorder", "secret-123", village_id=world.village.id)
    recorder = Actor("x", "wgy", "网格员", "recorder", world.village.id)
    led.actor = recorder
    with pytest.raises(PermissionDenied):
        HonourAwardService(led).award(world.village.id, [three[0].id], "最美家庭", "2025", MEETING)


def test_an_award_changed_behind_the_programs_back_is_named(world, three):
    awards = HonourAwardService(world.ledger)
    award = awards.award(world.village.id, [three[2].id], "好媳妇", "2025", MEETING).value
    award_id = award.awarded[0].id
    folder = world.ledger.folder
    world.ledger.close()
    with sqlite3.connect(paths.db_path(folder)) as conn:
        conn.execute("UPDATE honour_awards SET title = '十星级文明户' WHERE id = ?", (award_id,))
    with Ledger.open(folder) as reopened:
        report = reopened.verify()
    assert not report.ok
    found = [f.message for f in report.findings if f.record_id == award_id]
    assert found and any(w in found[0] for w in ("title", "称号")), report.findings
