"""The pages of the main window, in navigation order. A page is a ``Page`` subclass; the main
window builds it the first time it is shown.

A village's database shows the village's pages; 同步 sits after 排名与统计, with the admin's
occasional work (设置, 审计日志), not among the daily pages. A township database (``mode``
"township") shows only what makes sense there: the villages side by side, one village looked
at read-only, 同步, 设置 (显示与账号) and 审计日志."""

from __future__ import annotations

from .base import Page


def page_classes(mode: str = "village") -> list[type[Page]]:
    from .audit import AuditPage
    from .sync import SyncPage

    if mode == "township":
        from .township import TownshipOverviewPage, TownshipSettingsPage, VillageViewPage

        return [TownshipOverviewPage, VillageViewPage, SyncPage, TownshipSettingsPage, AuditPage]

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
        SyncPage,
        SettingsPage,
        AuditPage,
    ]
