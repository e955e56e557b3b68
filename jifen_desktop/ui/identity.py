"""How the desktop program presents itself to the system: its names, its window icon (the red
seal in ``resources/icons``), the desktop file name that lets a Linux taskbar match its windows
to ``jifen-desktop.desktop`` (its icon, its name 积分台账), and Qt's own words in Chinese — the
file dialog, the standard buttons of a message box (确定, 取消), a text field's context menu —
from the ``qtbase_zh_CN.qm`` that comes with PySide6 (the installers keep it).

The program's own strings are Chinese already; Qt's are English unless a translation is
installed, whatever the system's language, so the Chinese one is always installed.
"""

from __future__ import annotations

import logging
from pathlib import Path

import PySide6
from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator
from PySide6.QtGui import QGuiApplication, QIcon

from jifen_desktop import __version__
from jifen_desktop.model import paths

ORGANIZATION = "jifen"
APPLICATION = "jifen-desktop"  # also the desktop file's name and the window class
ICON_SIZES = (48, 128, 256)
# qtbase holds the widgets' strings (QFileDialog, QMessageBox, QLineEdit...). Not the meta
# catalogue qt_zh_CN.qm: it loads only when every module catalogue it names is there too.
QT_CATALOGUES = ("qtbase",)
QT_LANGUAGE = "zh_CN"
# What Qt's zh_CN catalogue lacks of the file dialog (strings Qt 6 changed and the catalogue
# has not caught up with, in 6.8 and 6.11 alike); looked up only after the catalogue.
QT_GAPS = {
    ("QFileDialog", "&Look in:"): "查找范围(&L)：",
    ("QFileDialog", "Files of &type:"): "文件类型(&T)：",
    ("QAbstractFileIconProvider", "Drive"): "驱动器",
    ("QAbstractFileIconProvider", "Folder"): "文件夹",
    ("QAbstractFileIconProvider", "File"): "文件",
    ("QAbstractFileIconProvider", "%1 File"): "%1 文件",
    ("QAbstractFileIconProvider", "Shortcut"): "快捷方式",
    ("QAbstractFileIconProvider", "Alias"): "替身",
}

log = logging.getLogger("jifen.identity")

_translators: list[QTranslator] = []  # installed ones must live as long as the application


def present(app: QGuiApplication) -> None:
    """Names (the settings are kept under them), version, desktop file name, window icon and
    Qt's Chinese."""
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationName(APPLICATION)
    app.setApplicationVersion(__version__)
    QGuiApplication.setDesktopFileName(APPLICATION)
    icon = app_icon()
    if not icon.isNull():
        app.setWindowIcon(icon)
    install_qt_translations(app)


def app_icon() -> QIcon:
    """The program's icon at the sizes drawn for it (a null icon when the files are missing:
    the windows then show the system's default, which is no reason not to start)."""
    icon = QIcon()
    try:
        folder = paths.resources_dir() / "icons"
    except FileNotFoundError:
        return icon
    for size in ICON_SIZES:
        path = folder / f"jifen-{size}.png"
        if path.is_file():
            icon.addFile(str(path))
    return icon


class _QtGaps(QTranslator):
    """``QT_GAPS`` as a translator (installed before the catalogue, so asked after it)."""

    def translate(
        self, context: str, source: str, disambiguation: str | None = None, n: int = -1
    ) -> str:
        # None (a null QString) for the rest: an empty string would count as a translation and
        # blank every other ``tr()`` of the program.
        return QT_GAPS.get((context, source))  # type: ignore[return-value]

    def isEmpty(self) -> bool:
        return False


def install_qt_translations(app: QCoreApplication) -> list[str]:
    """Install Qt's Chinese catalogues once per process, and the Chinese locale (sizes and
    dates in the file dialog, the calendar's month names); the files installed (none found is
    logged: Qt's dialogs are then in English, everything else still works)."""
    if _translators:
        return [t.filePath() for t in _translators if t.filePath()]
    QLocale.setDefault(QLocale(QT_LANGUAGE))
    gaps = _QtGaps()
    app.installTranslator(gaps)
    _translators.append(gaps)
    folders = _translation_folders()
    for catalogue in QT_CATALOGUES:
        translator = QTranslator()  # (no parent: kept alive by ``_translators``)
        if any(translator.load(f"{catalogue}_{QT_LANGUAGE}", folder) for folder in folders):
            app.installTranslator(translator)
            _translators.append(translator)
        else:
            log.warning("找不到 Qt 的中文翻译 %s_%s.qm（在 %s）", catalogue, QT_LANGUAGE, folders)
    return [t.filePath() for t in _translators if t.filePath()]


def _translation_folders() -> list[str]:
    """Where Qt says its translations are, then beside the PySide6 package (the same place in
    a wheel; the fallback for a bundled build whose Qt was told another prefix)."""
    beside = Path(PySide6.__file__).parent / "Qt" / "translations"
    return list(
        dict.fromkeys([QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath), str(beside)])
    )
