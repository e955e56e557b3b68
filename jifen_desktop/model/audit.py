"""Reading the audit log: who changed what, when, before and after; filterable for the
审计日志 page and ``jifen audit`` (by text: the summary, or the household a row is about, found
by its number or name). ``audit_readable`` puts the rows in words. A row that refers to the
record it created reads in full (``audit_ref``), as does a decision's row stored without what its
entry holds (``audit_decision``)."""

from __future__ import annotations

import builtins
import dataclasses
import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import CompoundSelect, Select, or_, select, union
from sqlalchemy.orm import Session

from . import authz
from .audit_decision import stored_texts, summary_sql
from .audit_members_query import AuditFilter, latest_member_rows, village_of
from .audit_ref import expand_texts
from .limits import check_limit
from .schema import AuditMember, AuditRow, Entry, Household

if TYPE_CHECKING:
    from .ledger import Ledger


ACTION_NAMES = {
    "village.create": "新建村",
    "village.update": "修改村设置",
    "grid.create": "新建网格",
    "grid.update": "修改网格",
    "grid.remove": "撤销网格",
    "rule.category": "细则类别",
    "rules.copy_template": "复制细则模板",
    "rule.create": "新增细则",
    "rule.update": "修改细则",
    "household.create": "登记户",
    "household.update": "修改户信息",
    "household.status": "户状态变更",
    "member.create": "添加成员",
    "member.update": "修改成员",
    "member.status": "成员状态变更",
    "household.split": "分户",
    "household.merge": "合户",
    "household.close": "注销户",
    "entry.create": "录入积分",
    "entry.approved": "审核通过",
    "entry.rejected": "审核不通过",
    "entry.withdrawn": "撤回记录",
    "entry.reversal": "冲正",
    "entry.penalty": "弄虚作假扣分",
    "entry.base_points": "发放基础分",
    "entry.base_points.withhold": "不发基础分",
    "operator.create": "添加操作员",
    "operator.update": "修改操作员",
    "operator.password": "修改密码",
    "store.goods.create": "新增商品",
    "store.goods.update": "修改商品",
    "store.stock": "出入库",
    "store.stocktake": "盘点",
    "store.redeem": "积分兑换",
    "store.return": "撤销兑换",
    "store.expire": "可用积分年底清零",
    "review.open": "开审核会",
    "review.close": "结束审核会",
    "publication.draft": "公示草稿",
    "publication.refresh": "刷新公示草稿",
    "publication.post": "张贴公示",
    "publication.final": "公示定稿",
    "objection.add": "受理异议",
    "objection.upheld": "异议成立",
    "objection.dismissed": "异议不成立",
    "veto.add": "一票否决",
    "veto.lift": "解除一票否决",
    "village.grades": "评星定级",
    "village.person_grades": "设定个人等次",
    "village.base_withhold_rules": "设定不发基础分的扣分细则",
    "honour.award": "授予荣誉称号",
    "honour.lift": "撤销荣誉称号",
    "year_close.archive": "年度结转归档",
    "year_close.backup": "年度结转备份",
    "sync.export": "导出同步包",
    "sync.import": "导入同步包",
    "sync.enrol": "登记密钥",
    "sync.revoke": "吊销密钥",
    "township.targets": "设置考核指标与权重",
    "backup.create": "备份台账",
    "backup.restore": "从备份恢复",
}


@dataclass(frozen=True)
class AuditInfo:
    id: str
    at: dt.datetime
    operator_name: str
    action: str
    object_type: str
    object_id: str
    summary: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    village_id: str | None = None

    @property
    def action_name(self) -> str:
        """The action in Chinese, for people (the code stays in ``action`` for scripts)."""
        return ACTION_NAMES.get(self.action, self.action)


