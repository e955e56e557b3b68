"""``jifen verify --village CODE`` (issue 20): one village's part of a township's ledger. A
tampering in village A (an entry changed, a decision deleted, a household edited, its audit
member's look-up columns moved, a summary row changed) is named by the whole verify and by
``--village A``, never by ``--village B``; an unknown code says what to do. On SQLite, and on
PostgreSQL with ``JIFEN_TEST_PG=1`` (``sync_world``'s ledgers follow ``pg.ledger_target``)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select
from sync_world import Laptop, behind_the_program, new_township, new_village, use_in_cli

from jifen_desktop.cli import main
from jifen_desktop.model.errors import NotFound
from jifen_desktop.model.schema import Entry, EntryDecision
from jifen_desktop.model.verify.service import VerifyReport

A, B = "420881100001", "420881100002"


def _village(tmp_path: Path, code: str, name: str) -> Laptop:
    village = new_village(tmp_path, code, name)
    for number in ("0001", "0002", "0003"):
        village.record(village.names[number])
    village.approve_pending()
    village.record(village.names["0001"])  # one left pending
    return village


def _township(tmp_path: Path) -> tuple[Laptop, Laptop]:
    """A township holding 张集村 (A) and 李庄村 (B); and A's laptop."""
    town = new_township(tmp_path)
    first = _village(tmp_path, A, "张集村")
    for village in (first, _village(tmp_path, B, "李庄村")):
        bundle = village.export()
        town.trust(bundle)
        town.take(bundle)
    return town, first


def _named(report: VerifyReport) -> set[tuple[str, str, str]]:
    return {(f.kind, f.table, f.record_id) for f in report.findings}


def test_each_village_and_the_whole_are_clean_and_a_village_reads_only_its_own(
    tmp_path: Path,
) -> None:
    town, _first = _township(tmp_path)
    whole = town.ledger.verify()
    one, other = town.ledger.verify(village=A), town.ledger.verify(village=B)
    assert whole.ok and one.ok and other.ok, (whole.findings, one.findings, other.findings)
    assert one.village == "张集村（420881100001）" and not whole.village
    assert 0 < one.rows < whole.rows and 0 < other.rows < whole.rows
    assert 0 < one.records < whole.records and one.links and one.links < whole.links
    with pytest.raises(NotFound, match="jifen township overview"):
        town.ledger.verify(village="420881100099")


def _tamper_in(town: Laptop, first: Laptop) -> set[tuple[str, str, str]]:
    """Five changes behind the program, all in village A; what three are named by (a
    deleted decision and a member's look-ups name no record id)."""
    with town.ledger.read() as s:
        (entry_id, _), (_, decision_id) = s.execute(
            select(Entry.id, EntryDecision.id)
            .join(EntryDecision, EntryDecision.entry_id == Entry.id)
            .where(Entry.village_id == first.village_id)
            .order_by(Entry.id)
        ).all()[:2]
    household = first.names["0002"]
    for sql, value in (
        ("UPDATE entries SET points = points + 5 WHERE id = :v", entry_id),
        ("DELETE FROM entry_decisions WHERE id = :v", decision_id),
        ("UPDATE households SET head_name = '王五' WHERE id = :v", household),
        ("UPDATE audit_members SET rows = rows + 1 WHERE village_id = :v", first.village_id),
        ("UPDATE household_totals SET points = points + 1 WHERE household_id = :v", household),
    ):
        behind_the_program(town.ledger, sql, {"v": value})
    return {
        ("row_changed", "entries", entry_id),
        ("record", "households", household),
        ("summary", "household_totals", ""),
    }


def test_a_tampering_in_a_is_named_by_the_whole_and_by_a_not_by_b(tmp_path: Path) -> None:
    town, first = _township(tmp_path)
    expected = _tamper_in(town, first)
    whole, one, other = (
        town.ledger.verify(),
        town.ledger.verify(village=A),
        town.ledger.verify(village=B),
    )
    for report in (whole, one):
        named = _named(report)
        assert expected <= named, report.findings
        kinds = {(kind, table) for kind, table, _id in named}
        assert ("row_missing", "entry_decisions") in kinds, report.findings
        assert ("row_changed", "audit_members") in kinds, report.findings
    assert other.ok, other.findings
    assert len(one.findings) == len(whole.findings)


def test_the_command_line_names_a_village_and_refuses_an_unknown_code(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    town, _first = _township(tmp_path)
    town.close()
    use_in_cli(monkeypatch, town, "xiang", "secret-123")
    assert main(["verify", "--village", A]) == 0
    out = capsys.readouterr().out
    assert "张集村（420881100001）" in out and "张集村（420881100001）的记录完好" in out
    assert main(["verify", "--village", "999"]) == 1
    err = capsys.readouterr().err
    assert "没有村代码为“999”的村" in err and "jifen township overview" in err
    assert main(["verify", "--new", "--village", A]) == 1
    assert "不能一起用" in capsys.readouterr().err


def test_on_a_village_laptop_its_own_code_checks_its_own_rows(tmp_path: Path) -> None:
    """A village's own ledger: ``--village`` of its code reads its own replica's rows (no
    township summaries, no members) and names an entry changed behind the program."""
    village = _village(tmp_path, A, "张集村")
    report = village.ledger.verify(village=A)
    assert report.ok and report.rows == village.ledger.verify().rows, report.findings
    with village.ledger.read() as s:
        entry_id = s.scalars(select(Entry.id).order_by(Entry.id)).first()
    behind_the_program(
        village.ledger, "UPDATE entries SET points = points + 5 WHERE id = :v", {"v": entry_id}
    )
    named = _named(village.ledger.verify(village=A))
    assert ("row_changed", "entries", entry_id) in named
