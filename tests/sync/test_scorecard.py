"""村庄考核 (issue 22 part 1) on a township of three villages with a known 2025
(``scorecard_world``): every figure, the points, the ranking; the township's targets and
weights set with an audit row and verify clean; a village's chain altered at the township is
found."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from scorecard_world import YEAR, build_township
from sqlalchemy import select
from sync_world import Laptop, behind_the_program, copy_of

from jifen_desktop.model.errors import PermissionDenied, ValidationError
from jifen_desktop.model.schema import AuditRow
from jifen_desktop.model.tx import Actor
from jifen_desktop.sync.scorecard import ScorecardService
from jifen_desktop.sync.scorecard_targets import ACTION, Target, defaults

TODAY = dt.date(2026, 12, 7)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Laptop:
    root = tmp_path_factory.mktemp("scorecard")
    town = build_township(root)
    yield town
    town.close()


@pytest.fixture
def town(built: Laptop, tmp_path) -> Laptop:
    """A copy of the built township for each test (a test may set targets or alter rows)."""
    laptop = copy_of(built, tmp_path)
    yield laptop
    laptop.close()


def by_name(town: Laptop):
    card = ScorecardService(town.ledger).scorecard(YEAR, TODAY)
    return {v.name: v for v in card.villages}


def test_every_figure_of_the_three_villages(town):
    cards = by_name(town)
    model, slow, quiet = (cards[n].figures for n in ("示范村", "拖拉村", "冷清村"))
    # 示范村: every month reviewed by the 5th of the next, four quarters final, one objection
    # closed in 3 days; four households with their heads and one more member each (8 persons),
    # the four named members took part, both party members among them; two households
    # redeemed, one naming its member
    assert (model.reviews_on_time, model.quarters_final, model.overdue_entries) == (12, 4, 0)
    assert (model.objections, model.objections_closed, model.objection_days) == (1, 1, 3)
    assert (model.households, model.households_taking_part) == (4, 4)
    assert (model.persons, model.persons_taking_part) == (8, 4)
    assert (model.party_members, model.party_taking_part) == (2, 2)
    assert (model.households_redeeming, model.persons_redeeming) == (2, 1)
    # 拖拉村: Jan–Jun on time, July held on 20 September (late), Aug–Dec never: 5 overdue
    assert (slow.reviews_on_time, slow.quarters_final, slow.overdue_entries) == (6, 2, 5)
    assert (slow.objections, slow.objection_days) == (0, None)
    assert (slow.households, slow.households_taking_part) == (3, 3)
    assert (slow.persons, slow.persons_taking_part, slow.party_members) == (3, 0, 0)
    # 冷清村: on time, but one household of ten takes part; its party member is never named
    assert (quiet.reviews_on_time, quiet.quarters_final, quiet.overdue_entries) == (12, 4, 0)
    assert (quiet.households, quiet.households_taking_part) == (10, 1)
    assert (quiet.persons, quiet.persons_taking_part) == (20, 1)
    assert (quiet.party_members, quiet.party_taking_part) == (1, 0)
    assert (quiet.households_redeeming, quiet.persons_redeeming) == (0, 0)
    for figures in (model, slow, quiet):
        assert figures.chain_problems == 0
        assert figures.last_bundle_at is not None


def test_points_totals_and_the_ranking(town):
    card = ScorecardService(town.ledger).scorecard(YEAR, TODAY)
    assert [(v.rank, v.name, v.total) for v in card.villages] == [
        (1, "示范村", 94.2),
        (2, "冷清村", 58.5),
        (3, "拖拉村", 47.5),
    ]
    model = card.villages[0]
    # persons redeeming 1/8 = 12.5 % of a 30 % target: 10 × 12.5 / 30
    assert model.item("redeem_persons").points == 4.2
    assert model.item("redeem_persons").shown == "12%（1/8）"
    assert model.item("reviews").shown == "12 / 12 个月"
    slow = card.villages[2]
    assert [slow.item(k).points for k in ("reviews", "quarters", "overdue", "party")] == [
        10.0,
        7.5,
        0.0,
        0.0,
    ]
    assert slow.item("party").shown == "—（未登记党员）"
    quiet = card.villages[1]
    assert (quiet.item("households").points, quiet.item("households").brief) == (3.0, "10%")
    assert quiet.item("objections").shown == "无异议" and quiet.item("objections").points == 5


def test_targets_are_set_with_an_audit_row_and_verify_stays_clean(town):
    service = ScorecardService(town.ledger)
    assert service.targets() == defaults()
    chosen = dict(defaults())
    chosen["households"] = Target(70, 35)  # a pilot village's 70 %, weighed more
    chosen["reviews"] = Target(12, 0)
    service.set_targets(chosen)
    assert service.targets()["households"] == Target(70, 35)
    with town.ledger.read() as s:
        [row] = s.scalars(select(AuditRow).where(AuditRow.action == ACTION)).all()
    assert row.village_id is None and row.replica_id == town.ledger.replica_id
    assert json.loads(row.before_json)["户参与率"] == {"目标": 50, "权重": 15}
    assert json.loads(row.after_json)["户参与率"] == {"目标": 70, "权重": 35}
    assert row.summary == (
        "修改考核指标与权重：按时审核 权重 20→0；户参与率 目标 ≥ 50%→≥ 70%，权重 15→35"
    )
    report = town.ledger.verify()
    assert report.findings == [], report.findings
    # 拖拉村's full participation now weighs more than its missed reviews
    card = service.scorecard(YEAR, TODAY)
    assert [(v.rank, v.name) for v in card.villages] == [
        (1, "示范村"),
        (2, "拖拉村"),
        (3, "冷清村"),
    ]
    assert card.villages[1].total == 57.5  # 47.5 - 10 (reviews) - 15 (households) + 35


def test_targets_are_refused_when_they_do_not_add_up_or_by_a_viewer(town):
    service = ScorecardService(town.ledger)
    wrong = dict(defaults())
    wrong["party"] = Target(100, 20)
    with pytest.raises(ValidationError, match="合计应为 100 分，现在是 110 分"):
        service.set_targets(wrong)
    too_many = dict(defaults())
    too_many["reviews"] = Target(13, 20)
    with pytest.raises(ValidationError, match="按时审核"):
        service.set_targets(too_many)
    viewer = Actor("v", "chakan", "查看员", "viewer")
    with pytest.raises(PermissionDenied):
        ScorecardService(town.ledger.as_actor(viewer)).set_targets(defaults())
    with town.ledger.read() as s:
        assert s.scalar(select(AuditRow.id).where(AuditRow.action == ACTION)) is None


def test_an_entry_altered_at_the_township_fails_that_village_only(town):
    behind_the_program(
        town.ledger,
        "update entries set points = points + 50 where id = (select min(e.id) from"
        " entries e join villages v on v.id = e.village_id where v.name = '冷清村')",
    )
    cards = by_name(town)
    assert cards["冷清村"].figures.chain_problems == 1
    assert cards["冷清村"].item("chain").points == 0
    assert cards["冷清村"].item("chain").shown == "有 1 处对不上"
    assert cards["示范村"].figures.chain_problems == 0


def test_the_setting_changed_behind_the_program_is_named_by_verify(town):
    service = ScorecardService(town.ledger)
    chosen = dict(defaults())
    chosen["households"], chosen["reviews"] = Target(70, 35), Target(12, 0)
    service.set_targets(chosen)
    behind_the_program(  # the weights put back by hand, so that 拖拉村 would rank as before
        town.ledger,
        "update audit_log set after_json = replace(after_json, '35', '15') where action = :a",
        {"a": ACTION},
    )
    [finding] = town.ledger.verify().findings
    assert (finding.kind, finding.table) == ("row_changed", "audit_log")
    assert "与写入时不同" in finding.message
