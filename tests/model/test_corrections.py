"""Corrections: reversal entries cite the original, false declarations deduct twice, and the
approved entry itself is never changed."""

from __future__ import annotations

import datetime as dt

import pytest

from jifen_desktop.model.entry_checks import EntryDraft
from jifen_desktop.model.errors import ValidationError

D = dt.date(2026, 3, 10)


def approved(world, household, code, day=D, **kw):
    entry = world.ledger.entries.record(
        world.village.id, EntryDraft(household.id, code, day, **kw)
    ).value
    world.approve(entry)
    return world.ledger.entries.get(entry.id)


def lifetime(world, household):
    return world.ledger.balances.of(household.id).lifetime


def test_correction_reverses_and_records_replacement(world):
    h = world.household("001", "王建国")
    wrong = approved(world, h, "B14")  # 10 points, should have been A07 (5 points)
    assert lifetime(world, h) == 10
    reversal, replacement = world.ledger.entries.correct(
        wrong.id, "细则选错", EntryDraft(h.id, "A07", D)
    ).value
    assert reversal.kind == "reversal" and reversal.points == -10
    assert reversal.corrects_entry_id == wrong.id and reversal.reason == "细则选错"
    assert replacement.status == "approved" and replacement.points == 5
    assert lifetime(world, h) == 5
    original = world.ledger.entries.get(wrong.id)
    assert (original.points, original.status, original.reversed) == (10, "approved", True)


def test_entry_cannot_be_reversed_twice_nor_a_reversal_reversed(world):
    h = world.household("001", "王建国")
    entry = approved(world, h, "B05")
    (reversal,) = world.ledger.entries.correct(entry.id, "重复记录").value
    with pytest.raises(ValidationError, match="已经冲正过"):
        world.ledger.entries.correct(entry.id, "再来一次")
    with pytest.raises(ValidationError, match="冲正记录本身不能再冲正"):
        world.ledger.entries.correct(reversal.id, "撤销冲正")


def test_pending_entry_is_not_corrected(world):
    h = world.household("001", "王建国")
    entry = world.ledger.entries.record(world.village.id, EntryDraft(h.id, "B05", D)).value
    with pytest.raises(ValidationError, match="只有已通过的记录"):
        world.ledger.entries.correct(entry.id, "错了")


def test_reversed_capped_entry_frees_the_month(world):
    h = world.household("001", "王建国")
    entry = approved(world, h, "E08")
    world.ledger.entries.correct(
        entry.id, "日期记错", EntryDraft(h.id, "E08", dt.date(2026, 3, 20))
    )
    assert lifetime(world, h) == 5


def test_false_declaration_reverses_and_deducts_twice(world):
    h = world.household("001", "王建国")
    world.ledger.entries.generate_base_points(world.village.id, 2026)
    fake = approved(world, h, "A07")
    assert lifetime(world, h) == 105
    reversal, penalty = world.ledger.entries.false_declaration(fake.id, "查实并未举报").value
    assert reversal.points == -5 and penalty.points == -10
    assert penalty.kind == "penalty" and penalty.rule_code == "D13"
    assert penalty.corrects_entry_id == fake.id
    assert lifetime(world, h) == 100 - 10


def test_false_declaration_only_for_additions(world):
    h = world.household("001", "王建国")
    deduction = approved(world, h, "A16", points=-10)
    with pytest.raises(ValidationError, match="只有加分记录"):
        world.ledger.entries.false_declaration(deduction.id, "x")
    assert lifetime(world, h) == -10
