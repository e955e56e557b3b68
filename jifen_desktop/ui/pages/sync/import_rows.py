"""One line of the import summary per chosen file: where it comes from, what its dry run (then
its import) found, and where it stands, in words that say what to do."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication

from jifen_desktop.sync.importer import ImportResult

COUNTS = ("new", "updated", "unchanged", "older", "conflicts")
HEADERS = ("文件", "来源", "新增", "更新", "未变", "本机较新", "冲突", "情况")
STATUS_COLUMN = 7
# States: waiting (not looked at yet), ready (dry run done), held (imported before),
# declined (key not enrolled), refused, imported, cancelled.
TROUBLE = ("declined", "refused")


def tr(text: str) -> str:
    return QCoreApplication.translate("import_rows", text)


@dataclass
class BundleRow:
    path: Path
    source: str = ""
    counts: dict[str, Any] = field(default_factory=dict)
    state: str = "waiting"
    message: str = field(default_factory=lambda: tr("等待核对"))

    def cells(self) -> tuple[object, ...]:
        numbers = tuple(self.counts.get(k, "") for k in COUNTS)
        return (self.path.name, self.source or "—", *numbers, self.message)

    def looked(self, result: ImportResult) -> None:
        """The dry run's findings."""
        self.source, self.counts = result.label, result.counts
        if result.already_imported:
            self.state, self.message = "held", tr("以前已经导入过，不用再导入。")
            return
        self.state, self.message = "ready", tr("可以导入")
        if result.source_mode == "township":
            self.message += tr("；这是乡镇的回执，告诉本机乡镇已收到了什么")
        if result.counts.get("conflicts"):
            self.message += tr("；有冲突，导入后在“冲突与待处理”里查看")
        if result.template:
            self.message += tr("；附有积分细则模板")

    def imported(self, result: ImportResult) -> None:
        self.source, self.counts = result.label, result.counts or self.counts
        if result.already_imported:
            self.state, self.message = "held", tr("以前已经导入过，没有改动。")
            return
        self.state, self.message = "imported", tr("已导入")
        if result.balance_mismatches:
            self.message += tr("；有 {0} 户的积分与对方不一致，请与对方核对").format(
                len(result.balance_mismatches)
            )

    def declined(self, name: str) -> None:
        self.state = "declined"
        self.message = tr(
            "没有登记{0}的密钥，这个包没有导入。打电话核对指纹一致后，再选它导入即可。"
        ).format(name)

    def refused(self, message: str) -> None:
        self.state, self.message = "refused", message

    def cancelled(self) -> None:
        self.state, self.message = "cancelled", tr("已取消，没有导入。")
