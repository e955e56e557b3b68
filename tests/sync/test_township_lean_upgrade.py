"""A township file made by the release before migration 0014 (``tests/data/township-rev0013.sqlite3``:
two villages, one with two laptops, imported with that release's code, which found it clean)
upgrades to the lean layout with nothing lost: the villages' audit rows move into members,
every one still reads the same in the 审计日志 (all of them, by village, by record, by text),
``jifen verify`` stays clean and names a member line changed behind the program's back, and a
downgrade puts every row back into ``audit_log``."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import zlib
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command

from jifen_desktop.model import db, paths
from jifen_desktop.model.audit import AuditInfo
from jifen_desktop.model.audit_members import audit_form, unpack
from jifen_desktop.model.audit_ref import expand_texts
from jifen_desktop.model.ledger import Ledger
from jifen_desktop.model.row_form import canonical

FIXTURE = Path(__file__).resolve().parent.parent / "data" / "township-rev0013.sqlite3"
COLUMNS = (
    "id, at, operator_name, action, object_type, object_id, summary, before_json, after_json, "
    "village_id, replica_id"
)


def _rows_before(folder: Path) -> tuple[dict[str, AuditInfo], set[str]]:
    """Every audit row of the file as the 审计日志 read it, and the ids of those another
    replica (a village laptop) wrote."""
    engine = sa.create_engine(f"sqlite:///{paths.db_path(folder)}")
    with engine.connect() as conn:
        rows = list(conn.execute(sa.text(f"SELECT {COLUMNS} FROM audit_log")))
        afters = expand_texts(conn, [(row.object_id, row.after_json) for row in rows])
        own = conn.execute(sa.text("SELECT id FROM replica")).scalar_one()
    engine.dispose()
    infos = {
        row.id: AuditInfo(
            row.id,
            dt.datetime.fromisoformat(row.at),
            row.operator_name,
            row.action,
            row.object_type,
            row.object_id,
            row.summary,
            json.loads(row.before_json) if row.before_json else None,
            json.loads(after) if after else None,
            row.village_id,
        )
        for row, after in zip(rows, afters, strict=True)
    }
    return infos, {row.id for row in rows if row.replica_id != own}


def _count(ledger: Ledger, sql: str) -> int:
    with ledger.engine.connect() as conn:
        return int(conn.execute(sa.text(sql)).scalar_one())


def test_an_old_township_upgrades_to_members_with_every_audit_row_readable(tmp_path: Path) -> None:
    shutil.copy(FIXTURE, paths.db_path(tmp_path))
    before, villages = _rows_before(tmp_path)
    assert len({info.village_id for info in before.values()} - {None}) == 2
    with Ledger.open(tmp_path) as ledger:
        ledger.login("xiang", "secret-123")
        assert _count(ledger, "SELECT count(*) FROM audit_log") == len(before) - len(villages)
        assert _count(ledger, "SELECT sum(rows) FROM audit_members") == len(villages)
        listed = ledger.audit.list(limit=1_000_000)
        assert {info.id: info for info in listed} == before
        assert [i.at for i in listed] == sorted((i.at for i in listed), reverse=True)
        report = ledger.verify()
        assert report.ok, report.findings
        assert report.rows >= len(before)
        _views_stay_the_same(ledger, before)


def _views_stay_the_same(ledger: Ledger, before: dict[str, AuditInfo]) -> None:
    for village_id in {info.village_id for info in before.values()} - {None}:
        by_village = ledger.audit.list(village_id, limit=1_000_000)
        assert {i.id for i in by_village} == {
            i.id for i in before.values() if i.village_id == village_id
        }
    household = next(i for i in before.values() if i.action == "household.update")
    of_record = ledger.audit.list(object_id=household.object_id, limit=1_000_000)
    assert {i.id for i in of_record} == {
        i.id for i in before.values() if i.object_id == household.object_id
    }
    # the text filter finds a household's rows (and its entries') by the head's name
    by_name = ledger.audit.list(text="王二", limit=1_000_000)
    assert household.id in {i.id for i in by_name}
    day = household.at.date()
    on_the_day = ledger.audit.list(since=day, until=day, action="household.", limit=1_000_000)
    assert {i.id for i in on_the_day} == {
        i.id for i in before.values() if i.at.date() == day and i.action.startswith("household.")
    }
    latest = ledger.audit.list(limit=5)
    assert [i.at for i in latest] == sorted((i.at for i in before.values()), reverse=True)[:5]


def test_verify_names_a_member_line_changed_behind_the_program(tmp_path: Path) -> None:
    shutil.copy(FIXTURE, paths.db_path(tmp_path))
    with Ledger.open(tmp_path) as ledger:
        ledger.login("xiang", "secret-123")
        with ledger.engine.begin() as conn:
            member_id, seqs, lines = conn.execute(
                sa.text("SELECT id, seqs, lines FROM audit_members ORDER BY id LIMIT 1")
            ).one()
            rows = unpack(seqs, lines)
            texts = [row.line for row in rows]
            values = rows[0].values()
            values[audit_form().index("summary")] = "改过的摘要"
            texts[0] = canonical(values).encode()
            conn.execute(
                sa.text("UPDATE audit_members SET lines = :lines WHERE id = :id"),
                {"lines": zlib.compress(b"\n".join(texts)), "id": member_id},
            )
        report = ledger.verify()
        assert not report.ok
        changed = [f for f in report.findings if f.kind == "row_changed"]
        assert changed and "乡镇库保存的审计记录" in changed[0].message
        assert f"序号 {rows[0].seq}" in changed[0].message


@pytest.mark.parametrize(
    ("column", "value", "word"),
    [
        ("seq_from", "seq_from + 1", "序号范围"),
        ("rows", "rows - 1", "序号范围"),
        ("at_to", "'2001-01-01 00:00:00.000000'", "时间范围"),
        ("village_id", "'00000000-0000-0000-0000-000000000000'", "村"),
        ("bundle_id", "'00000000-0000-0000-0000-000000000000'", "同步包"),
    ],
)
def test_verify_names_a_member_moved_out_of_reach(
    tmp_path: Path, column: str, value: str, word: str
) -> None:
    """The columns 审计日志 finds a member by are checked against its lines: a member moved out
    of a date or village filter would hide rows whose lines still hash right."""
    shutil.copy(FIXTURE, paths.db_path(tmp_path))
    with Ledger.open(tmp_path) as ledger:
        assert ledger.verify().ok
        with ledger.engine.begin() as conn:
            conn.execute(
                sa.text(
                    f"UPDATE audit_members SET {column} = {value} "
                    "WHERE id = (SELECT min(id) FROM audit_members)"
                )
            )
        report = ledger.verify()
        assert not report.ok
        assert any(word in f.message and f.table == "audit_members" for f in report.findings), [
            f.message for f in report.findings
        ]


def test_a_downgrade_puts_every_row_back(tmp_path: Path) -> None:
    shutil.copy(FIXTURE, paths.db_path(tmp_path))
    before, _own = _rows_before(tmp_path)
    with Ledger.open(tmp_path):
        pass
    engine = db.make_engine(paths.db_path(tmp_path))
    with engine.begin() as conn:
        config = db.alembic_config()
        config.attributes["connection"] = conn
        command.downgrade(config, "0013")
    engine.dispose()
    back, _own = _rows_before(tmp_path)
    assert back == before


def test_verify_names_a_village_record_removed_that_only_members_audit(tmp_path: Path) -> None:
    shutil.copy(FIXTURE, paths.db_path(tmp_path))
    with Ledger.open(tmp_path) as ledger:
        ledger.login("xiang", "secret-123")
        assert ledger.verify().ok
        with ledger.engine.begin() as conn:
            member_id = conn.execute(sa.text("SELECT id FROM members LIMIT 1")).scalar_one()
            conn.execute(sa.text("DELETE FROM members WHERE id = :id"), {"id": member_id})
        report = ledger.verify()
        gone = [f for f in report.findings if f.kind == "record" and f.record_id == member_id]
        assert gone and "不见了" in gone[0].message
