"""What every screenshot module under scripts/shots/ shares, so each keeps only what its screen
needs: ``--data-dir`` and ``--size`` read from the command line, the folder the pictures go in
for that size (docs/screenshots/, or docs/screenshots/large/ at 特大), a throw-away copy of the
demo village (made in ./demo-data first if it is not there), the application at that type size,
logging in as a role, the main window at 1366×740, saving a grab under its name, a township that
imported villages' sync bundles, and a PDF's first page rendered to a PNG. Run the modules with
scripts/shots.py, which shoots each at the standard size and at 特大."""

from __future__ import annotations

import argparse
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from jifen_desktop.demo import DEMO_PASSWORD, generate_demo
from jifen_desktop.model import paths
from jifen_desktop.model.ledger import Ledger
from jifen_desktop.model.setup import AdminDetails, create_township
from jifen_desktop.sync import SyncService
from jifen_desktop.ui import type_size
from jifen_desktop.ui.app import make_application
from jifen_desktop.ui.context import AppContext, township_place
from jifen_desktop.ui.main_window import MainWindow

DOCS = Path(__file__).resolve().parent.parent / "docs"
TOWNSHIP_PASSWORD = "shots-1234"


@dataclass(frozen=True)
class Shots:
    out: Path  # where the pictures go
    work: Path  # a temporary folder; the demo's copy is work / "data"
    app: QApplication
    args: argparse.Namespace

    @property
    def data(self) -> Path:
        return self.work / "data"

    @property
    def large(self) -> bool:
        return self.out.name == "large"

    def login(self, user: str = "admin", password: str = DEMO_PASSWORD) -> AppContext:
        """The demo copy opened by ``user`` (admin, shenhe, wgy1, chakan)."""
        return login(Ledger.open(self.data), user, password)

    def window(self, ctx: AppContext, height: int = 740, ini: str = "shots.ini") -> MainWindow:
        """The main window on ``ctx``, 1366 wide, shown, remembering nothing outside work."""
        return main_window(ctx, self.work / ini, height)

    def save(self, widget: QWidget, name: str, seconds: float = 0.0) -> Path:
        """``widget`` grabbed into out/``name``.png once the events waiting have run."""
        return save(widget, self.out / f"{name}.png", seconds)

    def run(self, first: Callable[[], None], ms: int = 500) -> int:
        """The event loop, ``first`` called after ``ms``; its steps chain on with timers and
        the last one calls ``finish``. Returns 0, the script's exit status."""
        QTimer.singleShot(ms, first)
        self.app.exec()
        return 0

    def finish(self, widget: QWidget, name: str) -> None:
        """The last picture saved and the event loop ended."""
        self.save(widget, name)
        self.app.quit()


def parser(description: str) -> argparse.ArgumentParser:
    parse = argparse.ArgumentParser(description=description)
    parse.add_argument("--data-dir", default="demo-data")
    parse.add_argument("--size", choices=tuple(type_size.FONT_SCALES), default="normal")
    return parse


def prepare(
    description: str,
    *,
    data: str = "copy",
    make: Callable[[Path], None] | None = None,
    options: Callable[[argparse.ArgumentParser], None] | None = None,
    argv: Sequence[str] | None = None,
) -> Shots:
    """Arguments read, the demo copied into work/data (``data``: "copy" the whole folder,
    "db" its database alone, "fresh" a new demo, "none" nothing) and the application made at
    the size asked for. ``make`` builds the source folder when it is missing (the demo)."""
    parse = parser(description)
    if options is not None:
        options(parse)
    args = parse.parse_args(argv)
    out = DOCS / "screenshots" / "large" if args.size == "larger" else DOCS / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="jifen-shots-"))
    if data in ("copy", "db"):
        demo_copy(Path(args.data_dir), work / "data", whole=data == "copy", make=make)
    elif data == "fresh":
        make_demo(work / "data")
    app = make_application()
    type_size.apply(app, args.size)
    return Shots(out, work, app, args)


def pdf_option(parse: argparse.ArgumentParser) -> None:
    """``--pdf``: render the printed form's first page under docs/reports/ too."""
    parse.add_argument("--pdf", action="store_true", help="也把打印件第一页做成图")


def make_demo(folder: Path) -> None:
    with Ledger.create(folder) as fresh:
        generate_demo(fresh)


def demo_copy(
    source: Path, target: Path, whole: bool = True, make: Callable[[Path], None] | None = None
) -> None:
    """``source`` (made by ``make``, the demo, when missing) copied to ``target``: the whole
    folder, or only its database (no backups, no evidence)."""
    if not paths.db_path(source).exists():
        (make or make_demo)(source)
    if whole:
        shutil.copytree(source, target)
    else:
        target.mkdir(parents=True)
        shutil.copy(paths.db_path(source), paths.db_path(target))


def login(ledger: Ledger, user: str = "admin", password: str = DEMO_PASSWORD) -> AppContext:
    actor = ledger.as_actor(ledger.operators.authenticate(user, password))
    return AppContext(actor, actor.villages.resolve())


def main_window(ctx: AppContext, ini: Path | None = None, height: int = 740) -> MainWindow:
    ini = ini or Path(tempfile.mkdtemp()) / "shots.ini"
    window = MainWindow(ctx, QSettings(str(ini), QSettings.Format.IniFormat))
    window.resize(1366, height)
    window.show()
    return window


def settle(seconds: float) -> None:
    """The events run for ``seconds`` (painting, timers, workers reporting back)."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        QApplication.processEvents()


def save(widget: QWidget, path: Path, seconds: float = 0.0) -> Path:
    if seconds:
        settle(seconds)
    for _ in range(10):
        QApplication.processEvents()
    widget.grab().save(str(path))
    print(path)
    return path


def township(root: Path, bundles: Sequence[Path], password: str = TOWNSHIP_PASSWORD) -> AppContext:
    """张集镇 made in root/township, logged in as xiang, having enrolled and imported
    ``bundles`` (trusted)."""
    ledger, _ = create_township(
        root / "township", "张集镇", "420881100", AdminDetails("xiang", "乡镇办", password)
    )
    ledger.login("xiang", password)
    service = SyncService(ledger)
    for bundle in bundles:
        service.enrol(bundle, trust=True)
        service.import_bundle(bundle)
    return AppContext(ledger, township_place(ledger))


def export(ledger: Ledger, stick: Path) -> Path:
    """``ledger``'s sync bundle written to ``stick`` (made if missing)."""
    stick.mkdir(parents=True, exist_ok=True)
    return SyncService(ledger).export(stick).path


def render_pdf(pdf: Path, png: Path) -> Path:
    """The first page of ``pdf`` as ``png`` at 70 dpi."""
    stem = str(png.with_suffix(""))
    args = ["pdftoppm", "-png", "-r", "70", "-f", "1", "-l", "1", "-singlefile", str(pdf), stem]
    subprocess.run(args, check=True)
    print(png)
    return png
