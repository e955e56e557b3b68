"""The words a clerk reads for what the ledger stores: the Chinese names of records, fields and
actions, values in words (status codes, 是/否, dates, quarters), and the sync bookkeeping a
clerk never sees (ids, stamps, sequence numbers). The 审计日志 page, ``jifen audit`` and
``jifen verify`` all name things through here, so they say the same thing.

A value that points at another record (a household, a rule, an operator ...) is put in words
by ``audit_names.Names``, which looks such records up in batches."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from typing import Any

from .audit import ACTION_NAMES
from .calendar.locks import STATE_NAMES
from .calendar.objections import OBJECTION_STATUS_NAMES
from .calendar.review import SESSION_STATUS_NAMES
from .entry_checks import SOURCES
from .entry_queries import STATUS_NAMES as ENTRY_STATUS_NAMES
from .households import KIND_NAMES as HOUSEHOLD_KIND_NAMES
from .households import STATUS_NAMES as HOUSEHOLD_STATUS_NAMES
from .members import MEMBER_STATUS_NAMES
from .rules import APPLIES_NAMES, CAP_NAMES, DIRECTION_NAMES
from .schema.household_changes import CHANGE_KIND_NAMES, SPLIT_RULE_NAMES
from .store.common import MOVEMENT_NAMES
from .tx import ROLE_NAMES
from .villages import POLICY_NAMES

NONE = "（无）"

RECORD_NAMES = {
    "audit_log": "审计记录",
    "villages": "村",
    "grids": "网格",
    "operators": "操作员",
    "households": "农户",
    "household_status_changes": "农户状态变动",
    "household_changes": "户籍变动",
    "members": "家庭成员",
    "rule_categories": "细则类别",
    "rule_items": "积分细则",
    "entries": "积分记录",
    "entry_decisions": "审核决定",
    "evidence_files": "佐证材料",
    "review_sessions": "审核会议",
    "publications": "公示",
    "publication_rows": "公示快照",
    "publication_late_entries": "公示补记",
    "objections": "异议",
    "vetoes": "一票否决",
    "honour_awards": "荣誉称号",
    "store_goods": "商品",
    "stock_movements": "出入库",
    "stocktakes": "盘点",
    "stocktake_lines": "盘点明细",
    "redemptions": "兑换",
    "redemption_lines": "兑换明细",
    "redemption_returns": "退货",
    "point_expiries": "积分清零",
    "year_end_closings": "年底清零",
    "sync_peers": "同步密钥",
    "sync_bundles": "同步包",
    "backups": "备份",
}

# In the order a record's fields are listed: what a clerk recognises it by first.
FIELD_NAMES = {
    "number": "户号",
    "head_name": "户主",
    "unit_name": "单位名称",
    "household_id": "农户",
    "member_id": "成员",
    "name": "名称",
    "display_name": "姓名",
    "username": "用户名",
    "role": "角色",
    "code": "编号",
    "title": "称号",
    "period": "期间",
    "category_id": "细则类别",
    "category_name": "细则类别",
    "rule_item_id": "细则",
    "rule_code": "细则编号",
    "rule_name": "细则名称",
    "entry_id": "积分记录",
    "corrects_entry_id": "冲正的原记录",
    "correction_ids": "更正记录",
    "kind": "类别",
    "direction": "加分或扣分",
    "points": "分值",
    "unit_points": "每人分值",
    "quantity": "数量",
    "points_min": "最低分",
    "points_max": "最高分",
    "period_cap": "次数限制",
    "applies_to": "适用于",
    "evidence_required": "需要证明材料",
    "counts_people": "按人数计分",
    "status": "状态",
    "status_since": "状态起始日",
    "decision": "审核结果",
    "occurred_on": "日期",
    "original_on": "原日期",
    "place": "地点",
    "source": "来源",
    "content": "异议内容",
    "reason": "理由",
    "resolution": "处理结果",
    "note": "备注",
    "grid_id": "网格",
    "grid_ids": "负责网格",
    "address": "住址",
    "phone": "电话",
    "registered_on": "登记日期",
    "gender": "性别",
    "birth_date": "出生日期",
    "id_number": "身份证号",
    "relation": "与户主关系",
    "is_party_member": "党员",
    "is_cadre": "村干部",
    "active": "启用",
    "month": "月份",
    "quarter": "季度",
    "year": "年度",
    "held_on": "开会日期",
    "attendees": "参加人员",
    "reviewer_id": "主持人",
    "reviewer_name": "审核小组",
    "opened_at": "开始时间",
    "closed_at": "结束时间",
    "publication_id": "公示",
    "posting_start": "公示开始",
    "posting_end": "公示结束",
    "posted_at": "张贴时间",
    "final_at": "定稿时间",
    "taken_at": "统计时间",
    "pending_entries": "待审核记录",
    "version": "版本",
    "contact": "异议联系人",
    "received_on": "受理日期",
    "handler": "经办人",
    "resolved_on": "处理日期",
    "resolved_by": "处理人",
    "starts_on": "开始日期",
    "ends_on": "结束日期",
    "lifted_on": "解除日期",
    "lift_reason": "解除理由",
    "chosen_by": "评选方式",
    "basis": "依据",
    "meeting_on": "会议日期",
    "awarded_by": "授予人",
    "awarded_by_name": "授予人",
    "goods_id": "商品",
    "goods_name": "商品",
    "category": "商品类别",
    "unit": "单位",
    "price": "所需积分",
    "unit_price": "单价",
    "is_service": "服务项目",
    "low_stock": "库存提醒",
    "photo_name": "照片",
    "party": "来源单位",
    "unit_cost_fen": "进价",
    "redemption_id": "兑换",
    "receipt_no": "凭证号",
    "lines": "明细",
    "returned_on": "退货日期",
    "stocktake_id": "盘点",
    "taken_on": "盘点日期",
    "expected": "账面数",
    "counted": "实盘数",
    "expired": "清零明细",
    "households": "户数",
    "operator_name": "操作员",
    "operator_id": "操作员",
    "recorded_by": "记录人",
    "recorded_at": "录入时间",
    "recorded_on": "补记日期",
    "decided_by": "审核人",
    "decided_at": "审核时间",
    "session_id": "审核会议",
    "effective_on": "生效日期",
    "from_household_id": "原户",
    "to_household_id": "新户或并入的户",
    "members": "迁移的成员",
    "split_rule": "可用积分分法",
    "transfer_points": "转移的可用积分",
    "township_name": "乡镇",
    "township_code": "乡镇代码",
    "base_points": "基础分",
    "available_policy": "可用积分政策",
    "mask_names": "公示时隐去姓名",
    "honour_tiers": "评星定级",
    "person_tiers": "个人等次",
    "base_withhold_rules": "不发基础分的扣分细则",
    "observations_without_evidence": "网格员记录和抽检可不附照片",
    "file_name": "文件名",
    "size": "大小",
    "file": "文件",
    "evidence_copied": "复制的证明材料",
    "rows": "记录数",
    "full": "全部数据",
    "new": "新增",
    "updated": "更新",
    "unchanged": "未变",
    "older": "较旧",
    "conflicts": "冲突",
    "fingerprint": "密钥指纹",
    "grid_name": "网格",
    "added": "加分",
    "deducted": "扣分",
    "net": "合计",
    "year_total": "年度积分",
    "lifetime_total": "累计积分",
    "rank": "名次",
    "vetoed": "一票否决",
    "late": "补记",
    "item": "细则",
    "serial": "序号",
    "village_id": "所属村",
    "is_deleted": "已删除",
    "hlc": "修改时间戳",
    "change_seq": "修改序号",
    "changed_by_replica": "修改的电脑",
}

# Sync bookkeeping and secrets: never shown to a clerk.
HIDDEN = frozenset(
    {
        "id",
        "hlc",
        "change_seq",
        "changed_by_replica",
        "replica_id",
        "seq",
        "is_deleted",
        "village_id",
        "password_hash",
        "photo_sha256",
        "sha256",
        "batch_id",
        "sort_order",
        "serial",
    }
)

# Fields named otherwise in one table.
TABLE_FIELD_NAMES = {
    ("members", "name"): "姓名",
    ("members", "status"): "在户状态",
    ("household_changes", "kind"): "变动",
    ("operators", "active"): "可以登录",
    ("review_sessions", "reviewer_name"): "审核人",
    ("review_sessions", "reviewer_id"): "开会的操作员",
    ("publications", "grid_id"): "公示范围（网格）",
}
# Fields said already by others of the record: an entry keeps its rule's code and name.
TABLE_HIDDEN = {"entries": frozenset({"rule_item_id"})}

CHOSEN_BY_NAMES = {
    "top": "前几名",
    "grade": "评星定级",
    "above_average": "高于平均分",
    "hand": "评议推选",
}
DECISION_NAMES = {"approved": "通过", "rejected": "不通过", "withdrawn": "撤回"}
ENTRY_KIND_NAMES = {
    "normal": "普通",
    "base": "基础分",
    "reversal": "冲正",
    "penalty": "弄虚作假扣分",
    "transfer": "积分转移",
}
RULE_KIND_NAMES = {"normal": "普通", "base": "基础分"}

# The values of a field in words, by table where one name means different things.
STATUS_BY_TABLE: dict[str, Mapping[str, str]] = {
    "households": HOUSEHOLD_STATUS_NAMES,
    "members": MEMBER_STATUS_NAMES,
    "entries": ENTRY_STATUS_NAMES,
    "objections": OBJECTION_STATUS_NAMES,
    "publications": STATE_NAMES,
    "review_sessions": SESSION_STATUS_NAMES,
}
KIND_BY_TABLE: dict[str, Mapping[str, str]] = {
    "households": HOUSEHOLD_KIND_NAMES,
    "entries": ENTRY_KIND_NAMES,
    "household_changes": CHANGE_KIND_NAMES,
    "rule_items": RULE_KIND_NAMES,
    "stock_movements": MOVEMENT_NAMES,
}
VALUE_NAMES: dict[str, Mapping[str, str]] = {
    "direction": DIRECTION_NAMES,
    "period_cap": CAP_NAMES,
    "applies_to": APPLIES_NAMES,
    "role": ROLE_NAMES,
    "available_policy": POLICY_NAMES,
    "chosen_by": CHOSEN_BY_NAMES,
    "decision": DECISION_NAMES,
    "split_rule": SPLIT_RULE_NAMES,
}


def table_of(object_type: str) -> str:
    """The table an audit row's ``object_type`` is a record of (``Tx`` drops the table's last
    s: household, entrie, vetoe; some services write entry)."""
    for table in (object_type + "s", object_type[:-1] + "ies"):
        if table in RECORD_NAMES:
            return table
    return object_type + "s"


def record_name(table: str) -> str:
    return RECORD_NAMES.get(table, "记录")


def field_name(key: str, table: str = "") -> str:
    return TABLE_FIELD_NAMES.get((table, key)) or FIELD_NAMES.get(key, key)


def hidden(table: str, key: str) -> bool:
    """Whether a clerk never sees this field of this table's records."""
    return key in HIDDEN or key in TABLE_HIDDEN.get(table, ())


