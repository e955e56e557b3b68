"""Run by test_kill_import: import the bundle ``argv[2]`` into the township database in
``argv[1]``, printing each progress fraction (flushed) and ``committed`` once the import's
transaction has committed."""

from __future__ import annotations

import sys
from pathlib import Path

from jifen_desktop.model.ledger import Ledger
from jifen_desktop.sync import SyncService


def say(fraction: float, _message: str) -> None:
    print(f"{fraction:.4f}", flush=True)


def main(folder: Path, bundle: Path) -> None:
    ledger = Ledger.open(folder)  # the program itself (an admin) imports
    SyncService(ledger).import_bundle(bundle, progress=say)
    print("committed", flush=True)


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
