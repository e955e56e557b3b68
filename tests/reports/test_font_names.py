"""A font's Chinese name read from its file's name table (设置 › 打印字体 shows it): Simplified
Chinese before Traditional before nothing, the typographic family before the family, the face of
a collection asked for, the Mac's GB2312 names too; a file that is not a font has none."""

from __future__ import annotations

import struct
from pathlib import Path

import pytest
from font_files import _pack, first_face_tables

from jifen_desktop.reports.font_names import chinese_family
from jifen_desktop.reports.fonts import FONT_ENV, find_font

WQY = "wqy-microhei.ttc"


def names(*records: tuple[int, int, int, str]) -> bytes:
    """A name table (format 0) of (platform, language, name id, text) records."""
    strings, packed = b"", b""
    for platform, language, name_id, text in records:
        encoded = text.encode("utf-16-be" if platform == 3 else "gb2312")
        encoding = 1 if platform == 3 else 25
        packed += struct.pack(
            ">6H", platform, encoding, language, name_id, len(encoded), len(strings)
        )
        strings += encoded
    return struct.pack(">3H", 0, len(records), 6 + 12 * len(records)) + packed + strings


@pytest.fixture
def real_font(monkeypatch) -> Path:
    monkeypatch.delenv(FONT_ENV, raising=False)
    return find_font().path


def font_with(real_font: Path, target: Path, *faces: bytes) -> Path:
    """``real_font``'s glyphs under the given name tables: a .ttf for one, a .ttc for more."""
    version, tables = first_face_tables(real_font)
    shared = {tag: t for tag, t in tables.items() if tag != b"name"}
    built = [{**shared, b"name": face} for face in faces]
    if len(built) == 1:
        target.write_bytes(_pack(version, built, 0)[1])
        return target
    firsts, packed = _pack(version, built, 12 + 4 * len(built))
    header = b"ttcf" + struct.pack(f">HHL{len(built)}L", 1, 0, len(built), *firsts)
    target.write_bytes(header + packed)
    return target


def test_this_machines_font_has_its_chinese_name(real_font):
    if real_font.name != WQY:
        pytest.skip(f"the font here is {real_font.name}, not {WQY}")
    assert chinese_family(real_font, 0) == "文泉驿微米黑"
    assert chinese_family(real_font, 1) == "文泉驿等宽微米黑"
    font = find_font(real_font)
    assert font.display_name == "文泉驿微米黑" and font.family == "WenQuanYi Micro Hei"


def test_simplified_before_traditional_and_the_typographic_family_first(real_font, tmp_path):
    table = names(
        (3, 0x0409, 1, "Test Hei"),
        (3, 0x0404, 1, "測試黑體"),
        (3, 0x0804, 1, "测试黑体 Regular"),
        (3, 0x0804, 16, "测试黑体"),
    )
    assert chinese_family(font_with(real_font, tmp_path / "a.ttf", table)) == "测试黑体"
    only_tw = names((3, 0x0409, 1, "Test Hei"), (3, 0x0404, 1, "測試黑體"))
    assert chinese_family(font_with(real_font, tmp_path / "b.ttf", only_tw)) == "測試黑體"
    mac = names((1, 33, 1, "苹果黑体"))
    assert chinese_family(font_with(real_font, tmp_path / "c.ttf", mac)) == "苹果黑体"


def test_no_chinese_name_falls_back_to_the_family(real_font, tmp_path):
    english = font_with(real_font, tmp_path / "d.ttf", names((3, 0x0409, 1, "Plain Sans")))
    assert chinese_family(english) is None
    assert find_font(english).display_name == "Plain Sans"


def test_the_face_of_a_collection_asked_for(real_font, tmp_path):
    faces = (names((3, 0x0804, 1, "甲体")), names((3, 0x0804, 1, "乙体")))
    collection = font_with(real_font, tmp_path / "e.ttc", *faces)
    assert [chinese_family(collection, i) for i in range(3)] == ["甲体", "乙体", None]


def test_a_file_that_is_not_a_font_has_no_name(tmp_path):
    broken = tmp_path / "坏.ttf"
    broken.write_bytes(b"\0\1\0\0" + b"\xff" * 10)
    assert chinese_family(broken) is None
    assert chinese_family(tmp_path / "没有这个文件.ttf") is None
