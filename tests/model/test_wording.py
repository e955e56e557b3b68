"""The shared wording (model/wording.py): an entry's 说明, the 补记 headers, a ranking row's
grade and the display width, and that the CLI, the printouts and the screens use these and no
copies of their own."""

from __future__ import annotations

import dataclasses
import datetime as dt
import subprocess
import sys
from pathlib import Path

from jifen_desktop.model.calendar.honours import DEFAULT_GRADES
from jifen_desktop.model.entry_queries import EntryInfo
from jifen_desktop.model.rankings import RankRow
from jifen_desktop.model.wording import (
    LATE_HEADERS,
    NO_GRADE,
    display_width,
    entry_remark,
    grade_text,
    late_mark,
)

PACKAGE = Path(__file__).resolve().parents[2] / "jifen_desktop"
PLAIN = EntryInfo(
    id="e1",
    village_id="v1",
    household_id="h1",
    household_number="0101",
    household_name="王建国",
    member_id=None,
    member_name="",
    rule_code="B05",
    rule_name="参加义务劳动",
    category_name="公益",
    kind="normal",
    unit_points=5,
    quantity=1,
    points=5,
    occurred_on=dt.date(2026, 3, 5),
    place="",
    note="",
    source="recorder",
    status="approved",
    decision_reason="",
    decided_at=None,
    corrects_entry_id=None,
    reason="",
    batch_id=None,
    recorded_by=None,
    recorded_by_name="",
    recorded_at=dt.datetime(2026, 3, 5, 9),
    evidence_count=0,
    reversed=False,
)


def entry(**changes: object) -> EntryInfo:
    return dataclasses.replace(PLAIN, **changes)  # type: ignore[arg-type]


def test_a_plain_entry_has_no_remark():
    assert entry_remark(PLAIN) == ""


def test_the_remark_says_everything_in_one_order():
    late = entry(
        original_on=dt.date(2025, 12, 20),
        member_name="王小明",
        quantity=3,
        unit_points=2,
        place="村委会",
        note="打扫广场",
    )
    assert entry_remark(late) == ("补记，原日期 2025-12-20；成员 王小明；3×2分；村委会；打扫广场")
    reversal = entry(kind="reversal", reason="记错了户", reversed=True)
    assert entry_remark(reversal) == "冲正；已冲正；记错了户"
    rejected = entry(status="rejected", decision_reason="证据不足", kind="penalty", reason="虚报")
    assert entry_remark(rejected) == "弄虚作假扣分；理由：证据不足；虚报"


def test_the_head_is_not_named_again_as_the_member():
    assert entry_remark(entry(member_name="王建国")) == ""


def test_late_mark_and_headers():
    assert late_mark(dt.date(2026, 3, 5)) == "补记，原日期 2026-03-05"
    assert LATE_HEADERS == ("户号", "户主", "原日期", "补记日期", "事项", "分值", "原因")


def test_grade_text_is_a_dash_when_vetoed_or_ungraded():
    grades = list(DEFAULT_GRADES)
    row = RankRow(1, "h1", "0101", "王建国", "一组", 90, 0, 85)
    assert grade_text(row, grades) == "优秀"
    assert grade_text(dataclasses.replace(row, points=60), grades) == "合格"
    assert grade_text(dataclasses.replace(row, points=-5), grades) == "诫勉"
    assert grade_text(dataclasses.replace(row, vetoed=True), grades) == NO_GRADE == "—"
    assert grade_text(row, []) == NO_GRADE


def test_display_width_counts_wide_two_and_combining_marks_none():
    assert display_width("abc") == 3
    assert display_width("王建国") == 6
    assert display_width("（一组）") == 8
    assert display_width("ＡＢ") == 4  # full-width letters
    assert display_width("e\u0301") == 1  # é as e + combining acute
    assert display_width("") == 0


def test_importing_the_wording_loads_no_database_or_qt():
    code = (
        "import sys, jifen_desktop.model.wording; "
        "print(sorted(m for m in ('sqlalchemy', 'PySide6') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


# The audit row's description of a new entry: audit wording is engineer A's this session.
EXCUSED = {"model/entries.py"}


def test_no_copies_of_the_shared_wording_are_left():
    copies = {
        "补记，原日期 {": "an entry's 补记 mark: wording.late_mark",
        '"原日期", "补记日期"': "the 补记 headers: wording.LATE_HEADERS",
        "east_asian_width": "a display width: wording.display_width",
        'grade_of.get(r.household_id, "': "a ranking row's grade: wording.grade_text",
    }
    found = [
        f"{path.relative_to(PACKAGE)}: {why}"
        for path in PACKAGE.rglob("*.py")
        if path.name != "wording.py" and str(path.relative_to(PACKAGE)) not in EXCUSED
        for text, why in copies.items()
        if text in path.read_text(encoding="utf-8")
    ]
    assert found == []