def field_order(key: str) -> int:
    """Where a field goes in a record's list (known fields in ``FIELD_NAMES`` order first)."""
    return _ORDER.get(key, len(_ORDER))


_ORDER = {key: n for n, key in enumerate(FIELD_NAMES)}


def action_name(action: str, object_type: str = "") -> str:
    """The action in Chinese; one the program does not know yet is named by its record."""
    known = ACTION_NAMES.get(action)
    if known:
        return known
    return f"{record_name(table_of(object_type))}变动" if object_type else "其他操作"


def plain_value(table: str, key: str, value: Any) -> str | None:
    """A value that needs no look-up in words, or None if it does not know the field's kind."""
    if value is None or value == "":
        return NONE
    if isinstance(value, bool):
        return "是" if value else "否"
    words = _value_names(table, key)
    if words is not None and isinstance(value, str):
        return words.get(value, value)
    if key == "unit_cost_fen" and isinstance(value, int):
        return f"{value / 100:.2f}元"
    if key in ("quarter", "period") and isinstance(value, str):
        return quarter_text(value)
    if key in ("honour_tiers", "person_tiers") and isinstance(value, str):
        return _tiers(value)
    if key == "base_withhold_rules" and isinstance(value, str):
        return _codes(value)
    if isinstance(value, str):
        return _time_text(value)
    if isinstance(value, int | float):
        return str(value)
    return None


