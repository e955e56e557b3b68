"""Screenshot of 批量登记组织活动 with an activity rule that asks for evidence (C06 made
evidence-required on a copy of the demo village): the note under 分值 says the sign-in list is
the activity's evidence, no photo per household (batch-dialog-evidence.png in docs/screenshots/,
with ``--size larger`` at 特大 in docs/screenshots/large/). Run:
xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python scripts/shots.py batch_evidence"""

from __future__ import annotations

import sys

from demo_shots import prepare

from jifen_desktop.ui.batch_dialog import BatchDialog


def main() -> int:
    shots = prepare("批量登记证明材料说明的截图（1366×768）")
    ctx = shots.login("admin")
    if not ctx.ledger.rules.get(ctx.village_id, "C06").evidence_required:
        ctx.ledger.rules.update(ctx.village_id, "C06", evidence_required=True)
    dialog = BatchDialog(ctx)
    dialog.show()
    dialog.rule.setText("C06")
    dialog.rule.commit()
    dialog.place.setText("文化广场")
    dialog.note.setText("春季植树")
    dialog.grid.setCurrentIndex(1)

    def shoot() -> None:
        print(dialog.evidence_hint.text(), end=" ")
        shots.finish(dialog, "batch-dialog-evidence")

    return shots.run(shoot, 700)


if __name__ == "__main__":
    sys.exit(main())
