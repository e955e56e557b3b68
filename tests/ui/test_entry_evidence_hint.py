"""The 积分录入 hint (under the evidence box) on an evidence-required rule says what is true for the entry being recorded
(a 网格员记录): with 网格员记录和抽检可不附照片 switched on it may go without a photo while a
农户申报 may not; switched off it needs evidence. The form saves accordingly."""

from __future__ import annotations

from test_entry_page import entries, error, open_page, pick  # noqa: F401 (open_page: fixture)


def switch(page, allowed: bool) -> None:
    rules = page.ctx.ledger.rules
    rules.set_observations_without_evidence(page.ctx.village_id, allowed)
    assert rules.observations_without_evidence(page.ctx.village_id) is allowed


def test_the_hint_follows_the_switch_and_the_save_agrees(qtbot, open_page):  # noqa: F811
    page = open_page("admin")
    switch(page, False)
    pick(qtbot, "0101")
    pick(qtbot, "A05")  # needs evidence
    assert page.evidence_hint.text() == "这一项需要证明材料：请添加照片或扫描件。"
    page.save_button.click()
    assert "需要证明材料" in error(page, "evidence") + page.message.text()
    assert entries(page) == []

    switch(page, True)
    page.rule.setFocus()
    page.rule.clear()
    pick(qtbot, "A05")
    assert page.evidence_hint.text() == "这一项农户申报须附证明材料；网格员记录可不附。"
    page.save_button.click()
    assert [(e.rule_code, e.evidence_count) for e in entries(page)] == [("A05", 0)]
    assert page.evidence_hint.text() == ""  # the form starts over: no rule, nothing to say
    assert page.ctx.ledger.verify().ok
