"""Text that people type into the ledger — names, household numbers, addresses, phones, notes —
cleaned and checked in one place, so that households, members, the roster import, grids, goods
and operators agree on what a name may be.

What is cleaned: spaces around a value, and runs of spaces inside it (the ideographic space
included) become one; household numbers and phones are NFKC-normalised, so full-width digits
typed with a Chinese input method (``０１０１``) are the ASCII ones (``0101``).

What is refused, with a Chinese message naming the field: control and format characters (an
ESC sequence that would recolour a terminal, a line break in a name, right-to-left overrides,
zero-width spaces), a value longer than the field's maximum, spaces inside a household number,
and a phone with anything but digits, ``+``, ``-`` and spaces. Names are not otherwise
normalised: a rare character (``䶮``, ``𬌗``) or a compatibility ideograph stays as typed.
"""

from __future__ import annotations

import re
import unicodedata

from .errors import ValidationError

NAME_MOST = 30  # a person's name: 户主, 成员, 负责人, an operator's display name
UNIT_NAME_MOST = 60
PLACE_NAME_MOST = 64  # a village's or township's own name
GRID_NAME_MOST = 30
GOODS_NAME_MOST = 30
NUMBER_MOST = 20  # a household number
ADDRESS_MOST = 100
PHONE_MOST = 20

# Cc: control characters (ESC, line breaks, tabs); Cf: format characters (bidi overrides,
# zero-width spaces, the byte-order mark); Cs: lone surrogates (undecodable bytes of argv).
REFUSED_CATEGORIES = {"Cc", "Cf", "Cs"}
_SPACES = re.compile(r"[^\S\n]+")  # any whitespace but a line break
_PHONE = re.compile(r"[0-9+\- ]*")


def clean_text(
    value: str | None,
    what: str,
    limit: int,
    *,
    field: str | None = None,
    required: bool = False,
    multiline: bool = False,
) -> str:
    """``value`` stripped, its inner runs of spaces made one; refused if it holds a control
    character (a line break is allowed when ``multiline``), is longer than ``limit`` or is
    empty when ``required``. ``what`` names the field in the message."""
    text = (value or "").replace("\r\n", "\n").strip()
    if "\n" in text and not multiline:
        raise ValidationError(f"{what}不能分行，请写在一行里。", field=field)
    text = "\n".join(_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    _refuse_controls(text.replace("\n", ""), what, field)
    if required and not text:
        raise ValidationError(f"{what}不能为空，请填写。", field=field)
    if len(text) > limit:
        raise ValidationError(
            f"{what}太长（最多{limit}个字，现在有{len(text)}个字），请核对。", field=field
        )
    return text


def clean_name(value: str | None, what: str, *, field: str = "name", required: bool = True) -> str:
    """A person's name (at most ``NAME_MOST`` characters)."""
    return clean_text(value, what, NAME_MOST, field=field, required=required)


def clean_number(value: str | None, what: str = "户号", *, field: str = "number") -> str:
    """A household number: full-width digits and letters made ASCII, no spaces inside."""
    text = clean_text(
        unicodedata.normalize("NFKC", value or ""), what, NUMBER_MOST, field=field, required=True
    )
    if " " in text:
        raise ValidationError(
            f"{what}“{text}”中间有空格，请去掉空格（例如 {text.replace(' ', '')}）。",
            field=field,
        )
    return text


def clean_phone(value: str | None, what: str = "电话", *, field: str = "phone") -> str:
    """A phone number: digits, ``+``, ``-`` and spaces (full-width ones made ASCII)."""
    text = clean_text(unicodedata.normalize("NFKC", value or ""), what, PHONE_MOST, field=field)
    if not _PHONE.fullmatch(text):
        raise ValidationError(_not_a_phone(what, text), field=field)
    return text


def _not_a_phone(what: str, text: str) -> str:
    """A phone number with other characters, in words, with examples."""
    return f"{what}“{text}”不对：只能填数字、“+”“-”和空格，例如 13800001111 或 0716-1234567。"


def clean_address(value: str | None, what: str = "地址", *, field: str = "address") -> str:
    return clean_text(value, what, ADDRESS_MOST, field=field)


def _refuse_controls(text: str, what: str, field: str | None) -> None:
    bad = next((ch for ch in text if unicodedata.category(ch) in REFUSED_CATEGORIES), None)
    if bad is not None:
        raise ValidationError(_control_character(what, bad), field=field)


def _control_character(what: str, bad: str) -> str:
    """A text with an invisible control character, in words: which one, and what to do."""
    return (
        f"{what}里有看不见的控制字符（U+{ord(bad):04X}，多半是从别处复制来的），请删掉后重新输入。"
    )


def printable(text: str) -> str:
    """``text`` with control characters shown as ``�``: for printing a value that came in
    before these checks (or from elsewhere) without letting it drive the terminal."""
    return "".join(
        "\ufffd" if unicodedata.category(ch) in REFUSED_CATEGORIES and ch != "\n" else ch
        for ch in text
    )
