"""Operators (操作员): logging in, roles (admin / reviewer / recorder / viewer), the grids a
recorder works in, and passwords hashed with scrypt."""

from __future__ import annotations

import builtins
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import ColumnElement, func, select, true
from sqlalchemy.orm import Session

from . import authz, text_fields
from .errors import NotFound, PermissionDenied, ValidationError
from .login_throttle import LoginThrottle, LoginThrottled
from .passwords import hash_password, verify_password
from .schema import Grid, Operator, Replica
from .tx import ROLE_NAMES, ROLES, Actor, Change, Op, Tx, row_values

if TYPE_CHECKING:
    from .ledger import Ledger

MIN_PASSWORD = 6


@dataclass(frozen=True)
class OperatorInfo:
    id: str
    username: str
    display_name: str
    role: str
    village_id: str | None
    grid_ids: tuple[str, ...]
    active: bool

    @property
    def role_name(self) -> str:
        return ROLE_NAMES[self.role]


def operator_info(o: Operator) -> OperatorInfo:
    return OperatorInfo(
        o.id,
        o.username,
        o.display_name,
        o.role,
        o.village_id,
        tuple(json.loads(o.grid_ids)),
        o.active,
    )


def check_username(username: str) -> str:
    """A username, trimmed: 2 to 32 Chinese characters, letters, digits, ``_``, ``.`` or ``-``."""
    username = username.strip()
    if not re.fullmatch(r"[A-Za-z0-9_.\-\u4e00-\u9fff]{2,32}", username):
        raise ValidationError(
            "用户名应为2到32个字，只用汉字、字母、数字、下划线或点。", field="username"
        )
    return username


def _check_display_name(name: str, *, required: bool = True) -> str:
    return text_fields.clean_name(name, "姓名", field="display_name", required=required)


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise ValidationError(f"密码太短，至少{MIN_PASSWORD}位。", field="password")


def _wrong_password(message: str, wait: float) -> PermissionDenied:
    """The refusal of a wrong password; when it starts a wait, the wait instead of the advice."""
    return LoginThrottled(wait) if wait > 0 else PermissionDenied(message)


def local_operators(session: Session) -> ColumnElement[bool]:
    """The operators who work on this database. A township database also holds the villages'
    operators (they came in bundles, for the names on records); they cannot log in there."""
    if session.scalar(select(Replica.mode)) == "township":
        return Operator.village_id.is_(None)
    return true()


def _by_username(session: Session, username: str) -> Operator | None:
    """The operator with this username; should two laptops have given it out, the active one
    changed last (the clash is listed on the 同步 page)."""
    return session.scalars(
        select(Operator)
        .where(Operator.username == username, local_operators(session))
        .order_by(Operator.active.desc(), Operator.hlc.desc())
    ).first()


