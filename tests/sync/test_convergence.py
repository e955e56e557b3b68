"""Any order, grouping and duplication of a set of bundles gives the same database; importing
every bundle again changes nothing; two laptops of a village converge; a record edited on both
laptops ends the same everywhere (last writer wins) and clashes are listed, not dropped."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sync_world import Laptop, clone, copy_of, dump, new_township, new_village


class Bundles(list):  # type: ignore[type-arg]
    def __repr__(self) -> str:
        return f"Bundles({[p.name for p in self]})"


@pytest.fixture(scope="module")
def story(tmp_path_factory: pytest.TempPathFactory) -> tuple[Laptop, Bundles, dict[str, list[str]]]:
    """Two laptops of 张集村 and one of 李庄村 record, edit and exchange bundles; the township
    (keys enrolled, nothing imported) and the set of bundles it will receive."""
    root = tmp_path_factory.mktemp("story")
    a1 = new_village(root, "420881100001", "张集村")
    for hid in a1.names.values():
        a1.record(hid)
    first = a1.export(full=True)
    a2 = clone(a1, root)
    a2.record(a2.names["0001"], code="B04")
    a2.ledger.households.update(a2.names["0002"], head_name="王二（二号电脑改）")
    a2_to_a1 = a2.export(a1)
    a1.ledger.households.update(a1.names["0002"], head_name="王二（一号电脑改）")
    a1.household("0004", "新户")
    a1.approve_pending()
    second = a1.export(full=True)
    a1.take(a2_to_a1)
    a1_to_a2 = a1.export(a2)
    b = new_village(root, "420881100002", "李庄村", households=2)
    b_first = b.export(full=True)
    b.record(b.names["0001"])
    b_second = b.export(full=True)
    township = new_township(root)
    bundles = Bundles([first, a2_to_a1, second, a1_to_a2, b_first, b_second])
    for bundle in bundles:
        township.trust(bundle)
    reference = copy_of(township, root)
    for bundle in bundles:
        reference.take(bundle)
    expected = dump(reference.ledger, skip_replica=reference.replica_id)
    return township, bundles, expected


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_any_order_and_duplication_gives_the_same_database(story, tmp_path, data):
    township, bundles, expected = story
    order = data.draw(st.permutations(bundles))
    extra = data.draw(st.lists(st.sampled_from(bundles), max_size=4))
    mixed = list(order)
    for bundle in extra:
        mixed.insert(data.draw(st.integers(0, len(mixed))), bundle)
    laptop = copy_of(township, tmp_path)
    try:
        for bundle in mixed:
            laptop.take(bundle)
        assert dump(laptop.ledger, skip_replica=laptop.replica_id) == expected
    finally:
        laptop.close()


def test_importing_every_bundle_again_changes_nothing(story, tmp_path):
    township, bundles, expected = story
    laptop = copy_of(township, tmp_path)
    for bundle in bundles:
        assert not laptop.take(bundle).already_imported
    before = dump(laptop.ledger)
    for bundle in bundles:
        assert laptop.take(bundle).already_imported
        assert laptop.sync.dry_run(bundle).already_imported
    assert dump(laptop.ledger) == before
    laptop.close()


def test_the_last_edit_wins_everywhere_and_nothing_is_lost(story, tmp_path):
    township, bundles, _expected = story
    laptop = copy_of(township, tmp_path)
    for bundle in reversed(bundles):
        laptop.take(bundle)
    village = next(v for v in laptop.ledger.villages.list() if v.name == "张集村")
    heads = {h.number: h.head_name for h in laptop.ledger.households.list(village.id)}
    assert heads["0002"] == "王二（一号电脑改）"  # changed later than on the second laptop
    assert heads["0004"] == "新户"
    entries = laptop.ledger.entries.list(village.id)
    assert sorted(e.rule_code for e in entries) == ["B04", "B05", "B05", "B05"]
    assert laptop.sync.conflicts() == []
    laptop.close()


def test_two_laptops_converge_and_clashes_are_listed(tmp_path):
    a1 = new_village(tmp_path, "420881100001", "张集村", households=1)
    a2 = clone(a1, tmp_path)
    hid = a1.names["0001"]
    # both record the once-a-year item B02 for the same household, and both add household 0002
    a1.record(hid, code="B02")
    a2.record(hid, code="B02")
    a1.household("0002", "甲")
    a2.household("0002", "乙")
    a1.take(a2.export(a1))
    a2.take(a1.export(a2))
    skip = ("audit_log", "chain_links")  # each keeps its last import's audit rows to itself
    assert dump(a1.ledger, skip_tables=skip) == dump(a2.ledger, skip_tables=skip)
    assert a1.ledger.verify().ok and a2.ledger.verify().ok
    kinds = sorted(c.kind for c in a1.sync.clashes())
    assert kinds == ["cap", "household_number"]
    titles = " ".join(c.title for c in a2.sync.clashes())
    assert "户号重复：0002" in titles and "B02" in titles
    assert len(a1.ledger.entries.list(a1.village_id)) == 2  # both records kept


def test_an_incremental_bundle_carries_only_what_was_not_acknowledged(tmp_path):
    a1 = new_village(tmp_path, "420881100001", "张集村", households=2)
    township = new_township(tmp_path)
    first = a1.export()
    township.trust(first)
    township.take(first)
    back = township.export()
    a1.trust(back)
    a1.take(back)
    a1.record(a1.names["0001"])
    second = a1.export()
    counts = a1.sync.inspect(second).counts
    assert counts["entries"] == 1 and counts["households"] == 1 and counts["villages"] == 1
    assert counts["rule_items"] == 1  # the entry's rule, so the bundle stands on its own
    result = township.take(second)
    assert result.counts["new"] >= 1 and result.balances_checked == 2
    assert result.balance_mismatches == []
    summary = township.sync.villages_overview(dt.date.today().year)
    assert [(v.name, v.households) for v in summary] == [("张集村", 2)]


def test_a_village_bundle_is_refused_by_another_village(tmp_path):
    from jifen_desktop.sync.errors import BundleRefused

    a = new_village(tmp_path, "420881100001", "张集村", households=1)
    b = new_village(tmp_path, "420881100002", "李庄村", households=1)
    bundle = a.export()
    b.trust(bundle)
    with pytest.raises(BundleRefused, match="李庄村的台账"):
        b.take(bundle)


def test_township_data_is_read_only(tmp_path):
    from jifen_desktop.model.errors import PermissionDenied

    a = new_village(tmp_path, "420881100001", "张集村", households=1)
    township = new_township(tmp_path)
    bundle = a.export()
    township.trust(bundle)
    township.take(bundle)
    village = township.ledger.villages.list()[0]
    with pytest.raises(PermissionDenied, match="只能查看"):
        township.household("0009", "冒名")
    with pytest.raises(PermissionDenied, match="只能查看"):
        township.ledger.villages.add_grid(village.id, "三组")
    assert Path(bundle).exists()


def test_two_laptops_deciding_one_entry_converge_on_the_first_decision(tmp_path):
    a1 = new_village(tmp_path, "420881100001", "张集村", households=1)
    a2 = clone(a1, tmp_path)
    entry_id = a1.record(a1.names["0001"])
    a2.take(a1.export(a2))
    a1.approve_pending()  # both review the same entry, each on its own laptop
    a2.approve_pending(reject=True)
    a1.take(a2.export(a1))
    a2.take(a1.export(a2))
    a1.take(a2.export(a1))
    statuses = {laptop.ledger.entries.get(entry_id).status for laptop in (a1, a2)}
    assert len(statuses) == 1  # the same decision stands on both
    skip = ("audit_log", "chain_links")
    assert dump(a1.ledger, skip_tables=skip) == dump(a2.ledger, skip_tables=skip)
    for laptop in (a1, a2):
        listed = [c for c in laptop.sync.conflicts() if c.table == "entry_decisions"]
        assert len(listed) == 1, listed  # and each lists the other decision to settle
        report = laptop.ledger.verify()
        assert report.ok, report.findings  # the decision set aside is not "missing"


def test_the_township_verifies_clean_after_a_laptop_set_its_own_decision_aside(tmp_path):
    a1 = new_village(tmp_path, "420881100001", "张集村", households=1)
    a2 = clone(a1, tmp_path)
    township = new_township(tmp_path)
    entry_id = a1.record(a1.names["0001"])
    a2.take(a1.export(a2))
    a2.approve_pending(reject=True)
    a1.approve_pending()
    for laptop in (a1, a2):
        laptop.take((a2 if laptop is a1 else a1).export(laptop))
    for laptop in (a1, a2):
        bundle = laptop.export(full=True)
        township.trust(bundle)
        township.take(bundle)
    assert township.ledger.entries.get(entry_id).status == a1.ledger.entries.get(entry_id).status
    report = township.ledger.verify()
    assert report.ok, report.findings
