"""The pages of the main window, in navigation order. A page is a ``Page`` subclass; the main
window builds it the first time it is shown, and only then loads its module (``lazy``).

A village's database shows the village's pages; 同步 sits after 排名与统计, with the admin's
occasional work (设置, 审计日志), not among the daily pages. A township database (``mode``
"township") shows only what makes sense there: the villages side by side, one village looked
at read-only, 同步, 设置 (显示与账号) and 审计日志."""

from __future__ import annotations

from .base import Page
from .lazy import LazyPage

__all__ = ["LazyPage", "Page", "page_classes"]

SYNC = LazyPage("sync", "同步", "sync.page", "SyncPage", ("admin",))
AUDIT = LazyPage("audit", "审计日志", "audit", "AuditPage", ("admin", "reviewer"))

VILLAGE_PAGES = (
    LazyPage("home", "首页", "home", "HomePage"),
    LazyPage("households", "农户", "households", "HouseholdsPage"),
    LazyPage("entry", "积分录入", "entry", "EntryPage", ("admin", "reviewer", "recorder")),
    LazyPage("review", "审核", "review.page", "ReviewPage"),
    LazyPage("publication", "公示", "publication.page", "PublicationPage"),
    LazyPage("store", "积分超市", "store", "StorePage"),
    LazyPage("rankings", "排名与统计", "rankings", "RankingsPage"),
    SYNC,
    LazyPage("settings", "设置", "settings", "SettingsPage"),
    AUDIT,
)

TOWNSHIP_PAGES = (
    LazyPage("township", "村庄总览", "township.overview", "TownshipOverviewPage"),
    LazyPage("village_view", "各村台账", "township.village_view", "VillageViewPage"),
    SYNC,
    LazyPage("settings", "设置", "township.settings", "TownshipSettingsPage"),
    AUDIT,
)


def page_classes(mode: str = "village") -> list[LazyPage]:
    """The pages of a village's database, or of a township's (``mode`` "township")."""
    return list(TOWNSHIP_PAGES if mode == "township" else VILLAGE_PAGES)
