"""设置 builds a tab when it is first shown (issue 19, memory): opening 设置 builds only the
tab on screen, clicking a tab builds it (once), and each tab's stand-in says what its class
says."""

from __future__ import annotations

import pytest

from jifen_desktop.ui.pages import LazyPage, Page
from jifen_desktop.ui.pages.settings import SECTIONS, SettingsPage


@pytest.mark.parametrize("entry", SECTIONS, ids=lambda e: e.name)
def test_each_tab_says_what_its_class_says(entry: LazyPage) -> None:
    cls = entry.load()
    assert issubclass(cls, Page) and cls.__name__ == entry.name
    assert (cls.key, cls.title_text, tuple(cls.roles)) == (entry.key, entry.title_text, entry.roles)
    assert entry.title() == cls.title()


def test_only_the_tab_shown_is_built(shown, make_ctx, qtbot) -> None:
    page = shown(SettingsPage(make_ctx("admin")))
    assert page.sections.built() == ["village"]
    assert [page.tabs.tabText(i) for i in range(page.tabs.count())] == [
        entry.title() for entry in SECTIONS
    ]
    page.tabs.setCurrentIndex(list(page.sections).index("rules"))
    assert page.sections.built() == ["village", "rules"]
    rules = page.sections["rules"]
    assert rules.isVisible() and rules.parentWidget() is page.tabs.currentWidget()
    page.tabs.setCurrentIndex(0)
    page.tabs.setCurrentIndex(list(page.sections).index("rules"))
    assert page.sections["rules"] is rules and page.sections.built() == ["village", "rules"]


def test_asking_for_a_tab_shows_it(shown, make_ctx) -> None:
    page = shown(SettingsPage(make_ctx("admin")))
    backup = page.section("backup")
    assert backup.isVisible() and page.sections.built() == ["village", "backup"]


def test_an_operator_gets_only_the_account_tab_built(shown, make_ctx) -> None:
    page = shown(SettingsPage(make_ctx("chakan")))
    assert list(page.sections) == page.sections.built() == ["account"]
