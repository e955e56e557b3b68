"""季度公示表: read back, the text is there in an embedded CJK font — village, quarter, masked
heads, points, ranks, the veto mark, "共 m 页" on every page, the posting period and contact —
with no ID or phone number; a draft says so; 补记 are listed apart; A3 and grids work."""

from __future__ import annotations

import datetime as dt

from report_reading import CONTACT, LAST_YEAR, cells, page_sizes, pdf_fonts, pdf_text

from jifen_desktop.model.entry_checks import EntryDraft
from jifen_desktop.reports.common import mask_name
from jifen_desktop.reports.notice import write_notice


def test_names_are_masked_as_on_a_notice_board():
    assert [mask_name(n) for n in ("张三", "王建国", "欧阳建国", "李", " 赵红梅 ")] == [
        "张*",
        "王*国",
        "欧**国",
        "李",
        "赵*梅",
    ]


def test_notice_reads_back_with_masked_heads_points_and_page_numbers(printable, tmp_path):
    led = printable.world.ledger
    written = write_notice(led, printable.posted.id, tmp_path / "公示表.pdf")
    pages = pdf_text(written.path)
    text = "\n".join(pages)
    assert written.pages == len(pages) >= 1 and written.rows == 4
    assert f"张集村{LAST_YEAR}年第1季度积分公示" in text
    assert f"{LAST_YEAR}-04-08 至 {LAST_YEAR}-04-14" in text and CONTACT in text
    for masked in ("王*国", "李*英", "张*", "欧*明"):
        assert masked in text
    for full in ("王建国", "李秀英", "欧阳明"):
        assert full not in text
    assert "13812345678" not in text and "42088119900101123X" not in text
    rows = {cells(line)[1]: cells(line) for line in text.splitlines() if "组" in line}
    # rank, number, head, grid, added, deducted, net, year, lifetime, remark
    assert rows["0101"] == ["1", "0101", "王*国", "一组", "10", "0", "10", "10", "10"]
    assert rows["0102"][4:9] == ["0", "-8", "-8", "-8", "-8"] and rows["0102"][0] == "4"
    assert rows["0104"][-1] == "一票否决" and "草稿" not in text
    assert all(f"共 {written.pages} 页" in page for page in pages)
    assert "村民委员会（盖章）" in text and "审核人" in text


def test_the_font_is_embedded_and_every_font_is(printable, tmp_path):
    written = write_notice(printable.world.ledger, printable.posted.id, tmp_path / "n.pdf")
    fonts = pdf_fonts(written.path)
    assert fonts and all(fonts.values()), fonts
    assert written.font.split("（")[0] in written.font  # names the family and the file


def test_a_draft_is_marked_and_lists_the_late_entries(printable, tmp_path):
    written = write_notice(printable.world.ledger, printable.draft.id, tmp_path / "draft.pdf")
    text = "\n".join(pdf_text(written.path))
    assert "草稿" in text
    assert "补记" in text and f"{LAST_YEAR}-02-20" in text and "B05" in text
    assert "李*英" in text


def test_a3_landscape_and_a4_portrait(printable, tmp_path):
    led, pub_id = printable.world.ledger, printable.posted.id
    a3 = write_notice(led, pub_id, tmp_path / "a3.pdf", paper="A3", landscape=True)
    a4 = write_notice(led, pub_id, tmp_path / "a4.pdf")  # portrait unless asked
    assert page_sizes(a3.path) == {(1191, 842)}
    assert page_sizes(a4.path) == {(595, 842)}


def test_many_households_run_over_pages_with_the_header_on_each(world, tmp_path):
    led = world.ledger
    homes = [world.household(f"{n:04d}", f"村民{n:03d}") for n in range(1, 61)]
    entries = [
        led.entries.record(world.village.id, EntryDraft(h.id, "B05", dt.date(2025, 1, 10))).value
        for h in homes[:5]
    ]
    world.approve(*entries)
    pub = led.publications.draft(world.village.id, "2025Q1").value
    written = write_notice(led, pub.id, tmp_path / "long.pdf")
    pages = pdf_text(written.path)
    assert written.pages == len(pages) > 1
    for n, page in enumerate(pages, 1):
        assert f"第 {n} 页 共 {len(pages)} 页" in page
        assert "户主" in page and "累计" in page  # the table header repeats


def test_a_grid_publication_lists_only_its_households(printable, tmp_path):
    world = printable.world
    pub = world.ledger.publications.draft(world.village.id, "2024Q4", world.grid2.id).value
    text = "\n".join(pdf_text(write_notice(world.ledger, pub.id, tmp_path / "g.pdf").path))
    assert "张*" in text and "欧*明" in text
    assert "王*国" not in text and "二组" in text
