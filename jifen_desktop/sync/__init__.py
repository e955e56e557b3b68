"""Sync bundles (同步包): how villages with no network reach the township, and laptops of one
village reach each other, on USB sticks. No Qt here; the GUI and the CLI call ``SyncService``.

* ``keys``: each replica's Ed25519 key pair, signatures and the fingerprint read out by phone;
* ``records``: which tables travel, how a row is written as JSON and read back, its digest;
* ``bundle_file``: the zip on the stick, written whole or not at all, read with every check;
* ``knowledge``: which changes of each replica this database holds, and what peers acknowledged;
* ``export`` / ``merge`` / ``importer``: making a bundle, merging one (dry run or for real);
  the model's bulk writers write the merged rows (``model.bulk_sqlite``, ``model.bulk_pg``);
* ``trust``: what the key that signed a bundle may write here (its own village's records,
  under its own replicas), checked for every row; ``claims``: whose records and replicas are
  held here; ``withheld``: what a bundle leaves out for its destination (password hashes);
* ``peers``: enrolling and revoking other replicas' keys; ``clashes``: rules broken once two
  laptops' records meet; ``township``: the township's views across villages.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .service import SyncService

__all__ = ["SyncService"]


def __getattr__(name: str) -> Any:
    """``SyncService`` loads (with the signing keys' cryptography) when first asked for, so that
    a module of this package that needs only plain data (targets, records) stays light."""
    if name == "SyncService":
        from .service import SyncService

        return SyncService
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
