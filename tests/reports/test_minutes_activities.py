"""批量登记组织活动 approves its entries at once, with no review session; the month's review
minutes must still list them (issue 17, item 6): once, in the minutes of the month's first
session, apart from what the meeting decided, in the model, the PDF and the CLI alike."""

from __future__ import annotations

import datetime as dt

from report_reading import pdf_text

from jifen_desktop.cli import main
from jifen_desktop.model.entry_checks import EntryDraft
from jifen_desktop.reports.minutes import write_minutes

MARCH = dt.date(2025, 3, 12)


def test_activity_approvals_are_in_the_months_first_minutes(world, tmp_path):
    led, village_id = world.ledger, world.village.id
    homes = [world.household(n, name) for n, name in (("0101", "王建国"), ("0102", "李秀英"))]
    pending = led.entries.record(village_id, EntryDraft(homes[0].id, "B05", MARCH)).value
    led.entries.register_activity(village_id, "C06", MARCH, [h.id for h in homes], place="广场")
    led.entries.register_activity(  # another month's activity stays out of March's minutes
        village_id, "C06", dt.date(2025, 4, 2), [homes[0].id]
    )
    first = led.review.open(village_id, "2025-03", dt.date(2025, 4, 5), "村委会").value
    led.review.decide(first.id, [pending.id], "approved")
    decided = led.review.decisions(first.id)
    assert sorted((e.rule_code, e.household_number) for e in decided) == [
        ("B05", "0101"),
        ("C06", "0101"),
        ("C06", "0102"),
    ]
    session = led.review.get(first.id)
    assert (session.approved, session.activities) == (1, 2)
    led.review.close(first.id)
    second = led.review.open(village_id, "2025-03", dt.date(2025, 4, 9)).value
    assert led.review.decisions(second.id) == [] and second.activities == 0

    written = write_minutes(led, first.id, tmp_path / "minutes.pdf")
    text = "".join("".join(pdf_text(written.path)).split())  # lines wrap anywhere in Chinese
    assert "本次会议共审核1条：通过1条，不通过0条" in text
    assert "组织活动批量登记、登记时直接通过的记录2条（加分合计10分" in text
    assert text.count("活动直接通过") == 2 and "李秀英" in text


def jifen(capsys, *argv: str) -> str:
    """``jifen argv`` in-process; what it printed (it must succeed)."""
    capsys.readouterr()
    assert main(list(argv)) in (0, None)
    return capsys.readouterr().out


def test_cli_minutes_of_a_month_list_its_activities(
    world, tmp_path, monkeypatch, capsys, admin_password
):
    """``jifen report minutes`` and ``jifen review show`` go through the same model."""
    led, village_id = world.ledger, world.village.id
    home = world.household("0101", "王建国")
    led.entries.register_activity(village_id, "C06", MARCH, [home.id])
    led.review.open(village_id, "2025-03", dt.date(2025, 4, 5))
    led.close()
    monkeypatch.setenv("JIFEN_DATA_DIR", str(led.folder))
    monkeypatch.setenv("JIFEN_USER", "admin")
    monkeypatch.setenv("JIFEN_PASSWORD", admin_password)
    out = tmp_path / "三月审核会.pdf"
    jifen(capsys, "report", "minutes", "--month", "2025-03", "--out", str(out))
    text = "".join("".join(pdf_text(out)).split())
    assert "活动直接通过" in text and "王建国" in text
    shown = jifen(capsys, "review", "show", "--month", "2025-03")
    assert "C06" in shown and "王建国" in shown
    assert "通过 0 条，不通过 0 条；另有组织活动登记时直接通过 1 条" in shown
