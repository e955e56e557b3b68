"""审核 (一月一审核): the monthly review sessions of the village and, for the picked session, its
month's pending entries decided from the keyboard and what it decided. ``ReviewPage`` is the
page; ``page`` lays out the sessions, ``session_panel`` the review of one session,
``pending_model`` its table, ``decisions`` the minutes' content, ``entry_detail`` the picked
entry with its evidence photos (``beside`` puts it next to a list) and ``dialogs`` the forms."""

from __future__ import annotations

from .page import ReviewPage

__all__ = ["ReviewPage"]
