"""The left bar lists the pages without loading their modules (issue 19, "start fast"): each
``LazyPage`` says what its class says, the window loads only the page it shows, and a page
opened later loads then."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from jifen_desktop.ui.pages import TOWNSHIP_PAGES, VILLAGE_PAGES, LazyPage, Page

PAGE_MODULES = "jifen_desktop.ui.pages."


@pytest.mark.parametrize("entry", [*VILLAGE_PAGES, *TOWNSHIP_PAGES], ids=lambda e: e.name)
def test_each_entry_says_what_its_class_says(entry: LazyPage) -> None:
    cls = entry.load()
    assert issubclass(cls, Page) and cls.__name__ == entry.name
    assert (cls.key, cls.title_text, tuple(cls.roles)) == (entry.key, entry.title_text, entry.roles)
    assert entry.title() == cls.title()


def test_a_lazy_page_can_be_subclassed_and_called(make_ctx, qtbot) -> None:
    home = VILLAGE_PAGES[0]

    class Mine(home):  # type: ignore[misc,valid-type]
        pass

    assert issubclass(Mine, home.load())
    page = home(make_ctx("admin"))
    qtbot.addWidget(page)
    assert type(page) is home.load()


PROBE = """
import json, sys
from pathlib import Path
from PySide6.QtCore import QSettings
from jifen_desktop.model.ledger import Ledger
from jifen_desktop.model.tx import Actor
from jifen_desktop.ui.app import make_application
from jifen_desktop.ui.context import AppContext
from jifen_desktop.ui.main_window import MainWindow

def pages():
    return sorted(n for n in sys.modules if n.startswith("jifen_desktop.ui.pages."))

app = make_application()
ledger = Ledger.open(Path(sys.argv[1]))
ctx = AppContext(ledger.as_actor(Actor.system()), ledger.villages.resolve())
settings = QSettings(sys.argv[2], QSettings.Format.IniFormat)
window = MainWindow(ctx, settings)
window.show()
app.processEvents()
first = pages()
window.page("audit")
print(json.dumps({"first": first, "later": pages()}))
"""


def test_the_window_loads_only_the_page_it_shows(world, tmp_path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(world.ledger.folder), str(tmp_path / "s.ini")],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    loaded = json.loads(done.stdout.strip().splitlines()[-1])
    # 首页 borrows the ranking's table helpers; no other page's module is loaded
    others = {
        f"{PAGE_MODULES}{e.module}" for e in VILLAGE_PAGES if e.key not in ("home", "rankings")
    }
    assert f"{PAGE_MODULES}home" in loaded["first"]
    assert others.isdisjoint(loaded["first"]), sorted(others & set(loaded["first"]))
    assert f"{PAGE_MODULES}audit" in loaded["later"]
