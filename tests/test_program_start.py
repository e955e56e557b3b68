"""``python -m jifen_desktop`` loads the ledger's code (SQLAlchemy, the tables) before Qt's:
once PySide6 is loaded it reads the source of every module imported after it (its
``__feature__`` check), some 0.05-0.15 s of CPU at every start for SQLAlchemy and the model."""

from __future__ import annotations

import json
import subprocess
import sys

PROBE = """
import json, sys
from jifen_desktop.__main__ import _load_program
run = _load_program()
names = list(sys.modules)
print(json.dumps({"run": run.__module__, "order": [names.index("sqlalchemy.orm"),
    names.index("jifen_desktop.model.schema.ledger"), names.index("PySide6.QtCore")]}))
"""


def test_the_program_loads_the_model_before_qt() -> None:
    done = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=120, check=True
    )
    found = json.loads(done.stdout.strip().splitlines()[-1])
    assert found["run"] == "jifen_desktop.ui.app"
    orm, tables, qt = found["order"]
    assert orm < qt and tables < qt, found["order"]
