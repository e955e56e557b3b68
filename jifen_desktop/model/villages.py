"""Villages and their grids: setting up a village, its balance policy, and its 网格."""

from __future__ import annotations

import builtins
import json
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select

from . import authz, text_fields
from .choices import POLICY_NAMES
from .errors import NotFound, ValidationError
from .ids import new_id
from .schema import Grid, Household, Operator, Village
from .tx import Change, Op, Tx, row_values

if TYPE_CHECKING:
    from .ledger import Ledger

NOTE_MOST = 200


@dataclass(frozen=True)
class VillageInfo:
    id: str
    code: str
    name: str
    township_name: str
    township_code: str
    base_points: int
    available_policy: str
    mask_names: bool

    @classmethod
    def of(cls, v: Village) -> VillageInfo:
        return cls(
            v.id,
            v.code,
            v.name,
            v.township_name,
            v.township_code,
            v.base_points,
            v.available_policy,
            v.mask_names,
        )


@dataclass(frozen=True)
class GridInfo:
    id: str
    village_id: str
    name: str
    note: str
    household_count: int


def check_village_code(code: str) -> str:
    code = code.strip()
    if not re.fullmatch(r"\d{12}", code):
        raise ValidationError(_not_a_village_code(code), field="code")
    return code


def _not_a_village_code(code: str) -> str:
    """A village code that is not 12 digits, in words, and where to find the right one."""
    return f"村代码“{code}”不对：应为12位统计用区划代码（全是数字），可在国家统计局网站查到。"


def check_name(name: str, what: str, limit: int = text_fields.PLACE_NAME_MOST) -> str:
    """A village's, township's or grid's name (``text_fields`` cleans it)."""
    return text_fields.clean_text(name, what, limit, field="name", required=True)


def _check_township(name: str) -> str:
    return text_fields.clean_text(
        name, "乡镇名称", text_fields.PLACE_NAME_MOST, field="township_name"
    )


def _check_note(note: str) -> str:
    return text_fields.clean_text(note, "备注", NOTE_MOST, field="note", multiline=True)


