"""The fixed lists a stored value is one of, each code with its Chinese name: household kinds
and statuses, member relations, operator roles, rule caps and directions, year-end policies.

Plain data with no database code, so the command line offers them in ``--help`` and checks
its options without loading SQLAlchemy; the service modules use (and re-export) them."""

from __future__ import annotations

# 农户 (households.py)
STATUS_NAMES = {"active": "在册", "moved_out": "迁出", "dissolved": "注销"}
KIND_NAMES = {"household": "农户", "unit": "单位"}

# 成员 (members.py)
MEMBER_STATUS_NAMES = {"present": "在户", "moved_out": "迁出", "deceased": "去世"}
RELATIONS = (
    "户主",
    "配偶",
    "子",
    "女",
    "儿媳",
    "女婿",
    "孙子",
    "孙女",
    "父亲",
    "母亲",
    "兄弟",
    "姐妹",
    "其他",
)

# 操作员 (tx.py)
ROLES = ("admin", "reviewer", "recorder", "viewer")
ROLE_NAMES = {"admin": "管理员", "reviewer": "审核人", "recorder": "记录员", "viewer": "只读"}

# 细则 (rules.py)
CAP_NAMES = {"each": "每次", "month": "当月", "year": "当年"}
DIRECTION_NAMES = {"add": "加分", "deduct": "扣分"}
APPLIES_NAMES = {"household": "农户", "unit": "单位", "all": "农户和单位"}  # all: 弄虚作假

# 村 (villages.py)
POLICY_NAMES = {"carry_over": "可用积分跨年结转", "year_end": "可用积分年底清零"}
