"""The type-ahead search's derived table (not synced)."""

from sqlalchemy import (
    ForeignKey,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from .base import UUID_LEN, Base


class HouseholdSearchKeys(Base):
    """Derived, not synced: the text the type-ahead search matches (number, names, pinyin).

    Rebuilt by the household service whenever a household or one of its members changes.
    """

    __tablename__ = "household_search_keys"
    household_id: Mapped[str] = mapped_column(
        String(UUID_LEN), ForeignKey("households.id"), primary_key=True
    )
    village_id: Mapped[str] = mapped_column(String(UUID_LEN), index=True)
    keys: Mapped[str] = mapped_column(Text)
