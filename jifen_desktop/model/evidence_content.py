"""Is this file really a photo or a PDF? Judged by its content, not its name: an image must be
one Pillow recognises by its first bytes and can read through (``verify``), a PDF must start
with ``%PDF-`` and end with ``%%EOF``. A HEIC photo (iPhone) is known by its ``ftyp`` box only,
as Pillow cannot read it without a plug-in."""

from __future__ import annotations

from typing import BinaryIO

PDF_SUFFIXES = {".pdf"}
HEIC_SUFFIXES = {".heic"}
# The formats an image of any accepted suffix may really be in (a PNG named .jpg is still a
# photo; every viewer goes by the content).
IMAGE_FORMATS = ["JPEG", "PNG", "GIF", "BMP", "WEBP", "TIFF"]
HEIC_BRANDS = {b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1"}
PDF_WINDOW = 1024  # readers look this far for the header and the end marker


def looks_right(f: BinaryIO, suffix: str) -> bool:
    """Whether the open file ``f`` holds what ``suffix`` promises (a PDF for ``.pdf``, an
    image for the rest); ``f`` is read from the start and left anywhere."""
    f.seek(0)
    if suffix in PDF_SUFFIXES:
        return _is_pdf(f)
    if suffix in HEIC_SUFFIXES:
        return _is_heic(f.read(32))
    return _is_image(f)


def is_photo(f: BinaryIO) -> bool:
    """Whether ``f`` is an image Pillow can read (a goods photo is shown by Qt: no HEIC)."""
    f.seek(0)
    return _is_image(f)


def _is_image(f: BinaryIO) -> bool:
    from PIL import Image  # Pillow loads only when a file is checked

    try:
        with Image.open(f, formats=IMAGE_FORMATS) as image:
            if image.width < 1 or image.height < 1:
                return False
            image.verify()
    except Exception:  # Pillow raises many kinds (OSError, SyntaxError, struct.error, bombs…)
        return False
    return True


def _is_heic(head: bytes) -> bool:
    return len(head) >= 12 and head[4:8] == b"ftyp" and head[8:12] in HEIC_BRANDS


def _is_pdf(f: BinaryIO) -> bool:
    if b"%PDF-" not in f.read(PDF_WINDOW):
        return False
    size = f.seek(0, 2)
    f.seek(max(0, size - PDF_WINDOW))
    return b"%%EOF" in f.read()
