"""Writing a table's merged rows: SQLAlchemy Core inserts and updates (any database), or new
rows in bulk, several times faster for a township's hundreds of thousands of rows: for SQLite
the driver's ``executemany`` with values as SQLite keeps them, for PostgreSQL ``COPY``
(``engine_sql.copy_rows``). ``merge`` decides which rows; this writes them. (On PostgreSQL
most of a bundle's new rows bypass this: ``merge_pg`` inserts them set-based from staging.)"""

from __future__ import annotations

from typing import Any

from sqlalchemy import bindparam, insert, update

from jifen_desktop.model.engine_sql import copy_rows
from jifen_desktop.model.row_form import SyncedTable, from_json_values, parse_datetime

IN_CHUNK = 900


class RowWriter:
    """Writes a table's new and winning rows: SQLAlchemy Core inserts and updates (any
    database), or for SQLite the driver's ``executemany`` with values as SQLite keeps them
    (dates are ISO text already; date-times get SQLAlchemy's stored form), several times
    faster for the township's hundreds of thousands of rows."""

    def __init__(self, conn: Any, synced: SyncedTable) -> None:
        self.conn = conn
        self.synced = synced
        self.sqlite = conn.dialect.name == "sqlite"
        self.server = conn.dialect.name == "postgresql"
        self.datetimes = [i for i, conv in enumerate(synced.from_json) if conv is parse_datetime]
        names = ", ".join(synced.columns)
        marks = ", ".join("?" for _ in synced.columns)
        self.insert_sql = f"INSERT INTO {synced.name} ({names}) VALUES ({marks})"

    def _sqlite_row(self, values: list[Any]) -> tuple[Any, ...]:
        row = values.copy()
        for i in self.datetimes:
            text = row[i]
            if text is not None:
                text = text.replace("T", " ")
                row[i] = text if len(text) > 19 else text + ".000000"
        return tuple(row)

    def insert(self, rows: list[list[Any]]) -> None:
        if self.sqlite:
            convert = self._sqlite_row if self.datetimes else tuple
            self.conn.exec_driver_sql(self.insert_sql, [convert(v) for v in rows])
        elif self.server:
            names = self.synced.columns
            values = [from_json_values(self.synced, v) for v in rows]
            copy_rows(
                self.conn, self.synced.name, names, [tuple(d[n] for n in names) for d in values]
            )
        else:
            self.conn.execute(
                insert(self.synced.table), [from_json_values(self.synced, v) for v in rows]
            )

    def delete(self, ids: list[str]) -> None:
        table = self.synced.table
        for start in range(0, len(ids), IN_CHUNK):
            self.conn.execute(table.delete().where(table.c.id.in_(ids[start : start + IN_CHUNK])))

    def update(self, rows: list[list[Any]]) -> None:
        table = self.synced.table
        stmt = update(table).where(table.c.id == bindparam("_record_id"))
        stmt = stmt.values({name: bindparam(name) for name in self.synced.columns if name != "id"})
        params = []
        for values in rows:
            row = from_json_values(self.synced, values)
            row["_record_id"] = row.pop("id")
            params.append(row)
        self.conn.execute(stmt, params)