class OperatorService:
    def __init__(self, ledger: Ledger) -> None:
        self.ledger = ledger

    @property
    def throttle(self) -> LoginThrottle:
        return LoginThrottle(self.ledger.folder)

    def authenticate(self, username: str, password: str) -> Actor:
        """The operator for this name and password. Refused while the name must wait after
        too many wrong passwords (``login_throttle``); a name that is no operator here takes
        the same scrypt time as a wrong password, so the answer does not tell who exists."""
        username = username.strip()
        wait = self.throttle.attempt(username)
        with self.ledger.read() as s:
            op = _by_username(s, username)
        if not verify_password(password, op.password_hash if op else None) or op is None:
            raise _wrong_password("用户名或密码不对，请重新输入；忘记密码请找管理员重设。", wait)
        self.throttle.succeeded(username)
        if not op.active:
            raise PermissionDenied(f"操作员“{op.display_name}”已停用，请找管理员。")
        return Actor(
            op.id,
            op.username,
            op.display_name,
            op.role,
            op.village_id,
            frozenset(json.loads(op.grid_ids)),
        )

    def count(self) -> int:
        with self.ledger.read() as s:
            stmt = select(func.count()).select_from(Operator).where(local_operators(s))
            return s.scalar(stmt) or 0

    def add(
        self,
        username: str,
        display_name: str,
        role: str,
        password: str,
        *,
        village_id: str | None,
        grid_ids: Sequence[str] = (),
    ) -> Op[OperatorInfo]:
        authz.require(self.ledger.actor, authz.ADMIN_ROLES, "添加操作员")
        username = check_username(username)
        _check_role(role)
        _check_password(password)
        display_name = _check_display_name(display_name, required=False) or username

        def work(tx: Tx) -> OperatorInfo:
            _check_username_free(tx.session, username)
            self._check_grids(tx, village_id, grid_ids)
            op = Operator(
                village_id=village_id,
                username=username,
                display_name=display_name,
                role=role,
                password_hash=hash_password(password),
                grid_ids=json.dumps(list(grid_ids)),
                active=True,
            )
            tx.created(
                op,
                "operator.create",
                f"添加操作员 {op.display_name}（{ROLE_NAMES[role]}）",
                village_id=village_id,
            )
            tx.changed(Change.OPERATORS)
            return operator_info(op)

        return self.ledger.run(work)

    def update(
        self,
        username: str,
        *,
        role: str | None = None,
        grid_ids: Sequence[str] | None = None,
        active: bool | None = None,
        display_name: str | None = None,
    ) -> Op[OperatorInfo]:
        authz.require(self.ledger.actor, authz.ADMIN_ROLES, "修改操作员")
        if role is not None and role not in ROLES:
            raise ValidationError("角色不认识。", field="role")

        def work(tx: Tx) -> OperatorInfo:
            op = self._load(tx, username)
            before = row_values(op)
            if role is not None:
                op.role = role
            if grid_ids is not None:
                self._check_grids(tx, op.village_id, grid_ids)
                op.grid_ids = json.dumps(list(grid_ids))
            if active is not None:
                op.active = active
            if display_name:
                op.display_name = _check_display_name(display_name)
            self._keep_an_admin(tx, op)
            tx.updated(
                op,
                "operator.update",
                f"修改操作员 {op.display_name}",
                village_id=op.village_id,
                before=before,
            )
            tx.changed(Change.OPERATORS)
            return operator_info(op)

        return self.ledger.run(work)

    def set_password(
        self, username: str, new_password: str, old_password: str | None = None
    ) -> Op[None]:
        """An operator changes their own password (old one needed, and a wrong one counts as
        a wrong login); an admin resets anyone's, which also ends their wait."""
        actor = self.ledger.actor
        own = actor.username == username
        if not own:
            authz.require(actor, authz.ADMIN_ROLES, "重设别人的密码")
        _check_password(new_password)
        checks_old = own and actor.id is not None
        wait = self.throttle.attempt(username) if checks_old else 0.0

        def work(tx: Tx) -> None:
            op = self._load(tx, username)
            if checks_old and (
                old_password is None or not verify_password(old_password, op.password_hash)
            ):
                raise _wrong_password("原密码不对，不能修改密码。", wait)
            op.password_hash = hash_password(new_password)
            tx.stamp(op)
            tx.audit(
                "operator.password",
                "operator",
                op.id,
                f"修改操作员 {op.display_name} 的密码",
                village_id=op.village_id,
                after=row_values(op),
            )
            tx.changed(Change.OPERATORS)

        done = self.ledger.run(work)
        self.throttle.succeeded(username)
        return done

    def set_grid_recorders(self, grid_id: str, usernames: Sequence[str]) -> Op[int]:
        """Make exactly these recorders work in a grid (others leave it), in one transaction.
        Each recorder keeps their other grids. Returns how many operators changed."""
        authz.require(self.ledger.actor, authz.ADMIN_ROLES, "安排网格员")
        wanted = set(usernames)

        def work(tx: Tx) -> int:
            grid = tx.session.get(Grid, grid_id)
            if grid is None or grid.is_deleted:
                raise NotFound("找不到这个网格，可能已被撤销。")
            authz.require_village(tx.actor, grid.village_id)
            known = set()
            changed = 0
            for op in tx.session.scalars(
                select(Operator).where(Operator.village_id == grid.village_id)
            ):
                known.add(op.username)
                changed += _place_in_grid(tx, op, grid, op.username in wanted)
            missing = wanted - known
            if missing:
                raise NotFound(f"找不到操作员“{'、'.join(sorted(missing))}”。")
            tx.changed(Change.OPERATORS)
            return changed

        return self.ledger.run(work)

    def list(self) -> builtins.list[OperatorInfo]:
        authz.require(self.ledger.actor, authz.READ_ROLES)
        with self.ledger.read() as s:
            stmt = select(Operator).where(local_operators(s)).order_by(Operator.username)
            return [operator_info(o) for o in s.scalars(stmt)]

    @staticmethod
    def _load(tx: Tx, username: str) -> Operator:
        op = _by_username(tx.session, username)
        if op is None:
            raise NotFound(f"找不到操作员“{username}”。")
        return op

    @staticmethod
    def _check_grids(tx: Tx, village_id: str | None, grid_ids: Sequence[str]) -> None:
        for grid_id in grid_ids:
            grid = tx.session.get(Grid, grid_id)
            if grid is None or grid.village_id != village_id:
                raise NotFound("分配的网格不在这个村，请重新选择。", field="grid_ids")

    @staticmethod
    def _keep_an_admin(tx: Tx, changed: Operator) -> None:
        tx.session.flush()
        if not _active_admins(tx.session):
            raise ValidationError("至少要保留一个启用的管理员，否则没人能管理设置。")


def _active_admins(session: Session) -> int:
    """How many active admins the ledger has."""
    stmt = select(func.count()).select_from(Operator)
    return session.scalar(stmt.where(Operator.role == "admin", Operator.active)) or 0


def _place_in_grid(tx: Tx, op: Operator, grid: Grid, wanted: bool) -> int:
    """Put ``op`` in ``grid`` (``wanted``: a recorder only) or take them out of it, keeping
    their other grids; 1 when that changed them (with its audit row), else 0."""
    grids = json.loads(op.grid_ids)
    keep = [g for g in grids if g != grid.id]
    if wanted:
        if op.role != "recorder":
            raise ValidationError(f"“{op.display_name}”不是记录员（网格员），不能安排到网格。")
        keep.append(grid.id)
    if keep == grids:
        return 0
    before = row_values(op)
    op.grid_ids = json.dumps(keep)
    tx.updated(
        op,
        "operator.update",
        f"网格“{grid.name}”的网格员：{op.display_name}" + ("加入" if wanted else "离开"),
        village_id=op.village_id,
        before=before,
    )
    return 1


def _check_role(role: str) -> None:
    """Refuse a role that is not one of ROLES, naming those there are."""
    if role not in ROLES:
        names = "、".join(f"{r}（{ROLE_NAMES[r]}）" for r in ROLES)
        raise ValidationError(f"角色只能是：{names}。", field="role")


def _check_username_free(session: Session, username: str) -> None:
    if _by_username(session, username) is not None:
        raise ValidationError(f"用户名“{username}”已被占用。", field="username")
