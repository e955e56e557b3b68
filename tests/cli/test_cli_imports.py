"""``jifen --help`` and ``jifen balance`` start without the heavy libraries (issue 19, "start
fast"): the PDF, Excel, image and pinyin libraries load only inside the commands that use them,
and ``--help`` needs no SQLAlchemy either. Each command runs in a fresh interpreter, which then
lists the modules it loaded; a command that does write an Excel file shows that the listing
sees what a command loads late."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from jifen_cli_testing import Run

HEAVY = ("reportlab", "openpyxl", "PIL", "pypdf", "pypinyin", "cryptography")

PROBE = """
import json, sys
from jifen_desktop.cli import main
try:
    status = main(sys.argv[1:])
except SystemExit as exc:
    status = exc.code
print("\\n" + json.dumps({"status": status, "loaded": sorted(sys.modules)}))
"""


def modules_of(*argv: str) -> set[str]:
    """The full names of the modules loaded by ``jifen ARGV`` run in a new interpreter (it must
    end with status 0)."""
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *argv], capture_output=True, text=True, timeout=120
    )
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["status"] == 0, done.stderr
    return set(report["loaded"])


def loaded_by(*argv: str) -> set[str]:
    """The top-level packages loaded by ``jifen ARGV`` run in a new interpreter."""
    return {name.split(".")[0] for name in modules_of(*argv)}


@pytest.mark.parametrize(
    "argv",
    [("--help",), ("household", "--help"), ("report", "--help"), ("entry", "add", "--help")],
)
def test_help_loads_neither_heavy_libraries_nor_sqlalchemy(argv: tuple[str, ...]) -> None:
    loaded = loaded_by(*argv)
    assert loaded.isdisjoint(HEAVY), sorted(loaded & set(HEAVY))
    assert "sqlalchemy" not in loaded
    assert "alembic" not in loaded


def test_balance_opens_the_ledger_without_heavy_libraries(village: Run) -> None:
    loaded = loaded_by("balance", "--household", "0101")
    assert "sqlalchemy" in loaded  # it did open the ledger
    assert loaded.isdisjoint(HEAVY), sorted(loaded & set(HEAVY))
    assert "alembic" not in loaded  # the schema is current: no migration machinery


def test_balance_declares_only_the_tables_it_reads(village: Run) -> None:
    """``balance`` reads households, entries, decisions and the store's redemptions: the
    calendar's tables (publications, review sessions …), the sync's and the summaries' are not
    declared (``model/schema/__init__.py``: about 5 % of its CPU each)."""
    loaded = modules_of("balance", "--household", "0101")
    tables = {n.rsplit(".", 1)[1] for n in loaded if n.startswith("jifen_desktop.model.schema.")}
    assert "ledger" in tables and "store" in tables
    assert tables.isdisjoint({"calendar", "sync", "summaries", "honours", "audit_members"})


def test_decisions_are_written_in_a_new_interpreter(village: Run) -> None:
    """A decision names its review session (``entry_decisions.session_id``), a table of the
    calendar that loads on first use: recording and approving an entry, each in a fresh
    interpreter as a laptop runs them, works whether or not the calendar was loaded."""
    modules_of("entry", "add", "--household", "0101", "--rule", "B05", "--date", "2025-03-05")
    village("review", "open", "--month", "2025-03")
    approving = modules_of("entry", "approve", "--month", "2025-03")
    assert "jifen_desktop.model.tx" in approving  # it did write
    balance = village("--json", "balance", "--household", "0101", "--year", "2025").json
    assert (balance["annual"], balance["lifetime"]) == (5, 5)


def test_a_command_that_writes_excel_loads_openpyxl_when_it_runs(
    village: Run, tmp_path: Path
) -> None:
    loaded = loaded_by("roster", "template", "--out", str(tmp_path / "花名册.xlsx"))
    assert "openpyxl" in loaded
    assert (tmp_path / "花名册.xlsx").is_file()


def modules_after(statement: str) -> list[str]:
    """The full names of the modules loaded by ``statement`` run in a new interpreter."""
    probe = f"import json, sys\n{statement}\nprint(json.dumps(sorted(sys.modules)))"
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, check=True
    )
    loaded: list[str] = json.loads(done.stdout.strip().splitlines()[-1])
    return loaded


def test_the_login_comes_before_the_window_and_its_pages_load() -> None:
    """What the program loads before its login dialog (``ui.app``) holds neither the main
    window's code nor any page's: those load after the login, each page when first shown."""
    loaded = modules_after("import jifen_desktop.ui.app")
    assert "jifen_desktop.ui.login" in loaded
    assert "jifen_desktop.ui.main_window" not in loaded
    pages = [n for n in loaded if n.startswith("jifen_desktop.ui.pages.")]
    assert pages == [], pages


def test_the_main_window_loads_no_printout_or_spreadsheet_code() -> None:
    """The program's window and every page's module load the PDF, Excel and image libraries only
    when a printout, an export or a photo asks for them, not before the login."""
    probe = (
        "import json, sys, jifen_desktop.ui.main_window\n"
        "print(json.dumps(sorted({n.split('.')[0] for n in sys.modules})))"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, check=True
    )
    loaded = set(json.loads(done.stdout.strip().splitlines()[-1]))
    assert "PySide6" in loaded
    assert loaded.isdisjoint(HEAVY), sorted(loaded & set(HEAVY))
