"""同步: sync bundles (同步包) on a USB stick, for a clerk who has never heard of cryptography.
The page (``page``) shows this computer's key fingerprint to read out by phone and where
bundles go (``identity``), and tabs to export (``export_section``, ``drives``), to import with a
dry-run summary first (``import_section``, ``import_run``, ``import_rows``), to enrol a key
after comparing fingerprints (``fingerprint``), to see conflicts and clashes (``conflicts``)
and the enrolled keys (``keys_section``). Only an admin (村管理员, 乡镇办) sees it."""

from __future__ import annotations

from .page import SyncPage

__all__ = ["SyncPage"]
