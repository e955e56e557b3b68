"""Screenshot of 审核 with the pending entries' 说明 column written by the shared wording
(model/wording.py ``entry_remark``, issue 23 item 4: the same 说明 as ``jifen entry list`` and
the 户积分卡), scrolled to that last column: review-remark.png in docs/screenshots/, with ``--size larger`` at 特大 in
docs/screenshots/large/. Run:
xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python scripts/shots.py review_remark
(makes the demo village in ./demo-data first if it is not there)."""

from __future__ import annotations

import sys

from demo_shots import prepare

from .review_keys import open_review


def main() -> int:
    shots = prepare("审核页说明列的截图（1366×768）")
    window, page = open_review(shots)
    table = page.panel.table
    table.setFocus()

    def shoot() -> None:
        bar = table.horizontalScrollBar()  # the 说明 column is the last one
        bar.setValue(bar.maximum())
        shots.finish(window, "review-remark")

    return shots.run(shoot, 700)


if __name__ == "__main__":
    sys.exit(main())
