"""Run by test_kill_recording: log in to the ledger in ``argv[1]`` and record entries until
killed, one ``record_many`` transaction after another. Transaction ``n`` of round ``tag``
records ``k = 1 + n % 4`` entries with the note ``<tag>-<n>/<k>`` (every third with a photo of
its own); their ids are printed, flushed, only after the transaction has committed."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from PIL import Image, PngImagePlugin

from jifen_desktop.model.entry_checks import EntryDraft
from jifen_desktop.model.ledger import Ledger


def photo(folder: Path, name: str) -> Path:
    """A small real PNG of its own content (a new evidence file for every entry that has one)."""
    path = folder / f"{name}.png"
    info = PngImagePlugin.PngInfo()
    info.add_text("name", name * 64)
    Image.new("RGB", (4, 4)).save(path, "PNG", pnginfo=info)
    return path


def main(folder: Path, tag: str, password: str, photos: Path) -> None:
    ledger = Ledger.open(folder)
    ledger.login("admin", password)
    village = ledger.villages.list()[0]
    households = [h.id for h in ledger.households.list(village.id)]
    today = dt.date.today()
    n = 0
    while True:
        k = 1 + n % 4
        drafts = [
            EntryDraft(
                households[(n + i) % len(households)],
                "B05",
                today,
                note=f"{tag}-{n}/{k}",
                evidence=(photo(photos, f"{tag}-{n}-{i}"),) if (n + i) % 3 == 0 else (),
            )
            for i in range(k)
        ]
        recorded = ledger.entries.record_many(village.id, drafts).value
        sys.stdout.write("".join(f"{e.id}\n" for e in recorded))
        sys.stdout.flush()
        n += 1


if __name__ == "__main__":
    main(Path(sys.argv[1]), sys.argv[2], sys.argv[3], Path(sys.argv[4]))
