"""What every table shares: the declarative ``Base`` with its naming convention, the UUID
keys, and the columns of mutable and append-only records (see the package's docstring)."""

from sqlalchemy import BigInteger, Boolean, ForeignKey, Index, Integer, MetaData, String, text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

UUID_LEN = 36


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def _uuid_pk() -> Mapped[str]:
    return mapped_column(String(UUID_LEN), primary_key=True)


def _fk(target: str, *, nullable: bool = False, index: bool = True) -> Mapped[str]:
    return mapped_column(String(UUID_LEN), ForeignKey(target), nullable=nullable, index=index)


def _only_set(name: str, column: str) -> Index:
    """An index of the rows whose (mostly empty) ``column`` is set: a partial index, on SQLite
    and PostgreSQL alike (migration 0015 makes both; tests/model/test_lean_indexes.py checks
    both databases' indexes). Only SQLite's option is named here: naming
    ``postgresql_where`` makes SQLAlchemy import its whole PostgreSQL dialect (asyncpg,
    psycopg …) to check the word, some 0.03 s of every ``jifen`` command (issue 19)."""
    where = text(f"{column} IS NOT NULL")
    return Index(name, column, sqlite_where=where)


class MutableRecord:
    """Columns of a record merged last-writer-wins by (hlc, changed_by_replica)."""

    id: Mapped[str] = _uuid_pk()
    hlc: Mapped[int] = mapped_column(BigInteger)
    changed_by_replica: Mapped[str] = mapped_column(String(UUID_LEN))
    change_seq: Mapped[int] = mapped_column(Integer)
    is_deleted: Mapped[bool] = mapped_column(Boolean, default=False)


class AppendOnlyRecord:
    """Columns of a record that is written once and never changed."""

    id: Mapped[str] = _uuid_pk()
    replica_id: Mapped[str] = mapped_column(String(UUID_LEN))
    seq: Mapped[int] = mapped_column(Integer)
