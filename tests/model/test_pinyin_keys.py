"""Pinyin keys come from pypinyin's single-character dictionary alone (its phrases are not
loaded), and still give every reading of a heteronym surname."""

from __future__ import annotations

import json
import subprocess
import sys

from jifen_desktop.model.pinyin_keys import _readings, name_keys, warm_up


def test_heteronym_surnames_keep_every_reading():
    warm_up()
    assert {"shan", "dan"} <= set(_readings("单"))
    assert {"zeng", "ceng"} <= set(_readings("曾"))
    assert {"qu", "ou"} <= set(_readings("区"))
    assert {"shanzhi", "danzhi", "sz", "dz"} <= name_keys("单志")
    assert {"ouyang", "oy"} <= name_keys("区阳")
    assert "zengguofan" in name_keys("曾国藩")


def test_readings_are_the_same_as_with_the_phrase_dictionary():
    # A fresh interpreter with the phrases loaded, for the characters of common names.
    chars = "王李张刘陈杨黄赵吴周单曾区仇解查朴乐覃长行重建国秀英华"
    code = (
        "import json, sys; from pypinyin import Style, pinyin; "
        "print(json.dumps([pinyin(c, style=Style.NORMAL, heteronym=True)[0] for c in sys.argv[1]]))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, chars], capture_output=True, text=True, check=True
    ).stdout
    with_phrases = json.loads(out)
    for char, readings in zip(chars, with_phrases, strict=True):
        assert _readings(char) == tuple(dict.fromkeys(r.lower() for r in readings if r))


def test_pypinyin_is_loaded_without_its_phrases():
    code = (
        "import sys, os; from jifen_desktop.model.pinyin_keys import warm_up; warm_up(); "
        "print('pypinyin.phrases_dict' in sys.modules, 'PYPINYIN_NO_PHRASES' in os.environ)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.split() == ["False", "False"]


def test_threads_loading_pypinyin_at_once_all_get_readings():
    # The main window's warm-up and the completers' may race: neither may see it half-loaded.
    code = (
        "import threading; from jifen_desktop.model import pinyin_keys as p\n"
        "errors = []\n"
        "def run(c):\n"
        "    try: assert p._readings(c)\n"
        "    except Exception as exc: errors.append(exc)\n"
        "ts = [threading.Thread(target=run, args=(c,)) for c in '王李张刘陈杨']\n"
        "[t.start() for t in ts]; [t.join() for t in ts]\n"
        "print(errors)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"