def _value_names(table: str, key: str) -> Mapping[str, str] | None:
    if key == "status":
        return STATUS_BY_TABLE.get(table)
    if key == "kind":
        return KIND_BY_TABLE.get(table)
    if key == "source" and table == "entries":
        return SOURCES
    return VALUE_NAMES.get(key)


def quarter_text(value: str) -> str:
    """``2026Q1`` as 2026年第1季度; a year or anything else as it is."""
    year, q, quarter = value.partition("Q")
    return f"{year}年第{quarter}季度" if q and year.isdigit() and quarter.isdigit() else value


def _time_text(value: str) -> str:
    """A stored time (``2026-12-07T03:37:00.123``) to the minute; other text as it is."""
    if len(value) >= 16 and value[4] == "-" and value[10] in "T ":
        try:
            return dt.datetime.fromisoformat(value).strftime("%Y-%m-%d %H:%M")
        except ValueError:
            return value
    return value


def _codes(text: str) -> str:
    """A JSON list of rule codes as 细则 codes in a row ("[]" as none)."""
    try:
        codes = json.loads(text)
    except ValueError:
        return text
    return "、".join(str(c) for c in codes) if isinstance(codes, list) and codes else NONE


def _tiers(text: str) -> str:
    try:
        tiers = json.loads(text)
        return "、".join(
            f"{t['name']}≥{t['min']}" if t.get("min") is not None else str(t["name"]) for t in tiers
        )
    except (ValueError, TypeError, KeyError):
        return text
