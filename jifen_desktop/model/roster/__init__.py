"""Roster import (花名册导入): ``service`` is what the ledger offers (check, then apply in one
transaction); ``rows`` reads the sheet, ``households`` and ``ledger`` check the sheet's side and
the ledger's side, ``plan`` puts them together, ``check`` runs the dry run and ``report`` words
its findings.

The package imports nothing on its own, so that importing one module stays cheap.
"""
