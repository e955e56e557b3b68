"""公示 page › 打印积分通知单…: off while the quarter is a draft; once posted, it makes the slips
of every household off the GUI thread and opens them in the preview, one household each,
names masked; a read-only operator may print them too."""

from __future__ import annotations

import datetime as dt

from test_printouts import close_previews, previews, text_of

from jifen_desktop.model import periods
from jifen_desktop.ui.pages.publication import PublicationPage


def test_slips_of_a_posted_quarter_open_in_the_preview(qtbot, shown, make_ctx):
    admin = make_ctx("admin")
    quarter = periods.quarter_of(dt.date.today() - dt.timedelta(days=400))
    pub = admin.ledger.publications.draft(admin.village_id, quarter.key).value
    page = shown(PublicationPage(admin))
    page.quarter.setCurrentIndex(page.quarter.findData(quarter.key))
    page.refresh()
    assert page.print_button.isEnabled() and not page.slips_button.isEnabled()  # a draft
    admin.ledger.publications.post(
        pub.id, quarter.end + dt.timedelta(days=5), quarter.end + dt.timedelta(days=11)
    )
    viewer_page = shown(PublicationPage(make_ctx("chakan")))
    viewer_page.quarter.setCurrentIndex(viewer_page.quarter.findData(quarter.key))
    viewer_page.refresh()
    assert viewer_page.slips_button.isEnabled()
    close_previews()
    viewer_page.slips_button.click()
    qtbot.waitUntil(lambda: bool(previews()), timeout=20_000)
    [preview] = previews()
    text = text_of(preview)
    assert "积分通知单" in text and "王*国" in text and "王建国" not in text
    for number in ("0101", "0102", "0201"):
        assert text.count(number) == 1
    close_previews()
