"""A big village for the kill tests: the demo village (200 households, a year of entries,
reviews, publications and the 积分超市) and its full sync bundle with the evidence photos.

Making it takes 8-20 s, so it is kept in pytest's cache (``.pytest_cache``) under a key made of
the program's code and resources, the Python version and the village's size: any change to the
program makes it again. Tests copy what they change; the cached files stay as they are."""

from __future__ import annotations

import hashlib
import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest

import jifen_desktop
from jifen_desktop.demo import generate_demo
from jifen_desktop.model.ledger import Ledger
from jifen_desktop.sync import SyncService

HOUSEHOLDS = 200
YEARS = 1


@dataclass(frozen=True)
class BigVillage:
    folder: Path  # the village's data folder
    bundle: Path  # its full bundle (.jfb), photos included


@pytest.fixture(scope="session")
def big_village(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> BigVillage:
    cache = getattr(request.config, "cache", None)
    if cache is None:  # pytest -p no:cacheprovider
        return make_big_village(tmp_path_factory.mktemp("big-village"))
    root = cache.mkdir("jifen-big-village")
    made = root / source_key()
    if not (made / "done").exists():
        shutil.rmtree(made, ignore_errors=True)
        for old in root.iterdir():  # villages of older code
            shutil.rmtree(old, ignore_errors=True)
        building = Path(tempfile.mkdtemp(dir=root, prefix=".building-"))
        make_big_village(building)
        (building / "done").write_text("")
        building.rename(made)
    return BigVillage(made / "data", next((made / "bundle").glob("*.jfb")))


def make_big_village(root: Path) -> BigVillage:
    with Ledger.create(root / "data") as ledger:
        generate_demo(ledger, households=HOUSEHOLDS, years=YEARS)
        (root / "bundle").mkdir()
        result = SyncService(ledger).export(root / "bundle", full=True, evidence=True)
    return BigVillage(root / "data", result.path)


def source_key() -> str:
    """Changes whenever the program's code or resources, Python or the village's size do."""
    digest = hashlib.sha256(f"{sys.version}|{HOUSEHOLDS}|{YEARS}".encode())
    package = Path(jifen_desktop.__file__).resolve().parent
    resources = package.parent / "resources"
    for path in sorted([*package.rglob("*.py"), *resources.rglob("*.json")]):
        digest.update(str(path.relative_to(package.parent)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]
