"""Compressed backups: the checked SQLite copy, xz-compressed a megabyte at a time.

xz at preset 1 (stdlib ``lzma``): on the demo village 11:1 in about 2 s of one core, where
gzip level 6 gives 7:1 and xz preset 6 gives 14:1 but takes seven times as long (figures and
the choice: docs/backups.md). The stream carries a SHA-256 of the uncompressed bytes
(``CHECK_SHA256``), which decompression checks: what comes out is exactly the copy that went
in, or an error. Neither way is the whole file ever held in memory.
"""

from __future__ import annotations

import hashlib
import lzma
import sqlite3
import tempfile
from collections.abc import Callable, Iterator
from contextlib import closing
from pathlib import Path
from typing import TypeVar

from .copying import Steps

PRESET = 1
CHUNK = 1 << 20
MAGIC = b"\xfd7zXZ\x00"
HEAD_BYTES = 1 << 20  # the first pages hold the schema, replica and village rows
HEAD_CHUNK = 1 << 14
T = TypeVar("T")


class Damaged(Exception):
    """The compressed file cannot be read to its end (cut short, or changed)."""


def is_compressed(path: Path) -> bool:
    """Whether ``path`` is an xz file (by its first bytes, not its name)."""
    try:
        with open(path, "rb") as f:
            return f.read(len(MAGIC)) == MAGIC
    except OSError:
        return False


def compress(source: Path, target: Path, steps: Steps) -> tuple[str, str]:
    """Compress ``source`` into ``target``. Returns the SHA-256 of the compressed file and of
    ``source`` (what a decompression gives back)."""
    total = max(source.stat().st_size, 1)
    packer = lzma.LZMACompressor(preset=PRESET, check=lzma.CHECK_SHA256)
    packed, plain = hashlib.sha256(), hashlib.sha256()
    done = 0
    with open(source, "rb") as src, open(target, "wb") as out:
        for block in iter(lambda: src.read(CHUNK), b""):
            plain.update(block)
            chunk = packer.compress(block)
            packed.update(chunk)
            out.write(chunk)
            done += len(block)
            steps(done / total, "正在压缩备份…")
        chunk = packer.flush()
        packed.update(chunk)
        out.write(chunk)
    return packed.hexdigest(), plain.hexdigest()


def decompress(source: Path, target: Path, steps: Steps, limit: int | None = None) -> None:
    """Decompress ``source`` into ``target`` (only the first ``limit`` bytes when given).
    Raises ``Damaged`` when the file is cut short or its content fails xz's own check."""
    total = max(source.stat().st_size, 1)
    with open(target, "wb") as out:
        for written, read in _blocks(source, limit):
            out.write(written)
            steps(read / total, "正在解压备份…")


def _blocks(source: Path, limit: int | None) -> Iterator[tuple[bytes, int]]:
    unpacker = lzma.LZMADecompressor(format=lzma.FORMAT_XZ)
    read = given = 0
    size = CHUNK if limit is None else HEAD_CHUNK  # the head: read no more than it needs
    with open(source, "rb") as src:
        try:
            for block in iter(lambda: src.read(size), b""):
                read += len(block)
                data = unpacker.decompress(block)
                given += len(data)
                yield data, read
                if unpacker.eof or (limit is not None and given >= limit):
                    return
        except lzma.LZMAError as exc:
            raise Damaged(str(exc)) from exc
    if not unpacker.eof and limit is None:
        raise Damaged("文件不完整")


def _as_database(head: Path) -> None:
    """The first pages of a ledger as a database of that many pages: cut to whole pages, and
    the header's page count (bytes 28–31) set to match. SQLite refuses a file shorter than its
    header says; a page past the end is still a damaged page to it, never silently empty."""
    with open(head, "r+b") as f:
        header = f.read(100)
        if len(header) < 100 or not header.startswith(b"SQLite format 3\x00"):
            return
        page_size = int.from_bytes(header[16:18], "big")
        page_size = 65536 if page_size == 1 else page_size
        pages = f.seek(0, 2) // page_size
        f.truncate(pages * page_size)
        f.seek(28)
        f.write(pages.to_bytes(4, "big"))


def read_inside(path: Path, read: Callable[[sqlite3.Connection], T]) -> T:
    """``read`` on a read-only connection to the ledger inside the compressed backup ``path``:
    from its first megabyte when what ``read`` asks for is there (the schema, replica and
    village rows of a ledger made at this schema are), else from the whole file. Either is
    decompressed into a private temporary folder, removed afterwards. Raises ``Damaged`` or
    ``sqlite3.Error`` when the file cannot be read."""
    with tempfile.TemporaryDirectory(prefix="jifen-backup-") as folder:
        copy = Path(folder) / "ledger.sqlite3"
        for limit in (HEAD_BYTES, None):
            decompress(path, copy, Steps(None, None), limit)
            if limit is not None:
                _as_database(copy)
            try:
                with closing(sqlite3.connect(copy.as_uri() + "?mode=ro", uri=True)) as conn:
                    return read(conn)
            except sqlite3.DatabaseError:
                if limit is None:
                    raise
    raise AssertionError("unreachable")
