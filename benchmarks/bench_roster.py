"""Timing of the roster import (花名册导入) with its target: a village's Excel sheet of 2,000
households and 6,000 members read, checked and written in one transaction.

    python benchmarks/bench_roster.py [--households 2000 --members 6000 --grids 8 --seed 2026]

Writes the sheet in a temporary folder as a village keeps it (a title row above the headers,
the village's own header names, ID numbers as text, birth dates as real dates, families from
the demo's name generator with valid ID numbers), makes an empty ledger with the village and
its grids, then times reading the file, the dry run, the import, and importing it again
(nothing to change). Prints one line per figure with its target and PASS or MISS; always exits
0 (it reports, it does not gate).
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

from openpyxl import Workbook

from jifen_desktop.demo import names
from jifen_desktop.model.ledger import Ledger
from jifen_desktop.reports.roster_read import read_roster

T = TypeVar("T")
HEADERS = ("户编号", "户主姓名", "姓名", "与户主关系", "性别", "出生日期", "公民身份号码",
           "联系电话", "村民小组", "家庭住址", "政治面貌")  # fmt: skip


def line(what: str, value: str, target: str = "", ok: bool | None = None) -> None:
    verdict = "" if ok is None else ("PASS" if ok else "MISS")
    print(f"{what:<46} {value:>12}   {target:<16} {verdict}".rstrip(), flush=True)


def timed(run: Callable[[], T]) -> tuple[T, float]:
    started = time.perf_counter()
    value = run()
    return value, time.perf_counter() - started


def families(households: int, members: int, seed: int) -> list[list[names.Person]]:
    """Demo families trimmed (or topped up with a child) to ``members`` people in all."""
    today = dt.date.today()
    people = names.People(random.Random(seed), today, "420881")
    homes = [people.family(()) for _ in range(households)]
    excess = sum(len(h) for h in homes) - members
    while excess > 0:  # take the youngest out of the biggest families first
        biggest = max(homes, key=len)
        biggest.pop()
        excess -= 1
    for home in homes[: max(0, -excess)]:
        head = home[0]
        home.append(people.person(people.surname_of(head.name), "子", "男", 20))
    return homes


def write_sheet(path: Path, homes: Sequence[Sequence[names.Person]], grids: int) -> None:
    book = Workbook(write_only=True)
    ws = book.create_sheet("花名册")
    ws.append(["张集村村民花名册（2026年）"])
    ws.append(HEADERS)
    for i, home in enumerate(homes):
        number, grid = f"{i + 1:04d}", names.grid_name(i % grids)
        for p in home:
            ws.append(
                [number, home[0].name, p.name, p.relation, p.gender, p.birth, p.id_number,
                 p.phone, grid, f"张集村{grid}{i % 120 + 1}号", "中共党员" if p.party else "群众"]
            )  # fmt: skip
    book.save(path)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="花名册导入性能基准")
    parser.add_argument("--households", type=int, default=2000)
    parser.add_argument("--members", type=int, default=6000)
    parser.add_argument("--grids", type=int, default=8)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="jifen-bench-roster-") as tmp:
        folder = Path(tmp)
        homes = families(args.households, args.members, args.seed)
        path = folder / "花名册.xlsx"
        write_sheet(path, homes, args.grids)
        ledger = Ledger.create(folder / "data")
        village = ledger.villages.create("420881100001", "张集村", "张集镇").value
        for g in range(args.grids):
            ledger.villages.add_grid(village.id, names.grid_name(g))
        people = sum(len(h) for h in homes)
        size = f"{len(homes):,} households, {people:,} members"
        sheet, read_s = timed(lambda: read_roster(path))
        line(f"read the sheet ({size})", f"{read_s:.2f} s")
        report, check_s = timed(lambda: ledger.roster.check(village.id, sheet))
        line("dry run (check every row against the ledger)", f"{check_s:.2f} s")
        assert report.ok, report.problems[:5]
        op, apply_s = timed(lambda: ledger.roster.apply(village.id, sheet, skip_invalid=False))
        assert op.value.households_written == len(homes)
        line("apply (one transaction)", f"{apply_s:.2f} s")
        total = read_s + apply_s
        line("import: read + apply", f"{total:.2f} s", "< 5 s", total < 5.0)
        again, again_s = timed(
            lambda: ledger.roster.apply(village.id, read_roster(path), skip_invalid=False)
        )
        assert again.value.households_written == 0
        line("import the same sheet again (no changes)", f"{again_s:.2f} s")
        ledger.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
