"""The 审计日志 in words (``model.audit_readable``): every action the demo village's log holds
reads without a raw key, code or id; decisions, reversals, objections and redemptions name
their household; an edit lists only what changed, as 字段：旧 → 新; names are looked up in
one query per kind of record, not one per row."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from demo_copies import copy_ledger_file
from sqlalchemy import event

from jifen_desktop.demo import DEMO_PASSWORD, generate_demo
from jifen_desktop.model.audit import AuditInfo
from jifen_desktop.model.audit_labels import (
    FIELD_NAMES,
    HIDDEN,
    KIND_BY_TABLE,
    STATUS_BY_TABLE,
    VALUE_NAMES,
    action_name,
    hidden,
)
from jifen_desktop.model.audit_readable import ReadableAudit, readable_rows
from jifen_desktop.model.entry_checks import EntryDraft
from jifen_desktop.model.ledger import Ledger
from jifen_desktop.model.row_form import synced_tables

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}")
WORD = re.compile(r"[A-Za-z_]{3,}")
# Every code a stored value may hold (approved, carry_over, recorder ...).
CODES = {
    code
    for maps in (STATUS_BY_TABLE, KIND_BY_TABLE, VALUE_NAMES)
    for names in maps.values()
    for code in names
}


@pytest.fixture(scope="module")
def demo_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A demo village of 40 households over two years: every action the full demo has
    (vetoes lifted, objections upheld, returns ...)."""
    folder = tmp_path_factory.mktemp("demo") / "data"
    with Ledger.create(folder) as ledger:
        generate_demo(ledger, households=40, years=2)
    return folder


@pytest.fixture(scope="module")
def demo(demo_folder: Path):  # type: ignore[no-untyped-def]
    ledger = Ledger.open(demo_folder)
    ledger.login("admin", DEMO_PASSWORD)
    yield ledger
    ledger.close()


@pytest.fixture
def ledger(demo_folder: Path, tmp_path: Path):  # type: ignore[no-untyped-def]
    """A copy of the demo to change."""
    copy = Ledger.open(copy_ledger_file(demo_folder, tmp_path / "copy"))
    copy.login("admin", DEMO_PASSWORD)
    yield copy
    copy.close()


def _one_of_each(ledger: Ledger) -> list[AuditInfo]:
    rows = ledger.audit.list(None, limit=100_000)
    first: dict[str, AuditInfo] = {}
    for row in rows:
        first.setdefault(row.action, row)
    return list(first.values())


def _raw_words(row: ReadableAudit) -> set[str]:
    """The stored keys and codes of the row that show in its texts (a user name is latin)."""
    stored = {*(row.info.before or {}), *(row.info.after or {}), *CODES, row.info.action}
    texts = [row.action_name, row.household, row.subject, row.content, row.detail()]
    words = set(WORD.findall("\n".join(texts)))
    username = (row.info.after or {}).get("username")
    return (words - {username}) & stored


def test_every_action_of_the_demo_reads_without_keys_codes_or_ids(demo: Ledger) -> None:
    rows = _one_of_each(demo)
    assert len(rows) >= 25  # entries, decisions, reversals, objections, store, vetoes ...
    with demo.read() as session:
        readable = readable_rows(session, rows)
    assert len(readable) == 34  # with village.update: the demo lets observations go without a photo
    for row in readable:
        assert not UUID.search(row.detail() + row.content), row.detail()
        assert not _raw_words(row), (row.info.action, _raw_words(row), row.detail())
        assert row.action_name != row.info.action
        assert row.village == "张集村"


def test_decisions_reversals_objections_and_redemptions_name_their_household(
    demo: Ledger,
) -> None:
    about_households = (
        "entry.create",
        "entry.approved",
        "entry.rejected",
        "entry.reversal",
        "entry.penalty",
        "objection.add",
        "objection.upheld",
        "objection.dismissed",
        "store.redeem",
        "store.return",
        "veto.add",
        "veto.lift",
        "member.create",
        "household.create",
    )
    rows = [r for r in _one_of_each(demo) if r.action in about_households]
    assert {r.action for r in rows} == set(about_households)
    with demo.read() as session:
        readable = readable_rows(session, rows)
    numbers = {h.number: h for h in demo.households.list(readable[0].info.village_id or "")}
    for row in readable:
        number, _, name = row.household.partition(" ")
        assert number in numbers, (row.info.action, row.household)
        household = numbers[number]
        assert name == (household.unit_name or household.head_name)


