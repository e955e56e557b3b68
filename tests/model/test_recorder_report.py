"""网格员考评 with known answers: two recorders in two grids (and a third with nothing
recorded), entries with and without evidence, recorded the next day or weeks late, approved,
rejected, pending and withdrawn, a 补记 and the year's base points; every figure of every line,
the households to visit, one grid, another period (the township: tests/sync/test_recorder_report_township.py)."""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass

import pytest
from sample_files import a_jpeg

from jifen_desktop.model import periods
from jifen_desktop.model.entry_checks import EntryDraft
from jifen_desktop.model.errors import PermissionDenied
from jifen_desktop.model.ledger import Ledger
from jifen_desktop.model.recorder_report import NO_RECORDER, RecorderLine, recorder_report

TODAY = dt.date.today()
PASSWORD = "secret-123"


def ago(days: int) -> dt.date:
    return TODAY - dt.timedelta(days=days)


@dataclass
class Recorded:
    """The world of the tests: who recorded what (see ``recorded``)."""

    a: Ledger  # 李建, recorder of 一组
    b: Ledger  # 杨超, recorder of 二组


def as_operator(world, username: str, name: str, grid_id: str) -> Ledger:
    world.ledger.operators.add(
        username, name, "recorder", PASSWORD, village_id=world.village.id, grid_ids=[grid_id]
    )
    return world.ledger.as_actor(world.ledger.operators.authenticate(username, PASSWORD))


@pytest.fixture
def recorded(world, tmp_path) -> Recorded:
    """一组: 001 王一, 002 王二, 003 王三 (nothing recorded); 二组: 101 李一, 102 李二, 103 李三
    (only a withdrawn entry). 李建 (一组) records three entries, 杨超 (二组) one and a 补记, the
    admin one in 二组; 高海波 is assigned 二组 and records nothing."""
    g1, g2 = world.grid1, world.grid2
    h = {n: world.household(n, head, g1) for n, head in (("001", "王一"), ("002", "王二"))}
    world.household("003", "王三", g1)
    h |= {n: world.household(n, head, g2) for n, head in (("101", "李一"), ("102", "李二"))}
    h["103"] = world.household("103", "李三", g2)
    a = as_operator(world, "wgy1", "李建", g1.id)
    b = as_operator(world, "wgy2", "杨超", g2.id)
    as_operator(world, "wgy3", "高海波", g2.id)
    photo = a_jpeg(tmp_path / "现场.jpg")

    def record(ledger: Ledger, number: str, code: str, day: dt.date, **kw: object):
        draft = EntryDraft(h[number].id, code, day, **kw)  # type: ignore[arg-type]
        return ledger.entries.record(world.village.id, draft).value

    on_time = record(a, "001", "B05", ago(1), evidence=(photo,))  # 1 day
    late = record(a, "002", "B04", ago(10))  # 10 days
    record(a, "001", "B06", ago(3))  # 3 days, still pending
    world.approve(on_time)
    world.reject("照片看不清", late)
    weeks = record(b, "101", "B05", ago(20), evidence=(photo,))  # 20 days
    world.approve(weeks)
    taken_back = record(b, "103", "B04", TODAY)
    b.entries.withdraw(taken_back.id, "户号记错")
    admin = world.ledger.as_actor(world.ledger.operators.authenticate("admin", PASSWORD))
    record(admin, "102", "B07", ago(2))  # the admin, 2 days, pending
    # 2025Q1 is posted: 杨超's entry for a day in it is a 补记, dated today.
    pub = world.ledger.publications.draft(world.village.id, "2025Q1", contact="村委会").value
    world.ledger.publications.post(pub.id, dt.date(2025, 4, 8), dt.date(2025, 4, 14))
    record(b, "101", "B04", dt.date(2025, 2, 10), late=True)
    world.ledger.entries.generate_base_points(world.village.id, TODAY.year)  # not a recorder's
    return Recorded(a, b)


def by_recorder(lines: tuple[RecorderLine, ...]) -> dict[tuple[str, str], RecorderLine]:
    return {(line.grid_name, line.recorder_name): line for line in lines}


def figures(line: RecorderLine) -> tuple[object, ...]:
    return (
        line.entries,
        line.late_entries,
        line.median_days,
        line.over_week,
        line.decided,
        line.rejected,
        line.with_evidence,
        line.to_visit,
    )


