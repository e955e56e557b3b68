"""Settings, rules, operators, figures and the audit log from the command line."""

from __future__ import annotations

import datetime as dt

from jifen_cli_testing import Run, assert_one_chinese_error


def test_stats_counts_entries_points_and_participation(village: Run) -> None:
    village("entry", "add", "--household", "0101", "--rule", "B05", "--date", "2025-03-05")
    village("review", "open", "--month", "2025-03")
    village("entry", "approve", "--month", "2025-03")
    village(
        "entry",
        "add",
        "--household",
        "0103",
        "--rule",
        "A16",
        "--date",
        "2025-03-06",
        "--points",
        "-10",
    )
    village("entry", "approve", "--month", "2025-03")
    village("entry", "add", "--household", "0102", "--rule", "B04", "--date", "2025-03-07")
    stats = village("--json", "stats", "--period", "2025Q1").json
    assert stats["households"]["active"] == 4
    assert stats["entries"] == {"pending": 1, "approved": 2, "rejected": 0, "withdrawn": 0}
    assert stats["points"] == {"added": 5, "deducted": -10, "net": -5}
    by_grid = {
        p["grid_name"]: (p["participating"], p["active_households"]) for p in stats["participation"]
    }
    assert by_grid == {"一组": (1, 2), "二组": (1, 2), "全村": (2, 4)}
    text = village("stats", "--period", "2025Q1").out
    assert "参与率" in text and "50.0%" in text and "全村" in text


def test_base_points_are_credited_once(village: Run) -> None:
    year = str(dt.date.today().year)
    first = village("--json", "base-points", "--year", year).json
    assert first["created"] == 4
    assert village("--json", "base-points", "--year", year).json["created"] == 0
    assert village("--json", "balance", "--household", "0101").json["annual"] == 100
    future = village("base-points", "--year", str(dt.date.today().year + 1), ok=False)
    assert_one_chinese_error(future, "还没到")


def test_audit_lists_who_did_what(village: Run) -> None:
    entry = village(
        "--json", "entry", "add", "--household", "0101", "--rule", "B05", "--date", "2025-03-05"
    ).json
    log = village("--json", "audit", "--action", "entry.", "--limit", "5").json
    assert log[0]["action"] == "entry.create" and log[0]["operator_name"] == "管理员"
    assert "王建国" in log[0]["summary"]
    by_object = village("--json", "audit", "--object", entry["id"][-8:]).json
    assert [r["object_id"] for r in by_object] == [entry["id"]]
    table = village("audit", "--text", "孙", "--limit", "3").out
    assert "没有符合条件的日志" in table
    assert "household.create" in village("audit", "--object", "0102").out


def test_rules_list_show_set_add(village: Run) -> None:
    found = village("--json", "rule", "list", "--search", "zyz").json
    assert [r["code"] for r in found] == ["B05"]
    assert "参与志愿者服务活动" in village("rule", "show", "b05").out
    village("rule", "set", "B05", "--active", "no")
    assert "B05" not in [r["code"] for r in village("--json", "rule", "list").json]
    assert "B05" in [r["code"] for r in village("--json", "rule", "list", "--all").json]
    stopped = village(
        "entry", "add", "--household", "0101", "--rule", "B05", "--date", "2025-03-01", ok=False
    )
    assert_one_chinese_error(stopped, "已停用")
    added = village(
        "--json",
        "rule",
        "add",
        "--category",
        "B",
        "--code",
        "B20",
        "--name",
        "参加广场舞比赛",
        "--direction",
        "add",
        "--points-min",
        "5",
    ).json
    assert (added["points_min"], added["points_max"], added["period_cap"]) == (5, 5, "each")
    bad = village("rule", "set", "A16", "--points-min", "60", ok=False)
    assert_one_chinese_error(bad, "分值范围")


