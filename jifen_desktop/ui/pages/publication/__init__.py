"""公示 (一季一公示): the quarterly publication page and its pieces: the state of a quarter and the
actions it allows (``steps``), the snapshot and 补记 tables (``snapshot_model``, ``tables``),
张贴公示 (``post_dialog``), and the objections with their dialogs (``objections``,
``objection_dialogs``, ``correction_row``)."""

from __future__ import annotations

from .page import PublicationPage

__all__ = ["PublicationPage"]
