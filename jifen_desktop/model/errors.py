"""Domain errors: what a user can cause, with a Chinese message that says what to do.

The model raises these; the GUI shows them next to the field or in a dialog and the CLI prints
the message on one line. Nothing is half-written when one is raised: the service call's
transaction is rolled back.
"""

from __future__ import annotations


class DomainError(Exception):
    """A problem the user can fix. ``message`` is Chinese and says what to do."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field

    def __str__(self) -> str:
        return self.message


class NotFound(DomainError):
    """The named record does not exist (or is not visible to this operator)."""


class PermissionDenied(DomainError):
    """The operator's role does not allow this action."""


class ValidationError(DomainError):
    """Input that breaks a rule of the scheme: a cap, a range, a date, a status."""


class LedgerStateError(DomainError):
    """The database is missing, of another program, or not set up yet."""


class QuarterLocked(ValidationError):
    """A date in a quarter already published: the entry can only go in as 补记 (a late entry
    in the current quarter that points at this date). ``quarter`` is e.g. ``2026Q3``."""

    def __init__(self, message: str, *, quarter: str, field: str | None = "occurred_on") -> None:
        super().__init__(message, field=field)
        self.quarter = quarter


class Cancelled(DomainError):
    """The user stopped long work (a report, an import, the demo); nothing it wrote is kept."""

    def __init__(self, message: str = "已取消，没有保存任何内容。") -> None:
        super().__init__(message)


class LedgerReadOnly(LedgerStateError):
    """The ledger file or its folder cannot be written (file permissions, a write-protected
    USB stick, a read-only share): nothing was saved."""
