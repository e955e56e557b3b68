"""Font files for the font-discovery tests, made from a real TrueType font of this machine: a
collection (.ttc) laid out like Noto Sans CJK's — faces JP, KR, SC, TC and HK, the Simplified
Chinese one third — whose faces share the real font's glyphs and differ only in their names
(Debian's own Noto CJK collections have PostScript outlines, which reportlab cannot embed)."""

from __future__ import annotations

import struct
from pathlib import Path

NOTO_FACES = ("JP", "KR", "SC", "TC", "HK")


def _tables(data: bytes, directory: int) -> dict[bytes, bytes]:
    """The tables of the face whose table directory starts at ``directory``."""
    (count,) = struct.unpack_from(">H", data, directory + 4)
    tables = {}
    for i in range(count):
        tag, _checksum, offset, length = struct.unpack_from(">4sLLL", data, directory + 12 + 16 * i)
        tables[tag] = data[offset : offset + length]
    return tables


def first_face_tables(path: Path) -> tuple[bytes, dict[bytes, bytes]]:
    """The sfnt version and tables of a .ttf, or of the first face of a .ttc."""
    data = path.read_bytes()
    directory = struct.unpack_from(">L", data, 12)[0] if data[:4] == b"ttcf" else 0
    return data[directory : directory + 4], _tables(data, directory)


def name_table(family: str, postscript: str) -> bytes:
    """A name table (format 0, Windows Unicode English) with the family, style, full and
    PostScript names."""
    names = {1: family, 2: "Regular", 4: f"{family} Regular", 6: postscript}
    strings = b""
    records = b""
    for name_id, text in names.items():
        encoded = text.encode("utf-16-be")
        records += struct.pack(">6H", 3, 1, 0x409, name_id, len(encoded), len(strings))
        strings += encoded
    return struct.pack(">3H", 0, len(names), 6 + 12 * len(names)) + records + strings


def _checksum(table: bytes) -> int:
    padded = table + b"\0" * (-len(table) % 4)
    return sum(struct.unpack(f">{len(padded) // 4}L", padded)) & 0xFFFFFFFF


def _pack(version: bytes, faces: list[dict[bytes, bytes]], header: int) -> tuple[list[int], bytes]:
    """The faces' table directories, then their tables (a table the faces share written once),
    laid out from byte ``header`` on; where each directory starts, and the bytes."""
    start = header + sum(12 + 16 * len(face) for face in faces)
    directories, body = bytearray(), bytearray()
    placed: dict[int, int] = {}  # id(table) -> its offset
    firsts = []
    for face in faces:
        firsts.append(header + len(directories))
        directories += version + struct.pack(">4H", len(face), 0, 0, 0)
        for tag in sorted(face):
            table = face[tag]
            if id(table) not in placed:
                placed[id(table)] = start + len(body)
                body += table + b"\0" * (-len(table) % 4)
            entry = (tag, _checksum(table), placed[id(table)], len(table))
            directories += struct.pack(">4sLLL", *entry)
    return firsts, bytes(directories + body)


def _faces(source: Path, names: dict[str, str]) -> tuple[bytes, list[dict[bytes, bytes]]]:
    version, tables = first_face_tables(source)
    shared = {tag: t for tag, t in tables.items() if tag != b"name"}
    return version, [{**shared, b"name": name_table(f, ps)} for f, ps in names.items()]


def write_font(source: Path, target: Path, family: str, postscript: str) -> Path:
    """A single-face .ttf at ``target``: ``source``'s glyphs under another name."""
    version, faces = _faces(source, {family: postscript})
    target.write_bytes(_pack(version, faces, 0)[1])
    return target


def write_collection(source: Path, target: Path, names: dict[str, str]) -> Path:
    """A .ttc at ``target`` with one face per (family, PostScript name) of ``names``, each
    with ``source``'s glyphs (shared, as in a real collection) and its own name table."""
    version, faces = _faces(source, names)
    count = len(faces)
    firsts, packed = _pack(version, faces, 12 + 4 * count)
    target.write_bytes(b"ttcf" + struct.pack(f">HHL{count}L", 1, 0, count, *firsts) + packed)
    return target


def noto_like_collection(source: Path, target: Path) -> Path:
    """A Noto Sans CJK-shaped collection: 'Noto Sans CJK JP' … with NotoSansCJKsc-Regular
    third."""
    names = {f"Noto Sans CJK {f}": f"NotoSansCJK{f.lower()}-Regular" for f in NOTO_FACES}
    return write_collection(source, target, names)
