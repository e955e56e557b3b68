"""年度结转 (issue 17 item 2): each step of a village's year-end close, the whole run, running it
again (nothing twice), and going on after a run cut short; the honours with vetoed households
apart; the new year's base points withheld from vetoed households and from those with a
confirmed deduction the village marks as disqualifying, each with its reason in the audit log;
the archive's files really made and readable."""

from __future__ import annotations

import datetime as dt
import threading

import openpyxl
import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from jifen_desktop.model.base_points_lookup import WITHHOLD_ACTION
from jifen_desktop.model.calendar.honour_awards import HonourAwardService
from jifen_desktop.model.entry_checks import EntryDraft
from jifen_desktop.model.errors import Cancelled, ValidationError
from jifen_desktop.model.schema import AuditRow, Entry, PointExpiry
from jifen_desktop.model.year_close import HonourChoice, YearCloseService
from jifen_desktop.reports.year_close_run import YearClosePlan, run_year_close

YEAR = 2025
MEETING = dt.date(YEAR + 1, 1, 8)


@pytest.fixture
def village(world):
    """Four households in 2025: 001 the best, 002 next, 003 with a confirmed 违反村规民约
    deduction, 004 under a veto; one entry of November still pending; the store clears
    available points at year end."""
    led, vid = world.ledger, world.village.id
    hs = [world.household(f"00{i}", name) for i, name in enumerate("甲乙丙丁", 1)]
    led.entries.generate_base_points(vid, YEAR)
    done = [
        led.entries.record(vid, EntryDraft(h.id, code, dt.date(YEAR, 3, 1), points=pts)).value
        for h, code, pts in ((hs[0], "B05", None), (hs[1], "C06", None), (hs[2], "A16", -5))
    ]
    world.approve(*done)
    led.entries.record(vid, EntryDraft(hs[1].id, "B04", dt.date(YEAR, 11, 20)))
    led.vetoes.add(hs[3].id, "违法建房", dt.date(YEAR, 9, 1), dt.date(YEAR + 1, 2, 28))
    led.villages.update_settings(vid, available_policy="year_end")
    return hs


def test_status_lists_open_items_with_where_to_go(world, village):
    status = YearCloseService(world.ledger).status(world.village.id, YEAR)
    texts = [(i.kind, i.text, i.page) for i in status.open_items]
    assert ("review", "2025年11月还有 1 条记录待审核", "review") in texts
    assert [t for k, t, _ in texts if k == "quarter"] == [
        f"2025年第{q}季度：未公示，还没定稿" for q in (1, 2, 3, 4)
    ]
    assert all(i.advice.startswith(("请到", "公示期满")) for i in status.open_items)
    assert not status.done("open") and not status.done("honours")
    assert status.year_end_policy and status.expired is None and not status.blocked("expiry")


def test_honours_leave_the_vetoed_household_apart(world, village):
    service = YearCloseService(world.ledger)
    status = service.status(world.village.id, YEAR, HonourChoice(top_n=2))
    assert [r.number for r in status.honours.vetoed] == ["004"]
    named = HonourChoice(top_n=2).candidates(status.honours)
    assert [(r.number, basis.split("（")[0]) for r, basis in named] == [
        ("001", "前2名"),
        ("002", "前2名"),
    ]
    above = HonourChoice(how="above_average").candidates(status.honours)
    assert "004" not in {r.number for r, _ in above}
    with pytest.raises(ValidationError, match="没有“金牌”"):
        HonourChoice(how="grade", grade="金牌").candidates(status.honours)


def test_base_points_withhold_vetoed_and_disqualified_with_reasons_in_the_log(world, village):
    led, vid = world.ledger, world.village.id
    service = YearCloseService(led)
    assert "003" not in _withheld_numbers(service.status(vid, YEAR), village)
    service.set_withhold_rules(vid, ["A16"])
    status = service.status(vid, YEAR)
    assert status.withhold_rules == ("A16",)
    reasons = status.base.withhold
    assert reasons[village[2].id].startswith("上年有扣分：违反村规民约（2025-03-01，-5分）")
    assert reasons[village[3].id].startswith("一票否决：违法建房")
    assert status.base.to_give == 2
    result = service.give_base(vid, YEAR).value
    assert result.given == 2 and {label[:3] for label, _ in result.withheld} == {"003", "004"}
    with led.read() as s:
        logged = s.scalars(select(AuditRow.summary).where(AuditRow.action == WITHHOLD_ACTION)).all()
    assert any("003 丙" in t and "上年有扣分" in t for t in logged)
    assert any("004 丁" in t and "一票否决" in t for t in logged)
    assert service.status(vid, YEAR).done("base")
    with pytest.raises(ValidationError, match="不是本村的扣分项目"):
        service.set_withhold_rules(vid, ["B05"])
    assert led.verify().ok


def _withheld_numbers(status, households):
    numbers = {h.id: h.number for h in households}
    return {numbers[h] for h in status.base.withhold}


