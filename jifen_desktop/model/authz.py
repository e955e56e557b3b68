"""Who may do what. The services call these; the screens only follow them."""

from __future__ import annotations

from .errors import PermissionDenied
from .tx import ROLE_NAMES, Actor

READ_ROLES = ("admin", "reviewer", "recorder", "viewer")
RECORD_ROLES = ("admin", "reviewer", "recorder")
REVIEW_ROLES = ("admin", "reviewer")
ADMIN_ROLES = ("admin",)

_ACTION_NAMES = {
    RECORD_ROLES: "录入积分",
    REVIEW_ROLES: "审核",
    ADMIN_ROLES: "管理设置",
}


def require(actor: Actor, roles: tuple[str, ...], what: str | None = None) -> None:
    """Refuse unless the actor's role is one of ``roles``."""
    if actor.role in roles:
        return
    doing = what or _ACTION_NAMES.get(roles, "此操作")
    allowed = "、".join(ROLE_NAMES[r] for r in roles)
    raise PermissionDenied(
        f"当前操作员“{actor.display_name}”（{ROLE_NAMES.get(actor.role, actor.role)}）无权{doing}，"
        f"需要{allowed}权限，请换用有权限的操作员登录。"
    )


def require_village(actor: Actor, village_id: str) -> None:
    """Operators of one village may not touch another village's data."""
    if actor.village_id is not None and actor.village_id != village_id:
        raise PermissionDenied("当前操作员不属于这个村，无权查看或修改其数据。")


def can_see_grid(actor: Actor, grid_id: str | None) -> bool:
    """A recorder works only in the grids assigned to them; other roles see every grid."""
    if actor.role != "recorder":
        return True
    return grid_id is not None and grid_id in actor.grid_ids


def require_grid(actor: Actor, grid_id: str | None, household_label: str) -> None:
    if not can_see_grid(actor, grid_id):
        raise PermissionDenied(
            f"户“{household_label}”不在您负责的网格内，记录员只能为自己网格的农户录入；"
            "如需代录请联系管理员调整网格分工。"
        )
