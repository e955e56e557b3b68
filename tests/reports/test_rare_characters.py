"""Rare characters in names (刘䶮 U+4DAE, 张𬌗 U+2C317), which the main CJK font lacks: drawn in
another installed font that has them, or, when none has, named in a warning instead of dropped.

The fallback font is made here from this machine's CJK font (a cmap that gives the two rare
characters glyphs), so the test does not depend on which fonts a machine has."""

from __future__ import annotations

import struct
from pathlib import Path

import pytest
from font_files import _pack, first_face_tables, name_table
from report_reading import pdf_fonts, pdf_text
from reportlab.pdfbase.ttfonts import TTFontFile

from jifen_desktop.cli import main
from jifen_desktop.reports import fonts, glyphs
from jifen_desktop.reports.card import write_card
from jifen_desktop.reports.fonts import FONT_ENV, find_font

RARE = {"䶮": "刘", "𬌗": "张"}  # each rare character drawn with the glyph of a common one


def cmap_format_12(mapping: dict[int, int]) -> bytes:
    """A cmap table with one Windows full-Unicode subtable (format 12) for ``mapping``."""
    groups = b"".join(struct.pack(">3L", code, code, gid) for code, gid in sorted(mapping.items()))
    subtable = struct.pack(">2H3L", 12, 0, 16 + len(groups), 0, len(mapping)) + groups
    return struct.pack(">2H", 0, 1) + struct.pack(">2HL", 3, 10, 12) + subtable


def rare_font(source: Path, target: Path) -> Path:
    """A TrueType font, "Rare Test", that has only the rare characters."""
    face = TTFontFile(str(source))
    version, tables = first_face_tables(source)
    mapping = {ord(rare): face.charToGlyph[ord(common)] for rare, common in RARE.items()}
    tables = {
        **tables,
        b"cmap": cmap_format_12(mapping),
        b"name": name_table("Rare Test", "RareTest"),
    }
    target.write_bytes(_pack(version, [tables], 0)[1])
    return target


@pytest.fixture
def main_font(monkeypatch) -> Path:
    monkeypatch.delenv(FONT_ENV, raising=False)
    path = find_font().path
    face = TTFontFile(str(path), subfontIndex=find_font().subfont)
    assert not any(ord(ch) in face.charToGlyph for ch in RARE)  # the main font lacks them
    return path


def installed_fonts(monkeypatch, files: list[Path]) -> None:
    """The fonts the fallback search finds, whatever this machine has installed."""
    monkeypatch.setattr(fonts, "covering_candidates", lambda char: files)
    glyphs.system_fallback.cache_clear()


@pytest.fixture(autouse=True)
def _forget_fallbacks():
    yield
    glyphs.system_fallback.cache_clear()  # the next test finds this machine's fonts again


@pytest.fixture
def rare_households(world):
    return [world.household("0201", "刘䶮"), world.household("0202", "张𬌗")]


def test_a_rare_character_is_printed_in_a_font_that_has_it(
    world, rare_households, main_font, monkeypatch, tmp_path
):
    fallback = rare_font(main_font, tmp_path / "RareTest.ttf")
    installed_fonts(monkeypatch, [main_font, fallback])
    for household in rare_households:
        out = tmp_path / f"{household.number}.pdf"
        written = write_card(world.ledger, household.id, 2026, out)
        assert written.warnings == ()
        assert any("RareTest" in font for font in pdf_fonts(out)), pdf_fonts(out)
    # reportlab writes a character past U+FFFF into the text layer as one odd-length code
    # (pypdf cannot read it back), so the text of the first card is the one to read
    text = pdf_text(tmp_path / "0201.pdf")
    assert sum(line.count("刘䶮") for line in text) == 2, text  # the 户主 cell and the heading


def test_a_character_no_font_has_is_named_in_a_warning(
    world, rare_households, main_font, monkeypatch, tmp_path
):
    installed_fonts(monkeypatch, [main_font])
    written = write_card(world.ledger, rare_households[0].id, 2026, tmp_path / "card.pdf")
    assert written.warnings == (glyphs.WARNING.format("刘䶮"),)
    assert "以下姓名有字库里没有的字，打印出来会缺字：刘䶮" in written.warnings[0]


def test_the_command_line_shows_the_warning(
    world, rare_households, main_font, admin_password, monkeypatch, tmp_path, capsys
):
    installed_fonts(monkeypatch, [main_font])
    monkeypatch.setenv("JIFEN_DATA_DIR", str(world.ledger.folder))
    monkeypatch.setenv("JIFEN_USER", "admin")
    monkeypatch.setenv("JIFEN_PASSWORD", admin_password)
    out = tmp_path / "card.pdf"
    assert main(["report", "card", "--household", "0202", "--out", str(out)]) == 0
    err = capsys.readouterr().err
    assert "注意：以下姓名有字库里没有的字，打印出来会缺字：张𬌗" in err


def test_on_windows_the_fonts_with_the_cjk_extensions_are_searched(
    main_font, monkeypatch, tmp_path
):
    windir = tmp_path / "Windows"
    (windir / "Fonts").mkdir(parents=True)
    rare_font(main_font, windir / "Fonts" / "simsunb.ttf")  # SimSun-ExtB's file name
    monkeypatch.setenv("WINDIR", str(windir))
    monkeypatch.delenv("LOCALAPPDATA", raising=False)
    found = fonts.covering_candidates("𬌗", platform="win32")
    assert found == [windir / "Fonts" / "simsunb.ttf"]
    fallback = fonts.fallback_font("𬌗", found)
    assert fallback is not None and fallback.family == "Rare Test"
    assert fonts.fallback_font("㐀", found) is None