def _plan(tmp_path, **kw):
    values = dict(
        year=YEAR,
        meeting_on=MEETING,
        honour=HonourChoice(title="十星级文明户", top_n=2),
        archive_dir=tmp_path / "archive",
        backup_dir=tmp_path / "stick",
    )
    values.update(kw)
    return YearClosePlan(**values)


def _counts(led):
    with led.read() as s:
        return (
            s.scalar(select(func.count()).select_from(PointExpiry)),
            s.scalar(select(func.count()).where(Entry.kind == "base")),
            s.scalar(select(func.count()).where(AuditRow.action.startswith("entry.base_points"))),
            s.scalar(select(func.count()).where(AuditRow.action.startswith("year_close."))),
        )


def test_the_whole_run_then_again_changes_nothing(world, village, tmp_path):
    led, vid = world.ledger, world.village.id
    outcomes = run_year_close(led, vid, _plan(tmp_path))
    assert [o.step for o in outcomes] == ["honours", "expiry", "base", "archive", "backup"]
    assert all(o.done for o in outcomes), [o.text for o in outcomes]
    awards = HonourAwardService(led).list(vid, str(YEAR))
    assert [a.household_number for a in awards] == ["001", "002"]
    status = YearCloseService(led).status(vid, YEAR)
    assert all(status.done(s) for s in ("honours", "expiry", "base", "archive", "backup"))
    before = _counts(led)
    assert before[0] > 0 and before[3] == 2
    again = run_year_close(led, vid, _plan(tmp_path))
    assert all(o.done for o in again)
    assert "之前已记录" in again[0].text
    assert _counts(led) == before
    assert len(HonourAwardService(led).list(vid, str(YEAR))) == 2
    assert led.verify().ok


def test_archive_files_are_made_and_readable(world, village, tmp_path):
    led, vid = world.ledger, world.village.id
    led.publications.draft(vid, f"{YEAR}Q1")
    pub = led.publications.list(vid, YEAR)[0]
    led.publications.post(pub.id, dt.date(YEAR, 4, 5), dt.date(YEAR, 4, 11))
    outcomes = run_year_close(led, vid, _plan(tmp_path, backup_dir=None))
    archive = YearCloseService(led).status(vid, YEAR).archive
    folder = tmp_path / "archive" / f"{world.village.name}{YEAR}年度档案"
    assert archive is not None and archive.where == str(folder)
    names = sorted(p.name for p in folder.iterdir())
    assert names == sorted(archive.files)
    assert f"{YEAR}积分台账.xlsx" in names and f"{YEAR}户积分卡.pdf" in names
    assert f"{YEAR}Q1公示表.pdf" in names and f"{YEAR}-03审核会议记录.pdf" in names
    sheet = openpyxl.load_workbook(folder / f"{YEAR}积分台账.xlsx", read_only=True).active
    assert sheet.max_row > 5
    assert len(PdfReader(folder / f"{YEAR}户积分卡.pdf").pages) >= 4
    for name in names:
        if name.endswith(".pdf"):
            assert len(PdfReader(folder / name).pages) >= 1, name
    archive_text = outcomes[3].text
    assert "2025年第2季度没有张贴的公示" in archive_text and "1月没有开审核会" in archive_text
    assert outcomes[4].text.startswith("本次不备份") and not outcomes[4].done


def test_a_run_cut_short_goes_on_where_it_stopped(world, village, tmp_path):
    led, vid = world.ledger, world.village.id
    stop = threading.Event()

    def progress(fraction: float, message: str) -> None:
        if "户积分卡" in message:  # the laptop goes off once the cards are written
            stop.set()

    with pytest.raises(Cancelled):
        run_year_close(led, vid, _plan(tmp_path), progress=progress, cancel=stop)
    status = YearCloseService(led).status(vid, YEAR)
    assert status.done("honours") and status.done("expiry") and status.done("base")
    assert not status.done("archive") and not status.done("backup")
    folder = tmp_path / "archive" / f"{world.village.name}{YEAR}年度档案"
    kept = {p.name: p.stat().st_mtime_ns for p in folder.iterdir()}
    assert set(kept) == {f"{YEAR}积分台账.xlsx", f"{YEAR}户积分卡.pdf"}
    counts = _counts(led)
    outcomes = run_year_close(led, vid, _plan(tmp_path))
    assert all(o.done for o in outcomes)
    assert (folder / f"{YEAR}积分台账.xlsx").stat().st_mtime_ns == kept[f"{YEAR}积分台账.xlsx"]
    assert _counts(led)[:3] == counts[:3]
    assert YearCloseService(led).status(vid, YEAR).done("backup")
    assert led.verify().ok


def test_steps_of_a_year_not_over_wait_for_january(world, village):
    this_year = dt.date.today().year
    status = YearCloseService(world.ledger).status(world.village.id, this_year)
    assert status.base is None
    assert (
        status.blocked("base")
        == f"{this_year + 1}年度基础分要到{this_year + 1}年1月1日以后才能发。"
    )
    assert "1月1日以后" in status.blocked("expiry")
