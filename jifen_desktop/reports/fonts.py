"""The CJK font every PDF embeds: a TrueType font found on the system (or the file the user
chose in 设置, ``--font``, or ``JIFEN_PDF_FONT``), registered once with reportlab.

reportlab embeds only TrueType outlines (``glyf``); OpenType fonts with PostScript outlines
(most Noto Sans CJK / Source Han files) are skipped. A font must have glyphs for Chinese and for
digits and Latin letters, or a printout would show empty boxes. When none is found the error
says what to install instead of printing boxes.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from reportlab.pdfbase import pdfmetrics  # type: ignore[import-untyped, unused-ignore]
from reportlab.pdfbase.ttfonts import TTFError, TTFont, TTFontFile  # type: ignore[import-untyped, unused-ignore]

from jifen_desktop.model.errors import DomainError

from .font_names import chinese_family

FONT_ENV = "JIFEN_PDF_FONT"
# What a printout needs: digits, Latin letters and the Chinese of a notice.
NEEDED = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz积分公示户第页共（）：，。"

WINDOWS_FILES = ("msyh.ttc", "msyh.ttf", "simhei.ttf", "simsun.ttc", "simkai.ttf", "Deng.ttf")
# Windows' fonts with the CJK extensions (B to G): SimSun-ExtB, SimSun-ExtG, MingLiU-ExtB.
WINDOWS_RARE_FILES = ("simsunb.ttf", "SimsunExtG.ttf", "mingliub.ttc")
UNIX_FILES = (
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/wqy-microhei/wqy-microhei.ttc",
    "/usr/share/fonts/wqy-zenhei/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
    "/usr/share/fonts/truetype/noto/NotoSansSC-Regular.ttf",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
    "/usr/share/fonts/truetype/arphic/ukai.ttc",
    "/System/Library/Fonts/STHeiti Light.ttc",
    "/Library/Fonts/Arial Unicode.ttf",
)

INSTALL_HINT = (
    "Debian、统信UOS、银河麒麟：请安装文泉驿微米黑（sudo apt install fonts-wqy-microhei）；"
    "Windows：系统自带的微软雅黑（msyh.ttc）、黑体（simhei.ttf）在 C:\\Windows\\Fonts，"
    "如被删除请从别的电脑复制回来。也可以在 设置 里、用 --font 或环境变量 "
    f"{FONT_ENV} 指定一个 .ttf 或 .ttc 中文字体文件。"
)


class FontMissing(DomainError):
    """No usable CJK TrueType font: the message says what to install or choose."""


@dataclass(frozen=True)
class PdfFont:
    """A registered font: the name reportlab knows it by, what it is called, and its file."""

    name: str
    family: str
    path: Path
    subfont: int

    @property
    def label(self) -> str:
        return f"{self.family}（{self.path}）"

    @property
    def display_name(self) -> str:
        """What a clerk calls it: the Chinese name in the font file (文泉驿微米黑), else its
        family name."""
        return chinese_family(self.path, self.subfont) or self.family


_registered: dict[tuple[str, int], PdfFont] = {}


def windows_font_dirs(env: Mapping[str, str]) -> list[Path]:
    """Where Windows keeps fonts: the system's (%WINDIR%\\Fonts) and, since Windows 10 1809,
    those a user installed without administrator rights
    (%LOCALAPPDATA%\\Microsoft\\Windows\\Fonts)."""
    dirs = [Path(env.get("WINDIR") or env.get("SystemRoot") or r"C:\Windows") / "Fonts"]
    if env.get("LOCALAPPDATA"):
        dirs.append(Path(env["LOCALAPPDATA"]) / "Microsoft" / "Windows" / "Fonts")
    return dirs


def system_candidates(
    platform: str = sys.platform, env: Mapping[str, str] | None = None
) -> list[Path]:
    """Font files worth trying on this machine, the best first: the known files (on Windows in
    its font folders), then what fontconfig lists for Chinese."""
    found = _listed_files(platform, os.environ if env is None else env)
    return list(dict.fromkeys(p for p in found if p.is_file()))


def _listed_files(platform: str, env: Mapping[str, str]) -> list[Path]:
    """The known files (on Windows in its font folders), elsewhere then fontconfig's Chinese."""
    if platform == "win32":
        dirs = windows_font_dirs(env)
        return [folder / name for name in WINDOWS_FILES for folder in dirs]
    return [Path(p) for p in UNIX_FILES] + _fontconfig_files()


def _fontconfig_files() -> list[Path]:
    return _fc_list(":lang=zh", (".ttf", ".ttc", ".otf"))


def _fontconfig_covering(char: str) -> list[Path]:
    """The font files fontconfig says have ``char`` (``fc-list :charset=4dae``)."""
    return _fc_list(f":charset={ord(char):x}", (".ttf", ".ttc"))


