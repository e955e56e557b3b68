"""``jifen bundle export|import|inspect|verify|conflicts`` and ``jifen township overview|rank``:
sync bundles on a USB stick, and the township's views across the villages it imported."""

from __future__ import annotations

import datetime as dt
import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jifen_desktop.sync.errors import BundleRefused

from . import cmd_scorecard, cmd_summaries, cmd_township_move, output
from .argparse_zh import positive_arg
from .cmd_setup import Progress
from .context import CliError, Context, Subcommands, add_command, add_group

COUNT_NAMES = (
    ("new", "新增"),
    ("updated", "更新"),
    ("unchanged", "未变"),
    ("older", "本机较新"),
    ("conflicts", "冲突"),
)

if TYPE_CHECKING:  # the sync service (and its signing keys) loads when a command runs
    from jifen_desktop.sync import SyncService
    from jifen_desktop.sync.export import ExportResult
    from jifen_desktop.sync.importer import ImportResult


def register(sub: Subcommands) -> None:
    bundle = add_group(sub, "bundle", "同步包：导出到U盘带给乡镇（或本村另一台电脑），导入对方的包")
    p = add_command(
        bundle,
        "export",
        "导出同步包：默认只含乡镇还没确认收到的记录（增量）",
        run_export,
        epilog="例：jifen bundle export --out /media/U盘\n    jifen bundle export --out . --full --evidence",
    )
    p.add_argument(
        "--out", required=True, type=Path, metavar="文件夹", help="保存到哪个文件夹（如U盘）"
    )
    p.add_argument("--to", metavar="对方", help="给谁（村代码、乡镇代码或副本编号）；默认乡镇")
    p.add_argument("--full", action="store_true", help="导出全部记录（对方新装或丢过包时用）")
    p.add_argument(
        "--new-laptop",
        action="store_true",
        help="给本村新装的另一台电脑：导出全部记录，带上操作员密码（发给乡镇的包不带）",
    )
    p.add_argument("--evidence", action="store_true", help="同时带上证明照片（包会大很多）")
    p.add_argument(
        "--template", type=Path, metavar="文件", help="乡镇库：随包下发的积分细则模板（JSON）"
    )

    p = add_command(
        bundle,
        "import",
        "导入同步包（可以一次多个）；先加 --dry-run 看看会有什么变化",
        run_import,
        epilog="例：jifen bundle import /media/U盘/*.jfb --dry-run",
    )
    p.add_argument("files", nargs="+", type=Path, metavar="包文件", help=".jfb 文件")
    p.add_argument("--dry-run", action="store_true", help="只核对并统计，不写入")

    p = add_command(bundle, "inspect", "查看同步包的来源和内容（不核对每个文件）", run_inspect)
    p.add_argument("file", type=Path, metavar="包文件")
    p = add_command(bundle, "verify", "完整核对同步包：签名和每个文件的校验值", run_verify)
    p.add_argument("file", type=Path, metavar="包文件")
    add_command(
        bundle,
        "conflicts",
        "合并时发现的冲突，以及两台电脑的记录碰在一起后要处理的问题",
        run_conflicts,
    )

    town = add_group(sub, "township", "乡镇汇总：各村总览、跨村排名、村庄考核")
    p = add_command(town, "overview", "各村总览：户数、参与率、积分、最后一次同步包", run_overview)
    p.add_argument("--year", type=positive_arg, metavar="年份", help="哪一年（默认今年）")
    p = add_command(town, "rank", "跨村排名：全乡镇积分最多的户（单位另排：--units）", run_rank)
    p.add_argument("--year", type=positive_arg, metavar="年份", help="哪一年（默认今年）")
    p.add_argument(
        "--top", type=positive_arg, default=20, metavar="户数", help="列出前几户（默认20）"
    )
    p.add_argument("--units", action="store_true", help="排单位（单位积分类），不排农户")
    cmd_scorecard.register(town)
    cmd_summaries.register(town)
    cmd_township_move.register(town)


def _sync(ctx: Context) -> SyncService:
    from jifen_desktop.sync import SyncService

    return SyncService(ctx.ledger)


def _progress() -> Progress | None:
    return Progress() if sys.stderr.isatty() else None


def run_export(ctx: Context) -> None:
    a = ctx.args
    progress = _progress()
    try:
        result = _sync(ctx).export(
            a.out,
            to=a.to,
            full=a.full,
            evidence=a.evidence,
            template=a.template,
            progress=progress,
            new_laptop=a.new_laptop,
        )
    finally:
        if progress is not None:
            progress.done()
    ctx.emit(_export_data(result), lambda: _export_text(result, new_laptop=a.new_laptop))


def _export_data(r: ExportResult) -> dict[str, Any]:
    return {
        "path": str(r.path),
        "bundle_id": r.bundle_id,
        "full": r.full,
        "rows": r.total_rows,
        "tables": {k: v for k, v in r.rows.items() if v},
        "evidence_files": r.evidence_files,
        "evidence_missing": r.evidence_missing,
        "ranges": r.ranges,
        "size": r.size,
    }