def test_a_decision_names_the_entry_and_its_household_and_what_changed(ledger: Ledger) -> None:
    demo = ledger
    village = demo.villages.resolve()
    household = demo.households.list(village.id)[0]
    today = dt.date.today()
    entry = demo.entries.record(village.id, EntryDraft(household.id, "B05", today)).value
    if demo.review.open_session(village.id, f"{today:%Y-%m}") is None:
        demo.review.open(village.id, f"{today:%Y-%m}")
    demo.entries.reject([entry.id], "重复登记")
    (row,) = demo.audit.list(village.id, object_id=entry.id, action="entry.rejected")
    with demo.read() as session:
        (readable,) = readable_rows(session, [row])
    assert readable.action_name == "审核不通过"
    assert readable.household == f"{household.number} {household.head_name}"
    assert readable.subject.startswith("B05 ") and f"（{today}）" in readable.subject
    assert [c.text() for c in readable.changes] == [
        "状态：待审核 → 未通过",
        "理由：（无） → 重复登记",
    ]


def test_an_edit_shows_only_the_fields_that_changed(ledger: Ledger) -> None:
    demo = ledger
    village = demo.villages.resolve()
    household = demo.households.list(village.id)[1]
    grids = demo.villages.grids(village.id)
    other = next(g for g in grids if g.id != household.grid_id)
    demo.households.update(household.id, head_name="李四海", grid_id=other.id)
    (row,) = demo.audit.list(village.id, object_id=household.id, action="household.update")
    with demo.read() as session:
        (readable,) = readable_rows(session, [row])
    assert [c.text() for c in readable.changes] == [
        f"户主：{household.head_name} → 李四海",
        f"网格：{household.grid_name} → {other.name}",
    ]
    assert readable.content.endswith(
        f"户主：{household.head_name} → 李四海；网格：{household.grid_name} → {other.name}"
    )
    assert readable.household == f"{household.number} 李四海"


def test_names_are_looked_up_once_per_kind_not_per_row(demo: Ledger) -> None:
    rows = demo.audit.list(None, limit=1_500)
    assert len(rows) == 1_500
    statements: list[str] = []
    with demo.read() as session:
        engine = session.get_bind()

        def count(*args: object) -> None:
            statements.append(str(args[2]))

        event.listen(engine, "before_cursor_execute", count)
        try:
            readable_rows(session, rows)
        finally:
            event.remove(engine, "before_cursor_execute", count)
    assert 0 < len(statements) <= 15, statements


def test_every_field_a_clerk_may_see_has_a_chinese_name() -> None:
    missing = {
        (synced.name, column)
        for synced in synced_tables()
        for column in synced.columns
        if synced.name != "audit_log"
        and not hidden(synced.name, column)
        and column not in FIELD_NAMES
    }
    assert missing == set()
    assert "hlc" in HIDDEN and "changed_by_replica" in HIDDEN and "change_seq" in HIDDEN


def test_an_action_the_program_does_not_know_yet_is_named_by_its_record() -> None:
    assert action_name("entry.approved") == "审核通过"
    assert action_name("household.renumber", "household") == "农户变动"
    assert action_name("whatever") == "其他操作"


def test_values_in_words() -> None:
    from jifen_desktop.model.audit_names import Names

    names = Names()
    assert names.value("households", "status", "moved_out") == "迁出"
    assert names.value("entries", "status", "approved") == "已通过"
    assert names.value("objections", "status", "upheld") == "成立"
    assert names.value("members", "is_party_member", True) == "是"
    assert names.value("publications", "quarter", "2026Q1") == "2026年第1季度"
    assert names.value("stock_movements", "unit_cost_fen", 650) == "6.50元"
    assert names.value("villages", "base_withhold_rules", '["C18", "A16"]') == "C18、A16"
    assert names.value("villages", "available_policy", "year_end") == "可用积分年底清零"
    assert names.value("entries", "recorded_at", "2026-12-07T03:37:00.123456") == "2026-12-07 03:37"
    assert names.value("year_end_closings", "expired", {"0001": 20}) == "0001 20分"
    assert names.value("entries", "household_id", "01a24e93-0000-7000-8000-000000000000") == (
        "（台账里已没有这条记录）"
    )
