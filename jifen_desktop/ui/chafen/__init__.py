"""查分: the mode in which a villager looks up their own household's points on the office
laptop (``ChafenWindow``), opened by any operator from the 查分 button under the main
window's page list (``chafen_button``), and left only with that operator's password."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton, QWidget

from ..context import AppContext
from .window import ChafenWindow

__all__ = ["ChafenWindow", "chafen_button", "open_chafen"]


def open_chafen(parent: QWidget, ctx: AppContext) -> ChafenWindow:
    """The mode, full screen over ``parent``'s window; it is deleted when left."""
    window = ChafenWindow(ctx, parent.window())
    window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    window.showFullScreen()
    window.activateWindow()
    return window


def chafen_button(ctx: AppContext, parent: QWidget) -> QPushButton:
    button = QPushButton(parent.tr("查分"), parent)
    button.setObjectName("chafen")
    button.setToolTip(
        parent.tr("让村民自己查本户积分：全屏大字，只显示本户；退出要输入操作员的密码。")
    )
    button.clicked.connect(lambda: open_chafen(parent, ctx))
    return button
