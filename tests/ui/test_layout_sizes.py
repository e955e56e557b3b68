"""The layout check (issue 18): at 标准, 大 and 特大, offscreen at 1366×768, every page and
every tab of the main window on a small village with entries in every state, and fails on text
that does not fit its widget, a key table column cut, a widget outside the screen or a font
smaller than the size asks for (see layout_check.py). Also: switching sizes on an open window
reaches every widget, and back to 标准 again.

Covered: the pages in PAGES (all the village pages an admin sees) and in TOWNSHIP_PAGES (a
township database's), with every tab in them; the dialogs: test_layout_dialogs.py."""

from __future__ import annotations

import datetime as dt

import pytest
from layout_check import (
    problems,
    screen_problem_of_run,
    screen_size,
    settle,
    shown_at_laptop_size,
    tab_views,
)
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication
from test_township_pages import township  # noqa: F401 - the fixture, asked for by name

from jifen_desktop.model.entry_checks import EntryDraft
from jifen_desktop.ui import type_size
from jifen_desktop.ui.main_window import MainWindow

PAGES = (
    "home",
    "households",
    "entry",
    "review",
    "publication",
    "store",
    "rankings",
    "sync",
    "settings",
    "audit",
)
TOWNSHIP_PAGES = ("township", "village_view", "sync", "settings", "audit")
TODAY = dt.date.today()
LAST_MONTH = (TODAY.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
# (household, rule, day of last month): approved, rejected, then left pending
ENTRIES = (("0101", "B05", 3), ("0102", "C06", 4), ("0201", "B04", 5), ("0102", "C13", 6))


@pytest.fixture
def layout_village(village_world):
    """The test village with a unit, last month's entries approved, rejected and pending."""
    world = village_world
    world.household("0301", "张伟", grid=world.grid2, kind="unit", unit_name="张集村股份经济合作社")
    ledger, village = world.ledger, world.village.id
    entries = [
        ledger.entries.record(
            village,
            EntryDraft(
                ledger.households.by_number(village, number).id,
                code,
                LAST_MONTH.replace(day=day),
            ),
        ).value
        for number, code, day in ENTRIES
    ]
    world.approve(entries[0])
    world.reject("证据不足，请补充照片", entries[1])
    return world


@pytest.fixture
def open_window(qtbot, make_ctx, layout_village, tmp_path):
    def make() -> MainWindow:
        settings = QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat)
        window = MainWindow(make_ctx("admin"), settings)
        shown_at_laptop_size(qtbot, window)
        return window

    return make


@pytest.fixture
def sized():
    """``sized(key)`` switches the type size; 标准 again after the test."""
    app = QApplication.instance()

    def switch(key: str) -> None:
        type_size.apply(app, key)
        settle()

    yield switch
    type_size.apply(app, "normal")


def every_view(
    window: MainWindow, pages: tuple[str, ...] = PAGES, exact: bool = False, tabs: bool = True
) -> list[str]:
    """Every page (and tab) shown in turn; the problems found on each, named by where (with
    ``exact``, a font of another size than asked for is one)."""
    found: list[str] = []
    screen = screen_size()
    if window.width() > screen.width() or window.height() > screen.height():
        found.append(f"window: {window.width()}×{window.height()} is larger than the screen")
    for key in pages:
        page = window.page(key)
        settle()
        size = type_size.point_size()
        found += [f"{key}: {p}" for p in problems(window, size, exact)]
        for tab in tab_views(page) if tabs else ():
            found += [f"{key} › {tab}: {p}" for p in problems(window, size, exact)]
    return sorted(set(found))


def test_the_check_runs_on_the_screen_it_is_meant_for(qapp):
    assert screen_problem_of_run() is None


def test_pages_cover_every_page_an_admin_sees(open_window):
    window = open_window()
    assert sorted(c.key for c in window.classes) == sorted(PAGES)


@pytest.mark.parametrize("size", list(type_size.FONT_SCALES))
def test_every_page_fits_at_each_type_size(open_window, sized, size):
    sized(size)
    window = open_window()
    found = every_view(window)
    assert not found, "\n".join(found)


def test_switching_sizes_reaches_every_open_widget(open_window, sized):
    window = open_window()
    for key in PAGES:
        window.page(key)
    for size in ("larger", "large", "normal"):
        sized(size)
        found = every_view(window, exact=True, tabs=size == "normal")  # back where it began
        assert not found, "\n".join([size, *found])


@pytest.mark.parametrize("size", list(type_size.FONT_SCALES))
def test_every_township_page_fits_at_each_type_size(qtbot, request, tmp_path, sized, size):
    sized(size)
    ctx = request.getfixturevalue("township")
    window = MainWindow(ctx, QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat))
    shown_at_laptop_size(qtbot, window)
    assert sorted(c.key for c in window.classes) == sorted(TOWNSHIP_PAGES)
    found = every_view(window, TOWNSHIP_PAGES)
    assert not found, "\n".join(found)
