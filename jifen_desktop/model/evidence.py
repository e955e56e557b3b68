"""Evidence photos and scans, kept in the data folder under their sha256 (one copy per content).
A file is written to a temporary name, flushed and renamed, so a crash never leaves half a photo."""

from __future__ import annotations

import hashlib
import shutil
from dataclasses import dataclass
from pathlib import Path

from .errors import ValidationError
from .files import replace_atomically

MAX_EVIDENCE_BYTES = 20 * 1024 * 1024
ALLOWED_SUFFIXES = {
    ".jpg",
    ".jpeg",
    ".png",
    ".gif",
    ".bmp",
    ".webp",
    ".heic",
    ".pdf",
    ".tif",
    ".tiff",
}


@dataclass(frozen=True)
class StoredEvidence:
    sha256: str
    file_name: str
    size: int


def evidence_path(folder: Path, sha256: str, file_name: str) -> Path:
    return folder / sha256[:2] / (sha256 + Path(file_name).suffix.lower())


PHOTO_SUFFIXES = {".jpg", ".jpeg", ".png", ".bmp", ".webp"}


def store(folder: Path, source: Path, *, photo_only: bool = False) -> StoredEvidence:
    """Copy ``source`` into the evidence folder (once per content) and describe it.
    ``photo_only`` is for a picture (a good's photo): images only, refusals say 照片."""
    what, field = ("照片", "photo") if photo_only else ("证明材料", "evidence")
    if not source.is_file():
        raise ValidationError(f"找不到{what}文件：{source}", field=field)
    if photo_only and source.suffix.lower() not in PHOTO_SUFFIXES:
        raise ValidationError(f"“{source.name}”不是照片，请选择jpg或png图片。", field=field)
    if source.suffix.lower() not in ALLOWED_SUFFIXES:
        raise ValidationError(
            f"证明材料“{source.name}”不是照片或PDF，请选择jpg、png或pdf文件。", field=field
        )
    size = source.stat().st_size
    if size > MAX_EVIDENCE_BYTES:
        raise ValidationError(f"{what}“{source.name}”超过20MB，请压缩照片后再添加。", field=field)
    digest = hashlib.sha256()
    with open(source, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    sha = digest.hexdigest()
    target = evidence_path(folder, sha, source.name)
    if not target.exists():
        replace_atomically(target, lambda tmp: shutil.copyfile(source, tmp))
    return StoredEvidence(sha, source.name, size)
