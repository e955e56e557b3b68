"""户积分卡, 审核会议记录 and 兑换凭证 read back; a cancelled report leaves no file (and an older
file of the same name as it was); without a CJK font the message says what to install."""

from __future__ import annotations

import threading

import pytest
from report_reading import LAST_YEAR, TODAY, cells, pdf_fonts, pdf_text

from jifen_desktop.model.entry_checks import EntryDraft
from jifen_desktop.reports.card import write_card, write_cards
from jifen_desktop.reports.common import Cancelled
from jifen_desktop.reports.excel_ledger import write_ledger
from jifen_desktop.reports.fonts import FONT_ENV, FontMissing, find_font
from jifen_desktop.reports.minutes import write_minutes
from jifen_desktop.reports.notice import write_notice
from jifen_desktop.reports.receipt import write_receipt


def test_card_lists_every_approved_entry_with_a_running_total(printable, tmp_path):
    led, home = printable.world.ledger, printable.households["0101"]
    written = write_card(led, home.id, LAST_YEAR, tmp_path / "card.pdf")
    text = "\n".join(pdf_text(written.path))
    assert written.pages == 1 and "户积分卡" in text and "王建国" in text  # its own card
    assert "13812345678" not in text
    rows = {line.split()[0][:10]: cells(line) for line in text.splitlines() if line.strip()}
    assert rows[f"{LAST_YEAR}-01-10"][-2:] == ["+5", "5"]  # points, running total
    assert rows[f"{LAST_YEAR}-02-03"][-2:] == ["+5", "10"]
    assert "本年合计" in text and "第 1 页 共 1 页" in text
    assert all(pdf_fonts(written.path).values())


def test_card_of_this_year_shows_base_points_balance_and_redemption(printable, tmp_path):
    led, p = printable.world.ledger, printable
    written = write_card(led, p.households["0101"].id, TODAY.year, tmp_path / "card.pdf")
    text = "\n".join(pdf_text(written.path))
    assert "上年结转" in text and "基础分" in text
    assert p.redemption.receipt_no in text and "肥皂×2" in text
    available = led.balances.of(p.households["0101"].id).available
    assert f"可用积分（打印时） {available}" in " ".join(text.split())


def test_cards_of_a_village_one_household_per_page(printable, tmp_path):
    world = printable.world
    written = write_cards(world.ledger, world.village.id, LAST_YEAR, tmp_path / "cards.pdf")
    pages = pdf_text(written.path)
    assert written.rows == 4 and written.pages == len(pages) == 4
    for page, number in zip(pages, ("0101", "0102", "0103", "0104"), strict=True):
        assert f"户积分卡 · {number}" in page and "第 1 页 共 1 页" in page
    grid = write_cards(
        world.ledger, world.village.id, LAST_YEAR, tmp_path / "g.pdf", grid_id=world.grid2.id
    )
    assert grid.pages == 2


def test_minutes_list_each_decision_with_its_reason(printable, tmp_path):
    led = printable.world.ledger
    written = write_minutes(led, printable.session_id, tmp_path / "minutes.pdf")
    text = "\n".join(pdf_text(written.path))
    assert f"张集村{LAST_YEAR}年1月积分审核会议记录" in text
    assert "王建国" in text and "李秀英" in text and "张三" in text
    assert "不通过" in text and "证明材料不符" in text
    assert "通过 2 条，不通过 1 条" in text
    assert "主持人" in text and "参会人员签字" in text


def test_receipt_has_number_goods_points_and_balance_after(printable, tmp_path):
    p, led = printable, printable.world.ledger
    written = write_receipt(
        led, p.world.village.id, p.redemption.receipt_no.lower(), tmp_path / "r.pdf"
    )
    text = " ".join(" ".join(pdf_text(written.path)).split())
    assert text.count(p.redemption.receipt_no) >= 2  # both parts of the sheet
    assert "肥皂" in text and "本次使用积分：20 分" in text
    available = led.balances.of(p.households["0101"].id).available
    assert f"兑换后剩余积分：{available} 分" in text
    assert "存根" in text and "兑换户留存" in text and "领取人签字" in text


def receipt_text(led, village_id: str, receipt_no: str, path) -> str:
    return " ".join(
        " ".join(pdf_text(write_receipt(led, village_id, receipt_no, path).path)).split()
    )