def test_village_settings(village: Run) -> None:
    village("village", "set", "--base-points", "120", "--policy", "year_end", "--mask-names", "no")
    shown = village("--json", "village", "show").json["village"]
    assert (shown["base_points"], shown["available_policy"], shown["mask_names"]) == (
        120,
        "year_end",
        False,
    )
    assert "可用积分年底清零" in village("village", "show").out
    assert_one_chinese_error(village("village", "set", ok=False), "没有要修改的内容")
    bad = village("village", "set", "--mask-names", "maybe", ok=False)
    assert bad.code == 2 and "yes" in bad.err
    assert "一组" in village("grid", "list").out


def test_operators_add_list_set_and_passwords(village: Run, monkeypatch) -> None:
    village(
        "operator",
        "add",
        "shenhe",
        "--role",
        "reviewer",
        "--name",
        "审核小组",
        "--password",
        "sh-123456",
    )
    village("operator", "set", "shenhe", "--grids", "一组,二组")
    listing = village("operator", "list").out
    assert "审核小组" in listing and "一组、二组" in listing
    village("operator", "passwd", "shenhe", "--new-password", "sh-654321")
    monkeypatch.setenv("JIFEN_USER", "shenhe")
    monkeypatch.setenv("JIFEN_PASSWORD", "sh-654321")
    wrong_old = village(
        "operator",
        "passwd",
        "shenhe",
        "--old-password",
        "nope-nope",
        "--new-password",
        "sh-777777",
        ok=False,
    )
    assert_one_chinese_error(wrong_old, "原密码不对")
    village(
        "operator", "passwd", "shenhe", "--old-password", "sh-654321", "--new-password", "sh-777777"
    )
    monkeypatch.setenv("JIFEN_USER", "admin")
    monkeypatch.setenv("JIFEN_PASSWORD", "secret-123")
    last_admin = village("operator", "set", "admin", "--active", "no", ok=False)
    assert_one_chinese_error(last_admin, "管理员")
    short = village("operator", "add", "x1", "--role", "viewer", "--password", "123", ok=False)
    assert_one_chinese_error(short, "密码太短")


def test_the_village_option_picks_one_of_the_operators_villages(run: Run) -> None:
    run("init", "--code", "420881100001", "--name", "张集村")
    run("village", "add", "--code", "420881100002", "--name", "李庄村")
    run("grid", "add", "一组")  # the admin's own village, without --village
    assert "一组" in run("grid", "list", "--village", "420881100001").out
    other = run("--village", "李庄村", "grid", "add", "二组", ok=False)
    assert_one_chinese_error(other, "不属于这个村")
    unknown = run("--village", "420881100009", "grid", "list", ok=False)
    assert_one_chinese_error(unknown, "找不到村")


def test_grids_renamed_removed_and_given_recorders(village: Run) -> None:
    village("operator", "add", "wgy7", "--role", "recorder", "--password", "wgy-12345")
    assert "wgy7" not in village("grid", "recorders", "二组").out
    shown = village("--json", "grid", "recorders", "二组", "wgy7").json
    assert shown == {"grid": "二组", "recorders": ["wgy7"]}
    assert "wgy7" in village("grid", "list").out
    village("grid", "set", "二组", "--name", "东湾组", "--note", "河东")
    refused = village("grid", "remove", "东湾组", ok=False)
    assert_one_chinese_error(refused, "还有2户")
    village("grid", "add", "三组")
    village("grid", "recorders", "三组", "wgy7")
    village("grid", "remove", "三组")
    assert [g["name"] for g in village("--json", "grid", "list").json] == ["一组", "东湾组"]
    assert village("--json", "grid", "recorders", "东湾组", "--none").json["recorders"] == []


def test_rule_categories_and_copy_template(village: Run) -> None:
    assert "没有要补的" in village("rule", "copy-template").out
    village("rule", "category", "add", "G", "村规民约")
    village("rule", "category", "rename", "G", "村规民约执行")
    village("rule", "set", "B05", "--category", "G")
    categories = {c["code"]: c for c in village("--json", "rule", "category", "list").json}
    assert categories["G"]["name"] == "村规民约执行" and categories["G"]["item_count"] == 1
    taken = village("rule", "category", "add", "g", "重复", ok=False)
    assert_one_chinese_error(taken, "已被占用")
