"""argparse in Chinese: a parser class whose built-in words ("usage:", "options", error texts)
come out in Chinese, and the argument types the commands share (dates, whole numbers, yes/no,
comma lists) with Chinese messages.

argparse looks its words up through the module-level ``_`` and ``ngettext`` each time it
needs one; ``ChineseArgumentParser`` swaps in a small catalog only while one of its own methods
runs, so other users of argparse in the same process (pytest, for one) are left alone.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

from jifen_desktop.model import periods
from jifen_desktop.model.wording import display_width

if TYPE_CHECKING:
    from _typeshed import SupportsWrite

T = TypeVar("T")

MESSAGES = {
    "usage: ": "用法：",
    "positional arguments": "位置参数",
    "options": "选项",
    "optional arguments": "选项",
    "show this help message and exit": "显示本帮助并退出",
    "show program's version number and exit": "显示版本号并退出",
    "the following arguments are required: %s": "缺少必需的参数：%s",
    "invalid choice: %(value)r (choose from %(choices)s)": "无效的选择：%(value)r（可选：%(choices)s）",
    "invalid choice: %(value)r, maybe you meant %(closest)r? (choose from %(choices)s)": (
        "无效的选择：%(value)r，是不是 %(closest)r？（可选：%(choices)s）"
    ),
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "expected one argument": "需要一个参数值",
    "expected at most one argument": "最多只能给一个参数值",
    "expected at least one argument": "至少需要一个参数值",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "%(prog)s: error: %(message)s\n": "%(prog)s：错误：%(message)s\n",
    "not allowed with argument %s": "不能与参数 %s 同时使用",
    "one of the arguments %s is required": "必须给出以下参数之一：%s",
    "ambiguous option: %(option)s could match %(matches)s": (
        "选项 %(option)s 有歧义，可能是：%(matches)s"
    ),
    "invalid %(type)s value: %(value)r": "%(type)s 的值无效：%(value)r",
    "ignored explicit argument %r": "多余的参数值 %r",
    "unexpected option string: %s": "意外的选项：%s",
    "unknown parser %(parser_name)r (choices: %(choices)s)": (
        "没有命令 %(parser_name)r（可选：%(choices)s）"
    ),
    "expected %s argument": "需要 %s 个参数值",
    "expected %s arguments": "需要 %s 个参数值",
}


def translate(message: str) -> str:
    return MESSAGES.get(message, message)


def ntranslate(singular: str, plural: str, n: int) -> str:
    return translate(singular if n == 1 else plural)


@contextmanager
def chinese_words() -> Iterator[None]:
    """argparse's own words in Chinese for the duration (re-entrant: restores what it found)."""
    saved = getattr(argparse, "_"), getattr(argparse, "ngettext")  # noqa: B009
    setattr(argparse, "_", translate)  # noqa: B010
    setattr(argparse, "ngettext", ntranslate)  # noqa: B010
    try:
        yield
    finally:
        setattr(argparse, "_", saved[0])  # noqa: B010
        setattr(argparse, "ngettext", saved[1])  # noqa: B010


_TOKENS = re.compile(r"[\x21-\x7e]+| |.", re.S)
_CLOSING = set("，。、；：）》」！？,.;:)")


def wrap(text: str, width: int) -> list[str]:
    """Wrap by display width: a Chinese character may end a line anywhere, an ASCII word may
    not, and closing punctuation stays on the line it closes."""
    lines: list[str] = []
    line, used = "", 0
    for token in _TOKENS.findall(" ".join(text.split())):
        w = display_width(token)
        if used + w > width and line.strip() and token not in _CLOSING:
            lines.append(line.rstrip())
            line, used = "", 0
            if token == " ":
                continue
        line += token
        used += w
    if line.strip():
        lines.append(line.rstrip())
    return lines


