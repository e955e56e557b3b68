"""What ``jifen verify`` checks of a ledger on a PostgreSQL server in place of the file checks:
the server's catalogue (``model.server_checks``), read in one snapshot of the ledger's, so that
the command line holds no connection of its own."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..server_checks import ServerCheck, check_server

if TYPE_CHECKING:
    from ..ledger import Ledger


def server_check(ledger: Ledger) -> ServerCheck | None:
    """The server's checks of ``ledger``; ``None`` for a ledger in a file (its integrity is
    checked by ``verify`` itself)."""
    if not ledger.on_server:
        return None
    with ledger.read() as session:
        return check_server(session.connection())
