"""批量登记组织活动 says what an evidence-required rule asks before 登记: an activity's sign-in
list is its evidence (``rule_evidence.evidence_waived``), so no photo per household and every
household ticked is registered and approved; a rule that asks for no evidence says nothing. The
note is in the dialog as the rule is picked and in the question before 登记."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from jifen_desktop.ui import messages
from jifen_desktop.ui.batch_dialog import EVIDENCE_NOTE, BatchDialog


@pytest.fixture
def asked(monkeypatch) -> list[str]:
    """The questions put before 登记, each answered 确定 (the dialog's modal box)."""
    questions: list[str] = []

    def confirm(_parent, _title, question):  # type: ignore[no-untyped-def]
        questions.append(question)
        return True

    monkeypatch.setattr(messages, "confirm", confirm)
    return questions


def pick(qtbot, dialog: BatchDialog, code: str) -> None:  # type: ignore[no-untyped-def]
    dialog.rule.setFocus()
    qtbot.keyClicks(dialog.rule, code)
    qtbot.keyClick(dialog.rule, Qt.Key.Key_Return)
    assert dialog.rule.current is not None and dialog.rule.current.code == code


@pytest.mark.parametrize("required", [True, False])
def test_the_dialog_says_what_evidence_the_rule_asks(qtbot, make_ctx, asked, required):
    ctx = make_ctx("admin")
    ctx.ledger.rules.update(ctx.village_id, "C06", evidence_required=required)
    dialog = BatchDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    pick(qtbot, dialog, "C06")
    assert dialog.evidence_hint.isVisible() is required
    assert (dialog.evidence_hint.text() == EVIDENCE_NOTE) is required
    dialog.grid.setCurrentIndex(1)  # 一组: 0101 and 0102
    dialog.register()
    qtbot.waitUntil(lambda: "已登记 2 户" in dialog.message.text(), timeout=5000)
    [question] = asked
    assert (EVIDENCE_NOTE in question) is required
    done = ctx.ledger.entries.list(ctx.village_id)
    assert len(done) == 2 and all(ctx.ledger.entries.evidence(e.id) == [] for e in done)
    assert {e.status for e in done} == {"approved"}
