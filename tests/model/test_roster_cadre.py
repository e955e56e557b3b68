"""村干部 in a roster import (issue 21/22 follow-up): the template's 是否村干部 column, a village's
own 村干部 column, or a 身份 column naming 党员 and 村干部 set ``members.is_cadre`` (and
党员) the way 是否党员 is read; a blank cell says nothing and leaves a registered flag alone."""

from __future__ import annotations

from test_roster import person, write_xlsx

from jifen_desktop.model.roster.rows import FIELDS, RosterRow, cadre_of, flags_of
from jifen_desktop.reports.roster_read import read_roster


def flags(world, number: str) -> dict[str, tuple[bool, bool]]:
    h = world.ledger.households.by_number(world.village.id, number)
    return {m.name: (m.is_party_member, m.is_cadre) for m in world.ledger.members.list(h.id)}


def test_cells_and_identity_spellings():
    assert [cadre_of(t) for t in ("是", "村干部", "村两委成员", "否", "群众", "非干部", "")] == [
        True, True, True, False, False, False, None,
    ]  # fmt: skip
    assert flags_of(RosterRow(1, identity="党员、村干部")) == (True, True)
    assert flags_of(RosterRow(1, identity="村干部")) == (None, True)
    assert flags_of(RosterRow(1, identity="中共党员")) == (True, None)
    assert flags_of(RosterRow(1, identity="群众")) == (None, None)
    # The own columns win over a 身份 cell.
    assert flags_of(RosterRow(1, party="否", cadre="否", identity="党员 村干部")) == (False, False)


def test_template_column_sets_and_updates_the_flag(world, tmp_path):
    headers = list(FIELDS.values())
    assert "是否村干部" in headers
    first = [
        headers,
        person("0501", "甲", "甲", "户主", 是否村干部="是", 是否党员="是"),
        person("0501", "甲", "乙", "配偶", 是否村干部="否"),
        person("0501", "甲", "丙", "子"),
    ]
    sheet = read_roster(write_xlsx(tmp_path / "一.xlsx", first))
    world.ledger.roster.apply(world.village.id, sheet, skip_invalid=False)
    assert flags(world, "0501") == {"甲": (True, True), "乙": (False, False), "丙": (False, False)}
    again = [
        headers,
        person("0501", "甲", "甲", "户主"),  # blank: 甲 stays a cadre
        person("0501", "甲", "乙", "配偶", 是否村干部="村干部"),
        person("0501", "甲", "丙", "子", 是否村干部="否"),
    ]
    plan = world.ledger.roster.check(
        world.village.id, read_roster(write_xlsx(tmp_path / "二.xlsx", again))
    )
    assert plan.ok
    world.ledger.roster.apply(
        world.village.id, read_roster(tmp_path / "二.xlsx"), skip_invalid=False
    )
    assert flags(world, "0501") == {"甲": (True, True), "乙": (False, True), "丙": (False, False)}
    assert world.ledger.verify().ok


def test_a_village_sheet_with_a_shenfen_column(world, tmp_path):
    rows = [
        ["户号", "户主", "姓名", "与户主关系", "身份"],
        ["0601", "丁", "丁", "户主", "党员、村干部"],
        ["0601", "丁", "戊", "配偶", "村干部"],
        ["0601", "丁", "己", "女", "群众"],
    ]
    sheet = read_roster(write_xlsx(tmp_path / "身份.xlsx", rows))
    world.ledger.roster.apply(world.village.id, sheet, skip_invalid=False)
    assert flags(world, "0601") == {"丁": (True, True), "戊": (False, True), "己": (False, False)}
    assert world.ledger.verify().ok
