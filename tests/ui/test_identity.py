"""The program as the system and the clerk see it once its application is made: Qt's own
words in Chinese (a message box's standard buttons, the file dialog, a text field's context
menu), the window icon, and the desktop file name a Linux taskbar matches with the installed
``jifen-desktop.desktop``."""

from __future__ import annotations

import configparser

from PySide6.QtCore import QCoreApplication, QTranslator
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFileDialog, QLabel, QLineEdit, QMessageBox, QPushButton

from jifen_desktop.model import paths
from jifen_desktop.ui import identity
from jifen_desktop.ui.app import make_application


def test_standard_buttons_and_qt_dialogs_speak_chinese(qtbot):
    make_application()
    installed = identity.install_qt_translations(QGuiApplication.instance())
    assert [name.endswith("qtbase_zh_CN.qm") for name in installed] == [True]
    assert QCoreApplication.translate("backup", "手动") == "手动"  # ours pass through
    box = QMessageBox(
        QMessageBox.Icon.Question,
        "从备份恢复",
        "确定吗？",
        QMessageBox.StandardButton.Ok | QMessageBox.StandardButton.Cancel,
    )
    qtbot.addWidget(box)
    assert sorted(b.text() for b in box.buttons()) == sorted(["确定", "取消"])
    edit = QLineEdit("王建国")
    qtbot.addWidget(edit)
    menu = edit.createStandardContextMenu()
    texts = [action.text().split("\t")[0] for action in menu.actions()]
    menu.deleteLater()
    assert "复制(&C)" in texts and "粘贴(&P)" in texts and not any("Copy" in t for t in texts)
    dialog = QFileDialog(None, "选择备份文件")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    qtbot.addWidget(dialog)
    buttons = {button.text() for button in dialog.findChildren(QPushButton)}
    assert {"打开(&O)", "取消"} <= buttons, buttons
    labels = {label.objectName(): label.text() for label in dialog.findChildren(QLabel)}
    # (Qt 6.8 asks for "Look in:", which its catalogue has; 6.11 for "&Look in:", which it
    # lacks, as "Files of &type:": those come from identity.QT_GAPS)
    assert labels["lookInLabel"] in ("查找范围：", "查找范围(&L)：")
    assert labels["fileNameLabel"] == "文件名称(&N)："
    assert labels["fileTypeLabel"] in ("文件类型：", "文件类型(&T)：")


def test_window_icon_and_desktop_file_name(qtbot):
    app = make_application()
    icon = app.windowIcon()
    assert not icon.isNull()
    assert {size.width() for size in icon.availableSizes()} >= {48, 256}
    desktop = paths.resources_dir() / "jifen-desktop.desktop"
    entry = configparser.ConfigParser(interpolation=None)
    entry.read(desktop, encoding="utf-8")
    assert QGuiApplication.desktopFileName() == desktop.stem
    assert entry["Desktop Entry"]["StartupWMClass"] == app.applicationName() == desktop.stem
    assert entry["Desktop Entry"]["Icon"] == desktop.stem


def test_qt_chinese_is_found_beside_pyside6_when_qt_looks_elsewhere(monkeypatch):
    """(A bundled build whose Qt was given another prefix.)"""

    class Elsewhere:
        LibraryPath = identity.QLibraryInfo.LibraryPath

        @staticmethod
        def path(_which) -> str:
            return "/nowhere/translations"

    monkeypatch.setattr(identity, "QLibraryInfo", Elsewhere)
    folders = identity._translation_folders()
    assert folders[0] == "/nowhere/translations"
    translator = QTranslator()
    assert any(translator.load("qtbase_zh_CN", folder) for folder in folders)
