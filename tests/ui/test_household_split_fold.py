"""分户… at 特大 on a 1366×768 screen: the rule about points and which points move (the
available points and the share by members) are in view when the dialog opens, without
scrolling, above the fields the clerk fills in."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QLabel
from test_layout_dialogs import sized  # noqa: F401 - the fixture
from test_layout_household_changes import family  # noqa: F401 - the fixture

from jifen_desktop.model.household_changes import TRANSFER_RULE
from jifen_desktop.ui.household_change_dialogs import SplitDialog


def in_view(dialog: SplitDialog, widget) -> bool:  # type: ignore[no-untyped-def]
    """``widget`` lies wholly inside the form's visible area, scrolled to the top."""
    viewport = dialog.form_area.viewport()
    top = widget.mapTo(viewport, QPoint(0, 0)).y()
    return widget.isVisibleTo(dialog) and top >= 0 and top + widget.height() <= viewport.height()


@pytest.mark.parametrize("size", ["normal", "larger"])
@pytest.mark.usefixtures("family")
def test_the_split_rule_and_share_are_in_view_at_each_size(qtbot, make_ctx, sized, size):  # noqa: F811
    sized(size)
    ctx = make_ctx("admin")
    dialog = SplitDialog(ctx, ctx.ledger.households.by_number(ctx.village_id, "0101"))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.height() <= 768
    dialog.leaving.item(0).setCheckState(Qt.CheckState.Checked)
    dialog.how.setCurrentIndex(dialog.how.findData("members"))
    rule = next(w for w in dialog.findChildren(QLabel) if w.text() == TRANSFER_RULE)
    assert "按人口分，分出 1 人约可转" in dialog.share.text()
    for widget in (rule, dialog.share, dialog.how):
        assert in_view(dialog, widget), widget
    assert rule.mapTo(dialog, QPoint(0, 0)).y() < dialog.leaving.mapTo(dialog, QPoint(0, 0)).y()
