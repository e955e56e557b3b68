"""What ``jifen verify`` found: the report, its findings, and how a finding names a record
and its fields: as a clerk knows them (农户 0012 张三, 积分细则 B05“…”, 户主), through the
same labels as the 审计日志 (``audit_labels``); the record's id comes last, for the township."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from ..audit_labels import RECORD_NAMES, field_name
from ..audit_names import REFERENCES, Names, household_label, reference_ids
from .words import household_of

TABLE_NAMES = RECORD_NAMES
LABEL_COLUMNS = ("number", "head_name", "code", "name", "username", "title")


def record_label(table: str, values: Mapping[str, Any], session: Session | None = None) -> str:
    """A record as a clerk knows it: 农户 0012 张三, 积分细则 B05“参与志愿者服务活动”, 网格 一组;
    with ``session``, one of a household's (a member, a veto ...) names the household too."""
    label = _own_label(table, values)
    household_id = values.get("household_id")
    if session is not None and household_id:
        household = household_of(session, household_id)
        return f"{label}（户 {household}）" if household else label
    return label


def _own_label(table: str, values: Mapping[str, Any]) -> str:
    what = TABLE_NAMES.get(table, "记录")
    if table == "households" and values.get("number"):
        name = household_label(
            str(values["number"]), str(values.get("head_name") or ""), values.get("unit_name") or ""
        )
        return f"{what} {name}"
    if table == "rule_items" and values.get("code"):
        return f"{what} {values['code']}“{values.get('name') or ''}”"
    parts = [str(values[key]) for key in LABEL_COLUMNS if values.get(key)][:2]
    return f"{what} {' '.join(parts)}" if parts else what


def id_note(record_id: object) -> str:
    """The record's id, last in a finding: what the township looks it up by."""
    return f"（记录编号 {record_id}）" if record_id else ""


def changed_fields(
    session: Session,
    table: str,
    keys: list[str],
    audited: Mapping[str, Any],
    current: Mapping[str, Any],
) -> str:
    """The changed fields by their Chinese names, with their values in the audit log and now:
    户主与审计记录里最后一次修改后的值不同（审计记录里是“张三”，现在是“王五”）."""
    wanted: dict[str, set[str]] = {}
    for key in keys:
        for value in (audited.get(key), current.get(key)):
            for record_id in reference_ids(key, value):
                wanted.setdefault(REFERENCES[key], set()).add(record_id)
    names = Names.load(session, wanted)
    values = "；".join(
        f"{field_name(key, table) + '：' if len(keys) > 1 else ''}"
        f"审计记录里是“{names.value(table, key, audited.get(key))}”，"
        f"现在是“{names.value(table, key, current.get(key))}”"
        for key in keys
    )
    return (
        f"{'、'.join(field_name(key, table) for key in keys)}与审计记录里最后一次修改后的值"
        f"不同（{values}）"
    )


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
    village: str = ""  # the village checked (``jifen verify --village``), as a clerk knows it

    @property
    def ok(self) -> bool:
        return not self.findings

    def add(self, kind: str, message: str, table: str = "", record_id: str = "") -> None:
        self.findings.append(Finding(kind, message, table, record_id))

    def as_dict(self) -> dict[str, object]:
        return {
            "ok": self.ok,
            **({"village": self.village} if self.village else {}),
            "integrity": self.integrity,
            "links": self.links,
            "rows": self.rows,
            "unchained": self.unchained,
            "records": self.records,
            "unaudited": self.unaudited,
            "findings": [vars(f) for f in self.findings],
        }
