"""Small real files for tests that attach evidence: evidence is judged by its content, so a
photo must be a photo (``model/evidence_content``). ``tag`` makes the content differ."""

from __future__ import annotations

from pathlib import Path

from PIL import Image, PngImagePlugin


def a_png(path: Path, tag: str = "") -> Path:
    info = PngImagePlugin.PngInfo()
    info.add_text("tag", tag)
    Image.new("RGB", (4, 4), (40, 120, 200)).save(path, "PNG", pnginfo=info)
    return path


def a_jpeg(path: Path, tag: str = "") -> Path:
    Image.new("RGB", (4, 4), (200, 120, 40)).save(path, "JPEG", comment=tag.encode())
    return path


def a_pdf(path: Path, tag: str = "") -> Path:
    Image.new("RGB", (4, 4), (255, 255, 255)).save(path, "PDF", title=tag)
    return path
