"""Reading an entry's evidence back: each photo or scan attached to it, in the order it was
attached, with where its copy lies in the data folder and whether that copy is still there
(a folder restored without its ``evidence`` can lose them). Read-only; no Qt."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from .evidence import PHOTO_SUFFIXES, evidence_path
from .schema import EvidenceFile


@dataclass(frozen=True)
class EvidenceItem:
    """One evidence file of an entry: its name as the recorder chose it, its content hash,
    its size in bytes and the path of the stored copy."""

    file_name: str
    sha256: str
    size: int
    path: Path

    @property
    def suffix(self) -> str:
        return self.path.suffix.lower()

    @property
    def is_pdf(self) -> bool:
        return self.suffix == ".pdf"

    @property
    def is_photo(self) -> bool:
        """A picture the program shows itself (HEIC and TIFF may need another program)."""
        return self.suffix in PHOTO_SUFFIXES | {".gif"}

    @property
    def present(self) -> bool:
        return self.path.is_file()


def evidence_of(session: Session, folder: Path, entry_id: str) -> list[EvidenceItem]:
    """The evidence files of ``entry_id`` (none for an entry without any or one unknown)."""
    rows = session.scalars(
        select(EvidenceFile)
        .where(EvidenceFile.entry_id == entry_id)
        .order_by(EvidenceFile.seq, EvidenceFile.id)
    )
    return [
        EvidenceItem(f.file_name, f.sha256, f.size, evidence_path(folder, f.sha256, f.file_name))
        for f in rows
    ]
