"""``jifen backup``, ``jifen backups`` and ``jifen restore`` end to end: a backup, a change, the
restore that takes the change back (after asking), the replaced ledger kept; refusals."""

from __future__ import annotations

from pathlib import Path

import pytest
from jifen_cli_testing import CODE, Run, assert_one_chinese_error


def test_backup_list_and_restore_round_trip(village: Run, env: Path, tmp_path: Path) -> None:
    made = village("--json", "backup").json
    assert Path(made["path"]).parent == env / "backups"
    assert made["kind"] == "manual" and made["village_code"] == CODE
    village("household", "add", "--number", "0105", "--head", "孙悟空", "--grid", "一组")
    listed = village("--json", "backups").json
    assert [b["path"] for b in listed] == [made["path"]]
    assert "手动" in village("backups").out

    asked = village("restore", made["path"], ok=False)
    assert_one_chinese_error(asked, "--yes")
    assert "0105" in village("household", "list").out  # nothing changed

    restored = village("--json", "restore", made["path"], "--yes").json
    assert restored["households"] == 4 and restored["kept"]["kind"] == "restore"
    assert "0105" not in village("household", "list").out
    text = village("backups").out
    assert "恢复前" in text and "手动" in text
    # the backup's own audit row came after the copy: the restored ledger has the restore's
    log = village("--json", "audit", "--action", "backup.").json
    assert [r["action"] for r in log] == ["backup.restore"]
    assert Path(made["path"]).name in log[0]["summary"]

    stick = tmp_path / "U盘"
    out = village("backup", "--out", str(stick)).out
    assert "已备份" in out and "证明材料照片" in out
    assert len(village("--json", "backups", "--dir", str(stick)).json) == 1


def test_only_an_admin_backs_up(village: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    village("operator", "add", "wgy7", "--role", "recorder", "--password", "wgy-12345")
    monkeypatch.setenv("JIFEN_USER", "wgy7")
    monkeypatch.setenv("JIFEN_PASSWORD", "wgy-12345")
    assert_one_chinese_error(village("backup", ok=False), "无权备份台账", "管理员")
    assert_one_chinese_error(village("backups", ok=False), "无权查看备份")


def test_restore_refusals_and_a_new_computer(
    village: Run, env: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    made = village("--json", "backup").json["path"]
    junk = tmp_path / "junk.sqlite3"
    junk.write_text("不是数据库" * 500, encoding="utf-8")
    assert_one_chinese_error(village("restore", str(junk), "--yes", ok=False), "不是积分台账的备份")
    missing = village("restore", str(tmp_path / "none.sqlite3"), "--yes", ok=False)
    assert_one_chinese_error(missing, "找不到备份文件")

    other = tmp_path / "other"
    village("--data-dir", str(other), "init", "--code", "420881100002", "--name", "李庄村")
    theirs = village("--data-dir", str(other), "--json", "backup").json["path"]
    refused = village("restore", theirs, "--yes", ok=False)
    assert_one_chinese_error(refused, "李庄村（420881100002）", "张集村", "--other-village")
    village("restore", theirs, "--yes", "--other-village")
    assert "李庄村" in village("village", "show").out

    new = tmp_path / "new-computer"
    monkeypatch.delenv("JIFEN_USER")
    monkeypatch.delenv("JIFEN_PASSWORD")
    done = village("--data-dir", str(new), "--json", "restore", made, "--yes")
    assert done.json["households"] == 4 and done.json["kept"] is None
    assert "不需要登录" in done.err
