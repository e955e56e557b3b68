"""The 查分 mode's type: never smaller than 特大, whatever the operator chose in 设置, because
the villager reading it may not see well. Every widget of the mode's window gets the mode's
font (Qt does not pass a window's font on to widgets the application's style sheet has
polished), times the factor a label that must stand out was given with ``big``; again after
each switch of the type size. Pixel sizes in the mode are ``big_px``: 特大's at least."""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QWidget

from ..type_size import BASE_POINT_SIZE, FONT_SCALES, follow, point_size, scale

LEAST_SCALE = FONT_SCALES["larger"]
FACTOR = "chafen_font_factor"
BOLD = "chafen_font_bold"
W = TypeVar("W", bound=QWidget)


def big_scale() -> float:
    """The mode's scale of 标准: the user's size, or 特大 when that is larger."""
    return max(scale(), LEAST_SCALE)


def big_px(n: float) -> int:
    return round(n * big_scale())


def big_font(factor: float = 1.0, bold: bool = False) -> QFont:
    font = QFont(QApplication.font())
    font.setPointSizeF(max(point_size(), BASE_POINT_SIZE * LEAST_SCALE) * factor)
    font.setBold(bold)
    return font


def big(widget: W, factor: float = 1.0, bold: bool = False) -> W:
    """``widget`` in the mode's type times ``factor`` (once ``big_tree`` reaches it)."""
    widget.setProperty(FACTOR, factor)
    widget.setProperty(BOLD, bold)
    return widget


def big_tree(root: QWidget) -> None:
    """``root`` and every widget in it in the mode's type, now and after each switch."""

    def apply() -> None:
        for widget in [root, *root.findChildren(QWidget)]:
            factor = widget.property(FACTOR)
            widget.setFont(big_font(float(factor or 1.0), bool(widget.property(BOLD))))

    follow(root, apply)
