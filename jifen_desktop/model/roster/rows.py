"""The rows of a roster (花名册) as the import sees them, and how a clerk's spellings of a cell
become the ledger's values: relations (本人 → 户主, 妻子 → 配偶 …), dates written as text, party
membership and 村干部 (from their own columns or a 身份 column naming them), gender and grid
names (1组 = 一组 = 第一村民小组).

A ``RosterRow`` holds the text of one sheet row, one person; reading the Excel file is the
reports layer's job (``jifen_desktop.reports.roster_read``), checking and applying the
model's (``roster.py``).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from ..members import RELATIONS

# The columns of a roster, in template order: field → the template's header.
FIELDS: dict[str, str] = {
    "number": "户号",
    "head": "户主",
    "name": "姓名",
    "relation": "与户主关系",
    "gender": "性别",
    "birth_date": "出生日期",
    "id_number": "身份证号",
    "phone": "联系电话",
    "grid": "网格/村民小组",
    "address": "住址",
    "party": "是否党员",
    "cadre": "是否村干部",
    "registered_on": "登记日期",
}

HEAD_RELATIONS = ("户主", "本人")

RELATION_SPELLINGS: dict[str, str] = {
    "本人": "户主",
    "妻": "配偶",
    "妻子": "配偶",
    "夫": "配偶",
    "丈夫": "配偶",
    "之妻": "配偶",
    "之夫": "配偶",
    "儿子": "子",
    "长子": "子",
    "次子": "子",
    "三子": "子",
    "独子": "子",
    "女儿": "女",
    "长女": "女",
    "次女": "女",
    "三女": "女",
    "独女": "女",
    "媳妇": "儿媳",
    "儿媳妇": "儿媳",
    "孙": "孙子",
    "外孙": "孙子",
    "外孙子": "孙子",
    "外孙女": "孙女",
    "父": "父亲",
    "母": "母亲",
    "兄": "兄弟",
    "弟": "兄弟",
    "哥哥": "兄弟",
    "弟弟": "兄弟",
    "姐": "姐妹",
    "妹": "姐妹",
    "姐姐": "姐妹",
    "妹妹": "姐妹",
}

_AFFIRM = ("是", "y", "yes", "√", "✓", "1", "true")
_YES = (*_AFFIRM, "党员", "中共党员", "预备党员", "中共预备党员")
_CADRE_WORDS = ("干部", "两委")
_IDENTITY_SEPARATORS = re.compile(r"[、,，/／;；\s]+")
_NO = ("否", "n", "no", "×", "0", "false", "无", "不是", "非党员", "群众", "团员", "共青团员")
_DATE_TEXT = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")
_NUMERALS = "零一二三四五六七八九"


@dataclass(frozen=True)
class RosterRow:
    """One person of a roster: the sheet row number (as Excel shows it) and the cells' text."""

    row: int
    number: str = ""
    head: str = ""
    name: str = ""
    relation: str = ""
    gender: str = ""
    birth_date: str = ""
    id_number: str = ""
    phone: str = ""
    grid: str = ""
    address: str = ""
    party: str = ""
    cadre: str = ""
    registered_on: str = ""
    identity: str = ""  # a 身份 column (党员、村干部 …): not a template column


@dataclass(frozen=True)
class RosterSheet:
    """The rows read from one sheet, and the header each field was found under there (problems
    are reported under the village's own header, e.g. 公民身份号码)."""

    rows: tuple[RosterRow, ...]
    headers: Mapping[str, str] = field(default_factory=dict)
    name: str = ""

    def header(self, field_name: str) -> str:
        return self.headers.get(field_name) or FIELDS[field_name]


def default_registered_on(today: dt.date) -> dt.date:
    """The registration day of a new household whose 登记日期 cell is empty: 1 January of the
    import's year. A village importing its roster in March has had these households all year
    (base points and participation count from January); a household that came later has its
    own day in the column."""
    return dt.date(today.year, 1, 1)


def relation_of(text: str) -> tuple[str, bool]:
    """The ledger's relation for a cell, and whether it was recognised (unknown → 其他)."""
    value = text.strip()
    if not value or value in RELATIONS:
        return value, True
    if value in RELATION_SPELLINGS:
        return RELATION_SPELLINGS[value], True
    return "其他", False


def is_head(text: str) -> bool:
    return text.strip() in HEAD_RELATIONS


def parse_date(text: str) -> dt.date:
    """1980-01-02, 1980/1/2, 1980.1.2, 1980年1月2日, 19800102 (and a time after them)."""
    value = text.strip()
    digits = re.fullmatch(r"(\d{4})(\d{2})(\d{2})", value)
    found = digits or _DATE_TEXT.match(value)
    if found is None:
        raise ValueError(value)
    year, month, day = (int(part) for part in found.groups())
    return dt.date(year, month, day)


def party_of(text: str) -> bool | None:
    """True or False for a 是否党员 / 政治面貌 cell; None when blank (nothing to say)."""
    value = text.strip().lower()
    if not value:
        return None
    if value in _YES:
        return True
    if value in _NO:
        return False
    return "党员" in value and not value.startswith(("非", "不"))


def cadre_of(text: str) -> bool | None:
    """True or False for a 是否村干部 cell (是, 村干部, 村两委成员 …); None when blank."""
    value = text.strip().lower()
    if not value:
        return None
    if value in _AFFIRM:
        return True
    return any(w in value for w in _CADRE_WORDS) and not value.startswith(("非", "不"))


def flags_of(row: RosterRow) -> tuple[bool | None, bool | None]:
    """(党员, 村干部) for a row: each from its own column when filled, else from a 身份 cell,
    which says yes to what it names (党员、村干部) and nothing about the rest (None)."""
    names = [n for n in _IDENTITY_SEPARATORS.split(row.identity.strip().lower()) if n]
    party = party_of(row.party) if row.party.strip() else _named(names, party_of)
    cadre = cadre_of(row.cadre) if row.cadre.strip() else _named(names, cadre_of)
    return party, cadre


def _named(names: list[str], reading: Callable[[str], bool | None]) -> bool | None:
    return True if any(reading(n) for n in names) else None


def gender_of(text: str) -> str | None:
    """男 or 女, "" when blank, None when the cell says something else."""
    value = text.strip().lower()
    if not value:
        return ""
    for gender, spellings in (
        ("男", ("男", "男性", "m", "male")),
        ("女", ("女", "女性", "f", "female")),
    ):
        if value in spellings:
            return gender
    return None


def grid_key(name: str) -> str:
    """What a grid name is compared by: 第一村民小组, 1组, 一组 and 一 组 are the same grid."""
    value = re.sub(r"\s+", "", name).removeprefix("第")
    value = value.replace("村民小组", "组").replace("小组", "组")
    return re.sub(r"\d+", lambda m: _chinese_number(int(m.group())), value)


def _chinese_number(n: int) -> str:
    if n >= 100:
        return str(n)
    tens, ones = divmod(n, 10)
    text = (_NUMERALS[tens] if tens > 1 else "") + ("十" if tens else "")
    return text + (_NUMERALS[ones] if ones or not tens else "")
