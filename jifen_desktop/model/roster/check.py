"""Checking the rows of a roster one by one: every cell (name, household number, ID number,
date, gender, relation …) read into the ledger's values, and no ID number on two rows. The
households of the sheet are checked in ``roster/households.py``, the ledger's side in
``roster/ledger.py``, and ``roster/plan.py`` puts them together.

Each problem names the sheet row, the column (under the village's own header) and what to do,
in Chinese. A problem that does not block (an unknown relation imported as 其他) is a note.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Protocol

from .. import idcard, periods, text_fields
from ..errors import ValidationError
from ..members import RELATIONS
from .report import RosterProblem
from .rows import (
    FIELDS,
    RosterRow,
    RosterSheet,
    flags_of,
    gender_of,
    is_head,
    parse_date,
    relation_of,
)

EXCEL_NUMBER_HINT = (
    "（如果表里把身份证号存成了数字，Excel只保留前15位，后面会变成0："
    "请把这一列设为“文本”格式后重新填写）"
)


FIELD_ORDER = list(FIELDS)


class BadCell(Protocol):
    """``bad(column, message, blocking=...)``: a problem on the row being read."""

    def __call__(self, column: str, message: str, *, blocking: bool = True) -> None: ...


class Problems:
    """The problems found so far, and which rows and households they make invalid."""

    def __init__(self, sheet: RosterSheet) -> None:
        self.sheet = sheet
        self._items: list[tuple[int, int, RosterProblem]] = []
        self.bad_rows: set[int] = set()
        self.bad_households: set[str] = set()

    def add(
        self, row: int, field: str, message: str, household: str = "", *, blocking: bool = True
    ) -> None:
        problem = RosterProblem(row, self.sheet.header(field), message, household, blocking)
        self._items.append((row, FIELD_ORDER.index(field), problem))
        if blocking:
            self.bad_rows.add(row)
            if household:
                self.bad_households.add(household)

    def sorted(self) -> tuple[RosterProblem, ...]:
        """By row, then in the template's column order."""
        return tuple(p for _row, _col, p in sorted(self._items, key=lambda i: i[:2]))


@dataclass
class Person:
    """A row read into the ledger's values (blank cells stay "" or None: nothing to say)."""

    row: RosterRow
    number: str
    name: str
    head_name: str
    relation: str
    gender: str
    birth_date: dt.date | None
    id_number: str
    phone: str
    is_party_member: bool | None
    is_head: bool = False
    grid: str = ""
    address: str = ""
    registered_on: dt.date | None = None
    is_cadre: bool | None = None

    def member_fields(self) -> dict[str, object]:
        """The values this row gives a member; blank cells are left out."""
        values = {
            "name": self.name,
            "relation": self.relation,
            "gender": self.gender,
            "birth_date": self.birth_date,
            "id_number": self.id_number,
            "phone": self.phone,
            "is_party_member": self.is_party_member,
            "is_cadre": self.is_cadre,
        }
        return {k: v for k, v in values.items() if v not in ("", None)}


def read_person(r: RosterRow, problems: Problems, today: dt.date) -> Person:
    number = _household_number(r, problems)

    def bad(column: str, message: str, *, blocking: bool = True) -> None:
        problems.add(r.row, column, message, number, blocking=blocking)

    name = _cleaned(
        bad, "name", r.name, lambda v: text_fields.clean_name(v, "姓名", required=False)
    )
    _name_and_number(name, r.name.strip() == "", number, bad)
    relation = _relation(r, bad)
    gender = gender_of(r.gender)
    if gender is None:
        bad("gender", f"性别“{r.gender.strip()}”不认识：请填“男”或“女”。")
    birth = _birth_date(r, bad, today)
    id_number = _id_number(r, bad)
    if id_number:
        gender, birth = _agree_with_id(id_number, gender or "", birth, bad)
    head_name = _cleaned(
        bad, "head", r.head, lambda v: text_fields.clean_name(v, "户主", required=False)
    )
    head = is_head(r.relation) or (not r.relation.strip() and bool(name) and name == head_name)
    party, cadre = flags_of(r)
    return Person(
        r,
        number,
        name,
        head_name,
        "户主" if head else relation,
        gender or "",
        birth,
        id_number,
        _cleaned(bad, "phone", r.phone, text_fields.clean_phone, blocking=False),
        party,
        head,
        r.grid.strip(),
        _cleaned(bad, "address", r.address, text_fields.clean_address, blocking=False),
        _registered_on(r, bad, today),
        cadre,
    )


def _household_number(r: RosterRow, problems: Problems) -> str:
    """The row's household number as the ledger keeps it (``０１０１`` is 0101); a number the
    ledger refuses is a problem, and the number as written still groups its rows."""
    text = r.number.strip()
    if not text:
        return ""
    try:
        return text_fields.clean_number(text)
    except ValidationError as exc:
        problems.add(r.row, "number", exc.message, text)
        return text


