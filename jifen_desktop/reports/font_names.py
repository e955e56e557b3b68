"""A font's Chinese name (文泉驿微米黑, 微软雅黑, 黑体 …) read from the ``name`` table of its file,
for 设置 › 打印字体: a clerk knows the font by that name, not by "WenQuanYi Micro Hei" and a path.

A small reader of the OpenType ``name`` table (no fontTools): the typographic family (name 16)
or the family (name 1) in Simplified Chinese first (Windows' zh-CN and zh-SG, the Mac's
Simplified Chinese), then Traditional (zh-TW, zh-HK, zh-MO, the Mac's Traditional Chinese).
Only the table directory and the name table are read, once per file and face.
"""

from __future__ import annotations

import functools
import struct
from pathlib import Path
from typing import BinaryIO

# (platform, language) in the order they are preferred; Windows names are UTF-16BE, the Mac's
# Chinese ones GB2312 (Simplified) and Big5 (Traditional).
WINDOWS, MAC = 3, 1
SIMPLIFIED = ((WINDOWS, 0x0804), (WINDOWS, 0x1004), (MAC, 33))
TRADITIONAL = ((WINDOWS, 0x0404), (WINDOWS, 0x0C04), (WINDOWS, 0x1404), (MAC, 19))
PREFERRED = SIMPLIFIED + TRADITIONAL
MAC_CODECS = {33: "gb2312", 19: "big5"}
NAME_IDS = (16, 1)  # typographic family, then family
MAX_NAME_TABLE = 1 << 20


@functools.lru_cache(maxsize=64)
def chinese_family(path: Path, subfont: int = 0) -> str | None:
    """The Chinese family name in the font file at ``path`` (face ``subfont`` of a .ttc), or
    None when it has none or cannot be read."""
    try:
        with open(path, "rb") as f:
            names = _names(f, _face_offset(f, subfont))
    except (OSError, struct.error, ValueError):
        return None
    for name_id in NAME_IDS:
        for key in PREFERRED:
            found = names.get((*key, name_id))
            if found:
                return found
    return None


def _read(f: BinaryIO, offset: int, size: int) -> bytes:
    f.seek(offset)
    data = f.read(size)
    if len(data) != size:
        raise ValueError("the font file ends early")
    return data


def _face_offset(f: BinaryIO, subfont: int) -> int:
    """Where the face's table directory starts: 0 in a .ttf, from the header in a .ttc."""
    if _read(f, 0, 4) != b"ttcf":
        return 0
    (count,) = struct.unpack(">L", _read(f, 8, 4))
    if not 0 <= subfont < count:
        raise ValueError("no such face")
    (offset,) = struct.unpack(">L", _read(f, 12 + 4 * subfont, 4))
    return int(offset)


def _names(f: BinaryIO, directory: int) -> dict[tuple[int, int, int], str]:
    """{(platform, language, name id): text} of the Chinese family names of one face."""
    (tables,) = struct.unpack(">H", _read(f, directory + 4, 2))
    for i in range(tables):
        tag, offset, length = _table_record(f, directory, i)
        if tag == b"name":
            return _chinese_records(_read(f, offset, min(length, MAX_NAME_TABLE)))
    return {}


def _table_record(f: BinaryIO, directory: int, index: int) -> tuple[bytes, int, int]:
    """The tag, offset and length of the face's ``index``-th table (its directory record)."""
    tag, _checksum, offset, length = struct.unpack(
        ">4sLLL", _read(f, directory + 12 + 16 * index, 16)
    )
    return tag, offset, length


def _chinese_records(table: bytes) -> dict[tuple[int, int, int], str]:
    _format, count, strings = struct.unpack_from(">HHH", table, 0)
    wanted = set(PREFERRED)
    found: dict[tuple[int, int, int], str] = {}
    for i in range(count):
        platform, _encoding, language, name_id, length, offset = struct.unpack_from(
            ">HHHHHH", table, 6 + 12 * i
        )
        if (platform, language) not in wanted or name_id not in NAME_IDS:
            continue
        raw = table[strings + offset : strings + offset + length]
        codec = "utf-16-be" if platform == WINDOWS else MAC_CODECS[language]
        text = raw.decode(codec, "replace").strip("\x00 ")
        if text and "\ufffd" not in text:
            found[(platform, language, name_id)] = text
    return found
