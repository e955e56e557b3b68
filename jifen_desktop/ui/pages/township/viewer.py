"""The township operator looking at one village: an ``AppContext`` on the same database whose
current village is that village and whose operator is a viewer (只读), so that the village's
own pages hide every edit control, as they do for a village's viewer. The model refuses a
write to a village's record in a township database anyway; this keeps the buttons away."""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import QObject

from jifen_desktop.model.villages import VillageInfo
from jifen_desktop.ui.context import AppContext

VIEWER = "viewer"


def viewer_context(ctx: AppContext, village: VillageInfo, parent: QObject) -> AppContext:
    """A read-only context for ``village``; it hears every change the township's context
    broadcasts (a bundle imported), and goes with ``parent``."""
    actor = dataclasses.replace(ctx.actor, role=VIEWER, village_id=village.id)
    view = AppContext(ctx.ledger.as_actor(actor), village, parent)
    ctx.changed.connect(view.changed)
    return view