def test_a_reprinted_receipt_shows_the_points_left_right_after_its_redemption(printable, tmp_path):
    p, led, village_id = printable, printable.world.ledger, printable.world.village.id
    home = p.households["0101"]
    left = led.balances.of(home.id).available  # nothing happened since the redemption
    # Then, within the same second: more points approved, another redemption, and this one
    # returned; none of it is on this receipt, reprinted.
    more = led.entries.record(village_id, EntryDraft(home.id, "B05", TODAY)).value
    p.world.approve(more)
    second = led.store.redeem(village_id, home.id, [("肥皂", 1)]).value
    led.store.return_redemption(village_id, p.redemption.receipt_no, "肥皂受潮")
    now = led.balances.of(home.id).available
    assert now == left + more.points - 10 + 20
    text = receipt_text(led, village_id, p.redemption.receipt_no, tmp_path / "r1.pdf")
    assert f"兑换后剩余积分：{left} 分" in text and "本单已于" in text
    text = receipt_text(led, village_id, second.receipt_no, tmp_path / "r2.pdf")
    assert f"兑换后剩余积分：{left + more.points - 10} 分" in text
    assert led.store.available_after(village_id, second.receipt_no) == now - 20


def test_cancel_leaves_no_file_and_keeps_an_older_one(printable, tmp_path):
    led, pub_id = printable.world.ledger, printable.posted.id
    out = tmp_path / "out"
    out.mkdir()
    target = out / "notice.pdf"
    stop = threading.Event()

    def progress(fraction: float, message: str) -> None:
        if fraction >= 0.3:
            stop.set()  # the user presses 取消 while the pages are laid out

    with pytest.raises(Cancelled, match="已取消"):
        write_notice(led, pub_id, target, progress=progress, cancel=stop)
    assert list(out.iterdir()) == []
    target.write_bytes(b"older")
    with pytest.raises(Cancelled):
        write_ledger(
            led,
            printable.world.village.id,
            str(LAST_YEAR),
            tmp_path / "l.xlsx",
            cancel=lambda: True,
        )
    with pytest.raises(Cancelled):
        write_notice(led, pub_id, target, cancel=lambda: True)
    assert [p.name for p in out.iterdir()] == ["notice.pdf"]
    assert target.read_bytes() == b"older"


def test_no_cjk_font_says_what_to_install(monkeypatch, tmp_path):
    monkeypatch.delenv(FONT_ENV, raising=False)
    with pytest.raises(FontMissing) as missing:
        find_font(candidates=[])
    assert "fonts-wqy-microhei" in missing.value.message
    assert "微软雅黑" in missing.value.message and "JIFEN_PDF_FONT" in missing.value.message
    fake = tmp_path / "fake.ttf"
    fake.write_bytes(b"not a font")
    with pytest.raises(FontMissing, match="不能用来打印"):
        find_font(fake)
    monkeypatch.setenv(FONT_ENV, str(tmp_path / "gone.ttf"))
    with pytest.raises(FontMissing, match="找不到字体文件"):
        find_font()


def test_a_missing_font_writes_no_file(printable, tmp_path):
    target = tmp_path / "n.pdf"
    with pytest.raises(FontMissing):
        write_notice(printable.world.ledger, printable.posted.id, target, font=tmp_path / "x.ttf")
    assert not target.exists() and not list(tmp_path.glob("*.part"))


def test_the_font_found_has_digits_and_latin_letters(monkeypatch):
    monkeypatch.delenv(FONT_ENV, raising=False)
    font = find_font()
    assert font.path.is_file() and font.family


def test_minutes_give_the_item_the_room_a_short_or_missing_reason_leaves(tmp_path):
    from jifen_desktop.reports.minutes import HEADER, decision_widths
    from jifen_desktop.reports.pdf_page import PageSetup
    from jifen_desktop.reports.pdf_parts import Styles, column_widths

    styles = Styles(find_font(), PageSetup())
    row = ("12", "0101", "张集老年人协会", "2026-10-02", "C03 " + "清" * 33, "+5", "通过", "")

    def widths(reason: str) -> dict[str, float]:
        rows = [HEADER, row, (*row[:-1], reason)]
        share = column_widths(styles, decision_widths(styles, [reason]), rows)
        return {h: w / styles.frame_width for h, w in zip(HEADER, share, strict=True)}

    approvals = widths("")
    assert approvals["事项"] > 0.4 and approvals["理由"] < 0.08  # the header's width
    assert 0.1 < approvals["户主"] < 0.15  # a unit's long name wraps, a person's fits
    short = widths("重复申报")
    assert short["事项"] > 0.38 and short["理由"] < 0.12
    long = widths("证明材料与事项不符，照片是去年的活动，请补充本次活动的签到表后再申报")
    assert long["理由"] > 0.15 and long["事项"] > 0.3
