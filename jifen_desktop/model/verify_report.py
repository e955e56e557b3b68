"""What ``jifen verify`` found: the report, its findings, and the tables' Chinese names."""

from __future__ import annotations

from dataclasses import dataclass, field

TABLE_NAMES = {
    "audit_log": "审计记录",
    "entries": "积分记录",
    "entry_decisions": "审核结果",
    "evidence_files": "佐证材料",
    "household_status_changes": "农户状态变动",
    "point_expiries": "积分清零",
    "publication_late_entries": "公示补记",
    "publication_rows": "公示快照",
    "redemption_lines": "兑换明细",
    "redemption_returns": "退货",
    "redemptions": "兑换",
    "stock_movements": "出入库",
    "stocktake_lines": "盘点明细",
    "stocktakes": "盘点",
    "year_end_closings": "年度结转",
}


@dataclass(frozen=True)
class Finding:
    """One thing wrong, with the record it is about (if any) and what it means."""

    kind: str  # integrity | link | row_changed | row_missing | row_unlisted | snapshot | record
    message: str
    table: str = ""
    record_id: str = ""


@dataclass
class VerifyReport:
    integrity: list[str] = field(default_factory=list)
    links: int = 0
    rows: int = 0
    unchained: int = 0  # rows received from another computer before the chain existed
    records: int = 0  # records that may change, checked against their audit rows
    unaudited: int = 0  # of those, records made before every change was audited
    findings: list[Finding] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.findings

    def add(self, kind: str, message: str, table: str = "", record_id: str = "") -> None:
        self.findings.append(Finding(kind, message, table, record_id))

    def as_dict(self) -> dict[str, object]:
        return {
            "ok": self.ok,
            "integrity": self.integrity,
            "links": self.links,
            "rows": self.rows,
            "unchained": self.unchained,
            "records": self.records,
            "unaudited": self.unaudited,
            "findings": [vars(f) for f in self.findings],
        }
