"""Font discovery on the systems we cannot run here: a Noto Sans CJK-style collection (.ttc)
prints with its Simplified Chinese face, Latin letters and digits included; Windows' font
folders (the system's and a user's own) are searched for 微软雅黑, 黑体 … under their Windows
file names; Debian's own Noto CJK (PostScript outlines) is passed over for one that works."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from font_files import NOTO_FACES, noto_like_collection, write_font
from report_reading import pdf_fonts, pdf_text
from reportlab.pdfbase.ttfonts import TTFontFile

from jifen_desktop.reports.fonts import (
    FONT_ENV,
    NEEDED,
    FontMissing,
    find_font,
    system_candidates,
    windows_font_dirs,
)
from jifen_desktop.reports.receipt import write_receipt

DEBIAN_NOTO = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")


@pytest.fixture
def real_font(monkeypatch) -> Path:
    """A TrueType CJK font of this machine (fonts-wqy-microhei on CI)."""
    monkeypatch.delenv(FONT_ENV, raising=False)
    return find_font().path


def test_a_noto_collection_prints_with_its_simplified_chinese_face(printable, real_font, tmp_path):
    noto = noto_like_collection(real_font, tmp_path / "NotoSansCJK-Regular.ttc")
    names = [TTFontFile(str(noto), charInfo=0, subfontIndex=i).familyName for i in range(5)]
    assert names == [f"Noto Sans CJK {f}".encode() for f in NOTO_FACES]
    font = find_font(noto)
    assert (font.subfont, font.family) == (2, "Noto Sans CJK SC")
    face = TTFontFile(str(noto), subfontIndex=font.subfont)
    assert all(ord(c) in face.charToGlyph for c in NEEDED)  # digits and Latin letters too
    p = printable
    receipt = p.redemption.receipt_no  # DH2026-0001: Latin letters and digits
    written = write_receipt(
        p.world.ledger, p.world.village.id, receipt, tmp_path / "r.pdf", font=noto
    )
    assert written.font == font.label
    text = " ".join(pdf_text(written.path))
    assert receipt in text and "肥皂" in text and "本次使用积分：20 分" in " ".join(text.split())
    fonts = pdf_fonts(written.path)
    assert fonts and all(fonts.values())  # embedded
    assert all("+NotoSansCJKsc-Regular" in name for name in fonts), fonts


def test_windows_font_folders_are_searched_by_windows_file_names(real_font, tmp_path):
    windir, local = tmp_path / "Windows", tmp_path / "AppData" / "Local"
    system = windir / "Fonts"
    user = local / "Microsoft" / "Windows" / "Fonts"
    system.mkdir(parents=True)
    user.mkdir(parents=True)
    env = {"WINDIR": str(windir), "LOCALAPPDATA": str(local)}
    assert windows_font_dirs(env) == [system, user]
    assert windows_font_dirs({"SystemRoot": str(windir)}) == [system]
    assert windows_font_dirs({}) == [Path("C:\\Windows") / "Fonts"]
    # 黑体 installed by the user only (no administrator rights): found in their own folder.
    simhei = write_font(real_font, user / "simhei.ttf", "SimHei", "SimHei")
    assert system_candidates("win32", env) == [simhei]
    assert find_font(candidates=system_candidates("win32", env)).family == "SimHei"
    # 微软雅黑 of the system (a real collection under its Windows name) comes first.
    msyh = system / "msyh.ttc"
    shutil.copyfile(real_font, msyh)
    assert system_candidates("win32", env) == [msyh, simhei]
    assert find_font(candidates=system_candidates("win32", env)).path == msyh
    assert all(p.is_relative_to(tmp_path) for p in system_candidates("win32", env))


@pytest.mark.skipif(
    not DEBIAN_NOTO.is_file(), reason="fonts-noto-cjk is not installed (optional, 91 MB)"
)
def test_debians_noto_cjk_is_passed_over_for_a_font_that_works(real_font):
    with pytest.raises(FontMissing, match="不是 TrueType 字体"):
        find_font(DEBIAN_NOTO)
    assert find_font(candidates=[DEBIAN_NOTO, real_font]).path == real_font
