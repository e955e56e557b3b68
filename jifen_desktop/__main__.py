"""``python -m jifen_desktop``: start the program on a data folder (a demo village by default
when the folder is empty), print the ranking with ``--print``, or check an installation with
``--smoke-test`` (every page of the main window built and shown, then closed)."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from jifen_desktop.model import paths, periods
from jifen_desktop.model.errors import DomainError
from jifen_desktop.startup import loading

if TYPE_CHECKING:  # SQLAlchemy, Qt and the window load with the collector paused (``loading``)
    from jifen_desktop.model.ledger import Ledger


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m jifen_desktop", description="启动积分台账")
    parser.add_argument("--data-dir", help="数据目录（默认用系统的用户数据目录或 JIFEN_DATA_DIR）")
    parser.add_argument("--demo", action="store_true", help="数据目录为空时先生成演示村")
    parser.add_argument(
        "--print", dest="print_only", action="store_true", help="不开窗口，只打印本年度排名"
    )
    parser.add_argument(
        "--smoke-test",
        action="store_true",
        help="安装自检：在已有台账的数据目录上打开主窗口和每个页面，显示后关闭，正常则返回 0",
    )
    args = parser.parse_args(argv)
    folder = paths.data_dir(args.data_dir)
    try:
        if args.smoke_test:
            return _smoke_test(folder)
        if args.print_only or not _has_display():
            with loading():
                from jifen_desktop.model.ledger import Ledger

            if args.demo and not paths.db_path(folder).exists():
                from jifen_desktop.demo import generate_demo

                print(f"正在 {folder} 生成演示村……", file=sys.stderr)
                with Ledger.create(folder) as fresh:
                    generate_demo(fresh)
            if not args.print_only:
                print("没有图形界面（DISPLAY 未设置），改为打印排名。", file=sys.stderr)
            return _print_ranking(Ledger.open(folder))
        return _show_window(folder, args.demo)
    except DomainError as exc:
        print(f"错误：{exc.message}", file=sys.stderr)
        return 1


def _has_display() -> bool:
    if not sys.platform.startswith("linux"):
        return True
    return bool(
        os.environ.get("DISPLAY")
        or os.environ.get("WAYLAND_DISPLAY")
        or os.environ.get("QT_QPA_PLATFORM")
    )


def _print_ranking(ledger: Ledger) -> int:
    village = ledger.villages.resolve()
    year = dt.date.today().year
    print(f"{village.name} {year}年度积分排名")
    for row in ledger.rankings.rank(village.id, periods.year(year))[:30]:
        print(
            f"{row.rank:>4}  {row.number:<6} {row.head_name:<6}\t{row.grid_name}\t{row.points:>5}"
        )
    return 0


def _show_window(folder: Path, demo: bool) -> int:
    return _load_program()(folder, demo=demo)


def _load_program() -> Callable[..., int]:
    """The program's ``run``, its modules loaded with the collector paused: the ledger's
    (SQLAlchemy, the tables) before Qt's. Once PySide6 is loaded it reads the source of every
    module imported after it (its ``__feature__`` check): on this order SQLAlchemy and the model
    are spared it, some 0.05-0.15 s of CPU at every start (benchmarks/README.md, bench_memory)."""
    with loading():
        import jifen_desktop.model.ledger  # noqa: F401 - before PySide6, see above
        from jifen_desktop.ui.app import run
    return run


def _smoke_test(folder: Path) -> int:
    """After an install: Qt's plugins, fonts, the migrations, pypinyin and every page work on
    this machine. Exits 1 on an empty data folder or when anything goes wrong."""
    if not paths.db_path(folder).exists():
        print(f"错误：{folder} 里还没有台账，先用 jifen demo 生成一个演示村。", file=sys.stderr)
        return 1
    if not _has_display():
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    errors: list[str] = []
    hook = sys.excepthook
    sys.excepthook = lambda kind, exc, tb: errors.append(f"{kind.__name__}: {exc}")
    try:
        with loading():
            from jifen_desktop.model.ledger import Ledger

        title, pages = _show_every_page(Ledger.open(folder), errors)
    except Exception as exc:  # noqa: BLE001 - whatever breaks is the check's finding
        errors.append(f"{type(exc).__name__}: {exc}")
        title, pages = "", 0
    finally:
        sys.excepthook = hook
    for error in errors:
        print(f"自检出错：{error}", file=sys.stderr)
    if errors or not pages:
        return 1
    print(f"自检通过：{title}，{pages} 个页面都已打开。")
    return 0


def _show_every_page(ledger: Ledger, errors: list[str]) -> tuple[str, int]:
    """The main window acting as the program itself (no login, nothing clicked, its settings
    in a scratch file), each page shown in turn from the event loop as a user would; (window
    title, pages shown). Anything left waiting (a dialog, say) is an error after two minutes."""
    import tempfile

    from PySide6.QtCore import QSettings, QThreadPool, QTimer

    from jifen_desktop.model import pinyin_keys
    from jifen_desktop.model.tx import Actor
    from jifen_desktop.ui.app import make_application
    from jifen_desktop.ui.context import AppContext, township_place
    from jifen_desktop.ui.main_window import MainWindow

    app = make_application()
    village = township_place(ledger) if ledger.mode == "township" else ledger.villages.resolve()
    pinyin_keys.warm_up()
    with tempfile.TemporaryDirectory() as scratch:
        settings = QSettings(str(Path(scratch) / "smoke.ini"), QSettings.Format.IniFormat)
        window = MainWindow(AppContext(ledger.as_actor(Actor.system()), village), settings)
        keys, shown = [c.key for c in window.classes], []

        def next_page() -> None:
            if not keys:
                QThreadPool.globalInstance().waitForDone(30_000)
                QTimer.singleShot(0, window.close)
                QTimer.singleShot(0, app.quit)
                return
            QTimer.singleShot(0, next_page)  # first: a page that fails does not stop the run
            key = keys.pop(0)
            if window.page(key).isVisible():
                shown.append(key)

        def too_long() -> None:
            errors.append("两分钟还没有结束（可能弹出了对话框）")
            app.quit()

        watchdog = QTimer(singleShot=True, interval=120_000)
        watchdog.timeout.connect(too_long)
        watchdog.start()
        window.show()
        QTimer.singleShot(0, next_page)
        app.exec()
        watchdog.stop()
    return window.windowTitle(), len(shown) if len(shown) == len(window.classes) else 0


if __name__ == "__main__":
    sys.exit(main())
