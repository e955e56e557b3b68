"""Backups of the ledger: ``service`` lists and restores them (``BackupService`` is the
admin's door; ``making`` makes one); ``copying`` copies a live ledger, ``files`` names and checks backup files,
``xz`` compresses them, ``rotation`` decides which are kept, ``restore`` puts one back and
``replica`` gives a restored ledger its fresh replica id. How it all fits: docs/backups.md.

The package imports nothing on its own, so that importing one module stays cheap.
"""
