"""The township database's pages (乡镇汇总库): 村庄总览 with every village side by side,
households ranked across villages and the villages' yearly 考核 (``overview``, ``scorecard``,
``targets_dialog``), 各村台账 that shows one village through the
village's own pages, read-only (``village_view``, ``viewer``), and 设置 with 备份与恢复 and
显示与账号 (``settings``). Villages' data reaches the township only in their sync bundles."""

from __future__ import annotations

from .overview import TownshipOverviewPage
from .settings import TownshipSettingsPage
from .village_view import VillageViewPage

__all__ = ["TownshipOverviewPage", "TownshipSettingsPage", "VillageViewPage"]
