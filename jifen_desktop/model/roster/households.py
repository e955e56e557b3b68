"""The households of a roster sheet, before the ledger is asked: the rows sharing a 户号, their
one head (户主 or 本人 in 与户主关系), one head name in the 户主 column, one grid among the
village's, one 登记日期, and no two rows of one person.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from .check import Person, Problems
from .rows import grid_key


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
    registered_on: dt.date | None = None  # None: the import's default day


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


def household_registered_on(
    number: str, people: Sequence[Person], problems: Problems
) -> dt.date | None:
    """The day the household's rows give (the head's row first); rows that give another day
    are problems (one household, one registration day)."""
    dated = [p for p in people if p.registered_on is not None]
    if not dated:
        return None
    chosen = next((p for p in dated if p.is_head), dated[0])
    for p in dated:
        if p.registered_on != chosen.registered_on:
            problems.add(
                p.row.row,
                "registered_on",
                f"同一户的登记日期不一致（第{chosen.row.row}行填{chosen.registered_on}，"
                f"这一行填{p.registered_on}）：一户只有一个登记日期，请改成一样的，"
                "或只在户主那一行填。",
                number,
            )
    return chosen.registered_on


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
    rows = [p.row.row for p in people]
    registered = household_registered_on(number, people, problems)
    return Household(number, people, head, grid, address, phone, rows, registered)
