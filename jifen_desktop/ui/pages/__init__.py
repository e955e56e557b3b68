"""The pages of the main window, in navigation order. A page is a ``Page`` subclass; the main
window builds it the first time it is shown."""

from __future__ import annotations

from .base import Page


def page_classes() -> list[type[Page]]:
    from .audit import AuditPage
    from .entry import EntryPage
    from .home import HomePage
    from .households import HouseholdsPage
    from .publication import PublicationPage
    from .rankings import RankingsPage
    from .review import ReviewPage
    from .settings import SettingsPage
    from .store import StorePage

    return [
        HomePage,
        HouseholdsPage,
        EntryPage,
        ReviewPage,
        PublicationPage,
        StorePage,
        RankingsPage,
        SettingsPage,
        AuditPage,
    ]