class VillageService:
    def __init__(self, ledger: Ledger) -> None:
        self.ledger = ledger

    # -- villages --------------------------------------------------------------------------

    def create(
        self,
        code: str,
        name: str,
        township_name: str = "",
        township_code: str = "",
        *,
        with_template: bool = True,
    ) -> Op[VillageInfo]:
        """Add a village; by default its rule catalog starts as a copy of the township template."""
        authz.require(self.ledger.actor, authz.ADMIN_ROLES, "新建村")
        code = check_village_code(code)
        name = check_name(name, "村名")

        def work(tx: Tx) -> VillageInfo:
            if tx.session.scalars(select(Village).where(Village.code == code)).first():
                raise ValidationError(f"村代码 {code} 已经存在，不能重复添加。", field="code")
            village = Village(
                id=new_id(),
                code=code,
                name=name,
                township_name=_check_township(township_name),
                township_code=township_code.strip(),
                base_points=100,
                available_policy="carry_over",
                mask_names=True,
            )
            tx.created(village, "village.create", f"新建村 {name}（{code}）", village_id=village.id)
            if with_template:
                from .rule_template import copy_template

                copy_template(tx, village.id)
            tx.changed(Change.VILLAGE | Change.RULES)
            return VillageInfo.of(village)

        return self.ledger.run(work)

    def list(self) -> builtins.list[VillageInfo]:
        with self.ledger.read() as s:
            rows = s.scalars(select(Village).where(~Village.is_deleted).order_by(Village.code))
            return [VillageInfo.of(v) for v in rows]

    def get(self, village_id: str) -> VillageInfo:
        with self.ledger.read() as s:
            village = s.get(Village, village_id)
            if village is None:
                raise NotFound("找不到这个村。")
            return VillageInfo.of(village)

    def resolve(self, code: str | None = None) -> VillageInfo:
        """The village named by code, or the only village (or the operator's own)."""
        actor_village = self.ledger.actor.village_id
        villages = self.list()
        if code:
            for v in villages:
                if v.code == code or v.name == code:
                    return v
            raise NotFound(f"找不到村“{code}”，请用 jifen village list 查看已有的村。")
        if actor_village:
            return self.get(actor_village)
        if len(villages) == 1:
            return villages[0]
        if not villages:
            raise NotFound("台账里还没有村，请先运行 jifen init 建立本村台账。")
        raise ValidationError("台账里有多个村，请用 --village 村代码 指明是哪个村。")

    def update_settings(
        self,
        village_id: str,
        *,
        name: str | None = None,
        township_name: str | None = None,
        base_points: int | None = None,
        available_policy: str | None = None,
        mask_names: bool | None = None,
    ) -> Op[VillageInfo]:
        authz.require(self.ledger.actor, authz.ADMIN_ROLES, "修改村设置")
        authz.require_village(self.ledger.actor, village_id)
        _check_settings(available_policy, base_points)
        changes = {
            "name": name,
            "township_name": township_name,
            "base_points": base_points,
            "available_policy": available_policy,
            "mask_names": mask_names,
        }

        def work(tx: Tx) -> VillageInfo:
            village = tx.session.get(Village, village_id)
            if village is None:
                raise NotFound("找不到这个村。")
            before = row_values(village)
            _apply_settings(village, changes)
            tx.updated(
                village,
                "village.update",
                f"修改村设置 {village.name}",
                village_id=village.id,
                before=before,
            )
            tx.changed(Change.VILLAGE)
            return VillageInfo.of(village)

        return self.ledger.run(work)

    # -- grids -----------------------------------------------------------------------------

    def add_grid(self, village_id: str, name: str, note: str = "") -> Op[GridInfo]:
        authz.require(self.ledger.actor, authz.ADMIN_ROLES, "设置网格")
        authz.require_village(self.ledger.actor, village_id)
        name = check_name(name, "网格名称", text_fields.GRID_NAME_MOST)
        note = _check_note(note)

        def work(tx: Tx) -> GridInfo:
            exists = tx.session.scalars(
                select(Grid).where(Grid.village_id == village_id, Grid.name == name)
            ).first()
            if exists and exists.is_deleted:  # a grid removed before comes back under its id
                before = row_values(exists)
                exists.is_deleted = False
                exists.note = note
                tx.updated(
                    exists, "grid.update", f"恢复网格 {name}", village_id=village_id, before=before
                )
                tx.changed(Change.GRIDS)
                return GridInfo(exists.id, village_id, name, note, 0)
            if exists:
                raise ValidationError(f"网格“{name}”已经存在。", field="name")
            count = tx.session.scalar(
                select(func.count()).select_from(Grid).where(Grid.village_id == village_id)
            )
            grid = Grid(village_id=village_id, name=name, note=note, sort_order=count or 0)
            tx.created(grid, "grid.create", f"新建网格 {name}", village_id=village_id)
            tx.changed(Change.GRIDS)
            return GridInfo(grid.id, village_id, name, note, 0)

        return self.ledger.run(work)

    def update_grid(
        self, grid_id: str, *, name: str | None = None, note: str | None = None
    ) -> Op[GridInfo]:
        """Rename a grid or change its note; its households and recorders stay with it."""
        authz.require(self.ledger.actor, authz.ADMIN_ROLES, "设置网格")

        def work(tx: Tx) -> GridInfo:
            grid = self._live_grid(tx, grid_id)
            before = row_values(grid)
            if name is not None:
                new_name = check_name(name, "网格名称", text_fields.GRID_NAME_MOST)
                clash = tx.session.scalars(
                    select(Grid.id).where(
                        Grid.village_id == grid.village_id,
                        Grid.name == new_name,
                        Grid.id != grid.id,
                    )
                ).first()
                if clash:
                    raise ValidationError(f"网格“{new_name}”已经存在，请换个名称。", field="name")
                grid.name = new_name
            if note is not None:
                grid.note = _check_note(note)
            tx.updated(
                grid,
                "grid.update",
                f"修改网格 {grid.name}",
                village_id=grid.village_id,
                before=before,
            )
            tx.changed(Change.GRIDS)
            return self._grid_info(tx, grid)

        return self.ledger.run(work)

    def remove_grid(self, grid_id: str) -> Op[None]:
        """Remove an empty grid (a tombstone: old entries and moved-out households keep it)."""
        authz.require(self.ledger.actor, authz.ADMIN_ROLES, "撤销网格")

        def work(tx: Tx) -> None:
            grid = self._live_grid(tx, grid_id)
            info = self._grid_info(tx, grid)
            if info.household_count:
                raise ValidationError(
                    f"网格“{grid.name}”里还有{info.household_count}户在册，"
                    "请先在“农户”页把这些户调到别的网格，再撤销。"
                )
            _unassign_operators(tx, grid)
            before = row_values(grid)
            grid.is_deleted = True
            tx.updated(
                grid,
                "grid.remove",
                f"撤销网格 {grid.name}",
                village_id=grid.village_id,
                before=before,
            )
            tx.changed(Change.GRIDS | Change.OPERATORS)

        return self.ledger.run(work)

    @staticmethod
    def _live_grid(tx: Tx, grid_id: str) -> Grid:
        grid = tx.session.get(Grid, grid_id)
        if grid is None or grid.is_deleted:
            raise NotFound("找不到这个网格，可能已被撤销。")
        authz.require_village(tx.actor, grid.village_id)
        return grid

    @staticmethod
    def _grid_info(tx: Tx, grid: Grid) -> GridInfo:
        count = tx.session.scalar(
            select(func.count())
            .select_from(Household)
            .where(Household.grid_id == grid.id, Household.status == "active")
        )
        return GridInfo(grid.id, grid.village_id, grid.name, grid.note, count or 0)

    def grids(self, village_id: str) -> builtins.list[GridInfo]:
        with self.ledger.read() as s:
            counts = dict(
                s.execute(
                    select(Household.grid_id, func.count())
                    .where(Household.village_id == village_id, Household.status == "active")
                    .group_by(Household.grid_id)
                ).all()
            )
            rows = s.scalars(
                select(Grid)
                .where(Grid.village_id == village_id, ~Grid.is_deleted)
                .order_by(Grid.sort_order, Grid.name)
            )
            return [GridInfo(g.id, g.village_id, g.name, g.note, counts.get(g.id, 0)) for g in rows]

    def grid_by_name(self, village_id: str, name: str) -> GridInfo:
        for grid in self.grids(village_id):
            if grid.name == name.strip() or grid.id == name:
                return grid
        names = "、".join(g.name for g in self.grids(village_id)) or "（还没有网格）"
        raise NotFound(f"找不到网格“{name}”。本村的网格有：{names}。")


