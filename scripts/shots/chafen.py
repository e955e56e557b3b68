"""Screenshots of 查分 (issue 21 item 5) at 1366×768 on a copy of the demo village, opened by
the 只读 operator: chafen-entry.png (a wrong pair refused), chafen-result.png (household 0101:
pending entries) and chafen-veto.png (household 0037: a veto in force), chafen-leave.png (the
operator's password to leave), main-chafen-button.png (the 查分 button under the pages) and
publication-slips-button.png (公示 › 打印积分通知单…), in docs/screenshots/ (with ``--size
larger``: docs/screenshots/large/; the mode is 特大 at either size, so only the main window's
two are kept there); with ``--pdf`` the first page of the 2026Q3 积分通知单 as
docs/reports/slips.png.
Run: xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python scripts/shots.py chafen
[--data-dir demo-data] [--pdf]"""

from __future__ import annotations

from pathlib import Path

from demo_shots import DOCS, Shots, pdf_option, prepare, render_pdf

from jifen_desktop.demo import DEMO_PASSWORD as PASSWORD
from jifen_desktop.model.ledger import Ledger
from jifen_desktop.reports.notice_slips import write_slips
from jifen_desktop.ui.chafen import ChafenWindow
from jifen_desktop.ui.context import AppContext


def last_four(ledger: Ledger, number: str) -> str:
    household = ledger.households.by_number(ledger.villages.list()[0].id, number)
    head = next(m for m in ledger.members.list(household.id) if m.relation == "户主")
    return head.id_number[-4:]


def main() -> None:
    shots = prepare("查分截图（1366×768）", options=pdf_option)
    ledger = Ledger.open(shots.data)
    ledger.login("chakan", PASSWORD)
    ctx = AppContext(ledger, ledger.villages.list()[0])
    main_window = shots.window(ctx, 728, "w.ini")
    shots.save(main_window, "main-chafen-button")
    main_window.page("publication")
    shots.save(main_window, "publication-slips-button")
    chafen(shots, ctx, ChafenWindow(ctx, main_window))
    if shots.args.pdf:
        slips(ledger, shots.work)


def chafen(shots: Shots, ctx: AppContext, window: ChafenWindow) -> None:
    """The 查分 window: a wrong pair refused, two households' results, the way out."""
    window.resize(1366, 768)
    window.show()
    window.entry.number.setText("0101")
    window.entry.last_four.setText("1234")
    window.entry.go.click()
    shots.save(window, "chafen-entry")
    for number, name in (("0101", "chafen-result"), ("0037", "chafen-veto")):
        window.ask(number, last_four(ctx.ledger, number))
        shots.save(window, name)
    window.ask_to_leave()
    window.try_leave("wrong")
    shots.save(window, "chafen-leave")
    window.try_leave(PASSWORD)


def slips(ledger: Ledger, work: Path) -> None:
    village = ledger.villages.list()[0]
    pub = ledger.publications.find(village.id, "2026Q3")
    assert pub is not None
    written = write_slips(ledger, pub.id, work / "slips.pdf")
    render_pdf(written.path, DOCS / "reports" / "slips.png")


if __name__ == "__main__":
    main()