class ChineseHelpFormatter(argparse.RawDescriptionHelpFormatter):
    """Help laid out by display width (a Chinese character takes two columns), without the
    bare "命令" line argparse puts above a list of sub-commands."""

    def _split_lines(self, text: str, width: int) -> list[str]:
        return wrap(text, width)

    def add_argument(self, action: argparse.Action) -> None:
        """argparse's own, measured by display width and with a sub-command's indent counted
        (as Python 3.13 does and 3.10-3.12 do not), so the help reads the same on each."""
        if action.help is argparse.SUPPRESS:
            return
        invocation = self._format_action_invocation
        widths = [display_width(invocation(action)) + self._current_indent]
        for sub in self._iter_indented_subactions(action):
            widths.append(display_width(invocation(sub)) + self._current_indent)
        self._action_max_length = max(self._action_max_length, *widths)
        self._add_item(self._format_action, [action])

    def _format_action(self, action: argparse.Action) -> str:
        text = super()._format_action(action)
        if action.nargs == argparse.PARSER:
            return text.partition("\n")[2]
        header = self._format_action_invocation(action)
        extra = display_width(header) - len(header)
        prefix = " " * self._current_indent + header
        first, newline, rest = text.partition("\n")
        if extra <= 0 or not first.startswith(prefix) or not first[len(prefix) :].strip():
            return text
        tail = first[len(prefix) :]
        gap = len(tail) - len(tail.lstrip(" "))
        if gap - extra >= 2:
            first = prefix + tail[extra:]
        else:  # too wide once the Chinese counts double: help goes on the next line
            column = min(self._action_max_length + 2, self._max_help_position)
            first = prefix + "\n" + " " * column + tail.lstrip(" ")
        return first + newline + rest


_ASCII_COLON_HEADING = re.compile(r"^([^\s\x00-\x7f][^\n]*):$", re.M)


class ChineseArgumentParser(argparse.ArgumentParser):
    """An ``ArgumentParser`` that speaks Chinese; sub-parsers inherit the class."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", ChineseHelpFormatter)
        with chinese_words():
            super().__init__(*args, **kwargs)

    def parse_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: Any = None
    ) -> argparse.Namespace:
        with chinese_words():
            return super().parse_args(args, namespace)

    def parse_known_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: Any = None
    ) -> tuple[argparse.Namespace, list[str]]:
        with chinese_words():
            return super().parse_known_args(args, namespace)

    def format_usage(self) -> str:
        with chinese_words():
            return super().format_usage()

    def format_help(self) -> str:
        with chinese_words():
            text = super().format_help()
        return _ASCII_COLON_HEADING.sub(r"\1：", text)

    def print_help(self, file: SupportsWrite[str] | None = None) -> None:
        with chinese_words():
            super().print_help(file)

    def error(self, message: str) -> NoReturn:
        with chinese_words():
            super().error(message)


# -- argument types (their messages end up after "参数 --date：") ------------------------------


def _typed(name: str, parse: Callable[[str], T]) -> Callable[[str], T]:
    parse.__name__ = name
    return parse


def parse_date(text: str) -> dt.date:
    """2026-03-05, 2026/3/5, 2026.3.5 or 20260305."""
    value = text.strip()
    m = re.fullmatch(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?", value) or re.fullmatch(
        r"(\d{4})(\d{2})(\d{2})", value
    )
    if m:
        try:
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            pass
    raise argparse.ArgumentTypeError(f"日期“{text}”不对，请写成 2026-03-05 这样的格式")


def parse_int(text: str) -> int:
    try:
        return int(text.strip().replace("＋", "+").replace("－", "-"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text}”不是整数，请写数字，例如 10 或 -5") from None


def parse_positive(text: str) -> int:
    value = parse_int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"“{text}”应为大于0的整数")
    return value


def parse_year(text: str) -> int:
    value = parse_int(text)
    if not periods.FIRST_YEAR <= value <= periods.LAST_YEAR:
        raise argparse.ArgumentTypeError(
            f"年份“{text}”不对，请写{periods.FIRST_YEAR}到{periods.LAST_YEAR}之间的年份，例如 2026"
        )
    return value


YES = {"yes", "y", "true", "1", "是", "开", "启用"}
NO = {"no", "n", "false", "0", "否", "关", "停用"}


def parse_yes_no(text: str) -> bool:
    value = text.strip().lower()
    if value in YES:
        return True
    if value in NO:
        return False
    raise argparse.ArgumentTypeError(f"“{text}”应为 yes（是）或 no（否）")


def parse_list(text: str) -> list[str]:
    """Comma list; Chinese commas and 、 work too."""
    return [part.strip() for part in re.split(r"[,，、;；\s]+", text) if part.strip()]


date_arg = _typed("日期", parse_date)
int_arg = _typed("整数", parse_int)
positive_arg = _typed("正整数", parse_positive)
year_arg = _typed("年份", parse_year)
yes_no_arg = _typed("是否", parse_yes_no)
list_arg = _typed("列表", parse_list)
