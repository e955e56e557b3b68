"""What every report shares: the progress and cancel callbacks, writing a file whole or not at
all (a temp name in the same folder, renamed at the end), what a report hands back, and the
masking of names and phone numbers on public printouts."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from jifen_desktop.model import errors
from jifen_desktop.model.errors import DomainError, NotFound
from jifen_desktop.model.files import replace_atomically

if TYPE_CHECKING:
    from jifen_desktop.model.ledger import Ledger

T = TypeVar("T")
Progress = Callable[[float, str], None]
# A threading.Event (what the GUI's background worker hands over) or a function saying "stop".
Cancel = threading.Event | Callable[[], bool]


class Cancelled(errors.Cancelled):
    """The user stopped a report; no file was written."""

    def __init__(self) -> None:
        super().__init__("已取消，没有生成文件。")


class ReportFileError(DomainError):
    """The file cannot be written where the user asked."""


@dataclass(frozen=True)
class Written:
    """A finished report: where it is, its pages (PDF) or data rows (Excel), for a PDF the
    font it embeds, and what the user should know about it (names that print with a gap)."""

    path: Path
    pages: int = 0
    rows: int = 0
    font: str = ""
    warnings: tuple[str, ...] = ()


class Steps:
    """Progress and cancel for one report: ``step(fraction, message)`` reports and stops the
    work (raising ``Cancelled``) once the user has asked for it."""

    def __init__(self, progress: Progress | None, cancel: Cancel | None) -> None:
        self._progress = progress
        self._cancel = cancel

    def cancelled(self) -> bool:
        if self._cancel is None:
            return False
        if isinstance(self._cancel, threading.Event):
            return self._cancel.is_set()
        return bool(self._cancel())

    def __call__(self, fraction: float, message: str) -> None:
        if self.cancelled():
            raise Cancelled()
        if self._progress is not None:
            self._progress(max(0.0, min(1.0, fraction)), message)

    def each(self, count: int, start: float, end: float, message: str) -> Callable[[int], None]:
        """A step function for item ``i`` of ``count`` between fractions ``start`` and ``end``,
        reporting about a hundred times at most."""
        every = max(1, count // 100)

        def tick(i: int) -> None:
            if i % every == 0 or i == count - 1:
                self(start + (end - start) * i / max(1, count), message.format(i + 1, count))

        return tick


def check_output(path: Path | str, suffix: str) -> Path:
    """The path to write, with a message the user understands for a wrong folder or name."""
    target = Path(path).expanduser()
    if target.suffix.lower() != suffix:
        raise ReportFileError(
            f"文件名应以 {suffix} 结尾（现在是“{target.name}”），请改一下文件名。"
        )
    if target.is_dir():
        raise ReportFileError(f"{target} 是一个文件夹，请写要保存的文件名，例如 公示表{suffix}。")
    if not target.parent.is_dir():
        raise ReportFileError(f"文件夹 {target.parent} 不存在，请先建好文件夹或换一个保存位置。")
    return target


def write_whole(target: Path, write: Callable[[Path], T]) -> T:
    """``write(temp)`` writes the file that then becomes ``target``, whole or not at all
    (``model.files.replace_atomically``); a file another program holds open is said plainly."""
    try:
        return replace_atomically(target, write)
    except PermissionError as exc:
        raise ReportFileError(_held_open(target, exc)) from exc


def _held_open(target: Path, exc: PermissionError) -> str:
    """A file that cannot be written, likely open in another program, in words."""
    return (
        f"无法写入 {target}：文件可能正在被 Excel 或 PDF 阅读器打开，请关闭后再试"
        f"（{exc.strerror}）。"
    )


def mask_name(name: str) -> str:
    """A head's name as the notice board shows it: 张*三, 王* (two characters), 欧**明."""
    name = name.strip()
    if len(name) <= 1:
        return name
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]


def mask_phone(phone: str) -> str:
    """138****5678: enough to recognise, not enough to call."""
    digits = phone.strip()
    if len(digits) < 7:
        return "*" * len(digits)
    return digits[:3] + "*" * (len(digits) - 7) + digits[-4:]


def printed_on(today: dt.date | None = None) -> str:
    day = today or dt.date.today()
    return f"{day.year}年{day.month}月{day.day}日"


class NothingToPrint(DomainError):
    """The chosen scope has nothing to print (no households, no rows)."""


def grid_name(ledger: Ledger, village_id: str, grid_id: str | None) -> str:
    """The grid's name ("" for the whole village)."""
    if grid_id is None:
        return ""
    for grid in ledger.villages.grids(village_id):
        if grid.id == grid_id:
            return grid.name
    raise NotFound("找不到这个网格，请在 设置 › 网格 里查看。")
