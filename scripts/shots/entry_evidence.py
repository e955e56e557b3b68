"""Screenshot of 积分录入 with an evidence-required rule picked while the village lets 网格员记录
go without a photo: the hint under the evidence box says 农户申报须附证明材料，网格员记录可不附
(entry-evidence-hint.png in docs/screenshots/, with ``--size larger`` at 特大 in
docs/screenshots/large/). Run:
xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python scripts/shots.py entry_evidence
(makes the demo village in ./demo-data first if it is not there)."""

from __future__ import annotations

import sys

from demo_shots import prepare

from jifen_desktop.ui.pages.entry import EntryPage


def main() -> int:
    shots = prepare("录入页证明材料提示的截图（1366×768）")
    admin = shots.login("admin")
    admin.ledger.rules.set_observations_without_evidence(admin.village_id, True)
    ctx = shots.login("wgy1")
    window = shots.window(ctx)
    page = window.page("entry")
    assert isinstance(page, EntryPage)
    household = ctx.ledger.households.list(ctx.village_id, status="active")[0]
    rule = ctx.ledger.rules.get(ctx.village_id, "A05")
    assert rule.evidence_required
    for picker, item in ((page.household, household), (page.rule, rule)):
        picker.set_current(item)
        picker.picked.emit(item)
    page.points.setFocus()

    def shoot() -> None:
        print(page.evidence_hint.text(), end=" ")
        shots.finish(window, "entry-evidence-hint")

    return shots.run(shoot, 700)


if __name__ == "__main__":
    sys.exit(main())
