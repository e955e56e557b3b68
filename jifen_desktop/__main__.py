"""``python -m jifen_desktop``: start the program on a data folder (a demo village by default
when the folder is empty), or print the ranking with ``--print``."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from pathlib import Path

from jifen_desktop.model import paths, periods
from jifen_desktop.model.errors import DomainError
from jifen_desktop.model.ledger import Ledger


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m jifen_desktop", description="启动积分台账")
    parser.add_argument("--data-dir", help="数据目录（默认用系统的用户数据目录或 JIFEN_DATA_DIR）")
    parser.add_argument("--demo", action="store_true", help="数据目录为空时先生成演示村")
    parser.add_argument(
        "--print", dest="print_only", action="store_true", help="不开窗口，只打印本年度排名"
    )
    args = parser.parse_args(argv)
    folder = paths.data_dir(args.data_dir)
    try:
        if args.print_only or not _has_display():
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
    from jifen_desktop.ui.app import run

    return run(folder, demo=demo)


if __name__ == "__main__":
    sys.exit(main())