def _export_text(r: ExportResult, *, new_laptop: bool = False) -> str:
    kind = "全部" if r.full else "增量（对方还没确认收到的）"
    lines = [
        f"已导出同步包：{r.path}",
        f"内容：{kind}，{r.total_rows} 条记录，{r.evidence_files} 张证明照片，{r.size / 1024 / 1024:.1f} MB",
    ]
    if r.evidence_missing:
        lines.append(f"注意：有 {r.evidence_missing} 张证明照片在本机找不到，没有带上。")
    if new_laptop:
        lines.append(
            "这个包带有操作员的密码，只用于本村新装的电脑：在新电脑上登记本机密钥后导入，"
            "导入后请从U盘删除这个文件，不要带到乡镇办。"
        )
    else:
        lines.append("请把这个文件带到乡镇办导入；乡镇办发回的同步包导入后，下次只导出新的记录。")
    return "\n".join(lines)


def run_import(ctx: Context) -> None:
    a = ctx.args
    sync = _sync(ctx)
    outcome = _Outcome(list(a.files))
    if a.dry_run:
        for path in a.files:
            try:
                outcome.took(sync.dry_run(path))
            except BundleRefused as exc:
                outcome.refused(path, exc.message)
    else:
        _import_all(sync, list(a.files), outcome)
    ctx.emit(outcome.results, lambda: "\n\n".join(outcome.texts))
    if outcome.stopped:
        raise CliError(outcome.stopped)
    if outcome.count:
        raise CliError(
            f"{len(a.files)} 个同步包中有 {outcome.count} 个没有导入，原因见上；其余的已按上面处理。"
        )


class _Outcome:
    """What became of each file, for the screen and for ``--json``, in the order given (a
    first load refused as a whole goes on without the refused file: its line comes first)."""

    def __init__(self, files: list[Path]) -> None:
        self.order = {str(path): number for number, path in enumerate(files)}
        self.lines: list[tuple[str, dict[str, Any], str]] = []
        self.count = 0
        self.stopped = ""

    def _sorted(self) -> list[tuple[str, dict[str, Any], str]]:
        return sorted(self.lines, key=lambda line: self.order.get(line[0], len(self.order)))

    @property
    def results(self) -> list[dict[str, Any]]:
        return [data for _file, data, _text in self._sorted()]

    @property
    def texts(self) -> list[str]:
        return [text for _file, _data, text in self._sorted()]

    def took(self, result: ImportResult) -> None:
        self.lines.append((str(result.path), _import_data(result), _import_text(result)))

    def refused(self, path: Path, why: str) -> None:
        self.count += 1
        self.lines.append(
            (str(path), {"file": str(path), "refused": why}, f"{path.name}：没有导入。{why}")
        )

    def cancelled(self, rest: list[Path]) -> None:
        done = "、".join(Path(r["file"]).name for r in self.results if "refused" not in r)
        self.stopped = (
            f"已取消。已导入并保存的同步包：{done or '没有'}；没有导入（正在导入的那个没有写入任何内容）："
            f"{'、'.join(p.name for p in rest)}。需要时再导入这些文件即可。"
        )


def _import_all(sync: SyncService, left: list[Path], outcome: _Outcome) -> None:
    """Import ``left`` with ``import_bundles`` (the next files checked in worker processes); a
    refused file is named and the rest go on; Ctrl-C stops after rolling back the file being
    written, and says which files were imported."""
    from jifen_desktop.model.errors import Cancelled
    from jifen_desktop.sync.service import refused_file

    stop = threading.Event()
    progress = _progress()
    with _ctrl_c_sets(stop):
        while left:
            start = len(outcome.lines)
            try:
                sync.import_bundles(left, progress, stop.is_set, outcome.took)
                left = []
            except BundleRefused as exc:
                rest = left[len(outcome.lines) - start :]
                bad = refused_file(rest, 0, exc.message)
                left = [p for p in rest if p != bad]
                outcome.refused(bad, exc.message)
            except Cancelled:
                outcome.cancelled(left[len(outcome.lines) - start :])
                left = []
            finally:
                if progress is not None:
                    progress.done()


