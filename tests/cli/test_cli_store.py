"""``jifen store``: goods, stock, a redemption with its receipt, a return, refusals as one
Chinese line, the figures and the year-end expiry."""

from __future__ import annotations

import datetime as dt

from jifen_cli_testing import assert_one_chinese_error

YEAR = dt.date.today().year


def stocked_village(village):
    village("base-points", "--year", str(YEAR))
    village("store", "goods", "add", "肥皂", "--price", "10", "--unit", "块", "--low-stock", "5")
    village("store", "goods", "add", "洗衣粉", "--price", "20", "--unit", "袋")
    village("store", "goods", "add", "理发", "--price", "15", "--unit", "次", "--service")
    village("store", "stock", "in", "肥皂", "10", "--cost", "2.50")
    village("store", "stock", "in", "洗衣粉", "2", "--donor", "张记超市")
    return village


def test_goods_stock_redeem_and_return(village):
    run = stocked_village(village)
    out = run("store", "redeem", "--household", "0101", "--item", "肥皂:2", "--item", "洗衣粉:1")
    assert f"DH{YEAR}-0001" in out.out and "剩余可用积分 60" in out.out
    goods = {g["name"]: g for g in run("--json", "store", "goods", "list").json}
    assert (goods["肥皂"]["stock"], goods["洗衣粉"]["stock"], goods["理发"]["stock"]) == (
        8,
        1,
        None,
    )
    listed = run("--json", "store", "list").json
    assert [(r["receipt_no"], r["points"]) for r in listed] == [(f"DH{YEAR}-0001", 40)]
    back = run("store", "return", f"DH{YEAR}-0001", "--reason", "包装破损")
    assert "退回40分" in back.out
    balance = run("--json", "balance", "--household", "0101").json
    assert balance["available"] == 100
    again = run("store", "return", f"DH{YEAR}-0001", "--reason", "再退", ok=False)
    assert_one_chinese_error(again, "不能重复撤销")
    table = run("store", "list").out
    assert "已撤销：包装破损" in table


def test_refusals_are_one_chinese_line(village):
    run = stocked_village(village)
    short_stock = run("store", "redeem", "--household", "0101", "--item", "洗衣粉:3", ok=False)
    assert_one_chinese_error(short_stock, "洗衣粉", "库存只剩2袋")
    short_points = run("store", "redeem", "--household", "0101", "--item", "肥皂:11", ok=False)
    assert_one_chinese_error(short_points, "库存只剩10块")
    run("store", "stock", "in", "肥皂", "5", "--cost", "2.5")
    too_many = run("store", "redeem", "--household", "0101", "--item", "肥皂:11", ok=False)
    assert_one_chinese_error(too_many, "可用积分只有100分", "需要110分")
    bad = run("store", "redeem", "--household", "0101", "--item", "肥皂", ok=False)
    assert_one_chinese_error(bad, "名称:数量")
    cost = run("store", "stock", "in", "肥皂", "1", "--cost", "abc", ok=False)
    assert_one_chinese_error(cost, "金额")
    gone = run("store", "stock", "out", "肥皂", "99", "--reason", "受潮", ok=False)
    assert_one_chinese_error(gone, "不能报损")


def test_price_edit_stocktake_and_stock_list(village):
    run = stocked_village(village)
    run("store", "redeem", "--household", "0102", "--item", "肥皂:1")
    run("store", "goods", "edit", "肥皂", "--price", "12")
    receipt = run("--json", "store", "list").json[0]
    assert receipt["lines"][0]["unit_price"] == 10
    take = run("--json", "store", "stock", "stocktake", "肥皂:8", "洗衣粉：2").json
    assert [(x["goods_name"], x["expected"], x["counted"]) for x in take["lines"]] == [
        ("肥皂", 9, 8),
        ("洗衣粉", 2, 2),
    ]
    kinds = [m["kind"] for m in run("--json", "store", "stock", "list", "--goods", "肥皂").json]
    assert sorted(kinds) == ["purchase", "redemption", "stocktake"]
    assert "盘点差异" in run("store", "stock", "list").out


def test_stats(village):
    run = stocked_village(village)
    run("store", "redeem", "--household", "0101", "--item", "肥皂:6")
    run("store", "redeem", "--household", "0103", "--item", "理发:1")
    stats = run("--json", "store", "stats", "--period", str(YEAR)).json
    village_row = stats["participation"][-1]
    assert (village_row["participating"], village_row["active_households"]) == (2, 4)
    assert stats["points_spent"] == 75
    assert stats["stock_value"] == {"total_fen": 4 * 250, "uncosted": ["洗衣粉"]}
    assert [g["name"] for g in stats["low_stock"]] == ["肥皂"]
    text = run("store", "stats", "--period", str(YEAR)).out
    assert "兑换参与率" in text and "50.0%" in text and "10.00 元" in text


def test_expire(village):
    village("village", "set", "--policy", "year_end")
    refused = village("store", "expire", "--year", str(YEAR), ok=False)
    assert_one_chinese_error(refused, "还没有结束")
    village("base-points", "--year", str(YEAR - 1))
    first = village("store", "expire", "--year", str(YEAR - 1))
    assert "4户共400分" in first.out
    second = village("store", "expire", "--year", str(YEAR - 1))
    assert "没有再清" in second.out


def test_help_is_chinese(village):
    out = village("store", "--help").out
    assert "积分超市" in out and "redeem" in out
    assert "名称:数量" in village("store", "redeem", "--help").out
