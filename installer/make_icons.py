"""Draw the program's icon: a red seal-like square with a gold border and the character 积.

Writes ``resources/icons/jifen.svg`` (the glyph as an outline, so the file needs no font),
PNGs at 16-256 pixels rendered from it with Qt, and ``jifen.ico`` (every size, for Windows).
The files are committed; run this again only to change the drawing:

    QT_QPA_PLATFORM=offscreen .venv/bin/python installer/make_icons.py

Needs a CJK font on the machine (fonts-wqy-microhei) and Pillow (installed with reportlab).
"""

from __future__ import annotations

import sys
from pathlib import Path

from PIL import Image
from PySide6.QtCore import QByteArray, QPointF, QRectF, Qt
from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication, QImage, QPainter, QPainterPath
from PySide6.QtSvg import QSvgRenderer

ICONS = Path(__file__).resolve().parent.parent / "resources" / "icons"
PNG_SIZES = (48, 128, 256)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
FONT_FILE = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"
RED, DARK_RED, GOLD = "#c62828", "#8e0000", "#ffd54f"
CHARACTER = "积"


def glyph_path(size: float = 256.0, box: float = 150.0) -> str:
    """The character's outline as SVG path data, centred in a ``size`` square, ``box`` high."""
    family = QFontDatabase.applicationFontFamilies(QFontDatabase.addApplicationFont(FONT_FILE))
    if not family:
        sys.exit(f"找不到字体 {FONT_FILE}（sudo apt install fonts-wqy-microhei）")
    font = QFont(family[0])
    font.setPixelSize(200)
    font.setBold(True)
    path = QPainterPath()
    path.addText(QPointF(0, 0), font, CHARACTER)
    bounds = path.boundingRect()
    scale = box / max(bounds.width(), bounds.height())
    dx = (size - bounds.width() * scale) / 2 - bounds.left() * scale
    dy = (size - bounds.height() * scale) / 2 - bounds.top() * scale
    commands: list[str] = []
    for i in range(path.elementCount()):
        e = path.elementAt(i)
        x, y = e.x * scale + dx, e.y * scale + dy
        kind = {
            QPainterPath.ElementType.MoveToElement: "M",
            QPainterPath.ElementType.LineToElement: "L",
            QPainterPath.ElementType.CurveToElement: "C",
            QPainterPath.ElementType.CurveToDataElement: "",
        }[e.type]
        commands.append(f"{kind}{x:.1f} {y:.1f}")
    return " ".join(commands) + " Z"


def svg() -> str:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="256" height="256" viewBox="0 0 256 256">
  <title>积分台账</title>
  <rect x="8" y="8" width="240" height="240" rx="40" fill="{RED}" stroke="{DARK_RED}" stroke-width="6"/>
  <rect x="30" y="30" width="196" height="196" rx="20" fill="none" stroke="{GOLD}" stroke-width="8"/>
  <path fill="{GOLD}" fill-rule="nonzero" d="{glyph_path()}"/>
</svg>
"""


def render(renderer: QSvgRenderer, size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter, QRectF(0, 0, size, size))
    painter.end()
    return image


def main() -> int:
    QGuiApplication(sys.argv[:1])
    ICONS.mkdir(parents=True, exist_ok=True)
    text = svg()
    (ICONS / "jifen.svg").write_text(text, encoding="utf-8")
    renderer = QSvgRenderer(QByteArray(text.encode("utf-8")))
    if not renderer.isValid():
        sys.exit("SVG 无效")
    images: list[Image.Image] = []
    for size in ICO_SIZES:
        png = ICONS / f"jifen-{size}.png"
        render(renderer, size).save(str(png))
        images.append(Image.open(png).convert("RGBA"))
        if size not in PNG_SIZES:
            png.unlink()
    images[-1].save(
        ICONS / "jifen.ico", sizes=[(s, s) for s in ICO_SIZES], append_images=images[:-1]
    )
    print(f"已生成 {ICONS}：jifen.svg、jifen.ico、" + "、".join(f"{s}px" for s in PNG_SIZES))
    return 0


if __name__ == "__main__":
    sys.exit(main())
