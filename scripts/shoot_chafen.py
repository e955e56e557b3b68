"""Screenshots of 查分 (issue 21 item 5) at 1366×768 on a copy of the demo village, opened by
the 只读 operator: chafen-entry.png (a wrong pair refused), chafen-result.png (household 0101:
pending entries) and chafen-veto.png (household 0037: a veto in force), chafen-leave.png (the
operator's password to leave), main-chafen-button.png (the 查分 button under the pages) and
publication-slips-button.png (公示 › 打印积分通知单…), in docs/screenshots/ (with ``--size
larger``: docs/screenshots/large/; the mode is 特大 at either size, so only the main window's
two are kept there); with ``--pdf`` the first page of the 2026Q3 积分通知单 as
docs/reports/slips.png.
Run: xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python scripts/shoot_chafen.py
[--data-dir demo-data] [--size normal|larger]"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QWidget

sys.path.insert(0, str(Path(__file__).resolve().parent))

from demo_shots import prepare  # noqa: E402

from jifen_desktop.model.ledger import Ledger  # noqa: E402
from jifen_desktop.reports.notice_slips import write_slips  # noqa: E402
from jifen_desktop.ui.chafen import ChafenWindow  # noqa: E402
from jifen_desktop.ui.context import AppContext  # noqa: E402
from jifen_desktop.ui.main_window import MainWindow  # noqa: E402

PASSWORD = "jifen123"


def shoot(widget: QWidget, path: Path) -> None:
    for _ in range(5):
        QApplication.processEvents()
    widget.grab().save(str(path))
    print(path)


def last_four(ledger: Ledger, number: str) -> str:
    household = ledger.households.by_number(ledger.villages.list()[0].id, number)
    head = next(m for m in ledger.members.list(household.id) if m.relation == "户主")
    return head.id_number[-4:]


def main() -> None:
    pdf = "--pdf" in sys.argv
    if pdf:
        sys.argv.remove("--pdf")
    shots = prepare(__doc__ or "")
    ledger = Ledger.open(shots.data)
    ledger.login("chakan", PASSWORD)
    ctx = AppContext(ledger, ledger.villages.list()[0])
    main_window = MainWindow(ctx, QSettings(str(shots.work / "w.ini"), QSettings.Format.IniFormat))
    main_window.resize(1366, 728)
    main_window.show()
    shoot(main_window, shots.out / "main-chafen-button.png")
    main_window.page("publication")
    shoot(main_window, shots.out / "publication-slips-button.png")
    window = ChafenWindow(ctx, main_window)
    window.resize(1366, 768)
    window.show()
    window.entry.number.setText("0101")
    window.entry.last_four.setText("1234")
    window.entry.go.click()
    shoot(window, shots.out / "chafen-entry.png")
    for number, name in (("0101", "chafen-result.png"), ("0037", "chafen-veto.png")):
        window.ask(number, last_four(ledger, number))
        shoot(window, shots.out / name)
    window.ask_to_leave()
    window.try_leave("wrong")
    shoot(window, shots.out / "chafen-leave.png")
    window.try_leave(PASSWORD)
    if pdf:
        slips(ledger, shots.work)


def slips(ledger: Ledger, work: Path) -> None:
    village = ledger.villages.list()[0]
    pub = ledger.publications.find(village.id, "2026Q3")
    assert pub is not None
    written = write_slips(ledger, pub.id, work / "slips.pdf")
    target = Path("docs/reports/slips")
    args = ["pdftoppm", "-png", "-r", "70", "-singlefile", str(written.path), str(target)]
    subprocess.run(args, check=True)
    print(target.with_suffix(".png"))


if __name__ == "__main__":
    main()
