"""An entry's evidence read back (``EntryService.evidence``): every file in the order it was
attached, under its stored copy in the data folder, told apart as photo or PDF, and said to be
missing when the copy is gone."""

from __future__ import annotations

import datetime as dt

from sample_files import a_jpeg, a_pdf, a_png

from jifen_desktop.model.entry_checks import EntryDraft


def test_evidence_lists_each_file_of_the_entry_in_order(world, tmp_path):
    h = world.household("001", "王建国")
    photo, scan, other = (
        a_jpeg(tmp_path / "献血证.jpg", "a"),
        a_pdf(tmp_path / "证明.pdf", "b"),
        a_png(tmp_path / "别的.png", "c"),
    )
    draft = EntryDraft(h.id, "B08", dt.date(2026, 3, 10), evidence=(photo, scan))
    entry = world.ledger.entries.record(world.village.id, draft).value
    plain = EntryDraft(h.id, "B05", dt.date(2026, 3, 11))
    without = world.ledger.entries.record(world.village.id, plain).value
    world.ledger.entries.record(
        world.village.id, EntryDraft(h.id, "B08", dt.date(2026, 3, 12), evidence=(other,))
    )

    found = world.ledger.entries.evidence(entry.id)

    assert [f.file_name for f in found] == ["献血证.jpg", "证明.pdf"]
    assert [(f.is_photo, f.is_pdf) for f in found] == [(True, False), (False, True)]
    assert found[0].path.read_bytes() == photo.read_bytes()
    assert found[1].size == scan.stat().st_size and all(f.present for f in found)
    assert world.ledger.entries.evidence(without.id) == []
    found[0].path.unlink()
    assert [f.present for f in world.ledger.entries.evidence(entry.id)] == [False, True]
