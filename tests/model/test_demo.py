"""The demo village: deterministic, complete (every category, every status, corrections,
moved-out households, units, operators) and valid by the model's own checks."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from jifen_desktop.demo import DEMO_PASSWORD, DemoSummary, generate_demo
from jifen_desktop.model import idcard, periods
from jifen_desktop.model.entry_queries import EntryInfo
from jifen_desktop.model.errors import DomainError
from jifen_desktop.model.ledger import Ledger
from jifen_desktop.model.store import MovementInfo, RedemptionInfo

# A fixed "today" keeps the calendar of the demo (which month is still pending) stable.
TODAY = dt.date(2025, 11, 18)
HOUSEHOLDS, YEARS, SEED = 40, 2, 7


@dataclass
class Demo:
    ledger: Ledger
    summary: DemoSummary
    entries: list[EntryInfo]
    progress: list[tuple[float, str]]


def _make(folder: Path) -> Demo:
    ledger = Ledger.create(folder)
    progress: list[tuple[float, str]] = []
    summary = generate_demo(
        ledger,
        households=HOUSEHOLDS,
        years=YEARS,
        seed=SEED,
        today=TODAY,
        progress=lambda f, m: progress.append((f, m)),
    )
    return Demo(ledger, summary, ledger.entries.list(summary.village_id), progress)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Demo]:
    made = _make(tmp_path_factory.mktemp("demo") / "data")
    yield made
    made.ledger.close()


@pytest.fixture(scope="module")
def twin(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Demo]:
    made = _make(tmp_path_factory.mktemp("twin") / "data")
    yield made
    made.ledger.close()


def _fingerprint(d: Demo) -> dict[str, object]:
    ledger, village_id = d.ledger, d.summary.village_id
    households = ledger.households.list(village_id)
    lifetime = ledger.balances.many(village_id, year=TODAY.year)
    return {
        "households": [
            (
                h.number,
                h.kind,
                h.head_name,
                h.unit_name,
                h.grid_name,
                h.status,
                h.registered_on,
                h.phone,
            )
            for h in households
        ],
        "members": [
            [
                (
                    m.name,
                    m.relation,
                    m.gender,
                    m.birth_date,
                    m.id_number,
                    m.is_party_member,
                    m.status,
                )
                for m in ledger.members.list(h.id)
            ]
            for h in households
            if h.kind == "household"
        ],
        "entries per household": Counter(e.household_number for e in d.entries),
        "points per household": {
            h.number: (lifetime[h.id].lifetime if h.id in lifetime else 0) for h in households
        },
        "entries": sorted(
            (e.household_number, e.rule_code, e.points, e.occurred_on, e.status, e.kind)
            for e in d.entries
        ),
        "receipts": [
            (
                r.receipt_no,
                r.household_number,
                r.member_name,
                r.occurred_on,
                r.points,
                [(x.goods_name, x.quantity, x.points) for x in r.lines],
                r.operator_name,
                r.returned_on,
            )
            for r in _redemptions(d)
        ],
        "stock": [(g.name, g.price, g.stock) for g in ledger.store.goods(village_id)],
        "movements": [
            (m.goods_name, m.kind, m.quantity, m.unit_cost_fen, m.party, m.occurred_on)
            for m in _movements(d)
        ],
    }


def _redemptions(d: Demo) -> list[RedemptionInfo]:
    return d.ledger.store.redemptions(d.summary.village_id, limit=100_000)


def _movements(d: Demo) -> list[MovementInfo]:
    return d.ledger.store.movements(d.summary.village_id, limit=100_000)


def test_same_seed_gives_the_same_village(demo: Demo, twin: Demo) -> None:
    assert demo.summary.village_id != twin.summary.village_id  # two separate files
    assert _fingerprint(demo) == _fingerprint(twin)
    assert demo.summary.entries == twin.summary.entries
    assert _redemptions(demo)  # the receipts are part of the fingerprint


def test_another_seed_gives_another_village(tmp_path: Path, demo: Demo) -> None:
    ledger = Ledger.create(tmp_path / "other")
    summary = generate_demo(ledger, households=12, years=1, seed=8, today=TODAY)
    heads = [h.head_name for h in ledger.households.list(summary.village_id)]
    assert (
        heads
        != [h.head_name for h in demo.ledger.households.list(demo.summary.village_id)][: len(heads)]
    )
    ledger.close()


def test_summary_matches_the_ledger(demo: Demo) -> None:
    s, ledger = demo.summary, demo.ledger
    households = ledger.households.list(s.village_id)
    assert s.village_code == "420881100001" and s.village_name == "张集村"
    assert ledger.villages.get(s.village_id).township_name == "张集镇"
    assert s.households == sum(h.kind == "household" for h in households) == HOUSEHOLDS
    assert s.units == sum(h.kind == "unit" for h in households) >= 3
    assert s.members == sum(len(ledger.members.list(h.id)) for h in households)
    assert s.entries == len(demo.entries)
    assert s.years == YEARS and s.seconds > 0
    assert [h.number for h in households if h.kind == "household"] == [
        f"{i:04d}" for i in range(1, HOUSEHOLDS + 1)
    ]
    assert len(ledger.villages.grids(s.village_id)) >= 3


def test_progress_is_reported_in_order(demo: Demo) -> None:
    fractions = [f for f, _ in demo.progress]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0
    assert any(message.startswith(f"正在生成{TODAY.year}年") for _, message in demo.progress)


def test_households_are_realistic(demo: Demo) -> None:
    ledger, village_id = demo.ledger, demo.summary.village_id
    homes = ledger.households.list(village_id, kind="household")
    relations: Counter[str] = Counter()
    for h in homes:
        members = ledger.members.list(h.id)
        assert 2 <= len(members) <= 6
        assert members[0].relation == "户主" and members[0].name == h.head_name
        assert len({m.name for m in members}) == len(members)
        assert 2 <= len(h.head_name) <= 4
        assert len(h.phone) == 11 and h.phone.isdigit() and h.phone[0] == "1"
        relations.update(m.relation for m in members)
    assert relations["配偶"] > len(homes) / 2
    assert {"子", "女"} <= set(relations)
    assert any(h.registered_on > dt.date(TODAY.year - 1, 1, 1) for h in homes)  # some later


def test_every_id_number_is_valid(demo: Demo) -> None:
    ledger, village_id = demo.ledger, demo.summary.village_id
    seen = set()
    for h in ledger.households.list(village_id, kind="household"):
        for m in ledger.members.list(h.id):
            assert idcard.validate(m.id_number) == m.id_number
            assert m.id_number[:6] == "420881"
            assert idcard.birth_date(m.id_number) == m.birth_date
            assert idcard.gender(m.id_number) == m.gender
            seen.add(m.id_number)
    assert len(seen) == demo.summary.members


def test_party_members_and_member_moves(demo: Demo) -> None:
    ledger, village_id = demo.ledger, demo.summary.village_id
    members = [
        m
        for h in ledger.households.list(village_id, kind="household")
        for m in ledger.members.list(h.id)
    ]
    assert any(m.is_party_member for m in members)
    assert any(m.status != "present" for m in members)


def test_moved_out_households_and_units(demo: Demo) -> None:
    ledger, village_id = demo.ledger, demo.summary.village_id
    moved = ledger.households.list(village_id, status="moved_out")
    assert moved
    for h in moved:
        assert h.registered_on <= h.status_since <= TODAY
        assert ledger.households.history(h.id)[-1].status == "moved_out"
        assert all(
            e.occurred_on <= h.status_since
            for e in demo.entries
            if e.household_id == h.id and e.kind == "normal"
        )
    units = ledger.households.list(village_id, kind="unit")
    assert units and all(u.unit_name for u in units)
    unit_ids = {u.id for u in units}
    assert any(e.rule_code.startswith("F") for e in demo.entries if e.household_id in unit_ids)


def test_every_rule_category_appears(demo: Demo) -> None:
    categories = {r.category_name for r in demo.ledger.rules.list(demo.summary.village_id)}
    assert categories <= {e.category_name for e in demo.entries}


def test_mostly_common_items_few_deductions(demo: Demo) -> None:
    normal = [e for e in demo.entries if e.kind == "normal"]
    per_household_year = len(normal) / (HOUSEHOLDS * YEARS)
    assert 6 <= per_household_year <= 16
    deductions = sum(e.points < 0 for e in normal)
    assert 0 < deductions < 0.08 * len(normal)
    codes = Counter(e.rule_code for e in normal)
    assert codes["E08"] + codes["B05"] + codes["C07"] > sum(
        n for code, n in codes.items() if code.startswith("D")
    )


def test_statuses_pending_only_this_month(demo: Demo) -> None:
    by_status = Counter(e.status for e in demo.entries)
    assert by_status["approved"] and by_status["rejected"] and by_status["pending"]
    this_month = periods.month(TODAY.year, TODAY.month)
    assert all(this_month.contains(e.occurred_on) for e in demo.entries if e.status == "pending")
    rejected = [e for e in demo.entries if e.status == "rejected"]
    assert all(e.decision_reason for e in rejected)
    assert len(rejected) < 0.1 * by_status["approved"]


def test_activities_are_batches_approved_at_once(demo: Demo) -> None:
    activities = [e for e in demo.entries if e.source == "activity"]
    assert activities and all(e.batch_id and e.status == "approved" for e in activities)
    assert {"C07", "C06"} <= {e.rule_code for e in activities}


def test_base_points_every_year(demo: Demo) -> None:
    base = Counter(e.occurred_on.year for e in demo.entries if e.kind == "base")
    assert set(base) == {TODAY.year - 1, TODAY.year}
    assert base[TODAY.year - 1] <= HOUSEHOLDS


def test_evidence_where_the_rule_needs_it(demo: Demo) -> None:
    needs = {r.code for r in demo.ledger.rules.list(demo.summary.village_id) if r.evidence_required}
    recorded = [
        e
        for e in demo.entries
        if e.kind == "normal" and e.rule_code in needs and e.source != "activity"
    ]
    # A declaration always carries its proof; the demo village lets its recorders' own
    # observations go without a photo (设置 › 积分细则), and some of them have one.
    declared = [e for e in recorded if e.source == "declaration"]
    assert declared and all(e.evidence_count >= 1 for e in declared)
    observed = [e for e in recorded if e.source in ("recorder", "inspection")]
    assert any(e.evidence_count for e in observed)
    assert not all(e.evidence_count for e in observed)


def test_caps_are_respected(demo: Demo) -> None:
    capped = {
        r.code: r.period_cap
        for r in demo.ledger.rules.list(demo.summary.village_id)
        if r.period_cap != "each"
    }
    live = [
        e
        for e in demo.entries
        if e.kind == "normal"
        and e.rule_code in capped
        and e.status != "rejected"
        and not e.reversed
    ]
    slots = Counter(
        (
            e.household_id,
            e.rule_code,
            e.occurred_on.strftime("%Y-%m")
            if capped[e.rule_code] == "month"
            else e.occurred_on.year,
        )
        for e in live
    )
    assert slots and max(slots.values()) == 1


def test_corrections_and_false_declaration(demo: Demo) -> None:
    by_id = {e.id: e for e in demo.entries}
    reversals = [e for e in demo.entries if e.kind == "reversal"]
    assert reversals
    for r in reversals:
        original = by_id[r.corrects_entry_id or ""]
        assert original.reversed and r.points == -original.points and r.reason
    penalties = [e for e in demo.entries if e.kind == "penalty"]
    assert 1 <= len(penalties) <= 2
    for p in penalties:
        assert p.points == -2 * by_id[p.corrects_entry_id or ""].points < 0
        assert p.status == "approved"
    # at least one correction recorded the right entry in place of the wrong one
    replaced = [
        e for e in demo.entries if e.kind == "normal" and e.decision_reason.startswith("更正：")
    ]
    assert replaced


def test_operators_log_in_with_the_demo_password(demo: Demo) -> None:
    ledger, village_id = demo.ledger, demo.summary.village_id
    grids = ledger.villages.grids(village_id)
    assert demo.summary.operators == (
        "admin",
        "shenhe",
        *[f"wgy{i + 1}" for i in range(len(grids))],
        "chakan",
    )
    roles = {u: ledger.operators.authenticate(u, DEMO_PASSWORD) for u in demo.summary.operators}
    assert roles["admin"].role == "admin" and roles["shenhe"].role == "reviewer"
    assert roles["chakan"].role == "viewer"
    for i, grid in enumerate(grids):
        actor = roles[f"wgy{i + 1}"]
        assert actor.role == "recorder" and actor.grid_ids == {grid.id}
        assert actor.village_id == village_id
    with pytest.raises(DomainError):
        ledger.operators.authenticate("admin", "wrong-password")


def test_recorders_recorded_their_own_grids(demo: Demo) -> None:
    ledger, village_id = demo.ledger, demo.summary.village_id
    grid_of = {h.id: h.grid_name for h in ledger.households.list(village_id)}
    by_recorder = [
        e
        for e in demo.entries
        if e.source in ("recorder", "declaration")
        and not e.decision_reason.startswith(("更正：", "异议成立："))
    ]
    assert by_recorder
    for e in by_recorder:
        assert e.recorded_by_name.endswith(f"（{grid_of[e.household_id]}网格员）")


def test_ranking_shares_ranks_on_equal_points(demo: Demo) -> None:
    ledger, village_id = demo.ledger, demo.summary.village_id
    for key in (str(TODAY.year - 1), str(TODAY.year), f"{TODAY.year - 1}Q2"):
        rows = ledger.rankings.rank(village_id, periods.parse(key))
        assert len(rows) >= 35
        points = [r.points for r in rows]
        assert points == sorted(points, reverse=True)
        for row in rows:
            assert row.rank == 1 + sum(p > row.points for p in points)
    quarter = ledger.rankings.rank(village_id, periods.parse(f"{TODAY.year - 1}Q2"))
    ties = [i for i in range(1, len(quarter)) if quarter[i].points == quarter[i - 1].points]
    assert ties and all(quarter[i].rank == quarter[i - 1].rank < i + 1 for i in ties)


def test_search_finds_demo_households(demo: Demo) -> None:
    ledger, village_id = demo.ledger, demo.summary.village_id
    assert ledger.households.search(village_id, "0012")[0].number == "0012"
    head = ledger.households.by_number(village_id, "0001").head_name
    assert any(h.number == "0001" for h in ledger.households.search(village_id, head[1:]))


def test_refuses_a_ledger_that_already_has_the_village(demo: Demo) -> None:
    with pytest.raises(DomainError):
        generate_demo(demo.ledger, households=3, years=1, today=TODAY)


# -- the 积分超市 -------------------------------------------------------------------------------


def test_the_store_has_goods_and_services_in_stock(demo: Demo) -> None:
    goods = demo.ledger.store.goods(demo.summary.village_id)
    assert 15 <= len(goods) <= 25
    assert {"日用百货", "粮油副食", "农资", "服务"} <= {g.category for g in goods}
    services = [g for g in goods if g.is_service]
    assert services and all(g.stock is None for g in services)
    stocked = [g for g in goods if not g.is_service]
    assert all(g.stock is not None and g.stock >= 0 for g in stocked)
    assert sum(g.stock or 0 for g in stocked) > len(stocked)
    assert all(1 <= g.price <= 300 for g in goods) and max(g.price for g in goods) >= 100
    assert all(g.low_stock > 0 for g in stocked)


def test_stock_comes_in_by_purchase_donation_and_sponsor(demo: Demo) -> None:
    moves = _movements(demo)
    purchases = [m for m in moves if m.kind == "purchase"]
    assert len(purchases) > len({m.goods_name for m in purchases})
    assert all(m.unit_cost_fen and m.unit_cost_fen > 0 for m in purchases)
    # restocked every few months, not only on the opening day
    assert len({m.occurred_on for m in purchases}) >= 3
    donations = [m for m in moves if m.kind == "donation"]
    assert donations and all(m.party for m in donations)
    sponsored = [m for m in moves if m.kind == "sponsor"]
    assert sponsored and all(m.party and m.unit_cost_fen for m in sponsored)


def test_a_third_or_more_of_households_redeemed_last_year(demo: Demo) -> None:
    figures = demo.ledger.store.figures(demo.summary.village_id, periods.year(TODAY.year - 1))
    village = figures.participation[-1]
    assert village.grid_id is None and village.active_households >= 35
    assert 0.3 <= village.rate <= 0.7
    assert figures.redemptions >= village.participating and figures.points_spent > 0


def test_redemptions_are_small_baskets_on_open_days_by_the_grids_worker(demo: Demo) -> None:
    ledger, village_id = demo.ledger, demo.summary.village_id
    grid_of = {h.id: h.grid_name for h in ledger.households.list(village_id)}
    kinds = {h.id: h.kind for h in ledger.households.list(village_id)}
    redemptions = _redemptions(demo)
    assert redemptions
    for r in redemptions:
        assert r.occurred_on.day in (10, 25) and r.occurred_on <= TODAY
        assert kinds[r.household_id] == "household"
        assert r.operator_name == "村管理员" or r.operator_name.endswith(
            f"（{grid_of[r.household_id]}网格员）"
        )
        assert r.points == sum(x.points for x in r.lines) > 0
    assert Counter(len(r.lines) <= 2 for r in redemptions)[True] > len(redemptions) / 2
    assert any(r.member_name for r in redemptions)
    # receipt numbers run in date order within a year
    for year in {r.occurred_on.year for r in redemptions}:
        mine = sorted((r for r in redemptions if r.occurred_on.year == year), key=lambda r: r.id)
        by_number = sorted(mine, key=lambda r: r.receipt_no)
        assert [r.occurred_on for r in by_number] == sorted(r.occurred_on for r in mine)


def test_a_return_a_write_off_and_a_stocktake_in_the_last_year(demo: Demo) -> None:
    ledger, village_id = demo.ledger, demo.summary.village_id
    since = TODAY - dt.timedelta(days=365)
    returned = [r for r in _redemptions(demo) if r.returned]
    assert len(returned) == 1
    r = returned[0]
    assert r.returned_on and since <= r.occurred_on <= r.returned_on <= TODAY
    assert r.return_reason
    moves = _movements(demo)
    write_offs = [m for m in moves if m.kind == "write_off"]
    assert write_offs and all(since <= m.occurred_on <= TODAY and m.reason for m in write_offs)
    assert all(m.quantity < 0 for m in write_offs)
    differences = [m for m in moves if m.kind == "stocktake"]
    assert differences and all(abs(m.quantity) <= 2 for m in differences)
    assert all(since <= m.occurred_on <= TODAY for m in differences)
    assert len(differences) <= 3  # the count mostly agrees with the books
    assert (
        ledger.store.figures(village_id, periods.year(TODAY.year)).returned
        + ledger.store.figures(village_id, periods.year(TODAY.year - 1)).returned
        == 1
    )


def test_some_goods_are_running_low(demo: Demo) -> None:
    figures = demo.ledger.store.figures(demo.summary.village_id, periods.year(TODAY.year))
    assert figures.low_stock
    assert all(g.stock is not None and g.stock <= g.low_stock for g in figures.low_stock)
    assert len(figures.low_stock) < len(demo.ledger.store.goods(demo.summary.village_id)) / 2


def test_nothing_goes_below_zero(demo: Demo) -> None:
    ledger, village_id = demo.ledger, demo.summary.village_id
    balances = ledger.balances.many(village_id, year=TODAY.year)
    assert balances and min(b.available for b in balances.values()) >= 0
    assert all((g.stock or 0) >= 0 for g in ledger.store.goods(village_id, include_inactive=True))
    spent = sum(r.points for r in _redemptions(demo) if not r.returned)
    assert 0 < spent <= sum(b.lifetime for b in balances.values())


def test_demo_has_the_calendar_of_the_scheme(demo: Demo) -> None:
    """Closed review sessions, final publications for past quarters, objections upheld and
    dismissed, a veto, and the last quarter still in posting with an objection open."""
    ledger, village_id = demo.ledger, demo.summary.village_id
    sessions = ledger.review.list(village_id)
    assert sessions and {s.status for s in sessions} == {"closed"}
    assert all(s.approved + s.rejected > 0 for s in sessions)
    publications = {p.quarter: p for p in ledger.publications.list(village_id)}
    assert publications["2025Q3"].status == "posted"  # TODAY is 18 November 2025
    assert publications["2025Q3"].posting_start <= TODAY <= publications["2025Q3"].posting_end
    assert {p.status for q, p in publications.items() if q < "2025Q3"} == {"final"}
    objections = ledger.objections.list(village_id)
    assert {"upheld", "dismissed", "open"} <= {o.status for o in objections}
    for o in objections:
        if o.status == "upheld":
            assert o.correction_ids and "更正：" in o.resolution
    vetoes = ledger.vetoes.list(village_id)
    assert any(v.in_force(TODAY) for v in vetoes)
    overview = ledger.calendar(village_id, TODAY)
    assert overview.previous.status == "posted" and overview.open_objections == 1


def test_every_audited_action_of_the_demo_has_a_chinese_name(demo: Demo) -> None:
    from jifen_desktop.model.audit import ACTION_NAMES

    rows = demo.ledger.audit.list(demo.summary.village_id, limit=100_000)
    assert {r.action for r in rows} - set(ACTION_NAMES) == set()