def test_every_figure_per_recorder_and_grid(world, recorded):
    report = recorder_report(world.ledger, periods.all_time(), world.village.id)
    lines = by_recorder(report.lines)
    assert list(lines) == [
        ("一组", "李建"),
        ("二组", "杨超"),
        ("二组", "管理员"),
        ("二组", "高海波"),
    ]
    li, yang, admin, gao = lines.values()
    # 李建: 1, 10 and 3 days (median 3, one over a week); one approved, one rejected; one photo
    assert figures(li) == (3, 0, 3, 1, 2, 1, 1, 1)
    assert (li.over_week_share, li.rejected_share, li.evidence_share) == (1 / 3, 1 / 2, 1 / 3)
    # 杨超: 20 days, and a 补记 counted apart; the withdrawn entry is not counted
    assert figures(yang) == (2, 1, 20, 1, 1, 0, 1, 1)
    assert (yang.timed, yang.over_week_share, yang.evidence_share) == (1, 1.0, 1 / 2)
    assert figures(admin) == (1, 0, 2, 0, 0, 0, 0, 1)
    assert admin.rejected_share is None  # nothing reviewed yet: no share, not 0 %
    assert figures(gao) == (0, 0, None, 0, 0, 0, 0, 1)
    assert (gao.over_week_share, gao.evidence_share) == (None, None)
    assert {line.village_name for line in report.lines} == {"张集村"}


def test_the_households_to_visit_are_those_with_nothing_recorded(world, recorded):
    report = recorder_report(world.ledger, periods.all_time(), world.village.id)
    visits = [(v.grid_name, v.number, v.head_name) for v in report.to_visit]
    assert visits == [("一组", "003", "王三"), ("二组", "103", "李三")]  # 103: only withdrawn
    assert [v.number for v in report.visits_of(world.village.id, world.grid2.id)] == ["103"]


def test_one_grid(world, recorded):
    report = recorder_report(world.ledger, periods.all_time(), world.village.id, world.grid1.id)
    assert [(line.grid_name, line.recorder_name) for line in report.lines] == [("一组", "李建")]
    assert [v.number for v in report.to_visit] == ["003"]


def test_a_period_with_nothing_recorded_lists_every_recorder_and_household(world, recorded):
    report = recorder_report(world.ledger, periods.year(TODAY.year - 3), world.village.id)
    assert {(line.grid_name, line.recorder_name) for line in report.lines} == {
        ("一组", "李建"),
        ("二组", "杨超"),
        ("二组", "高海波"),
    }
    assert all(line.entries == 0 and line.median_days is None for line in report.lines)
    assert len(report.to_visit) == 6
    # This quarter holds the 补记 (dated today) and the entries of the last days.
    quarter = recorder_report(world.ledger, periods.quarter_of(TODAY), world.village.id)
    yang = by_recorder(quarter.lines)["二组", "杨超"]
    assert yang.late_entries == 1


def test_a_grid_with_no_recorder_and_nothing_recorded_is_listed_with_nobody(world, recorded):
    grid = world.ledger.villages.add_grid(world.village.id, "三组").value
    world.household("201", "赵一", grid)
    report = recorder_report(world.ledger, periods.all_time(), world.village.id)
    assert by_recorder(report.lines)["三组", NO_RECORDER].to_visit == 1


def test_a_village_operator_sees_only_their_village(world, recorded):
    with pytest.raises(PermissionDenied):
        recorder_report(recorded.a, periods.all_time(), "another-village")
    mine = recorder_report(recorded.a, periods.all_time())  # the operator's own village
    assert len(mine.lines) == 4


def test_the_command_prints_the_figures_and_saves_both_sheets(
    world, recorded, tmp_path, monkeypatch, capsys
):
    import openpyxl

    from jifen_desktop.cli import main

    monkeypatch.setenv("JIFEN_DATA_DIR", str(world.ledger.folder))
    monkeypatch.setenv("JIFEN_USER", "admin")
    monkeypatch.setenv("JIFEN_PASSWORD", PASSWORD)

    def jifen(*argv: str) -> str:
        capsys.readouterr()
        assert main(list(argv)) in (0, None)
        return capsys.readouterr().out

    period = str(TODAY.year) if ago(20).year == TODAY.year else "all"
    data = json.loads(jifen("--json", "report", "recorders", "--period", period))
    li = data["lines"][0]
    assert (li["recorder_name"], li["entries"], li["median_days"], li["rejected_share"]) == (
        "李建",
        3,
        3,
        0.5,
    )
    text = jifen("report", "recorders", "--period", period, "--grid", "二组")
    assert "杨超" in text and "李建" not in text and re.search(r"二组 +103 +李三", text)
    assert "待走访农户（1 户）" in text
    out = tmp_path / "网格员考评.xlsx"
    jifen("report", "recorders", "--period", period, "--out", str(out))
    book = openpyxl.load_workbook(out)
    figures, visits = book["网格员考评"], book["待走访农户"]
    header = [c.value for c in figures[2]]
    first = dict(zip(header, [c.value for c in figures[3]], strict=True))
    assert (first["网格"], first["网格员"], first["记录数"], first["待走访户"]) == (
        "一组",
        "李建",
        3,
        1,
    )
    assert (
        first["审核驳回"] == 0.5
        and figures.cell(3, header.index("审核驳回") + 1).number_format == "0.0%"
    )
    assert [tuple(c.value for c in row) for row in visits.iter_rows(min_row=3)] == [
        ("一组", "003", "王三"),
        ("二组", "103", "李三"),
    ]