def _fc_list(pattern: str, suffixes: tuple[str, ...]) -> list[Path]:
    """The font files ``fc-list`` lists for ``pattern`` with one of ``suffixes``, sorted (none
    without fontconfig)."""
    if shutil.which("fc-list") is None:
        return []
    try:
        listed = subprocess.run(
            ["fc-list", pattern, "file"], capture_output=True, text=True, timeout=10
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    files = (line.split(":")[0].strip() for line in listed.splitlines())
    return sorted(Path(f) for f in files if f.lower().endswith(suffixes))


def covering_candidates(char: str, platform: str = sys.platform) -> list[Path]:
    """Font files that may have ``char``, the known CJK ones first: on Windows every font in
    its font folders (SimSun-ExtB, 宋体 …), elsewhere what fontconfig finds for the character."""
    found = system_candidates(platform)
    if platform == "win32":
        found += _windows_covering()
    else:
        found += _fontconfig_covering(char)
    unique = {p.resolve(): p for p in found if p.is_file()}
    return list(unique.values())


@functools.cache
def _windows_covering() -> list[Path]:
    """The known rare-character files, then every TrueType font, in Windows' font folders."""
    folders = [f for f in windows_font_dirs(os.environ) if f.is_dir()]
    found = [folder / name for name in WINDOWS_RARE_FILES for folder in folders]
    for folder in folders:
        found += sorted(p for p in folder.iterdir() if p.suffix.lower() in (".ttf", ".ttc"))
    return found


def _faces(path: Path) -> tuple[tuple[int, str, frozenset[int]], ...]:
    """Each TrueType face of ``path``: (subfont index, family, the characters it has)."""
    try:
        faces = [TTFontFile(str(path), subfontIndex=i) for i in range(_face_count(path))]
    except (TTFError, OSError, ValueError, IndexError):
        return ()
    return tuple((i, _family(f), frozenset(f.charToGlyph)) for i, f in enumerate(faces))


def _face_count(path: Path) -> int:
    """How many faces the file holds: a collection (.ttc) several, any other file one."""
    if path.suffix.lower() != ".ttc":
        return 1
    return int(TTFontFile(str(path), charInfo=0).numSubfonts)


def _family(face: TTFontFile) -> str:
    """The face's family name (its full name when it has none)."""
    return str((face.familyName or face.name).decode("utf-8", "replace"))


def fallback_font(char: str, candidates: Iterable[Path] | None = None) -> PdfFont | None:
    """A registered font that has ``char`` (a rare character the main font lacks), or None
    when no installed TrueType font has it."""
    for path in covering_candidates(char) if candidates is None else candidates:
        for index, family, chars in _faces(path):
            if ord(char) in chars:
                return _register(path, index, family)
    return None


def _subfont_index(path: Path) -> int:
    """For a collection (.ttc) the Simplified Chinese face (its name has SC), else the first."""
    for index in range(_face_count(path)):
        if _is_simplified(TTFontFile(str(path), charInfo=0, subfontIndex=index)):
            return index
    return 0


def _is_simplified(face: TTFontFile) -> bool:
    """Whether the face is a collection's Simplified Chinese one (its name ends in SC)."""
    family = face.familyName or b""
    return bool(family.endswith(b" SC") or face.name.split(b"-")[0].lower().endswith(b"sc"))


@functools.lru_cache(maxsize=64)
def _usable(path: Path) -> tuple[int, str] | None:
    """(subfont index, family name) when ``path`` is a TrueType font with every needed glyph."""
    try:
        index = _subfont_index(path)
        face = TTFontFile(str(path), subfontIndex=index)
    except (TTFError, OSError, ValueError, IndexError):
        return None
    if _lacking(face):
        return None
    return index, _family(face)


def _register(path: Path, index: int, family: str) -> PdfFont:
    key = (str(path.resolve()), index)
    if key not in _registered:
        name = f"JifenCJK{len(_registered)}"
        pdfmetrics.registerFont(TTFont(name, str(path), subfontIndex=index))
        _registered[key] = PdfFont(name, family, path, index)
    return _registered[key]


def _chosen(path: Path) -> PdfFont:
    if not path.is_file():
        raise FontMissing(f"找不到字体文件 {path}，请检查路径，或在 设置 里重新选择 PDF 字体。")
    usable = _usable(path)
    if usable is None:
        raise FontMissing(_unusable(path))
    return _register(path, *usable)


def _unusable(path: Path) -> str:
    """Why the chosen font cannot print, and what to choose instead."""
    return (
        f"字体 {path.name} 不能用来打印：{_problem(path)}。请换一个中文 TrueType 字体，"
        "例如微软雅黑（msyh.ttc）、黑体（simhei.ttf）或文泉驿微米黑（wqy-microhei.ttc）。"
    )


def _problem(path: Path) -> str:
    """Why a font file cannot be used, in words."""
    try:
        face = TTFontFile(str(path), subfontIndex=_subfont_index(path))
    except (TTFError, OSError, ValueError, IndexError):
        return "它不是 TrueType 字体（PostScript 轮廓的 .otf 字体也不行）"
    return f"它缺少这些字：{_lacking(face)[:12]}"


def _lacking(face: TTFontFile) -> str:
    """The characters a printout needs that the face has no glyph for."""
    return "".join(c for c in NEEDED if ord(c) not in face.charToGlyph)


def find_font(
    explicit: Path | str | None = None, candidates: Iterable[Path] | None = None
) -> PdfFont:
    """The font to print with: ``explicit`` (the user's choice) or ``JIFEN_PDF_FONT`` if given,
    else the first usable of ``candidates`` (default: the system's fonts)."""
    chosen = explicit or os.environ.get(FONT_ENV, "").strip()
    if chosen:
        return _chosen(Path(chosen).expanduser())
    return _first_usable(system_candidates() if candidates is None else candidates)


def _first_usable(candidates: Iterable[Path]) -> PdfFont:
    """The first of ``candidates`` that can print Chinese, registered."""
    for path in candidates:
        usable = _usable(path)
        if usable is not None:
            return _register(path, *usable)
    raise FontMissing(f"这台电脑上没有找到能打印中文的 TrueType 字体，无法生成 PDF。{INSTALL_HINT}")
