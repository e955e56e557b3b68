"""The year archive of 年度结转: one folder with the year's 积分台账 (Excel), every household's
积分卡 in one PDF, each quarter's 公示表 and each month's 审核会议记录, made by the same makers as
``jifen report``. Each file is written whole or not at all, and a file already in the folder is
kept: an archive cut short (the laptop switched off) goes on with the files it lacks."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from jifen_desktop.model import periods

from .card import write_cards
from .common import Cancel, NothingToPrint, Progress, Steps, Written
from .excel_ledger import write_ledger
from .minutes import write_minutes
from .notice import write_notice

if TYPE_CHECKING:
    from jifen_desktop.model.ledger import Ledger

Maker = Callable[[Path], Written]


@dataclass(frozen=True)
class ArchivePart:
    name: str  # the file's name in the folder
    make: Maker


@dataclass(frozen=True)
class ArchiveResult:
    folder: Path
    files: tuple[str, ...]  # every file of the archive, made now or before
    made: int  # files written by this run
    notes: tuple[str, ...]  # what the archive lacks and why (a quarter never published …)


def archive_folder(parent: Path, village_name: str, year: int) -> Path:
    return parent / f"{village_name}{year}年度档案"


def archive_parts(
    ledger: Ledger, village_id: str, year: int
) -> tuple[list[ArchivePart], list[str]]:
    """The files of the year's archive in order, and notes on what it will lack."""
    parts = [
        ArchivePart(
            f"{year}积分台账.xlsx", lambda p: write_ledger(ledger, village_id, str(year), p)
        ),
        ArchivePart(f"{year}户积分卡.pdf", lambda p: write_cards(ledger, village_id, year, p)),
    ]
    notes: list[str] = []
    publications = ledger.publications.list(village_id, year)
    for q in range(1, 5):
        key = periods.quarter(year, q).key
        found = [p for p in publications if p.quarter == key and p.status != "draft"]
        if not found:
            notes.append(f"{periods.parse(key).label}没有张贴的公示，档案里没有这一季度的公示表。")
        for pub in found:
            scope = f"-{pub.grid_name}" if pub.grid_name else ""
            parts.append(_part(f"{key}公示表{scope}.pdf", pub.id, ledger, write_notice))
    sessions = sorted(ledger.review.list(village_id, year), key=lambda s: (s.month, s.opened_at))
    months = {s.month for s in sessions}
    for m in range(1, 13):
        if periods.month(year, m).key not in months:
            notes.append(f"{year}年{m}月没有开审核会，档案里没有这个月的会议记录。")
    seen: dict[str, int] = {}
    for session in sessions:
        seen[session.month] = seen.get(session.month, 0) + 1
        extra = f"-{seen[session.month]}" if seen[session.month] > 1 else ""
        name = f"{session.month}审核会议记录{extra}.pdf"
        parts.append(_part(name, session.id, ledger, write_minutes))
    return parts, notes


def _part(name: str, record_id: str, ledger: Ledger, maker: Callable[..., Written]) -> ArchivePart:
    return ArchivePart(name, lambda p: maker(ledger, record_id, p))


def write_year_archive(
    ledger: Ledger,
    village_id: str,
    year: int,
    parent: Path,
    *,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
) -> ArchiveResult:
    """Make the year's archive folder under ``parent`` (a new folder, or one a cut-short run
    left: the files it has are kept)."""
    steps = Steps(progress, cancel)
    village = ledger.villages.get(village_id)
    folder = archive_folder(parent, village.name, year)
    steps(0.0, "正在准备年度档案…")
    folder.mkdir(parents=True, exist_ok=True)
    parts, notes = archive_parts(ledger, village_id, year)
    made, files = 0, []
    for i, part in enumerate(parts):
        steps(i / len(parts), f"正在生成 {part.name}（{i + 1}/{len(parts)}）…")
        target = folder / part.name
        if not target.exists():
            try:
                part.make(target)
            except NothingToPrint as exc:
                notes.append(f"{part.name}：{exc}")
                continue
            made += 1
        files.append(part.name)
    steps(1.0, "年度档案已生成")
    return ArchiveResult(folder, tuple(files), made, tuple(notes))
