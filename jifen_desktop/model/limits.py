"""How many rows a listing may be asked for: a number someone types (``--limit``) is checked
here before it reaches SQLite, which cannot hold a number past 2**63 and would fail with an
overflow instead of a message."""

from __future__ import annotations

from .errors import ValidationError

MOST_ROWS = 1_000_000


def check_limit(limit: int, what: str = "条数") -> int:
    """``limit`` if it is between 0 and ``MOST_ROWS``; otherwise a Chinese refusal."""
    if not 0 <= limit <= MOST_ROWS:
        raise ValidationError(
            f"{what}“{limit}”不对：请写 1 到 {MOST_ROWS} 之间的数。", field="limit"
        )
    return limit
