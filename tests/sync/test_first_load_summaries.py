"""A first load makes the township's summary tables once, after its indexes
(``first_load.build_indexes``), instead of after every bundle: the rows are the same as those
of the same bundles imported one at a time, on SQLite and on PostgreSQL, and a later bundle
refreshes them as before."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sync_world import Laptop, copy_of, new_township, new_village

from jifen_desktop.model import summaries


def _village(root: Path, code: str, name: str, entries: int) -> Laptop:
    village = new_village(root, code, name, households=3)
    for number in range(entries):
        household = village.names[f"000{number % 3 + 1}"]
        village.record(household, dt.date(2026, 10, 1 + number))
    village.approve_pending()
    village.record(village.names["0001"], dt.date(2026, 10, 20))  # left pending
    return village


def _summaries(laptop: Laptop) -> dict[str, set[tuple[object, ...]]]:
    with laptop.ledger.read() as s:
        return {table.__tablename__: summaries.stored(s, table) for table in summaries.TABLES}


def test_a_first_load_makes_the_summaries_of_one_at_a_time(tmp_path: Path) -> None:
    villages = [
        _village(tmp_path, "420881100001", "张集村", 4),
        _village(tmp_path, "420881100002", "李庄村", 2),
    ]
    bundles = [village.export(full=True) for village in villages]
    township = new_township(tmp_path)
    for bundle in bundles:
        township.trust(bundle)
    one_by_one = copy_of(township, tmp_path)
    township.sync.import_bundles(bundles)
    for bundle in bundles:
        one_by_one.take(bundle)
    made = _summaries(township)
    assert made["household_totals"] and made["village_totals"]  # (B05 names no person)
    assert made == _summaries(one_by_one)
    villages[0].record(villages[0].names["0002"], dt.date(2026, 11, 2))
    villages[0].approve_pending("2026-11")
    later = villages[0].export()
    for laptop in (township, one_by_one):
        laptop.take(later)
    assert _summaries(township) == _summaries(one_by_one) != made
    assert township.ledger.verify().ok
    for laptop in (*villages, township, one_by_one):
        laptop.close()
