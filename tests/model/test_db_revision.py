"""The schema revision is checked without Alembic: the head id kept in ``db`` is Alembic's
head, the revision read from ``alembic_version`` is Alembic's reading, and opening a ledger at
the head does not import Alembic at all."""

from __future__ import annotations

import subprocess
import sys

from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from jifen_desktop.model import db
from jifen_desktop.model.ledger import Ledger


def test_head_revision_is_alembics_head():
    assert db.head_revision() == ScriptDirectory.from_config(db.alembic_config()).get_current_head()


def test_current_revision_reads_what_alembic_reads(tmp_path):
    engine = db.make_engine(tmp_path / "empty.sqlite3")
    assert db.current_revision(engine) is None
    engine.dispose()
    with Ledger.create(tmp_path / "ledger") as ledger:
        with ledger.engine.connect() as conn:
            alembic_says = MigrationContext.configure(conn).get_current_revision()
        assert db.current_revision(ledger.engine) == alembic_says == db.HEAD_REVISION


def test_opening_a_ledger_at_the_head_does_not_import_alembic(tmp_path):
    Ledger.create(tmp_path / "ledger").close()
    code = (
        "import sys; from pathlib import Path; from jifen_desktop.model.ledger import Ledger; "
        f"Ledger.open(Path({str(tmp_path / 'ledger')!r})).close(); "
        "print(any(m == 'alembic' or m.startswith('alembic.') for m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "False"
