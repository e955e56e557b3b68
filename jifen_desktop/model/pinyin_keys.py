"""Pinyin search keys for Chinese names: full pinyin and initials, with every reading of a
surname (单 is shan as a surname, 曾 is zeng, 仇 is qiu), so that typing ``sz`` or ``shan`` finds 单志.
"""

from __future__ import annotations

import itertools
import os
import sys
import threading
from functools import lru_cache
from types import ModuleType

MAX_COMBINATIONS = 16
# Readings a character has as a surname that dictionaries list second or not at all.
SURNAME_READINGS = {
    "单": ("shan",),
    "曾": ("zeng",),
    "仇": ("qiu",),
    "解": ("xie",),
    "查": ("zha",),
    "区": ("ou",),
    "朴": ("piao",),
    "繁": ("po",),
    "尉": ("yu",),
    "折": ("she",),
    "盖": ("ge",),
    "乐": ("yue", "le"),
    "覃": ("qin", "tan"),
    "翟": ("zhai",),
    "缪": ("miao",),
    "秘": ("bi",),
    "召": ("shao",),
    "员": ("yun",),
    "种": ("chong",),
    "万": ("wan",),
}
COMPOUND_SURNAMES = (
    "欧阳",
    "司马",
    "上官",
    "诸葛",
    "东方",
    "皇甫",
    "尉迟",
    "公孙",
    "慕容",
    "长孙",
    "司徒",
    "令狐",
    "夏侯",
    "宇文",
    "轩辕",
    "单于",
)


_IMPORT_LOCK = threading.Lock()


def _pypinyin() -> ModuleType:
    """pypinyin, imported on first use without its phrase dictionary: we only ever ask for one
    character at a time, whose readings (all of them, heteronyms included) come from the
    single-character dictionary alone; the phrases took 150-200 ms of its 0.25 s import and a
    long stretch holding the GIL. The variable is set only while importing."""
    with _IMPORT_LOCK:  # a thread that finds it half-imported must wait, not use it
        if "pypinyin" in sys.modules:
            import pypinyin

            return pypinyin
        before = os.environ.get("PYPINYIN_NO_PHRASES")
        os.environ["PYPINYIN_NO_PHRASES"] = "1"
        try:
            import pypinyin
        finally:
            if before is None:
                del os.environ["PYPINYIN_NO_PHRASES"]
            else:
                os.environ["PYPINYIN_NO_PHRASES"] = before
    return pypinyin


def warm_up() -> None:
    """Load pypinyin now (e.g. on a worker thread once the main window is up), so that the
    first pinyin search does not pay for it."""
    _readings("王")


@lru_cache(maxsize=4096)
def _readings(char: str) -> tuple[str, ...]:
    pypinyin = _pypinyin()
    found = pypinyin.pinyin(char, style=pypinyin.Style.NORMAL, heteronym=True, errors="default")
    readings = tuple(dict.fromkeys(r.lower() for r in found[0] if r)) if found else ()
    return readings or (char.lower(),)


def _combinations(per_char: list[tuple[str, ...]]) -> list[tuple[str, ...]]:
    combos: list[tuple[str, ...]] = []
    for combo in itertools.product(*per_char):
        combos.append(combo)
        if len(combos) >= MAX_COMBINATIONS:
            break
    return combos


@lru_cache(maxsize=65536)
def name_keys(name: str) -> frozenset[str]:
    """Full pinyin and initials of a person's name, every reading of the surname included."""
    name = name.strip()
    if not name:
        return frozenset()
    surname_len = 2 if name[:2] in COMPOUND_SURNAMES else 1
    per_char: list[tuple[str, ...]] = []
    for i, char in enumerate(name):
        if i < surname_len:
            extra = SURNAME_READINGS.get(char, ())
            per_char.append(tuple(dict.fromkeys(extra + _readings(char))))
        else:
            per_char.append(_readings(char)[:2])
    return frozenset(_keys(per_char))


@lru_cache(maxsize=4096)
def text_keys(text: str) -> frozenset[str]:
    """Full pinyin and initials of any text (a rule's name), most common readings only."""
    per_char = [_readings(c)[:1] for c in text if not c.isspace()][:24]
    return frozenset(_keys(per_char))


def _keys(per_char: list[tuple[str, ...]]) -> set[str]:
    keys: set[str] = set()
    for combo in _combinations(per_char):
        keys.add("".join(combo))
        keys.add("".join(p[0] for p in combo if p))
    return keys
