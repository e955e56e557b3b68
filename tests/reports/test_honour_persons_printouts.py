"""光荣榜 and 奖状 of a person's title: the person's name comes first, their household (户号,
户主) under it — on the poster masked as the village masks names, on the certificate whole —
and the poster counts the title's holders as persons (人), not households."""

from __future__ import annotations

from pathlib import Path

from report_reading import LAST_YEAR, pdf_text
from test_honour_printouts import MEETING

from jifen_desktop.model.calendar.honour_awards import HonourAwardService
from jifen_desktop.reports.honour_certificates import write_certificates
from jifen_desktop.reports.honour_poster import write_poster


def test_a_persons_title_names_the_person_first_with_the_household(printable, tmp_path: Path):
    world, homes = printable.world, printable.households
    led, vid, year = world.ledger, world.village.id, str(LAST_YEAR)
    son = led.members.add(homes["0101"].id, "王小军", relation="子").value
    HonourAwardService(led).award_persons(vid, [son.id], "优秀青年", year, MEETING)
    HonourAwardService(led).award(vid, [homes["0102"].id], "最美家庭", year, MEETING)
    poster = write_poster(led, vid, year, tmp_path / "p.pdf")
    text = "".join("".join(pdf_text(poster.path)).split())  # no spaces: lines run on
    assert "优秀青年（1人）" in text and "最美家庭（1户）" in text
    assert "王*军户号0101户主王*国" in text
    assert "王小军" not in text and "王建国" not in text  # masked on the poster
    certificates = write_certificates(led, vid, year, tmp_path / "c.pdf", title="优秀青年")
    assert certificates.pages == 1
    words = "".join("".join(pdf_text(certificates.path)).split())
    assert "王小军同志：（户号0101户主王建国）" in words
    assert words.index("王小军同志") < words.index("被评为“优秀青年”")
    assert led.verify().ok
