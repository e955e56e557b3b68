"""Characters the printout's font does not have — a rare character in a name (刘䶮 U+4DAE,
张𬌗 U+2C317) that reportlab would silently leave out, printing "刘" — drawn one by one in another
installed TrueType font that has them (``fonts.fallback_font``). A character no installed font
has is collected with the text it is in, and the report warns which names will print with a
gap, instead of dropping the character unseen."""

from __future__ import annotations

import functools
from collections.abc import Callable

from reportlab.pdfbase import pdfmetrics  # type: ignore[import-untyped, unused-ignore]

from .fonts import PdfFont, fallback_font

Fallback = Callable[[str], PdfFont | None]
WARNING = (
    "以下姓名有字库里没有的字，打印出来会缺字：{0}。"
    "请安装收字更全的中文字体（例如花园明朝 fonts-hanazono），或在 设置 里另选 PDF 字体。"
)


@functools.lru_cache(maxsize=256)
def system_fallback(char: str) -> PdfFont | None:
    """``fonts.fallback_font`` of this machine's fonts, looked up once per character."""
    return fallback_font(char)


def escape(text: str) -> str:
    """``text`` as the text of a reportlab paragraph (its markup characters escaped)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _word_with(text: str, char: str) -> str:
    """The word of ``text`` (between spaces) that has ``char``: the name in a page heading."""
    return next(word for word in text.split() if char in word)


class Glyphs:
    """What the document's font ``font`` can draw; paragraph markup that draws the rest in a
    fallback font; the texts with characters no font has (``warnings``)."""

    def __init__(self, font: PdfFont, fallback: Fallback = system_fallback) -> None:
        self._has = pdfmetrics.getFont(font.name).face.charToGlyph
        self._fallback = fallback
        self._lacking: dict[str, None] = {}  # words with a character no font has, in order

    def covers(self, text: str) -> bool:
        """Whether the document's own font has every character of ``text``."""
        return all(ord(ch) in self._has or ch.isspace() for ch in text)

    def runs(self, text: str) -> list[tuple[str | None, str]]:
        """``text`` cut where the font changes: (a fallback font's name, or None for the
        document's own font; the characters). A character no font has stays in the document's
        font and is noted for the warning."""
        if self.covers(text):
            return [(None, text)]
        runs: list[tuple[str | None, str]] = []
        for ch in text:
            name = None
            if not self.covers(ch):
                font = self._fallback(ch)
                if font is None:
                    self._lacking[_word_with(text, ch)] = None
                else:
                    name = font.name
            if runs and runs[-1][0] == name:
                runs[-1] = (name, runs[-1][1] + ch)
            else:
                runs.append((name, ch))
        return runs

    def markup(self, text: str) -> str:
        """Paragraph markup of ``text``, each run the font lacks in a font that has it."""
        return "".join(
            escape(chunk) if name is None else f'<font name="{name}">{escape(chunk)}</font>'
            for name, chunk in self.runs(text)
        )

    def warnings(self) -> tuple[str, ...]:
        """One line naming the texts printed with a gap (none when every character printed)."""
        if not self._lacking:
            return ()
        return (WARNING.format("、".join(self._lacking)),)
