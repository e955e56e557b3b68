"""纸质检查表: the PDF of a grid holds that grid's households (names masked as the village
chooses) and the chosen items' headers, A4 portrait up to six items and landscape past that;
items a sheet cannot carry are refused in words; the ticks read back are checked as one batch
(a monthly item already recorded is refused, the rest would be recorded) and recorded as one
batch with their source and the inspectors' names."""

from __future__ import annotations

import datetime as dt

import pytest
from PIL import Image
from report_reading import page_sizes, pdf_text

from jifen_desktop.model import check_sheet
from jifen_desktop.model.check_sheet import SheetSource, build_sheet
from jifen_desktop.model.entry_checks import EntryDraft
from jifen_desktop.model.errors import ValidationError
from jifen_desktop.reports.check_sheet import write_check_sheet

TODAY = dt.date.today()
YEARLY = ["E01", "E02", "E03", "E05", "E06", "E07", "E10"]


@pytest.fixture
def grid_homes(world):
    return {
        "0101": world.household("0101", "王建国"),
        "0102": world.household("0102", "欧阳明"),
        "0201": world.household("0201", "李秀英", grid=world.grid2),
    }


def test_the_sheet_has_the_grids_households_and_the_items(world, grid_homes, tmp_path):
    out = tmp_path / "一组检查表.pdf"
    written = write_check_sheet(
        world.ledger, world.village.id, world.grid1.id, ["E08", "E05"], out, day=TODAY
    )
    text = "\n".join(pdf_text(out))
    assert written.rows == 2 and written.pages == 1
    assert page_sizes(out) == {(595, 842)}
    assert "0101" in text and "0102" in text and "0201" not in text  # the grid's own only
    assert "王*国" in text and "欧*明" in text and "王建国" not in text  # masked as the notice
    assert "E08" in text and "E05" in text and "+5分" in text and "+10分" in text
    assert "当月限一次" in text and "检查人（签名）" in text
    assert f"{TODAY.year}年{TODAY.month}月{TODAY.day}日" in text
    assert world.village.name in text and world.grid1.name in text


def test_more_than_six_items_print_landscape_and_full_names_when_not_masked(
    world, grid_homes, tmp_path
):
    world.ledger.villages.update_settings(world.village.id, mask_names=False)
    out = tmp_path / "sheet.pdf"
    write_check_sheet(world.ledger, world.village.id, world.grid1.id, YEARLY, out)
    text = "\n".join(pdf_text(out))
    assert page_sizes(out) == {(842, 595)}
    assert "王建国" in text and all(code in text for code in YEARLY)
    assert "______年____月____日" in text  # the check date written in by hand


@pytest.mark.parametrize(
    ("codes", "words"),
    [
        (["C18"], "分值是一个范围"),
        (["B01"], "不能直接录入"),
        (["E08", "F03"], "分开打两张"),
        (["E08", "e08"], "选了两次"),
        ([*YEARLY, "E08", "E11", "E12", "B02"], "最多 10 栏"),
        ([], "至少选一条"),
    ],
)
def test_items_a_sheet_cannot_carry_are_refused(world, grid_homes, codes, words):
    with pytest.raises(ValidationError, match=words):
        build_sheet(world.ledger, world.village.id, world.grid1.id, codes)


def test_ticks_are_checked_then_recorded_as_one_batch(world, grid_homes):
    led, village = world.ledger, world.village.id
    first, second = grid_homes["0101"], grid_homes["0102"]
    led.entries.record(village, EntryDraft(first.id, "E08", TODAY))  # this month's, already
    sheet = build_sheet(led, village, world.grid1.id, ["E08", "E05"], TODAY)
    ticks = [(first.id, "E08"), (first.id, "E05"), (second.id, "E08")]
    inspection = SheetSource("inspection", "张三、李四")
    drafts = check_sheet.drafts(sheet, ticks, TODAY, inspection)
    refused = check_sheet.refusals(led, village, drafts)
    assert refused[1:] == ["", ""] and "当月限一次" in refused[0]
    assert len(led.entries.list(village)) == 1  # checking wrote nothing
    recorded = check_sheet.record(led, village, drafts[1:]).value
    assert [(e.rule_code, e.household_id) for e in recorded] == [
        ("E05", first.id),
        ("E08", second.id),
    ]
    assert {e.source for e in recorded} == {"inspection"}
    assert all("张三、李四" in e.note and world.grid1.name in e.note for e in recorded)
    with pytest.raises(ValidationError, match="检查人"):
        check_sheet.drafts(sheet, ticks, TODAY, SheetSource("inspection", " "))


def test_an_item_asking_for_evidence_takes_the_signed_sheet(world, grid_homes, tmp_path):
    """D06 needs evidence: refused without it; with the photo of the signed sheet each entry
    has it attached (the file stored once)."""
    led, village = world.ledger, world.village.id
    led.rules.set_observations_without_evidence(village, False)  # a village that wants photos
    sheet = build_sheet(led, village, world.grid1.id, ["D06"], TODAY)
    ticks = [(grid_homes["0101"].id, "D06"), (grid_homes["0102"].id, "D06")]
    bare = check_sheet.drafts(sheet, ticks, TODAY, SheetSource())
    assert all("需要证明材料" in r for r in check_sheet.refusals(led, village, bare))
    photo = tmp_path / "signed.png"
    Image.new("RGB", (40, 30), "white").save(photo)
    scanned = check_sheet.drafts(sheet, ticks, TODAY, SheetSource(evidence=(photo,)))
    assert check_sheet.refusals(led, village, scanned) == ["", ""]
    recorded = check_sheet.record(led, village, scanned).value
    assert [e.source for e in recorded] == ["recorder", "recorder"]
    assert all(
        [f.file_name for f in led.entries.evidence(e.id)] == ["signed.png"] for e in recorded
    )