def _cleaned(
    bad: BadCell, column: str, value: str, clean: Callable[[str], str], *, blocking: bool = True
) -> str:
    """``clean(value)``; a value it refuses is a problem on the row and left blank (a phone or
    an address that is not ``blocking``: a note, and the person is imported without it)."""
    try:
        return clean(value)
    except ValidationError as exc:
        bad(column, exc.message + ("" if blocking else "导入时这一项留空。"), blocking=blocking)
        return ""


def _name_and_number(name: str, blank: bool, number: str, bad: BadCell) -> None:
    """A row needs a name (``blank``: the cell is empty) and a household number."""
    if blank:
        bad("name", "没有填姓名：请填上这个人的姓名，或删去这一行。")
    if not number:
        bad("number", _no_number(name))


def _no_number(name: str) -> str:
    """A row with no household number, in words, and what to fill in."""
    return f"{name or '这一行'}没有户号，不知道属于哪一户：请填上户号（同一户的人填同一个户号）。"


def _relation(r: RosterRow, bad: BadCell) -> str:
    """The relation to the head as we name it; one we do not know is imported as 其他, with a
    warning that lists the ones we know."""
    relation, known = relation_of(r.relation)
    if not known:
        bad("relation", _unknown_relation(r.relation), blocking=False)
    return relation


def _unknown_relation(text: str) -> str:
    """A relation we do not know, in words, with the ones we do."""
    return f"与户主关系“{text.strip()}”不认识，导入时记为“其他”；可填：{'、'.join(RELATIONS)}。"


def _birth_date(r: RosterRow, bad: BadCell, today: dt.date) -> dt.date | None:
    born = _read_birth_date(r.birth_date.strip(), bad)
    if born is not None and born > today:
        bad("birth_date", f"出生日期{born}晚于今天：请核对。")
    return born


def _read_birth_date(text: str, bad: BadCell) -> dt.date | None:
    """The date a 出生日期 cell gives (None when blank); one we cannot read is a problem."""
    if not text:
        return None
    try:
        return parse_date(text)
    except ValueError:
        bad("birth_date", f"出生日期“{text}”看不懂：请写成 1980-01-02 这样的日期。")
        return None


def _registered_on(r: RosterRow, bad: BadCell, today: dt.date) -> dt.date | None:
    """The household's 登记日期 as written (None when empty: the import's default day)."""
    text = r.registered_on.strip()
    if not text:
        return None
    try:
        day = periods.check_day(parse_date(text), "登记日期", "registered_on")
    except ValueError:
        bad(
            "registered_on",
            f"登记日期“{text}”看不懂：请写成 {today.year}-01-01 这样的日期，"
            "或留空（按导入时选的日期登记）。",
        )
        return None
    except ValidationError as exc:
        bad("registered_on", exc.message)
        return None
    if day > today:
        bad("registered_on", f"登记日期{day}晚于今天：只能登记已经在村里的户，请核对。")
        return None
    return day


def _id_number(r: RosterRow, bad: BadCell) -> str:
    text = r.id_number.strip()
    if not text:
        return ""
    try:
        return idcard.validate(text)
    except ValidationError as exc:
        digits = idcard.normalize(text)
        hint = EXCEL_NUMBER_HINT if len(digits) == 18 and digits.endswith("000") else ""
        bad("id_number", exc.message + hint)
        return ""


def _agree_with_id(
    id_number: str, gender: str, birth: dt.date | None, bad: BadCell
) -> tuple[str, dt.date]:
    """Gender and birth date as the ID number says; a cell that says otherwise is a problem."""
    born, sex = idcard.birth_date(id_number), idcard.gender(id_number)
    if birth and birth != born:
        bad("birth_date", f"出生日期{birth}与身份证号里的{born}不一致：请核对。")
    if gender and gender != sex:
        bad("gender", f"性别“{gender}”与身份证号不一致（第17位单数为男、双数为女）：请核对。")
    return sex, born


def by_household(people: Iterable[Person]) -> dict[str, list[Person]]:
    """The rows of each household number, in sheet order (rows with no number are left out)."""
    groups: dict[str, list[Person]] = {}
    for person in people:
        if person.number:
            groups.setdefault(person.number, []).append(person)
    return groups


def check_duplicate_ids(people: Iterable[Person], problems: Problems) -> None:
    """One ID number on two rows: both rows are wrong until the clerk says which is right."""
    first: dict[str, Person] = {}
    for p in people:
        if not p.id_number:
            continue
        other = first.setdefault(p.id_number, p)
        if other is p:
            continue
        for a, b in ((p, other), (other, p)):
            problems.add(
                a.row.row,
                "id_number",
                f"身份证号与第{b.row.row}行（{b.name}）重复：同一个人只能登记一次，请核对。",
                a.number,
            )
