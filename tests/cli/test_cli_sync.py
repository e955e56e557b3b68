"""``jifen bundle``, ``jifen key`` and ``jifen township``: a village exports, the township
enrols its key by fingerprint, dry-runs and imports, sees the village, and refuses it once the
key is revoked. Under ``JIFEN_TEST_PG=1`` the township is on PostgreSQL (``--database``)."""

from __future__ import annotations

from pathlib import Path

import pg
from jifen_cli_testing import Run, assert_one_chinese_error


def test_a_village_bundle_reaches_the_township(village: Run, tmp_path: Path) -> None:
    stick = tmp_path / "usb"
    stick.mkdir()
    server = ["--database", pg.new_database()] if pg.enabled() else []  # JIFEN_TEST_PG=1
    town = ["--data-dir", str(tmp_path / "township"), *server, "--user", "xiang"]
    village(
        "init",
        *town[:-2],
        "--mode",
        "township",
        "--code",
        "420881100",
        "--name",
        "张集镇",
        "--admin",
        "xiang",
    )
    village("entry", "add", "--household", "0101", "--rule", "B05", "--date", "2026-03-10")
    shown = village("--json", "key", "show").json
    assert len(shown["fingerprint"].replace(" ", "")) == 20

    exported = village("--json", "bundle", "export", "--out", str(stick)).json
    bundle = exported["path"]
    assert Path(bundle).name.startswith("420881100001_") and exported["full"]
    assert exported["tables"]["entries"] == 1 and exported["tables"]["households"] == 4

    refused = village(*town, "bundle", "import", bundle, ok=False)
    assert "还没有登记" in refused.out and shown["fingerprint"] in refused.out
    wrong = village(*town, "key", "enrol", bundle, "--fingerprint", "1234", ok=False)
    assert_one_chinese_error(wrong, "指纹不一致")
    village(*town, "key", "enrol", bundle, "--fingerprint", shown["fingerprint"].replace(" ", "-"))
    listed = village(*town, "--json", "key", "list").json
    assert [p["name"] for p in listed] == ["张集村"]

    dry = village(*town, "--json", "bundle", "import", bundle, "--dry-run").json[0]
    assert dry["dry_run"] and dry["counts"]["tables"]["households"]["new"] == 4
    assert "试运行" in village(*town, "bundle", "import", bundle, "--dry-run").out
    done = village(*town, "--json", "bundle", "import", bundle).json[0]
    assert done["counts"]["new"] == dry["counts"]["new"] and done["balances_checked"] == 4
    again = village(*town, "bundle", "import", bundle).out
    assert "以前已经导入过" in again

    overview = village(*town, "--json", "township", "overview", "--year", "2026").json
    assert [(v["name"], v["households"]) for v in overview] == [("张集村", 4)]
    # the one entry is still pending: nothing approved to rank yet
    assert "还没有审核通过" in village(*town, "township", "rank", "--year", "2026").out
    verified = village(*town, "bundle", "verify", bundle).out
    assert "签名：" in verified and "正确" in verified and "全部正确" in verified

    village(*town, "key", "revoke", "420881100001", "--reason", "电脑丢失")
    later = village("--json", "bundle", "export", "--out", str(stick), "--full").json["path"]
    revoked = village(*town, "bundle", "import", later, ok=False)
    assert "吊销" in revoked.out and "电脑丢失" in revoked.out
    assert "没有导入" in revoked.err