class AuditService:
    def __init__(self, ledger: Ledger) -> None:
        self.ledger = ledger

    def list(
        self,
        village_id: str | None = None,
        *,
        action: str | None = None,
        object_id: str | None = None,
        operator: str | None = None,
        since: dt.date | None = None,
        until: dt.date | None = None,
        text: str | None = None,
        limit: int = 200,
    ) -> builtins.list[AuditInfo]:
        authz.require(self.ledger.actor, authz.REVIEW_ROLES, "查看审计日志")
        wanted = AuditFilter(village_id, action, object_id, operator, since, until, text)
        stmt = _statement(wanted).limit(check_limit(limit))
        with self.ledger.read() as s:
            rows = list(s.scalars(stmt))
            afters = expand_texts(s, [(r.object_id, r.after_json) for r in rows])
            heads = stored_texts(s, rows)
            found = [_row_info(r, h, a) for r, h, a in zip(rows, heads, afters, strict=True)]
            return _with_members(s, found, wanted, rows, check_limit(limit))


def _statement(wanted: AuditFilter) -> Select[AuditRow]:
    """The rows of ``audit_log`` that ``wanted`` asks for, newest first."""
    stmt = select(AuditRow).order_by(AuditRow.at.desc(), AuditRow.seq.desc())
    if wanted.village_id:
        stmt = stmt.where(AuditRow.village_id == wanted.village_id)
    if wanted.action:
        stmt = stmt.where(AuditRow.action.startswith(wanted.action))
    if wanted.object_id:
        stmt = stmt.where(AuditRow.object_id == wanted.object_id)
    if wanted.operator:
        stmt = stmt.where(AuditRow.operator_name == wanted.operator)
    if wanted.start:
        stmt = stmt.where(AuditRow.at >= wanted.start)
    if wanted.end:
        stmt = stmt.where(AuditRow.at <= wanted.end)
    if wanted.text:
        text = wanted.text
        stmt = stmt.where(
            or_(
                summary_sql(AuditRow.__table__).contains(text),
                AuditRow.object_id.in_(_of_households(text)),
            )
        )
    return stmt


def _row_info(r: AuditRow, texts: tuple[str, str], after: str) -> AuditInfo:
    """A row as the page reads it (``texts``: its summary and before_json as they read)."""
    return AuditInfo(
        r.id,
        r.at,
        r.operator_name,
        r.action,
        r.object_type,
        r.object_id,
        texts[0],
        _load(texts[1]),
        _load(after),
        r.village_id,
    )


def _with_members(
    session: Session,
    found: builtins.list[AuditInfo],
    wanted: AuditFilter,
    rows: Sequence[AuditRow],
    limit: int,
) -> builtins.list[AuditInfo]:
    """In a township, the villages' rows kept in members (``audit_members``) too, newest first."""
    if session.scalar(select(AuditMember.id).limit(1)) is None:
        return found
    if wanted.text:
        ids = select(_of_households(wanted.text).subquery().c[0])
        wanted = dataclasses.replace(wanted, about=frozenset(session.scalars(ids)))
    if wanted.object_id and not wanted.village_id:
        wanted = dataclasses.replace(wanted, members_of=village_of(session, wanted.object_id))
    keyed = [((info.at, row.seq), info) for info, row in zip(found, rows, strict=True)]
    for values in latest_member_rows(session.connection(), wanted, limit):
        info = _member_info(values)
        keyed.append(((info.at, int(values["seq"])), info))
    keyed.sort(key=lambda pair: pair[0], reverse=True)
    return [info for _key, info in keyed[:limit]]


def _member_info(values: dict[str, Any]) -> AuditInfo:
    """A row of a member (JSON-ready values by column name) as the page reads it."""
    return AuditInfo(
        values["id"],
        dt.datetime.fromisoformat(values["at"]),
        values["operator_name"],
        values["action"],
        values["object_type"],
        values["object_id"],
        values["summary"],
        _load(values["before_json"]),
        _load(values["after_json"]),
        values["village_id"],
    )


def _of_households(text: str) -> CompoundSelect:
    """The households whose number is ``text`` or whose head or unit name holds it, and their
    entries: a decision's row names neither in its summary."""
    households = select(Household.id).where(
        or_(
            Household.number == text,
            Household.head_name.contains(text),
            Household.unit_name.contains(text),
        )
    )
    return union(households, select(Entry.id).where(Entry.household_id.in_(households)))


def _load(text: str) -> dict[str, Any] | None:
    return json.loads(text) if text else None
