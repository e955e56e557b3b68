"""Checking a roster against itself: every cell of a row (name, ID number, date, gender …) and
every household of the sheet (one head, one head name, one grid, no two rows for one person).
What the ledger already holds is compared in ``roster_plan.py``.

Each problem names the sheet row, the column (under the village's own header) and what to do,
in Chinese. A problem that does not block (an unknown relation imported as 其他) is a note.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from . import idcard
from .errors import ValidationError
from .members import RELATIONS
from .roster_rows import (
    FIELDS,
    RosterRow,
    RosterSheet,
    gender_of,
    grid_key,
    is_head,
    parse_date,
    party_of,
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


@dataclass(frozen=True)
class RosterProblem:
    """One thing wrong in the sheet: its row (as Excel numbers it), column header, message."""

    row: int
    column: str
    message: str
    household: str = ""
    blocking: bool = True


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
        }
        return {k: v for k, v in values.items() if v not in ("", None)}


def read_person(r: RosterRow, problems: Problems, today: dt.date) -> Person:
    number, name = r.number.strip(), r.name.strip()

    def bad(column: str, message: str, *, blocking: bool = True) -> None:
        problems.add(r.row, column, message, number, blocking=blocking)

    if not name:
        bad("name", "没有填姓名：请填上这个人的姓名，或删去这一行。")
    elif len(name) > 64:
        bad("name", "姓名太长（最多64个字）：请核对。")
    if not number:
        bad(
            "number",
            f"{name or '这一行'}没有户号，不知道属于哪一户：请填上户号（同一户的人填同一个户号）。",
        )
    elif len(number) > 32:
        bad("number", "户号太长（最多32个字）：请核对。")
    relation, known = relation_of(r.relation)
    if not known:
        bad(
            "relation",
            f"与户主关系“{r.relation.strip()}”不认识，导入时记为“其他”；可填：{'、'.join(RELATIONS)}。",
            blocking=False,
        )
    gender = gender_of(r.gender)
    if gender is None:
        bad("gender", f"性别“{r.gender.strip()}”不认识：请填“男”或“女”。")
    birth = _birth_date(r, bad, today)
    id_number = _id_number(r, bad)
    if id_number:
        gender, birth = _agree_with_id(id_number, gender or "", birth, bad)
    head = is_head(r.relation) or (not r.relation.strip() and bool(name) and name == r.head.strip())
    return Person(
        r,
        number,
        name,
        r.head.strip(),
        "户主" if head else relation,
        gender or "",
        birth,
        id_number,
        r.phone.strip(),
        party_of(r.party),
        head,
        r.grid.strip(),
        r.address.strip(),
    )


def _birth_date(r: RosterRow, bad: BadCell, today: dt.date) -> dt.date | None:
    text = r.birth_date.strip()
    if not text:
        return None
    try:
        born = parse_date(text)
    except ValueError:
        bad("birth_date", f"出生日期“{text}”看不懂：请写成 1980-01-02 这样的日期。")
        return None
    if born > today:
        bad("birth_date", f"出生日期{born}晚于今天：请核对。")
    return born


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


def find_head(number: str, people: Sequence[Person], problems: Problems) -> Person | None:
    """The household's head row; a second one is a problem (none is, for a new household:
    ``report_missing_head``)."""
    heads = [p for p in people if p.is_head]
    for extra in heads[1:]:
        problems.add(
            extra.row.row,
            "relation",
            f"户号 {number} 有两个户主（第{heads[0].row.row}行{heads[0].name}、"
            f"第{extra.row.row}行{extra.name}）：一户只能有一个户主；如果是两户，请给其中一户换个户号。",
            number,
        )
    return heads[0] if heads else None


def report_missing_head(household: Household, problems: Problems) -> None:
    problems.add(
        household.rows[0],
        "relation",
        f"户号 {household.number} 没有户主：请在这一户户主的那一行把“与户主关系”填为“户主”。",
        household.number,
    )


def check_head_names(
    number: str, people: Sequence[Person], head: Person | None, problems: Problems
) -> None:
    """Rows of one number naming different heads: two households share the number."""
    named = [p for p in people if p.head_name]
    expected = head.name if head else (named[0].head_name if named else "")
    for p in named:
        if p.head_name != expected:
            problems.add(
                p.row.row,
                "head",
                f"户号 {number} 在表中用于两户（户主“{expected}”和“{p.head_name}”）："
                "同一户号只能是一户，请给其中一户换个户号。",
                number,
            )


def check_same_people(number: str, people: Sequence[Person], problems: Problems) -> None:
    """Two rows of one household with one name and nothing to tell them apart."""
    seen: dict[str, Person] = {}
    for p in people:
        first = seen.setdefault(p.name, p) if p.name else p
        if first is not p and not (p.id_number and first.id_number):
            problems.add(
                p.row.row,
                "name",
                f"同一户里第{first.row.row}行也叫“{p.name}”：如是两个人，请填上各自的身份证号；"
                "如是重复的行，请删去一行。",
                number,
            )


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


def household_grid(
    number: str, people: Sequence[Person], grids: dict[str, tuple[str, str]], problems: Problems
) -> tuple[str, str] | None:
    """The grid (id, name) the household's rows name; unknown or disagreeing names are problems."""
    named = [p for p in people if p.grid]
    if not named:
        return None
    chosen = next((p for p in named if p.is_head), named[0])
    for p in named:
        if grid_key(p.grid) != grid_key(chosen.grid):
            problems.add(
                p.row.row,
                "grid",
                f"同一户的网格不一致（第{chosen.row.row}行填“{chosen.grid}”，这一行填“{p.grid}”）："
                "一户只属于一个网格，请改成一样的。",
                number,
            )
    found = grids.get(grid_key(chosen.grid))
    if found is None:
        known = "、".join(name for _id, name in grids.values())
        where = f"本村的网格有：{known}。请改成其中之一，或" if known else "本村还没有网格，请"
        problems.add(
            chosen.row.row,
            "grid",
            f"网格“{chosen.grid}”不是本村的网格；{where}先在“设置 › 网格”里添加这个网格。",
            number,
        )
    return found


@dataclass
class Household:
    """What the sheet says about one household (before comparing with the ledger)."""

    number: str
    people: list[Person]
    head: Person | None
    grid: tuple[str, str] | None
    address: str = ""
    phone: str = ""
    rows: list[int] = field(default_factory=list)


def read_household(
    number: str, people: list[Person], grids: dict[str, tuple[str, str]], problems: Problems
) -> Household:
    head = find_head(number, people, problems)
    check_head_names(number, people, head, problems)
    check_same_people(number, people, problems)
    grid = household_grid(number, people, grids, problems)
    first = [head, *people] if head else people
    address = next((p.address for p in first if p and p.address), "")
    phone = head.phone if head else ""
    return Household(number, people, head, grid, address, phone, [p.row.row for p in people])
