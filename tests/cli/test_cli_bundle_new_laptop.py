"""``jifen bundle export --new-laptop``: the full bundle that sets up a new laptop of the
village carries the operators' password hashes (a bundle for the township does not) and says
not to take it to the township."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

from jifen_cli_testing import Run


def test_a_bundle_for_a_new_laptop_carries_the_password_hashes(
    village: Run, tmp_path: Path
) -> None:
    stick = tmp_path / "usb"
    stick.mkdir()
    done = village("bundle", "export", "--out", str(stick), "--new-laptop")
    assert "新装的电脑" in done.out and "不要带到乡镇办" in done.out
    [bundle] = stick.glob("*.jfb")
    with zipfile.ZipFile(bundle) as zf:
        lines = zf.read("data/operators.jsonl").decode().splitlines()
    columns = json.loads(lines[0])["columns"]
    hashes = [json.loads(x)[columns.index("password_hash")] for x in lines[1:]]
    assert hashes and all(h.startswith("scrypt$") for h in hashes)
