"""Grades on the command line: ``优秀:80`` read as a grade, and a grade written back
(``优秀（≥80分）``); for ``jifen honours grades`` and ``jifen village person-grades``."""

from __future__ import annotations

import argparse
import re
from typing import TYPE_CHECKING

from .argparse_zh import _typed

if TYPE_CHECKING:
    from jifen_desktop.model.calendar.honours import Grade


def parse_grade(text: str) -> Grade:
    """``优秀:80`` (at least 80 points), or a bare ``诫勉`` for everyone else."""
    from jifen_desktop.model.calendar.honours import Grade  # the model only once it is used

    m = re.fullmatch(r"\s*([^:：=]+?)\s*(?:[:：=]\s*([+-]?\d+)\s*)?", text)
    if not m:
        raise argparse.ArgumentTypeError(
            f"“{text}”看不懂：等级请写成 名称:分数线，例如 优秀:80；最后一个等级可以只写名称"
        )
    return Grade(m[1], int(m[2]) if m[2] is not None else None)


grade_arg = _typed("等级", parse_grade)


def grade_text(grade: Grade) -> str:
    return (
        f"{grade.name}（≥{grade.minimum}分）"
        if grade.minimum is not None
        else f"{grade.name}（其余）"
    )