def _check_settings(available_policy: str | None, base_points: int | None) -> None:
    """Refuse an unknown 可用积分政策 or a 基础分 outside 0–1000 (None: left as it is)."""
    if available_policy is not None and available_policy not in POLICY_NAMES:
        raise ValidationError("可用积分政策只能是 carry_over（跨年结转）或 year_end（年底清零）。")
    if base_points is not None and not 0 <= base_points <= 1000:
        raise ValidationError("基础分应在0到1000之间。", field="base_points")


def _apply_settings(village: Village, changes: dict[str, Any]) -> None:
    """Set the given settings (None: left as it is); names are checked first."""
    for field, value in changes.items():
        if value is None:
            continue
        if field == "name":
            value = check_name(value, "村名")
        elif field == "township_name":
            value = _check_township(value)
        setattr(village, field, value)


def _unassign_operators(tx: Tx, grid: Grid) -> None:
    """Take a removed grid off every operator it was assigned to (audited per operator)."""
    for op in tx.session.scalars(select(Operator).where(Operator.village_id == grid.village_id)):
        grids = json.loads(op.grid_ids)
        if grid.id not in grids:
            continue
        before = row_values(op)
        op.grid_ids = json.dumps([g for g in grids if g != grid.id])
        tx.updated(
            op,
            "operator.update",
            f"网格“{grid.name}”撤销，{op.display_name}不再分到该网格",
            village_id=op.village_id,
            before=before,
        )
