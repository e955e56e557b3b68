"""Resident ID numbers (GB 11643-1999): check digit, birth date, gender, and masking for print."""

from __future__ import annotations

import datetime as dt
import re

from .errors import ValidationError

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARS = "10X98765432"
_PATTERN = re.compile(r"^\d{17}[\dX]$")


def check_digit(first17: str) -> str:
    total = sum(int(c) * w for c, w in zip(first17, WEIGHTS, strict=False))
    return CHECK_CHARS[total % 11]


def normalize(id_number: str) -> str:
    return id_number.strip().upper().replace(" ", "")


def validate(id_number: str) -> str:
    """The normalized 18-digit number, or a ValidationError saying what is wrong."""
    value = normalize(id_number)
    if not _PATTERN.match(value):
        raise ValidationError(
            f"身份证号“{id_number}”格式不对：应为18位，前17位是数字，最后一位是数字或X。",
            field="id_number",
        )
    try:
        birth_date(value)
    except ValueError:
        raise ValidationError(
            f"身份证号“{id_number}”中的出生日期（第7-14位）不是有效日期，请核对。",
            field="id_number",
        ) from None
    if check_digit(value[:17]) != value[17]:
        raise ValidationError(
            f"身份证号“{id_number}”校验位不对（应为{check_digit(value[:17])}），"
            "请对照身份证逐位核对。",
            field="id_number",
        )
    return value


def birth_date(id_number: str) -> dt.date:
    return dt.datetime.strptime(id_number[6:14], "%Y%m%d").date()


def gender(id_number: str) -> str:
    return "男" if int(id_number[16]) % 2 == 1 else "女"


def mask(id_number: str) -> str:
    """For anything printed or shown publicly: keep the first 6 and last 4 characters."""
    if len(id_number) < 10:
        return "*" * len(id_number)
    return id_number[:6] + "*" * (len(id_number) - 10) + id_number[-4:]
