"""Evidence photos and scans, kept in the data folder under their sha256 (one copy per content).
A file is written to a temporary name, flushed and renamed, so a crash never leaves half a photo.
Only a real photo or PDF gets in (judged by content), and only an ordinary file, never a link."""

from __future__ import annotations

import hashlib
import os
import shutil
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from .errors import ValidationError
from .evidence_content import is_photo, looks_right
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
    ``photo_only`` is for a picture (a good's photo): images only, refusals say 照片.
    The file is judged by its content (``evidence_content``); a link is not followed and
    what is checked is what is copied (one open file throughout)."""
    what, field = ("照片", "photo") if photo_only else ("证明材料", "evidence")
    suffix = source.suffix.lower()
    if photo_only and suffix not in PHOTO_SUFFIXES:
        raise ValidationError(f"“{source.name}”不是照片，请选择jpg或png图片。", field=field)
    if suffix not in ALLOWED_SUFFIXES:
        raise ValidationError(
            f"证明材料“{source.name}”不是照片或PDF，请选择jpg、png或pdf文件。", field=field
        )
    with _open_plain_file(source, what, field) as f:
        size = os.fstat(f.fileno()).st_size
        if size > MAX_EVIDENCE_BYTES:
            raise ValidationError(
                f"{what}“{source.name}”超过20MB，请压缩照片后再添加。", field=field
            )
        if not (is_photo(f) if photo_only else looks_right(f, suffix)):
            raise ValidationError(_not_what_it_says(source.name, photo_only), field=field)
        f.seek(0)
        digest = hashlib.sha256()
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
        sha = digest.hexdigest()
        target = evidence_path(folder, sha, source.name)
        if not target.exists():
            f.seek(0)
            replace_atomically(target, lambda tmp: _copy(f, tmp))
    return StoredEvidence(sha, source.name, size)


class BatchStore:
    """``store`` for the entries of one batch: a file the batch names again, unchanged since
    it was checked and stored (the same ordinary file: device, inode, size and modification
    time), is described again without being read, judged and hashed once more."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._stored: dict[tuple[str, int, int, int, int], StoredEvidence] = {}

    def store(self, source: Path) -> StoredEvidence:
        try:
            info = os.lstat(source)
        except OSError:
            return store(self.folder, source)  # refused, in words
        if not stat.S_ISREG(info.st_mode):
            return store(self.folder, source)
        key = (str(source), info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns)
        if key not in self._stored:
            self._stored[key] = store(self.folder, source)
        return self._stored[key]


def _not_what_it_says(name: str, photo_only: bool) -> str:
    if photo_only:
        return f"“{name}”的内容不是照片（可能是改了名字的别的文件），请选择拍的照片。"
    return (
        f"证明材料“{name}”的内容不是照片或PDF（可能是改了名字的别的文件），"
        "请去掉它，选择拍的照片或扫描的PDF。"
    )


@contextmanager
def _open_plain_file(source: Path, what: str, field: str) -> Iterator[BinaryIO]:
    """``source`` opened for reading if it is an ordinary file itself: a symbolic link (it
    could point at any file of the system) or a device, folder or pipe is refused."""
    try:
        info = os.lstat(source)
    except OSError:
        raise ValidationError(f"找不到{what}文件：{source}", field=field) from None
    if stat.S_ISLNK(info.st_mode):
        raise ValidationError(
            f"“{source.name}”是一个快捷方式（链接），不是{what}本身；请选择照片或PDF文件本身。",
            field=field,
        )
    if not stat.S_ISREG(info.st_mode):
        raise ValidationError(f"“{source.name}”不是文件，请选择拍的照片或PDF文件。", field=field)
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(source, flags | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        raise ValidationError(
            f"{what}“{source.name}”打不开，请检查文件是否还在、有没有读取权限。", field=field
        ) from None
    with os.fdopen(fd, "rb") as f:
        if not stat.S_ISREG(os.fstat(f.fileno()).st_mode):  # swapped since the lstat
            raise ValidationError(
                f"“{source.name}”不是文件，请选择拍的照片或PDF文件。", field=field
            )
        yield f


def _copy(f: BinaryIO, target: Path) -> None:
    with open(target, "wb") as out:
        shutil.copyfileobj(f, out, 1 << 20)
