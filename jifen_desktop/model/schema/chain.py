"""The hash chain's table: one link per write transaction of a replica (``model.chain``).

A link covers the sequence numbers ``first_seq``..``last_seq`` that one transaction took and
lists the append-only rows it wrote, each with the start of its digest. Its hash covers that list
and the hash of the replica's previous link, so a row changed, removed or slipped in behind the
program's back no longer matches its link, and a rewritten link no longer matches the links after
it, nor the copies the township and the other laptops already hold.
"""

from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from .base import UUID_LEN, Base
from .link_rows import LinkRows


class ChainLink(Base):
    __tablename__ = "chain_links"
    replica_id: Mapped[str] = mapped_column(String(UUID_LEN), primary_key=True)
    last_seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    first_seq: Mapped[int] = mapped_column(Integer)
    prev_hash: Mapped[str] = mapped_column(String(64))
    # One line per append-only row: "<seq> <table> <first 16 hex digits of its digest>",
    # stored packed (``link_rows``).
    rows: Mapped[str] = mapped_column(LinkRows)
    hash: Mapped[str] = mapped_column(String(64))
