"""The demo village's households registered as a village does at the start: the roster
(花名册) imported in one go through ``ledger.roster`` (the same checks and audit rows as the
花名册导入 dialog: household.create and member.create), then the households that came later
and the units one by one through the registration form's service (``ledger.households.add``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..model.errors import ValidationError
from ..model.roster.ledger import LedgerSide
from ..model.roster.rows import RosterRow
from . import names
from .constants import VILLAGE_NAME

if TYPE_CHECKING:
    from .flow import _Account
    from .village import DemoVillage


def register(demo: DemoVillage) -> None:
    """Every account registered, with its ledger id and its people's member ids."""
    start = min(a.registered_on for a in demo.accounts)
    rows: list[RosterRow] = []
    on_sheet = 0
    for a in demo.accounts:  # the same draws, in the same order, as one by one
        address, phone = _address_and_phone(demo, a)
        if a.kind == "household" and a.registered_on == start:
            on_sheet += 1
            rows += _rows(a, demo.grids[a.grid][1], address, phone, len(rows) + 2)
        else:
            a.id = _add(demo, a, address, phone)
    demo.progress(0.05, "正在导入花名册…")
    result = demo.admin.roster.apply(demo.village_id, rows, skip_invalid=False).value
    if result.households_written != on_sheet:
        raise ValidationError(f"演示村花名册只导入了 {result.households_written} 户。")
    _take_ids(demo)


def _address_and_phone(demo: DemoVillage, a: _Account) -> tuple[str, str]:
    address = f"{VILLAGE_NAME}{demo.grids[a.grid][1]}{demo.rng.randint(1, 120)}号"
    return address, (a.people[0].phone if a.people else "") or demo.people.phone()


def _rows(a: _Account, grid: str, address: str, phone: str, first_row: int) -> list[RosterRow]:
    """The household's people as the roster's rows (the head first, with the household's
    phone)."""
    return [
        RosterRow(
            row=first_row + i,
            number=a.number,
            head=a.head_name,
            name=p.name,
            relation=p.relation,
            gender=p.gender,
            birth_date=p.birth.isoformat(),
            id_number=p.id_number,
            phone=phone if i == 0 else p.phone,
            grid=grid,
            address=address,
            party="是" if p.party else "否",
            registered_on=a.registered_on.isoformat(),
        )
        for i, p in enumerate(a.people)
    ]


def _add(demo: DemoVillage, a: _Account, address: str, phone: str) -> str:
    """A household that came later, or a unit, through the registration form's service."""
    details = [names.member_fields(p) for p in a.people]
    head = (
        {k: v for k, v in details[0].items() if k not in ("name", "relation")} if details else None
    )
    return demo.admin.households.add(
        demo.village_id,
        a.number,
        a.head_name,
        grid_id=demo.grids[a.grid][0],
        address=address,
        phone=phone,
        registered_on=a.registered_on,
        kind=a.kind,
        unit_name=a.unit_name,
        head_details=head,
        members=details[1:],
    ).value.id


def _take_ids(demo: DemoVillage) -> None:
    """The ledger's ids of the households and their members, read in one go."""
    with demo.admin.read() as session:
        side = LedgerSide.load(session, demo.village_id)
    for a in demo.accounts:
        a.id = a.id or side.households[a.number].id
        by_id_number = {m.id_number: m.id for m in side.members.get(a.id, [])}
        for p in a.people:
            p.id = by_id_number[p.id_number]
