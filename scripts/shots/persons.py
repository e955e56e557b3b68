"""Screenshots of persons within households (issue 21 items 1-3): 排名与统计 › 个人排名 with the
party members ranked and the persons' rates (rankings-persons.png), a person's 个人积分档案
(person-archive-dialog.png), 首页 with the persons' rates under the households'
(home-person-rates.png), 授予荣誉称号 to persons (honour-award-persons.png), the household
detail's members with 身份 (household-detail-persons.png) and the township's 村庄总览 with the
persons' rates (township-overview-persons.png); in
docs/screenshots/, with ``--size larger`` at 特大 in docs/screenshots/large/; ``--pdf`` renders
the printed archive to docs/reports/person-archive.png. A few demo members are marked 村干部 and
one is given 优秀党员 first. Run:
xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python scripts/shots.py persons [--pdf]"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
from pathlib import Path

from demo_shots import DOCS, Shots, export, main_window, pdf_option, prepare, render_pdf, township
from PySide6.QtCore import QTimer

from jifen_desktop.model import periods
from jifen_desktop.model.calendar.honour_awards import HonourAwardService
from jifen_desktop.model.persons import PersonService
from jifen_desktop.reports.person_archive import write_person_archive
from jifen_desktop.ui.context import AppContext
from jifen_desktop.ui.honour_award_dialog import HonourAwardDialog
from jifen_desktop.ui.person_archive_dialog import PersonArchiveDialog

YEAR = str(dt.date.today().year)


def cadres_and_a_title(admin: AppContext, reviewer: AppContext) -> str:
    """The party members ranked 2nd-4th this year marked 村干部, the first given 优秀党员;
    the first's member id."""
    party = PersonService(admin.ledger).rank(admin.village_id, periods.parse(YEAR), "party")
    for r in party[1:4]:
        admin.ledger.members.update(r.person.member_id, is_cadre=True)
    first = party[0].person.member_id
    awards = HonourAwardService(reviewer.ledger)
    awards.award_persons(reviewer.village_id, [first], "优秀党员", YEAR, dt.date.today())
    return first


def places(shots: Shots, admin: AppContext, member_id: str) -> None:
    """The household detail of ``member_id``'s household, and the township's overview of the
    village's bundle."""
    window = main_window(admin)
    page = window.page("households")
    person = PersonService(admin.ledger).get(member_id, periods.parse(YEAR))
    page.show_household(person.household_id)  # type: ignore[attr-defined]
    shots.save(window, "household-detail-persons")
    window.close()
    bundle = export(admin.ledger, Path(tempfile.mkdtemp()))
    town = main_window(township(shots.work, [bundle]))
    overview = town.page("township")
    overview.tabs.setCurrentWidget(overview.persons)  # type: ignore[attr-defined]
    shots.save(town, "township-overview-persons")
    town.close()


def main() -> int:
    shots = prepare("个人积分的截图（1366×768）", options=pdf_option)
    admin, reviewer = shots.login("admin"), shots.login("shenhe")
    first = cadres_and_a_title(admin, reviewer)
    if shots.args.pdf and not shots.large:
        pdf = write_person_archive(admin.ledger, first, periods.parse(YEAR), shots.work / "a.pdf")
        render_pdf(pdf.path, DOCS / "reports" / "person-archive.png")
    places(shots, admin, first)
    window = shots.window(reviewer)
    page = window.page("rankings")
    tab = page.persons  # type: ignore[attr-defined]
    page.tabs.setCurrentWidget(tab)  # type: ignore[attr-defined]
    tab.period.setCurrentIndex(tab.period.findData(YEAR))
    tab.group.setCurrentIndex(tab.group.findData("party"))

    def ranking_shot() -> None:
        shots.save(window, "rankings-persons")
        archive = PersonArchiveDialog(admin, first, YEAR, window)  # with 党员, 村干部
        archive.show()
        QTimer.singleShot(500, lambda: archive_shot(archive))

    def archive_shot(archive: PersonArchiveDialog) -> None:
        shots.save(archive, "person-archive-dialog")
        archive.close()
        window.page("home")
        QTimer.singleShot(500, home_shot)

    def home_shot() -> None:
        shots.save(window, "home-person-rates")
        dialog = HonourAwardDialog(reviewer, YEAR, window)
        dialog.title.setCurrentText("优秀党员")
        dialog.whom.setCurrentIndex(dialog.whom.findData("party"))
        dialog.how.setCurrentIndex(dialog.how.findData("top"))
        dialog.count.setValue(5)
        dialog.show()
        QTimer.singleShot(500, lambda: shots.finish(dialog, "honour-award-persons"))

    return shots.run(ranking_shot, 800)


if __name__ == "__main__":
    sys.exit(main())
