"""The 同步 page imports several chosen files together (``import_bundles``, the next files'
hashes checked in worker processes) with one progress dialog; each line then says 已导入."""

from __future__ import annotations

from test_sync_page import (
    STATUS_COLUMN,
    WAIT,
    cells,
    export_bundle,
    make_township,
    sync_page,
    wait_checked,
)

from jifen_desktop.model.schema import Household
from jifen_desktop.sync import SyncService


def test_two_files_are_imported_together(qtbot, shown, make_ctx, tmp_path):
    township = make_township(tmp_path / "township")
    village = make_ctx("admin")
    first = export_bundle(village.ledger, tmp_path / "stick1")
    households = village.ledger.households.list(village.village.id)
    village.ledger.households.update(households[0].id, head_name="改了名的户主")
    second = export_bundle(village.ledger, tmp_path / "stick2")
    SyncService(township.ledger).enrol(first, trust=True)
    page = sync_page(qtbot, shown, township)
    page.show_section(page.imports)
    page.imports.start([first, second])
    wait_checked(qtbot, page)
    assert [r.state for r in page.imports.run.rows] == ["ready", "ready"]
    page.imports.confirm_button.click()
    qtbot.waitUntil(lambda: "导入完成" in page.imports.message.text(), timeout=WAIT)
    assert [cells(page.imports.table, n)[STATUS_COLUMN] for n in (0, 1)] == ["已导入", "已导入"]
    with township.ledger.read() as s:
        heads = {h.head_name for h in s.query(Household)}
    assert "改了名的户主" in heads
    township.ledger.close()
