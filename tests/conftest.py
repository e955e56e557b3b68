"""Shared fixtures: a fresh migrated ledger per test, copied from one made per session, and Qt
offscreen before anything imports it."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

# Offscreen on a 1366×768 screen (the village laptop; Qt's offscreen default is 800×800), unless
# the platform is given with options (tests/screens/: the layout check at 1920×1080 and 125 %).
if os.environ.get("QT_QPA_PLATFORM", "offscreen") == "offscreen":
    LAPTOP_SCREEN = Path(__file__).parent / "screens" / "laptop-1366x768.json"
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={LAPTOP_SCREEN}"

from cheap_scrypt import production_scrypt, use_cheap_scrypt  # noqa: E402, F401
from slow_files import slowest_files_first  # noqa: E402

from jifen_desktop.model import paths  # noqa: E402
from jifen_desktop.model.entry_queries import EntryInfo  # noqa: E402
from jifen_desktop.model.households import HouseholdInfo  # noqa: E402
from jifen_desktop.model.ledger import Ledger  # noqa: E402
from jifen_desktop.model.villages import GridInfo, VillageInfo  # noqa: E402

# Operators' passwords hashed cheaply in the test process (tests/cheap_scrypt.py says why; the
# program's parameters are tested with the ``production_scrypt`` fixture).
use_cheap_scrypt()

VILLAGE_CODE = "420881100001"
PASSWORD = "secret-123"


@pytest.fixture(scope="session")
def template_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A ledger with one village (rule catalog copied from the template) and two grids."""
    folder = tmp_path_factory.mktemp("template")
    ledger = Ledger.create(folder)
    village = ledger.villages.create(VILLAGE_CODE, "张集村", "张集镇").value
    # The template asks evidence of every item (seed 001 篇7 三(三)1); the tests' entries are the
    # recorder's own observations, which this village lets go without a photo. It has added the
    # deductions that are not the scheme's (常用扣分项（非方案原文）: A16 …) too.
    ledger.rules.set_observations_without_evidence(village.id, True)
    ledger.rules.add_optional(village.id)
    ledger.villages.add_grid(village.id, "一组")
    ledger.villages.add_grid(village.id, "二组")
    ledger.operators.add("admin", "管理员", "admin", PASSWORD, village_id=village.id)
    ledger.close()
    return folder


@pytest.fixture
def admin_password() -> str:
    """The password of the test village's ``admin`` operator."""
    return PASSWORD


@dataclass
class World:
    ledger: Ledger
    village: VillageInfo
    grid1: GridInfo
    grid2: GridInfo

    def household(
        self,
        number: str,
        head: str,
        grid: GridInfo | None = None,
        registered: dt.date = dt.date(2020, 1, 1),
        **kw: object,
    ) -> HouseholdInfo:
        return self.ledger.households.add(
            self.village.id,
            number,
            head,
            grid_id=(grid or self.grid1).id,
            registered_on=registered,
            **kw,
        ).value  # type: ignore[arg-type]

    def open_sessions(self, *entries: EntryInfo) -> None:
        """Open the review session of each entry's month where none is open."""
        for month in sorted({f"{e.occurred_on:%Y-%m}" for e in entries}):
            if self.ledger.review.open_session(self.village.id, month) is None:
                self.ledger.review.open(self.village.id, month)

    def approve(self, *entries: EntryInfo) -> None:
        """Approve entries at their months' review sessions (opened where needed)."""
        self.open_sessions(*entries)
        self.ledger.entries.approve([e.id for e in entries])

    def reject(self, reason: str, *entries: EntryInfo) -> None:
        self.open_sessions(*entries)
        self.ledger.entries.reject([e.id for e in entries], reason)


@pytest.fixture
def world(template_folder: Path, tmp_path: Path) -> World:
    folder = tmp_path / "data"
    folder.mkdir()
    shutil.copy(paths.db_path(template_folder), paths.db_path(folder))
    ledger = Ledger.open(folder)
    village = ledger.villages.list()[0]
    grid1, grid2 = ledger.villages.grids(village.id)
    yield World(ledger, village, grid1, grid2)
    ledger.close()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The slowest files first, for xdist's workers to finish together (tests/slow_files.py)."""
    slowest_files_first(items)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Stop the throwaway PostgreSQL cluster if this session started one (tests/pg.py)."""
    import pg

    pg.stop()
