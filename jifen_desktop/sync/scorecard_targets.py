"""考核指标与权重: what the township's yearly 考核 of villages measures, the target of each figure
and the points it weighs (满分 100), with defaults from the seeds (001 篇1: 兑换人数占总人数 30%
以上; 篇2: 党员、村干部参与率 100%, 户参与率 50%（试点村 70%）; 篇2/篇5/篇7: 每月审核一次, 每季公示).

The township's choice is kept without a table of its own: it is the latest audit row of action
``township.targets`` written by the township itself (this ledger's replica, or the one a restore
retired), whose ``after`` holds every figure's target and weight. The audit log is append-only
and sealed in the hash chain, so the setting, who set it and what it was before are one record
that ``jifen verify`` checks; a village's bundle cannot set it (its rows carry its village)."""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from jifen_desktop.model import authz
from jifen_desktop.model.chain_scope import retired_replicas
from jifen_desktop.model.errors import ValidationError
from jifen_desktop.model.schema import AuditRow, Replica
from jifen_desktop.model.tx import Actor, Change, Tx

ACTION = "township.targets"
OBJECT_TYPE = "scorecard_targets"
FULL_MARKS = 100


@dataclass(frozen=True)
class Figure:
    """One figure of the 考核: ``more`` is better (at least the target) or less is (at most)."""

    key: str
    name: str
    unit: str  # 次, 个, %, 天, 条, or "" for yes/no
    more: bool
    target: int
    weight: int
    most: int  # the largest target that makes sense (12 months, 4 quarters, 100 %)


FIGURES: tuple[Figure, ...] = (
    Figure("reviews", "按时审核", "个月", True, 12, 20, 12),
    Figure("quarters", "公示定稿", "个季度", True, 4, 15, 4),
    Figure("households", "户参与率", "%", True, 50, 15, 100),
    Figure("persons", "人员参与率", "%", True, 50, 5, 100),
    Figure("party", "党员参与率", "%", True, 100, 10, 100),
    Figure("redeem_households", "兑换户比例", "%", True, 30, 5, 100),
    Figure("redeem_persons", "兑换人数比例", "%", True, 30, 10, 100),
    Figure("objections", "异议办结率", "%", True, 100, 5, 100),
    Figure("objection_days", "异议办结天数（中位）", "天", False, 10, 5, 365),
    Figure("overdue", "逾期未审记录", "条", False, 0, 5, 100000),
    Figure("chain", "台账核对无误", "", True, 1, 5, 1),
)
BY_KEY = {f.key: f for f in FIGURES}
# The audit row holds each figure by its name, as the 审计日志 shows it (户参与率: 目标 50、权重 15)
KEY_OF_NAME = {f.name: f.key for f in FIGURES}
TARGET, WEIGHT = "目标", "权重"


@dataclass(frozen=True)
class Target:
    target: int
    weight: int


Targets = dict[str, Target]


def defaults() -> Targets:
    return {f.key: Target(f.target, f.weight) for f in FIGURES}


def target_text(figure: Figure, target: int) -> str:
    """“≥ 12 次”, “≥ 50%”, “≤ 10 天”, “无误”."""
    if not figure.unit:
        return "无误"
    sign = "≥" if figure.more else "≤"
    return (
        f"{sign} {target}{figure.unit}" if figure.unit == "%" else f"{sign} {target} {figure.unit}"
    )


def read_targets(session: Session) -> Targets:
    """The township's targets and weights: its latest setting, else the seeds' defaults."""
    own = session.scalars(select(Replica.id)).one()
    writers = [own, *retired_replicas(session, own)]
    text = session.scalar(
        select(AuditRow.after_json)
        .where(
            AuditRow.action == ACTION,
            AuditRow.village_id.is_(None),
            AuditRow.replica_id.in_(writers),
        )
        .order_by(AuditRow.at.desc(), AuditRow.seq.desc())
        .limit(1)
    )
    chosen = defaults()
    if text:
        for name, value in json.loads(text).items():
            key = KEY_OF_NAME.get(name)
            if key is not None:
                chosen[key] = Target(int(value[TARGET]), int(value[WEIGHT]))
    return chosen


def check_targets(values: Targets) -> Targets:
    """Every figure once, targets within sense, weights whole and adding up to 100."""
    missing = [BY_KEY[k].name for k in BY_KEY if k not in values]
    if missing or set(values) - set(BY_KEY):
        raise ValidationError("考核指标不全：" + "、".join(missing or ["有不认识的指标"]) + "。")
    for key, value in values.items():
        figure = BY_KEY[key]
        if not 0 <= value.target <= figure.most:
            raise ValidationError(
                f"“{figure.name}”的目标应在 0 到 {figure.most} 之间，请改正。", field=key
            )
        if value.weight < 0:
            raise ValidationError(f"“{figure.name}”的权重不能是负数。", field=key)
    total = sum(v.weight for v in values.values())
    if total != FULL_MARKS:
        raise ValidationError(
            f"各项权重合计应为 {FULL_MARKS} 分，现在是 {total} 分，请调整后再保存。"
        )
    return {key: values[key] for key in BY_KEY}


def _as_json(values: Targets) -> dict[str, dict[str, int]]:
    return {BY_KEY[k].name: {TARGET: v.target, WEIGHT: v.weight} for k, v in values.items()}


def _change_text(key: str, before: Target, after: Target) -> str:
    """“户参与率 目标 ≥ 50%→≥ 70%，权重 15→20”."""
    figure = BY_KEY[key]
    parts = []
    if before.target != after.target:
        parts.append(
            f"目标 {target_text(figure, before.target)}→{target_text(figure, after.target)}"
        )
    if before.weight != after.weight:
        parts.append(f"权重 {before.weight}→{after.weight}")
    return f"{figure.name} " + "，".join(parts)


def write_targets(tx: Tx, values: Targets) -> Targets:
    """Set the township's targets and weights: one audit row with before and after."""
    authz.require(tx.actor, authz.ADMIN_ROLES, "设置考核指标与权重")
    mode, own = tx.session.execute(select(Replica.mode, Replica.id)).one()
    if mode != "township":
        raise ValidationError("考核指标与权重只在乡镇汇总库里设置，村里的台账不用设置。")
    chosen = check_targets(values)
    before = read_targets(tx.session)
    if before == chosen:
        return chosen
    changed = "；".join(
        _change_text(k, before[k], chosen[k]) for k in chosen if chosen[k] != before[k]
    )
    tx.audit(
        ACTION,
        OBJECT_TYPE,
        own,
        f"修改考核指标与权重：{changed}",
        village_id=None,
        before=_as_json(before),
        after=_as_json(chosen),
    )
    tx.changed(Change.VILLAGE)
    return chosen


def actor_may_set(actor: Actor) -> bool:
    return actor.role in authz.ADMIN_ROLES
