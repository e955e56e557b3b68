"""积分通知单 read back: each household of the posted publication once, grid by grid, with the
quarter's figures, year and lifetime points and rank of the snapshot, the head's name masked,
how to object by the posting end; no ID or phone number; one grid only; a draft refused."""

from __future__ import annotations

import re

import pytest
from report_reading import CONTACT, pdf_text

from jifen_desktop.model.errors import NotFound, ValidationError
from jifen_desktop.reports.notice_slips import write_slips

FIGURES = {"本季加分": "added", "本季扣分": "deducted", "年度积分": "year_total"}


def slips(path) -> list[str]:
    """The text of each slip: what follows a slip's title up to the next one."""
    text = "\n".join(pdf_text(path))
    return re.split(r"积分通知单\s*\n", text)[1:]


def figure(slip: str, label: str) -> str:
    found = re.search(label + r"\s+([+-]?\d+)", slip)
    assert found, f"{label} not in {slip}"
    return found.group(1)


def test_each_household_once_with_the_snapshots_figures(printable, tmp_path):
    led, pub = printable.world.ledger, printable.posted
    written = write_slips(led, pub.id, tmp_path / "slips.pdf")
    lines = {line.number: line for line in led.publications.lines(pub.id)}
    assert written.rows == 4 and written.pages == 2  # two grids, each from a new page
    read = slips(written.path)
    numbers = [figure(s, "户号") for s in read]
    assert numbers == ["0101", "0102", "0103", "0104"]  # grid by grid, by number
    for number, slip in zip(numbers, read, strict=True):
        line = lines[number]
        for label, attr in FIGURES.items():
            assert int(figure(slip, label)) == getattr(line, attr), (number, label)
        assert int(figure(slip, "本季净得")) == line.net
        assert int(figure(slip, "累计积分")) == line.lifetime_total
        assert f"第 {line.rank} 名（全村共 4 户" in slip
        assert f"{pub.posting_end} 前" in slip and CONTACT in slip
    assert "本期被一票否决" in read[3] and "一票否决" not in "".join(read[:3])
    whole = "".join(pdf_text(written.path))
    assert "王*国" in whole and "王建国" not in whole and "欧*明" in whole
    assert "13812345678" not in whole and "123X" not in whole
    assert whole.count("（沿虚线剪开）") == 2  # between the two slips of each page


def test_one_grid_only(printable, tmp_path):
    led, pub = printable.world.ledger, printable.posted
    written = write_slips(led, pub.id, tmp_path / "g.pdf", grid="二组")
    assert [figure(s, "户号") for s in slips(written.path)] == ["0103", "0104"]
    with pytest.raises(NotFound, match="九组"):
        write_slips(led, pub.id, tmp_path / "x.pdf", grid="九组")


def test_a_draft_is_refused_and_a_final_one_says_it_is_settled(printable, tmp_path):
    led = printable.world.ledger
    with pytest.raises(ValidationError, match="请先张贴公示"):
        write_slips(led, printable.draft.id, tmp_path / "d.pdf")
    assert not (tmp_path / "d.pdf").exists()
    led.publications.finalise(printable.posted.id)
    written = write_slips(led, printable.posted.id, tmp_path / "f.pdf")
    assert "公示结果已定稿" in "".join(pdf_text(written.path))
