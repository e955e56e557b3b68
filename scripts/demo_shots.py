"""What a screenshot script of a changed screen needs before it shoots: ``--data-dir`` and
``--size`` read from the command line, the folder the pictures go in for that size
(docs/screenshots/, or docs/screenshots/large/ at 特大), a copy of the demo village to change
freely (the demo is made in ./demo-data first if it is not there) and the application at that
type size. Used by shoot_review_evidence.py and shoot_keyboard_starts.py."""

from __future__ import annotations

import argparse
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtWidgets import QApplication

from jifen_desktop.demo import generate_demo
from jifen_desktop.model import paths
from jifen_desktop.model.ledger import Ledger
from jifen_desktop.ui import type_size
from jifen_desktop.ui.app import make_application


@dataclass(frozen=True)
class Shots:
    out: Path  # where the pictures go
    work: Path  # a temporary folder; the demo's copy is work / "data"
    app: QApplication

    @property
    def data(self) -> Path:
        return self.work / "data"


def prepare(description: str) -> Shots:
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--data-dir", default="demo-data")
    parser.add_argument("--size", choices=tuple(type_size.FONT_SCALES), default="normal")
    args = parser.parse_args()
    out = Path("docs/screenshots/large" if args.size == "larger" else "docs/screenshots")
    source = Path(args.data_dir)
    if not paths.db_path(source).exists():
        with Ledger.create(source) as fresh:
            generate_demo(fresh)
    work = Path(tempfile.mkdtemp())
    shutil.copytree(source, work / "data")
    app = make_application()
    type_size.apply(app, args.size)
    return Shots(out, work, app)
