"""光荣榜 and 奖状 read back: each household awarded appears once under its title, masked on the
poster (the village masks names) and whole on its own certificate; one certificate a page, A4
landscape; the poster A3 portrait; a lifted award and other titles left out; nothing awarded is
refused in Chinese; the ledger verifies clean after the awards."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from report_reading import LAST_YEAR, page_sizes, pdf_text

from jifen_desktop.model.calendar.honour_awards import HonourAwardService
from jifen_desktop.model.errors import ValidationError
from jifen_desktop.reports.card import write_card
from jifen_desktop.reports.common import NothingToPrint
from jifen_desktop.reports.honour_certificates import write_certificates
from jifen_desktop.reports.honour_poster import write_poster

MEETING = dt.date(LAST_YEAR, 12, 28)
A3_PORTRAIT = (842, 1191)
A4_LANDSCAPE = (842, 595)


@pytest.fixture
def awarded(printable):
    world, homes = printable.world, printable.households
    service = HonourAwardService(world.ledger)
    vid, year = world.village.id, str(LAST_YEAR)
    ids = [homes["0101"].id, homes["0102"].id, homes["0103"].id]
    service.award(vid, ids, "十星级文明户", year, MEETING, "top", {ids[0]: "前3名（第1名）"})
    best = service.award(vid, [homes["0102"].id], "最美家庭", year, MEETING).value
    lifted = service.award(vid, [homes["0103"].id], "好媳妇", year, MEETING).value
    service.lift(lifted.awarded[0].id, "查实弄虚作假", MEETING)
    with pytest.raises(ValidationError, match="一票否决"):
        service.award(vid, [homes["0104"].id], "十星级文明户", year, MEETING)
    assert best.awarded and world.ledger.verify().ok
    return printable


def test_poster_lists_each_household_once_masked_by_title(awarded, tmp_path: Path):
    world = awarded.world
    written = write_poster(world.ledger, world.village.id, str(LAST_YEAR), tmp_path / "p.pdf")
    assert written.pages == 1 and written.rows == 4
    assert page_sizes(written.path) == {A3_PORTRAIT}
    text = "".join(pdf_text(written.path))
    assert "光 荣 榜" in text and f"{LAST_YEAR}年度" in text
    assert "十星级文明户（3 户）" in text and "最美家庭（1 户）" in text
    assert "好媳妇" not in text and "0104" not in text  # lifted; vetoed never awarded
    for number, masked, whole in (("0101", "王*国", "王建国"), ("0103", "张*", "张三")):
        assert text.count(f"{number} {masked}") == 1 and whole not in text
    assert text.count("0102 李*英") == 2  # two titles
    assert "村民委员会" in text


def test_poster_of_one_title(awarded, tmp_path: Path):
    world = awarded.world
    written = write_poster(
        world.ledger, world.village.id, str(LAST_YEAR), tmp_path / "p.pdf", title="最美家庭"
    )
    text = "".join(pdf_text(written.path))
    assert written.rows == 1 and "0102 李*英" in text and "十星级文明户" not in text


def test_certificates_one_a_page_with_the_whole_name(awarded, tmp_path: Path):
    world = awarded.world
    written = write_certificates(world.ledger, world.village.id, str(LAST_YEAR), tmp_path / "c.pdf")
    assert written.pages == 4 and page_sizes(written.path) == {A4_LANDSCAPE}
    pages = pdf_text(written.path)
    expected = [
        ("十星级文明户", "王建国"),
        ("十星级文明户", "李秀英"),
        ("十星级文明户", "张三"),
        ("最美家庭", "李秀英"),
    ]
    for page, (title, name) in zip(pages, expected, strict=True):
        assert f"“{title}”" in page and f"{name} 家庭" in page
        assert "奖" in page and "村民委员会" in page and "（盖章）" in page
        assert f"{MEETING.year}年{MEETING.month}月{MEETING.day}日" in page
        assert "*" not in page
    assert not any("好媳妇" in p or "欧阳明" in p for p in pages)


def test_nothing_awarded_is_refused(printable, tmp_path: Path):
    world = printable.world
    for write in (write_poster, write_certificates):
        with pytest.raises(NothingToPrint, match="还没有授予"):
            write(world.ledger, world.village.id, str(LAST_YEAR), tmp_path / "x.pdf")
    assert not (tmp_path / "x.pdf").exists()


def test_the_card_shows_the_titles_in_force_of_its_year(awarded, tmp_path: Path):
    world, homes = awarded.world, awarded.households
    card = write_card(world.ledger, homes["0102"].id, LAST_YEAR, tmp_path / "c.pdf")
    first = pdf_text(card.path)[0]
    assert f"荣誉：{LAST_YEAR}年度十星级文明户、{LAST_YEAR}年度最美家庭" in first
    lifted = pdf_text(
        write_card(world.ledger, homes["0103"].id, LAST_YEAR, tmp_path / "d.pdf").path
    )
    assert "好媳妇" not in lifted[0] and f"荣誉：{LAST_YEAR}年度十星级文明户" in lifted[0]
    other_year = write_card(world.ledger, homes["0102"].id, LAST_YEAR + 1, tmp_path / "e.pdf")
    assert "荣誉：" not in "".join(pdf_text(other_year.path))