@contextmanager
def _ctrl_c_sets(stop: threading.Event) -> Iterator[None]:
    """The first Ctrl-C asks the import to stop at the next safe point (the bundle being
    written rolls back); a second one stops at once (the transaction still rolls back)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def asked(_signum: int, _frame: object) -> None:
        if stop.is_set():
            raise KeyboardInterrupt
        stop.set()
        print("\n正在取消：当前这个同步包的改动会全部撤回……", file=sys.stderr)

    before = signal.signal(signal.SIGINT, asked)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, before)


def _import_data(r: ImportResult) -> dict[str, Any]:
    return {
        "file": str(r.path),
        "bundle_id": r.bundle_id,
        "source": {"name": r.source_name, "code": r.source_code, "mode": r.source_mode},
        "created_at": r.created_at,
        "full": r.full,
        "dry_run": r.dry_run,
        "already_imported": r.already_imported,
        "counts": r.counts,
        "conflicts": [
            {"table": c.table, "record_id": c.record_id, "why": c.why} for c in r.conflicts
        ],
        "evidence_files": r.evidence_files,
        "template": r.template,
        "balances_checked": r.balances_checked,
        "balance_mismatches": r.balance_mismatches,
    }


def _import_text(r: ImportResult) -> str:
    head = f"{r.path.name}（{r.label}，{r.created_at.replace('T', ' ')} 导出）"
    if r.already_imported:
        return f"{head}：以前已经导入过，这次没有任何改动。"
    verb = "将会" if r.dry_run else "已经"
    counts = "，".join(f"{name} {r.counts.get(key, 0)} 条" for key, name in COUNT_NAMES)
    lines = [f"{head}：{verb}{counts}"]
    tables = r.counts.get("tables", {})
    if tables:
        rows = [[t, *(c.get(k, 0) for k, _ in COUNT_NAMES)] for t, c in tables.items()]
        lines.append(output.table(["表", *(n for _, n in COUNT_NAMES)], rows))
    for c in r.conflicts[:20]:
        lines.append(f"冲突：{c.table} {c.record_id[:8]}：{c.why}")
    if r.template:
        lines.append(
            "包里有乡镇下发的积分细则模板"
            + ("，已保存：在 设置 › 积分细则 里点“从模板补齐”采用。" if not r.dry_run else "。")
        )
    if r.balances_checked:
        if r.balance_mismatches:
            lines.append(f"注意：{len(r.balance_mismatches)} 户的积分与对方算的不一致，请核对。")
        else:
            lines.append(f"已核对 {r.balances_checked} 户的积分，与对方一致。")
    if r.dry_run:
        lines.append("这是试运行，没有写入。去掉 --dry-run 正式导入。")
    return "\n".join(lines)


def run_inspect(ctx: Context) -> None:
    _show_bundle(ctx, verify=False)


def run_verify(ctx: Context) -> None:
    _show_bundle(ctx, verify=True)


def _show_bundle(ctx: Context, *, verify: bool) -> None:
    info = _sync(ctx).inspect(ctx.args.file, verify=verify)
    source = info.source
    signature = {
        None: "对方的密钥尚未登记，无法核对",
        True: "正确",
        False: "不对！包被改动过或不是对方导出的",
    }[info.signature_ok]
    pairs: list[tuple[str, Any]] = [
        ("文件", info.path.name),
        ("来源", f"{source.get('name', '')}（{source.get('code', '')}）"),
        ("来源密钥指纹", info.fingerprint),
        ("导出时间", info.created_at.replace("T", " ")),
        ("内容", "全部" if info.full else "增量"),
        ("记录数", sum(info.counts.values())),
        ("证明照片", info.evidence_files),
        ("大小", f"{info.size / 1024 / 1024:.1f} MB"),
        ("签名", signature),
        ("以前导入过", "是" if info.already_imported else "否"),
    ]
    if verify:
        pairs.append(("文件校验", "全部正确"))
    data = {k: (str(v) if isinstance(v, Path) else v) for k, v in vars(info).items()}
    ctx.emit(output.jsonable(data), lambda: output.key_values(pairs))
    if verify and info.signature_ok is False:
        raise CliError(
            "签名不对：这个同步包被改动过，或不是它自称的来源导出的。请不要导入，让对方重新导出。"
        )


def run_conflicts(ctx: Context) -> None:
    sync = _sync(ctx)
    conflicts = sync.conflicts()
    clashes = sync.clashes()
    ctx.emit(
        {"conflicts": conflicts, "clashes": clashes},
        lambda: "\n\n".join(
            [
                output.table_or(
                    "没有未处理的冲突。",
                    ["发现时间", "表", "记录", "原因"],
                    [[c.found_at, c.table, c.record_id[:8], c.reason] for c in conflicts],
                ),
                output.table_or(
                    "两台电脑的记录碰在一起后，没有要处理的问题。",
                    ["问题", "说明"],
                    [[c.title, c.detail] for c in clashes],
                ),
            ]
        ),
    )


def run_overview(ctx: Context) -> None:
    year = ctx.args.year or dt.date.today().year
    rows = _sync(ctx).villages_overview(year)
    ctx.emit(
        rows,
        lambda: output.table_or(
            "还没有导入任何村的同步包。",
            [
                "村",
                "代码",
                "户数",
                "参与率",
                f"{year}年积分",
                "户均",
                "单位数",
                "单位积分",
                "最后同步包",
                "最近记录",
            ],
            [list(v.cells()) for v in rows],
            left=(0, 1),
        ),
    )


def run_rank(ctx: Context) -> None:
    year = ctx.args.year or dt.date.today().year
    units = ctx.args.units
    rows = _sync(ctx).household_ranking(year, ctx.args.top, "unit" if units else "household")
    ctx.emit(
        rows,
        lambda: output.table_or(
            f"这一年还没有审核通过的{'单位' if units else '农户'}积分。",
            ["名次", "村", "编号", "单位名称", "网格", "积分"]
            if units
            else ["名次", "村", "户号", "户主", "网格", "积分"],
            [[r.rank, r.village_name, r.number, r.head_name, r.grid_name, r.points] for r in rows],
            left=(1, 2, 3, 4),
        ),
    )
