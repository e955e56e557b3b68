"""Names and numbers of the demo village."""

from __future__ import annotations

from collections.abc import Callable

DEMO_PASSWORD = "jifen123"
VILLAGE_CODE = "420881100001"
VILLAGE_NAME = "张集村"
TOWNSHIP_NAME = "张集镇"
TOWNSHIP_CODE = "420881100"

Progress = Callable[[float, str], None]
