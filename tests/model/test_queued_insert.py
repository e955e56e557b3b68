"""A queued row goes into SQLite exactly as Core's ``insert`` writes it (``queued_insert``):
dates and times in SQLAlchemy's storage form, booleans, NULLs, and the defaults of the columns
left out."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import create_engine, insert

from jifen_desktop.model.queued_insert import insert_rows
from jifen_desktop.model.schema import Base


def stored(connection, table, row_id):
    """The row as SQLite holds it (raw values), its id aside."""
    found = connection.exec_driver_sql(f'SELECT * FROM "{table}" WHERE id = ?', (row_id,))
    values = dict(zip(found.keys(), found.one(), strict=True))
    assert values.pop("id") == row_id
    return values


def required(table, values):
    """A value for each NOT NULL column without a default that ``values`` leaves out."""
    return {
        c.key: 3 if c.type.python_type is int else "x"
        for c in table.c
        if not c.nullable and c.default is None and c.key not in values and c.key != "id"
    }


@pytest.mark.parametrize(
    ("table", "values"),
    [
        (
            "entries",
            dict(
                village_id="v",
                household_id="h",
                rule_code="B05",
                rule_name="参加志愿服务",
                category_name="公益",
                unit_points=5,
                points=10,
                quantity=2,  # given; kind, place, note, source and reason left to their defaults
                occurred_on=dt.date(2026, 3, 9),
                original_on=None,
                recorded_at=dt.datetime(2026, 12, 7, 6, 22, 14),
                replica_id="r",
                seq=7,
            ),
        ),
        (
            "publication_rows",
            dict(publication_id="p", household_id="h", vetoed=True, replica_id="r", seq=8),
        ),
    ],
)
def test_rows_are_stored_as_core_stores_them(table, values):
    engine = create_engine("sqlite://")
    target = Base.metadata.tables[table]
    known = {c.key for c in target.c}
    values = {k: v for k, v in values.items() if k in known} | required(target, values)
    with engine.begin() as connection:
        connection.exec_driver_sql("PRAGMA foreign_keys = OFF")
        target.create(connection)
        connection.execute(insert(target), [values | {"id": "core"}])
        insert_rows(connection, target, [values | {"id": "queued"}])
        by_core, queued = stored(connection, table, "core"), stored(connection, table, "queued")
    assert queued == by_core
    assert any(isinstance(v, str) and v.startswith("2026-") for v in queued.values()) or (
        queued["vetoed"] == 1
    )


def test_an_unknown_column_is_refused():
    target = Base.metadata.tables["entry_decisions"]
    with create_engine("sqlite://").begin() as connection:
        target.create(connection)
        with pytest.raises(KeyError, match="no_such_column"):
            insert_rows(connection, target, [{"id": "x", "no_such_column": 1}])
