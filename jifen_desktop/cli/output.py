"""What the commands print: aligned plain-text tables where a Chinese character takes two
columns, key/value blocks, and the ``--json`` document (dataclasses, dates as ISO text)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import json
import re
import sys
from collections.abc import Collection, Mapping, Sequence
from typing import Any

from jifen_desktop.model.text_fields import printable
from jifen_desktop.model.wording import display_width

Cell = str | int | float | None
_NUMBER = re.compile(r"[+-]?\d+(\.\d+)?%?")


def clip(text: str, width: int) -> str:
    """Cut the text to ``width`` columns, ending with … when cut."""
    if display_width(text) <= width:
        return text
    out, used = [], 0
    for ch in text:
        w = display_width(ch)
        if used + w > width - 1:
            break
        out.append(ch)
        used += w
    return "".join(out) + "…"


def _cell_text(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.1f}"
    return printable(str(value))  # a name with an ESC sequence must not drive the terminal


def _pad(text: str, width: int, right: bool) -> str:
    gap = " " * (width - display_width(text))
    return gap + text if right else text + gap


def table(
    headers: Sequence[str],
    rows: Sequence[Sequence[Cell]],
    *,
    max_width: Mapping[int, int] | None = None,
    left: Collection[int] = (0,),
) -> str:
    """An aligned table; numbers are right-aligned and text left (columns in ``left`` always
    left: the first column is usually a household number or a code); ``max_width`` clips."""
    limits = max_width or {}
    texts = [
        [clip(_cell_text(v), limits[i]) if i in limits else _cell_text(v) for i, v in enumerate(r)]
        for r in rows
    ]
    numeric = [
        i not in left and bool(texts) and all(not r[i] or _NUMBER.fullmatch(r[i]) for r in texts)
        for i in range(len(headers))
    ]
    widths = [
        max([display_width(h)] + [display_width(r[i]) for r in texts])
        for i, h in enumerate(headers)
    ]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(_pad(c, widths[i], numeric[i]) for i, c in enumerate(cells)).rstrip()

    out = [line(headers), line(["-" * w for w in widths])]
    out += [line(r) for r in texts]
    return "\n".join(out)


def table_or(
    empty: str, headers: Sequence[str], rows: Sequence[Sequence[Cell]], **options: Any
) -> str:
    """``table`` of the rows, or the ``empty`` text (which says what to do) when there are none."""
    return table(headers, rows, **options) if rows else empty


def key_values(pairs: Sequence[tuple[str, Cell]]) -> str:
    """``标签：值`` lines, the values lined up after the longest label."""
    width = max((display_width(k) for k, _ in pairs), default=0) + 2
    return "\n".join(f"{_pad(k + '：', width, False)}{_cell_text(v)}".rstrip() for k, v in pairs)


def jsonable(value: Any) -> Any:
    """Plain JSON data from dataclasses, dates, sets, enums, dicts and lists."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.name if isinstance(value, enum.Flag) else value.value
    if isinstance(value, Mapping):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        items = [jsonable(v) for v in value]
        return sorted(items) if isinstance(value, (set, frozenset)) else items
    return value


def print_json(value: Any) -> None:
    json.dump(jsonable(value), sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def say(text: str = "") -> None:
    print(printable(text))


def note(text: str) -> None:
    """A message for the person, not the data: goes to stderr so stdout stays clean."""
    print(printable(text), file=sys.stderr)


def signed(points: int) -> str:
    return f"{points:+d}" if points else "0"
