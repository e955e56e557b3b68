"""网格员考评 at the township: the recorders of every village it holds, with the village's
name, the households to visit in each; a recorder whose operator row the township lacks is named
as the village's audit log names them."""

from __future__ import annotations

import datetime as dt
import json

from sqlalchemy import delete
from sync_world import Laptop, new_township, new_village, use_in_cli

from jifen_desktop.cli import main
from jifen_desktop.model import periods
from jifen_desktop.model.entry_checks import EntryDraft
from jifen_desktop.model.recorder_report import recorder_report
from jifen_desktop.model.schema import Operator

PASSWORD = "secret-123"


def nine_days_ago() -> dt.date:
    """Read when the entry is recorded, not when the module loads: a run that passes midnight
    in between would record it ten days after the deed."""
    return dt.date.today() - dt.timedelta(days=9)


def township_of_two(tmp_path) -> Laptop:
    """张集村 and 李湾村, each with 一组 of two households and its recorder, who recorded one
    entry for 0001 nine days after the deed; both imported at the township."""
    town = new_township(tmp_path)
    for code, name in (("420881100001", "张集村"), ("420881100002", "李湾村")):
        village = new_village(tmp_path, code, name, households=2)
        grid = village.ledger.villages.add_grid(village.village_id, "一组").value
        for number in ("0001", "0002"):
            household = village.ledger.households.by_number(village.village_id, number)
            village.ledger.households.update(household.id, grid_id=grid.id)
        village.ledger.operators.add(
            "wgy1",
            f"{name}网格员",
            "recorder",
            PASSWORD,
            village_id=village.village_id,
            grid_ids=[grid.id],
        )
        recorder = village.ledger.as_actor(village.ledger.operators.authenticate("wgy1", PASSWORD))
        draft = EntryDraft(village.names["0001"], "B05", nine_days_ago())
        recorder.entries.record(village.village_id, draft)
        bundle = village.export()
        town.trust(bundle)
        town.take(bundle)
        village.close()
    return town


def test_the_township_sees_every_village_and_names_recorders_it_lacks(tmp_path):
    town = township_of_two(tmp_path)
    report = recorder_report(town.ledger, periods.all_time())
    assert [
        (x.village_name, x.grid_name, x.recorder_name, x.entries, x.median_days, x.to_visit)
        for x in report.lines
    ] == [
        ("张集村", "一组", "张集村网格员", 1, 9, 1),  # by village code
        ("李湾村", "一组", "李湾村网格员", 1, 9, 1),
    ]
    assert [(v.village_name, v.number) for v in report.to_visit] == [
        ("张集村", "0002"),
        ("李湾村", "0002"),
    ]
    # A township without a village's operator rows still names the recorder, from the audit log.
    with town.ledger.write() as tx:
        tx.session.execute(delete(Operator).where(Operator.village_id.is_not(None)))
    names = {x.recorder_name for x in recorder_report(town.ledger, periods.all_time()).lines}
    assert names == {"李湾村网格员", "张集村网格员"}
    town.close()


def test_the_township_command(tmp_path, monkeypatch, capsys):
    town = township_of_two(tmp_path)
    town.close()
    use_in_cli(monkeypatch, town, "xiang", PASSWORD)
    year = str(nine_days_ago().year)
    assert main(["--json", "report", "recorders", "--period", year]) in (0, None)
    lines = json.loads(capsys.readouterr().out)["lines"]
    assert [(x["village_name"], x["entries"]) for x in lines] == [("张集村", 1), ("李湾村", 1)]
    assert main(["report", "recorders", "--period", year, "--village", "李湾村"]) in (0, None)
    text = capsys.readouterr().out
    assert text.startswith("李湾村 ") and "张集村" not in text
    assert main(["report", "recorders", "--period", year, "--grid", "一组"]) not in (0, None)
    assert "请用 --village" in capsys.readouterr().err
