"""``jifen township rebuild-summaries``: make the township's summary tables (the yearly and
quarterly totals the cross-village ranking and the overview read) again from the entries."""

from __future__ import annotations

from .context import Context, Subcommands, add_command


def register(town: Subcommands) -> None:
    """Add ``rebuild-summaries`` to the ``jifen township`` group."""
    add_command(
        town,
        "rebuild-summaries",
        "重算跨村汇总表（各户、各村每年每季度的积分）：jifen verify 说汇总表不符时用",
        run_rebuild,
    )


def run_rebuild(ctx: Context) -> None:
    from jifen_desktop.model.summary_service import rebuild_summaries

    households = rebuild_summaries(ctx.ledger).value
    ctx.emit(
        {"household_rows": households},
        f"已重算跨村汇总表：{households} 条户积分汇总（按年、按季度）。",
    )
