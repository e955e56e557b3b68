"""The invariant as a Hypothesis state machine (issue 16, "How we will know it works"): every
mutating service of the model, in random legal orders, with time moving on; after every step
``ledger.verify()`` (what ``jifen verify`` runs) is clean on every ledger involved — the
village's, a second laptop's and the township's once sync brought them in; at the end one row
of one table is edited, deleted or inserted with ``sqlite3`` behind the program's back, and
verify must name it.

A step whose input the program refuses (a ``DomainError``: a cap reached, a quarter locked, a
grid that still has households …) is a legal step too: nothing may be left half-written, which
the next verify checks. Anything else raised is a failure. Bundles are never refused between
the village's own laptops and its township: a refusal there fails the test.

Values are picked from what the ledger holds now (``pick`` modulo the list), so the machine
keeps no model of its own that could drift from the program's.
"""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import time_machine
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule
from ledger_world import (
    START,
    TOWNSHIP_CODE,
    VILLAGE_CODE,
    Tamper,
    actor_of,
    copy_ledger,
    tamper,
    templates,
    tiny_png,
)
from sqlalchemy import text

from jifen_desktop.model import idcard, paths
from jifen_desktop.model.backup.service import BackupService
from jifen_desktop.model.calendar.honour_awards import HonourAwardService
from jifen_desktop.model.calendar.honours import Grade
from jifen_desktop.model.entry_checks import EntryDraft
from jifen_desktop.model.errors import DomainError, QuarterLocked
from jifen_desktop.model.household_changes import HouseholdChangeService, SplitPlan
from jifen_desktop.model.ledger import Ledger
from jifen_desktop.model.periods import parse as parse_period
from jifen_desktop.model.periods import quarter_of
from jifen_desktop.model.roster.rows import RosterRow
from jifen_desktop.model.summary_service import rebuild_summaries
from jifen_desktop.model.verify.service import VerifyReport
from jifen_desktop.model.year_close import HonourChoice, YearCloseService
from jifen_desktop.sync import SyncService

T = TypeVar("T")
PICK = st.integers(0, 10_000)
BACK = st.sampled_from([0, 1, 4, 15, 40, 100])  # days before today
# Rules of the template catalog: fixed (B05 B04 C06 A07), a month cap (E08), a year cap
# (B02), a deduction range (A16), people counted with evidence required (C14), evidence
# required (B08), a unit's item (F01), the base item recorded by hand (refused: B01).
CODES = st.sampled_from(["B05", "B04", "C06", "A07", "E08", "B02", "A16", "C14", "B08", "F01"])
STATS: Counter[str] = Counter()  # rule -> how often it ran, "refused:<rule>" how often refused
REFUSALS: Counter[str] = Counter()  # "<rule>: <the refusal's first words>" -> how often


def _pick(items: Sequence[T], pick: int) -> T | None:
    return items[pick % len(items)] if items else None


class LedgerMachine(RuleBasedStateMachine):
    # What the last step does behind the program's back (test_verify_invariant.py narrows it).
    TAMPER_KINDS: tuple[str, ...] = ("edit", "delete", "insert")
    # Restore a backup on a village whose bundles went out (issue 16 item 5: it broke sync).
    RESTORE_AFTER_SYNC = True

    def __init__(self) -> None:
        super().__init__()
        self.templates = templates()
        self.root = Path(tempfile.mkdtemp(prefix="ledger-machine-"))
        self.traveller = time_machine.travel(START, tick=True)
        self.clock = self.traveller.start()
        try:
            self.main = copy_ledger(self.templates.village, self.root / "village")
            self.admin = actor_of(self.main, "admin")
            self.reviewer = actor_of(self.main, "shenhe")
            self.vid = self.main.villages.list()[0].id
        except BaseException:  # no teardown then: the clock must not stay moved
            self.traveller.stop()
            raise
        self.laptop: Ledger | None = None
        self.township: Ledger | None = None
        self.photo = tiny_png(self.root / "photo.png")
        # Something to restore from the first step on: the template's backup, on a stick.
        shutil.copytree(self.templates.stick, self.root / "stick0")
        self.backups: list[Path] = sorted((self.root / "stick0").glob("jifen_*.sqlite3*"))
        self.backups = [p for p in self.backups if not p.name.endswith(".sha256")]
        self.sent = False  # a bundle of the village's left for another computer
        self.plan: tuple[int, int] = (0, 0)
        self.log: list[str] = []
        self.serial = 0

    # -- helpers ---------------------------------------------------------------------------

    @property
    def led(self) -> Ledger:
        return self.main.as_actor(self.admin)

    @property
    def today(self) -> dt.date:
        return dt.date.today()

    def ledgers(self) -> list[tuple[str, Ledger]]:
        found = [("village", self.main)]
        if self.laptop is not None:
            found.append(("laptop", self.laptop))
        if self.township is not None:
            found.append(("township", self.township))
        return found

    def attempt(self, what: str, work: Callable[[], T]) -> T | None:
        """Run a service call; a refusal (``DomainError``) is a legal outcome."""
        STATS[what] += 1
        try:
            value = work()
        except DomainError as exc:
            STATS[f"refused:{what}"] += 1
            REFUSALS[f"{what}: {exc.message[:40]}"] += 1
            self.log.append(f"{self.today} {what}: refused ({exc.message[:60]})")
            return None
        self.log.append(f"{self.today} {what}: done")
        return value

    def name(self) -> str:
        self.serial += 1
        return f"{self.serial:02d}"

    def households(self, status: str | None = None) -> list[Any]:
        return self.led.households.list(self.vid, status=status)

    def entries(self, status: str | None = None) -> list[Any]:
        return self.led.entries.list(self.vid, status=status)

    def grid_ids(self) -> list[str | None]:
        return [None, *[g.id for g in self.led.villages.grids(self.vid)]]

    def day(self, back: int) -> dt.date:
        return self.today - dt.timedelta(days=back)

    # -- time ------------------------------------------------------------------------------

    @initialize(which=st.integers(0, 2), seed=st.integers(0, 2**32 - 1))
    def plan_tampering(self, which: int, seed: int) -> None:
        """Drawn first, done last: which ledger's file is tampered with, and the seed that
        picks the table, the row and what is done to it."""
        self.plan = (which, seed)

    @rule(days=st.sampled_from([1, 3, 8, 20, 45, 95]))
    def time_passes(self, days: int) -> None:
        self.clock.shift(dt.timedelta(days=days))
        self.log.append(f"{self.today} time passes {days} days")

    # -- households, members, grids ----------------------------------------------------------

    @rule(grid=PICK, back=st.sampled_from([0, 30, 400]), unit=st.booleans())
    def add_household(self, grid: int, back: int, unit: bool) -> None:
        serial = self.name()
        kind = dict(kind="unit", unit_name=f"合作社{serial}") if unit else {}
        members = () if unit else ({"name": f"王小{serial}", "relation": "子"},)
        self.attempt(
            "household.add",
            lambda: self.led.households.add(
                self.vid,
                f"02{serial}",
                f"赵{serial}",
                grid_id=_pick(self.grid_ids(), grid),
                registered_on=self.day(back),
                members=members,
                **kind,
            ),
        )

    @rule(pick=PICK, what=st.sampled_from(["address", "phone", "head_name", "grid_id", "number"]))
    def edit_household(self, pick: int, what: str) -> None:
        household = _pick(self.households(), pick)
        if household is None:
            return
        value: Any = {
            "address": f"幸福路{pick % 50}号",
            "phone": f"1380000{pick % 10000:04d}",
            "head_name": f"钱{self.name()}",
            "grid_id": _pick(self.grid_ids(), pick),
            "number": f"03{self.name()}",
        }[what]
        self.attempt(
            "household.update", lambda: self.led.households.update(household.id, **{what: value})
        )

    @rule(pick=PICK, status=st.sampled_from(["moved_out", "dissolved", "active"]), back=BACK)
    def household_status(self, pick: int, status: str, back: int) -> None:
        household = _pick(self.households(), pick)
        if household is not None:
            self.attempt(
                "household.status",
                lambda: self.led.households.set_status(
                    household.id, status, self.day(back), "迁往县城"
                ),
            )

    @rule(
        pick=PICK,
        leave=PICK,
        how=st.sampled_from(["none", "members", "amount"]),
        back=BACK,
    )
    def split_household(self, pick: int, leave: int, how: str, back: int) -> None:
        """分户: one or two members who are not the head leave to form a new household; its
        points split as the village chose (the transfer pair waits for ``decide``)."""
        families = [
            (h, present)
            for h in self.households("active")
            if (present := [m for m in self.led.members.list(h.id) if m.status == "present"])
            and any(m.relation != "户主" for m in present)
        ]
        chosen = _pick(families, pick)
        if chosen is None:
            return
        household, present = chosen
        leaving = [m for m in present if m.relation != "户主"][: 1 + leave % 2]
        available = self.led.balances.of(household.id).available
        plan = SplitPlan(
            tuple(m.id for m in leaving),
            leaving[-1].id,
            f"04{self.name()}",
            _pick(self.grid_ids(), leave),
            self.day(back),
            split_rule=how,
            amount=leave % (max(available, 0) + 2),  # now and then one more than there is
            reason="儿子结婚另立门户",
        )
        changes = HouseholdChangeService(self.led)
        self.attempt("household.split", lambda: changes.split(household.id, plan))

    @rule(
        pick=PICK,
        into=PICK,
        how=st.sampled_from(["all", "none", "amount"]),
        back=BACK,
    )
    def merge_households(self, pick: int, into: int, how: str, back: int) -> None:
        """合户 (the same household twice, or a unit, is a legal refusal)."""
        active = self.households("active")
        merged = _pick(active, pick)
        receiving = _pick([h for h in active if h is not merged], into) if into % 8 else merged
        if merged is None or receiving is None:
            return
        changes = HouseholdChangeService(self.led)
        self.attempt(
            "household.merge",
            lambda: changes.merge(
                merged.id,
                receiving.id,
                self.day(back),
                transfer=how,
                amount=1 + into % 30,
                reason="老人随子女生活",
            ),
        )

    @rule(pick=PICK, back=BACK)
    def close_household(self, pick: int, back: int) -> None:
        household = _pick(self.households("active"), pick)
        if household is not None:
            changes = HouseholdChangeService(self.led)
            self.attempt(
                "household.close", lambda: changes.close(household.id, self.day(back), "户内无人")
            )

    @rule(pick=PICK, relation=st.sampled_from(["配偶", "女", "父亲"]), with_id=st.booleans())
    def add_member(self, pick: int, relation: str, with_id: bool) -> None:
        """A member, with an ID number (her birth date and gender come from it) or without."""
        household = _pick(self.households(), pick)
        if household is None:
            return
        fields: dict[str, Any] = {"gender": "女"}
        if with_id:
            first17 = f"420881{1950 + pick % 60}0{1 + pick % 9}1{pick % 10}{pick % 1000:03d}"
            first17 = first17[:16] + "2"  # an even 17th digit: a woman
            fields = {"id_number": first17 + idcard.check_digit(first17)}
        self.attempt(
            "member.add",
            lambda: self.led.members.add(
                household.id, f"孙{self.name()}", relation=relation, **fields
            ),
        )

    @rule(pick=PICK, member=PICK, change=st.sampled_from(["name", "phone", "party", "status"]))
    def change_member(self, pick: int, member: int, change: str) -> None:
        household = _pick(self.households(), pick)
        chosen = _pick(self.led.members.list(household.id), member) if household else None
        if chosen is None:
            return
        members = self.led.members
        if change == "status":
            status = "present" if chosen.status != "present" else "moved_out"
            self.attempt("member.status", lambda: members.set_status(chosen.id, status, self.today))
            return
        changes: dict[str, Any] = {
            "name": {"name": f"周{self.name()}"},
            "phone": {"phone": "13912345678"},
            "party": {"is_party_member": True},
        }[change]
        self.attempt("member.update", lambda: members.update(chosen.id, **changes))

    @rule(again=st.booleans())
    def add_grid(self, again: bool) -> None:
        """A new grid, or one removed before brought back under its name (its old id)."""
        name = "二组" if again else f"新{self.name()}组"
        self.attempt("grid.add", lambda: self.led.villages.add_grid(self.vid, name))

    @rule(pick=PICK, remove=st.booleans())
    def change_grid(self, pick: int, remove: bool) -> None:
        grid = _pick(self.led.villages.grids(self.vid), pick)
        if grid is None:
            return
        villages = self.led.villages
        if remove:
            self.attempt("grid.remove", lambda: villages.remove_grid(grid.id))
        else:
            self.attempt(
                "grid.update",
                lambda: villages.update_grid(grid.id, name=f"{grid.name}改", note="改"),
            )

    @rule(variant=st.sampled_from(["new", "update", "again"]))
    def roster_apply(self, variant: str) -> None:
        """花名册导入: a new household with two members, an update of one already there."""
        rows = {
            "new": [
                RosterRow(
                    2, number="0501", head="陈大山", name="陈大山", relation="户主", grid="一组"
                ),
                RosterRow(
                    3, number="0501", head="陈大山", name="陈小山", relation="子", grid="一组"
                ),
            ],
            "update": [
                RosterRow(
                    2,
                    number="0101",
                    head="王建国",
                    name="王建国",
                    relation="户主",
                    address=f"张集村{self.name()}号",
                ),
            ],
            "again": [
                RosterRow(
                    2, number="0501", head="陈大山", name="陈大山", relation="户主", grid="一组"
                ),
            ],
        }[variant]
        self.attempt(
            "roster.apply", lambda: self.led.roster.apply(self.vid, rows, skip_invalid=True)
        )

    # -- the catalog, operators, the village ---------------------------------------------------

    @rule(
        code=st.sampled_from(["B05", "A16", "E08", "C06", "B04"]),
        change=st.sampled_from(["points", "name", "active", "cap", "evidence"]),
    )
    def edit_rule(self, code: str, change: str) -> None:
        rule_ = self.led.rules.get(self.vid, code)
        changes: dict[str, Any] = {
            "points": {"points_min": rule_.points_min + 1, "points_max": rule_.points_max + 1},
            "name": {"name": rule_.name[:20] + "（修订）"},
            "active": {"active": not rule_.active},
            "cap": {"period_cap": "month" if rule_.period_cap != "month" else "each"},
            "evidence": {"evidence_required": not rule_.evidence_required},
        }[change]
        self.attempt("rule.update", lambda: self.led.rules.update(self.vid, code, **changes))

    @rule(what=st.sampled_from(["item", "category", "rename", "template"]))
    def extend_catalog(self, what: str) -> None:
        rules = self.led.rules
        serial = self.name()
        work = {
            "item": lambda: rules.add(self.vid, "C", f"C9{serial}", f"村自定{serial}", "add", 3, 3),
            "category": lambda: rules.add_category(self.vid, f"G{serial}", f"自定类{serial}"),
            "rename": lambda: rules.rename_category(self.vid, "E", f"家庭类{serial}"),
            "template": lambda: rules.copy_template(self.vid),
        }[what]
        self.attempt(f"rule.{what}", work)

    @rule(
        what=st.sampled_from(["add", "role", "disable", "password", "grids"]),
        role=st.sampled_from(["recorder", "reviewer", "viewer", "admin"]),
        pick=PICK,
    )
    def operators(self, what: str, role: str, pick: int) -> None:
        ops = self.led.operators
        chosen = _pick([o for o in ops.list() if o.username != "admin"], pick)
        grid = _pick(self.led.villages.grids(self.vid), pick)
        if what == "add":
            self.attempt(
                "operator.add",
                lambda: ops.add(
                    f"op{self.name()}", "新同事", role, "password-1", village_id=self.vid
                ),
            )
        elif chosen is None:
            return
        elif what == "role":
            self.attempt("operator.update", lambda: ops.update(chosen.username, role=role))
        elif what == "disable":
            self.attempt(
                "operator.update", lambda: ops.update(chosen.username, active=not chosen.active)
            )
        elif what == "password":
            self.attempt(
                "operator.password", lambda: ops.set_password(chosen.username, "new-pass-9")
            )
        elif grid is not None:
            self.attempt(
                "operator.grids", lambda: ops.set_grid_recorders(grid.id, [chosen.username])
            )

    @rule(
        what=st.sampled_from(["base", "policy", "mask", "name", "grades", "person_grades"]),
        value=st.sampled_from([0, 80, 100]),
    )
    def village_settings(self, what: str, value: int) -> None:
        villages = self.led.villages
        village = villages.get(self.vid)
        work: Callable[[], Any] = {
            "base": lambda: villages.update_settings(self.vid, base_points=value),
            "policy": lambda: villages.update_settings(
                self.vid,
                available_policy="year_end"
                if village.available_policy == "carry_over"
                else "carry_over",
            ),
            "mask": lambda: villages.update_settings(self.vid, mask_names=not village.mask_names),
            "name": lambda: villages.update_settings(self.vid, name=f"张集村{self.name()}"),
            "grades": lambda: self.led.honours.set_grades(
                self.vid, [Grade("优秀", value + 10), Grade("合格", value), Grade("诫勉", None)]
            ),
            "person_grades": lambda: self.led.honours.set_person_grades(
                self.vid, [Grade("优秀", value + 10), Grade("合格", value), Grade("不合格", None)]
            ),
        }[what]
        self.attempt(f"village.{what}", work)

    # -- entries ---------------------------------------------------------------------------

    def _draft(self, household: Any, code: str, back: int, extra: int) -> EntryDraft:
        members = self.led.members.list(household.id) if extra % 3 == 0 else []
        return EntryDraft(
            household.id,
            code,
            self.day(back),
            points=-(5 + extra % 40) if code == "A16" else None,
            quantity=1 + extra % 3 if code == "C14" else 1,
            member_id=members[0].id if members else None,
            note="记录",
            evidence=(self.photo,) if extra % 2 or code in ("C14", "B08") else (),
        )

    def _record(self, what: str, drafts: list[EntryDraft], **kw: Any) -> Any:
        entries = self.led.entries

        def work() -> Any:
            try:
                return entries.record_many(self.vid, drafts, **kw)
            except QuarterLocked:  # the clerk then takes the 补记 the program offers
                late = [EntryDraft(**{**vars(d), "late": True}) for d in drafts]
                return entries.record_many(self.vid, late, **kw)

        return self.attempt(what, work)

    @rule(pick=PICK, code=CODES, back=BACK, extra=PICK)
    def record(self, pick: int, code: str, back: int, extra: int) -> None:
        household = _pick(self.households(), pick)
        if household is not None:
            self._record("entry.record", [self._draft(household, code, back, extra)])

    @rule(
        picks=st.lists(PICK, min_size=2, max_size=4), code=CODES, back=BACK, approve=st.booleans()
    )
    def record_batch(self, picks: list[int], code: str, back: int, approve: bool) -> None:
        """A batch of pending entries, or an activity (组织活动) approved at once."""
        households = self.households()
        if not households:
            return
        chosen = list(dict.fromkeys(h.id for h in (_pick(households, p) for p in picks) if h))
        if approve:
            self.attempt(
                "entry.activity",
                lambda: self.led.entries.register_activity(self.vid, "C06", self.day(back), chosen),
            )
        else:
            drafts = [self._draft(_pick(households, p), code, back, p) for p in picks]
            self._record("entry.batch", drafts)

    @rule(back_months=st.integers(0, 3), held=st.integers(0, 40))
    def review_open(self, back_months: int, held: int) -> None:
        month = (self.today.replace(day=1) - dt.timedelta(days=31 * back_months)).strftime("%Y-%m")
        held_on = max(dt.date.fromisoformat(month + "-01"), self.day(held))
        self.attempt(
            "review.open",
            lambda: self.led.review.open(self.vid, month, held_on, "村部会议室", "张三 李四"),
        )

    @rule(pick=PICK)
    def review_close(self, pick: int) -> None:
        session = _pick([s for s in self.led.review.list(self.vid) if s.status == "open"], pick)
        if session is not None:
            self.attempt("review.close", lambda: self.led.review.close(session.id, "会议结束"))

    @rule(pick=PICK, decision=st.sampled_from(["approved", "approved", "rejected", "withdrawn"]))
    def decide(self, pick: int, decision: str) -> None:
        entry = _pick(self.entries("pending"), pick)
        if entry is None:
            return
        review = self.main.as_actor(self.reviewer)
        if decision == "withdrawn":
            self.attempt("entry.withdraw", lambda: self.led.entries.withdraw(entry.id, "录错了"))
            return
        month = f"{entry.occurred_on:%Y-%m}"
        session = review.review.open_session(self.vid, month)
        if session is None:
            session = self.attempt("review.open", lambda: review.review.open(self.vid, month).value)
        if session is None:
            return

        def work() -> Any:
            try:
                return review.review.decide(session.id, [entry.id], decision, "照片看不清")
            except QuarterLocked:  # 按补记通过
                return review.review.decide(session.id, [entry.id], "late")

        self.attempt(f"entry.{decision}", work)

    @rule(pick=PICK, how=st.sampled_from(["reverse", "replace", "false"]), back=BACK)
    def correct(self, pick: int, how: str, back: int) -> None:
        entry = _pick(
            [e for e in self.entries("approved") if e.kind == "normal" and not e.reversed], pick
        )
        if entry is None:
            return
        entries = self.main.as_actor(self.reviewer).entries
        if how == "false":
            self.attempt(
                "entry.false_declaration",
                lambda: entries.false_declaration(entry.id, "申报不实", self.day(back % 5)),
            )
            return
        replacement = None
        if how == "replace":
            replacement = EntryDraft(entry.household_id, "B04", entry.occurred_on)
        self.attempt(
            "entry.correct",
            lambda: entries.correct(entry.id, "录错了项目", replacement, self.day(back % 5)),
        )

    @rule(last_year=st.booleans())
    def base_points(self, last_year: bool) -> None:
        year = self.today.year - (1 if last_year else 0)
        self.attempt("entry.base", lambda: self.led.entries.generate_base_points(self.vid, year))

    # -- the calendar ----------------------------------------------------------------------

    @rule(back_quarters=st.integers(0, 2), grid=PICK, by_grid=st.booleans())
    def publish_draft(self, back_quarters: int, grid: int, by_grid: bool) -> None:
        """生成草稿, or 刷新草稿 when the quarter has one already."""
        day = self.today - dt.timedelta(days=92 * back_quarters)
        grids = self.led.villages.grids(self.vid)
        grid_id = _pick(grids, grid).id if by_grid and grids else None
        self.attempt(
            "publication.draft",
            lambda: self.led.publications.draft(
                self.vid, quarter_of(day).key, grid_id, contact="村委会", note="请核对"
            ),
        )

    @rule(pick=PICK, late_start=st.integers(0, 3), wait=st.booleans())
    def publish_post(self, pick: int, late_start: int, wait: bool) -> None:
        """张贴 a draft; with ``wait`` its quarter is let end first."""
        drafts = [p for p in self.led.publications.list(self.vid) if p.status == "draft"]
        pub = _pick(drafts, pick)
        if pub is None:
            return
        end = parse_period(pub.quarter).end
        if wait and self.today <= end:
            self.time_passes((end - self.today).days + 1)
        start = self.today + dt.timedelta(days=late_start) if late_start else None
        self.attempt("publication.post", lambda: self.led.publications.post(pub.id, start))

    @rule(pick=PICK, settle=st.booleans())
    def publish_final(self, pick: int, settle: bool) -> None:
        """定稿; with ``settle`` as a clerk does at the end of the posting period: wait for its
        last day to pass and dismiss the objections still open first."""
        posted = [p for p in self.led.publications.list(self.vid) if p.status == "posted"]
        pub = _pick(posted, pick)
        if pub is None:
            return
        if settle:
            if self.today <= pub.posting_end:
                self.time_passes((pub.posting_end - self.today).days + 1)
            objections = self.main.as_actor(self.reviewer).objections
            for objection in objections.list(self.vid):
                if objection.publication_id == pub.id and objection.status == "open":
                    self.attempt(
                        "objection.dismiss",
                        lambda o=objection: objections.dismiss(o.id, "核实无误"),
                    )
        self.attempt("publication.final", lambda: self.led.publications.finalise(pub.id))

    @rule(pick=PICK, household=PICK, about_entry=st.booleans())
    def objection_add(self, pick: int, household: int, about_entry: bool) -> None:
        posted = [p for p in self.led.publications.list(self.vid) if p.status == "posted"]
        pub = _pick(posted, pick)
        if pub is None:
            return
        line = _pick(self.led.publications.lines(pub.id), household)
        if line is None:
            return
        entry_id = None
        if about_entry:
            quarter = [e for e in self.entries("approved") if e.household_id == line.household_id]
            chosen = _pick(
                [e for e in quarter if quarter_of(e.occurred_on).key == pub.quarter], pick
            )
            entry_id = chosen.id if chosen else None
        self.attempt(
            "objection.add",
            lambda: self.led.objections.add(
                pub.id, line.household_id, "加分不对", entry_id=entry_id, handler="村委会"
            ),
        )

    @rule(pick=PICK, how=st.sampled_from(["reverse", "replace", "missing", "dismiss"]))
    def objection_resolve(self, pick: int, how: str) -> None:
        """异议成立 (reversing the entry, with the right one in its place, or recording one that
        was missed: 补记 in a locked quarter) or 不成立."""
        open_ = [o for o in self.led.objections.list(self.vid) if o.status == "open"]
        objection = _pick(open_, pick)
        if objection is None:
            return
        objections = self.main.as_actor(self.reviewer).objections
        if how == "dismiss":
            self.attempt("objection.dismiss", lambda: objections.dismiss(objection.id, "核实无误"))
            return
        quarter_end = parse_period(objection.quarter).end
        missing = EntryDraft(objection.household_id, "B05", quarter_end)
        replacement = EntryDraft(objection.household_id, "B04", quarter_end)
        self.attempt(
            f"objection.{how}",
            lambda: objections.uphold(
                objection.id,
                "核实属实",
                reverse_entry=how in ("reverse", "replace"),
                replacement=replacement if how == "replace" else None,
                missing=(missing,) if how == "missing" else (),
            ),
        )

    @rule(pick=PICK, back=BACK)
    def recorder_work(self, pick: int, back: int) -> None:
        """The 网格员 records for a household of his grid, or takes back his own pending entry."""
        recorder = self.main.as_actor(actor_of(self.main, "wangge"))
        mine = [e for e in self.entries("pending") if e.recorded_by == recorder.actor.id]
        if mine and pick % 2:
            entry = _pick(mine, pick)
            self.attempt("recorder.withdraw", lambda: recorder.entries.withdraw(entry.id, "录错"))
            return
        household = _pick(recorder.households.list(self.vid), pick)
        if household is not None:
            draft = EntryDraft(household.id, "B05", self.day(back))
            self.attempt("recorder.record", lambda: recorder.entries.record(self.vid, draft))

    @rule(pick=PICK, back=BACK, days=st.sampled_from([10, 90, 365]))
    def veto_add(self, pick: int, back: int, days: int) -> None:
        household = _pick(self.households(), pick)
        if household is not None:
            start = self.day(back)
            self.attempt(
                "veto.add",
                lambda: self.led.vetoes.add(
                    household.id, "违法建房", start, start + dt.timedelta(days=days)
                ),
            )

    @rule(pick=PICK)
    def veto_lift(self, pick: int) -> None:
        veto = _pick([v for v in self.led.vetoes.list(self.vid) if v.lifted_on is None], pick)
        if veto is not None:
            on = min(max(self.today, veto.starts_on), veto.ends_on)
            self.attempt("veto.lift", lambda: self.led.vetoes.lift(veto.id, on, "整改到位"))

    # -- honours and the year-end close ---------------------------------------------------

    @rule(
        pick=PICK,
        title=st.sampled_from(["十星级文明户", "最美家庭"]),
        quarter=st.booleans(),
        how=st.sampled_from(["hand", "top", "above_average"]),
    )
    def honour_award(self, pick: int, title: str, quarter: bool, how: str) -> None:
        households = self.households()
        if not households:
            return
        chosen = [households[(pick + i) % len(households)].id for i in range(2)]
        last = quarter_of(self.today - dt.timedelta(days=92)).key if quarter else None
        period = last or str(self.today.year - 1)
        self.attempt(
            "honour.award",
            lambda: HonourAwardService(self.led).award(
                self.vid, chosen, title, period, self.today, how, {chosen[0]: "评议推选"}
            ),
        )

    @rule(pick=PICK, half=st.booleans())
    def honour_award_person(self, pick: int, half: bool) -> None:
        """A title to a person (优秀党员) for last year or its second half-year."""
        households = self.households("active")
        chosen = _pick(households, pick)
        person = _pick(self.led.members.list(chosen.id), pick) if chosen else None
        if person is not None:
            period = f"{self.today.year - 1}H2" if half else str(self.today.year - 1)
            self.attempt(
                "honour.award",
                lambda: HonourAwardService(self.led).award_persons(
                    self.vid, [person.id], "优秀党员", period, self.today
                ),
            )

    @rule(pick=PICK)
    def honour_lift(self, pick: int) -> None:
        award = _pick(HonourAwardService(self.led).list(self.vid, in_force=True), pick)
        if award is not None:
            self.attempt(
                "honour.lift", lambda: HonourAwardService(self.led).lift(award.id, "查实弄虚作假")
            )

    @rule(
        rules=st.sampled_from([(), ("A16",), ("A16", "C19")]),
        how=st.sampled_from(["top", "above_average", "grade"]),
    )
    def year_close(self, rules: tuple[str, ...], how: str) -> None:
        """年度结转's model steps for last year: disqualifying rules, honours, base points."""
        service = YearCloseService(self.led)
        year = self.today.year - 1
        choice = HonourChoice("十星级文明户", how, 2, "优秀")
        self.attempt("year_close.rules", lambda: service.set_withhold_rules(self.vid, rules))
        self.attempt(
            "year_close.honours",
            lambda: service.award_honours(self.vid, year, choice, self.today),
        )
        self.attempt("year_close.base", lambda: service.give_base(self.vid, year))

    # -- the store -------------------------------------------------------------------------

    @rule(what=st.sampled_from(["add", "price", "name", "inactive", "photo"]), pick=PICK)
    def goods(self, what: str, pick: int) -> None:
        store = self.led.store
        chosen = _pick(store.goods(self.vid, include_inactive=True), pick)
        if what == "add":
            self.attempt(
                "store.goods.add",
                lambda: store.add_goods(self.vid, f"毛巾{self.name()}", 3 + pick % 20, unit="条"),
            )
        elif chosen is not None:
            changes: dict[str, Any] = {
                "price": {"price": chosen.price + 1},
                "name": {"name": f"{chosen.name[:8]}{self.name()}"},
                "inactive": {"active": not chosen.active},
                "photo": {"photo": self.photo},
            }[what]
            self.attempt(
                "store.goods.update", lambda: store.update_goods(self.vid, chosen.id, **changes)
            )

    @rule(
        what=st.sampled_from(["purchase", "donation", "sponsor", "write_off", "stocktake"]),
        pick=PICK,
        quantity=st.integers(1, 12),
        back=BACK,
    )
    def stock(self, what: str, pick: int, quantity: int, back: int) -> None:
        store = self.led.store
        goods = [g for g in store.goods(self.vid) if not g.is_service]
        chosen = _pick(goods, pick)
        if chosen is None:
            return
        day = self.day(back % 10)
        work: Callable[[], Any] = {
            "purchase": lambda: store.stock_in(
                self.vid, chosen.id, quantity, unit_cost_fen=300, on=day
            ),
            "donation": lambda: store.stock_in(
                self.vid, chosen.id, quantity, "donation", party="爱心企业", on=day
            ),
            "sponsor": lambda: store.stock_in(
                self.vid, chosen.id, quantity, "sponsor", party="镇商会", unit_cost_fen=200, on=day
            ),
            "write_off": lambda: store.write_off(self.vid, chosen.id, quantity, "受潮", on=day),
            "stocktake": lambda: store.stocktake(
                self.vid, {g.id: max(0, (g.stock or 0) - quantity % 3) for g in goods}, on=day
            ),
        }[what]
        self.attempt(f"store.{what}", work)

    @rule(pick=PICK, goods=PICK, quantity=st.integers(1, 3), back=BACK)
    def redeem(self, pick: int, goods: int, quantity: int, back: int) -> None:
        household = _pick(self.households("active"), pick)
        chosen = _pick(self.led.store.goods(self.vid), goods)
        if household is None or chosen is None:
            return
        self.attempt(
            "store.redeem",
            lambda: self.led.store.redeem(
                self.vid, household.id, [(chosen.id, quantity)], on=self.day(back % 10)
            ),
        )

    @rule(pick=PICK)
    def return_redemption(self, pick: int) -> None:
        chosen = _pick([r for r in self.led.store.redemptions(self.vid) if not r.returned], pick)
        if chosen is not None:
            self.attempt(
                "store.return",
                lambda: self.led.store.return_redemption(self.vid, chosen.receipt_no, "拿错了"),
            )

    @rule(back_years=st.integers(1, 2), switch=st.booleans())
    def year_end(self, back_years: int, switch: bool) -> None:
        """年底清零 of a year that has ended (the village switched to year_end first, or not)."""
        year = self.today.year - back_years
        if switch:
            self.attempt(
                "village.policy",
                lambda: self.led.villages.update_settings(self.vid, available_policy="year_end"),
            )
        self.attempt("store.expire", lambda: self.led.store.expire_year(self.vid, year))

    # -- backups ---------------------------------------------------------------------------

    @rule(stick=st.booleans())
    def backup(self, stick: bool) -> None:
        target = self.root / "stick" if stick else None
        made = self.attempt("backup", lambda: BackupService(self.led).backup(target))
        if made is not None:
            self.backups.append(made.value.backup.path)

    @precondition(lambda self: bool(self.backups))
    @rule(pick=PICK)
    def restore(self, pick: int) -> None:
        if self.sent and not self.RESTORE_AFTER_SYNC:
            return
        backup = _pick(self.backups, pick)
        assert backup is not None
        done = self.attempt("restore", lambda: BackupService(self.led).restore(backup))
        self.main.close()
        self.main = Ledger.open(self.root / "village")
        if done is not None:
            self.admin = actor_of(self.main, "admin")

    # -- a second laptop and the township ---------------------------------------------------

    def _laptop(self) -> Ledger:
        if self.laptop is None:
            self.laptop = copy_ledger(self.templates.laptop, self.root / "laptop")
        return self.laptop

    def _township(self) -> Ledger:
        if self.township is None:
            self.township = copy_ledger(self.templates.township, self.root / "township")
        return self.township

    @rule(what=st.sampled_from(["record", "edit", "approve"]), pick=PICK, back=BACK)
    def laptop_work(self, what: str, pick: int, back: int) -> None:
        """The second laptop of the village records, edits and reviews on its own."""
        laptop = self._laptop()
        vid = laptop.villages.list()[0].id
        household = _pick(laptop.households.list(vid), pick)
        if household is None:
            return
        if what == "record":
            draft = EntryDraft(household.id, "B05", self.day(back))

            def record() -> Any:
                try:
                    return laptop.entries.record(vid, draft)
                except QuarterLocked:
                    return laptop.entries.record(vid, EntryDraft(**{**vars(draft), "late": True}))

            self.attempt("laptop.record", record)
        elif what == "edit":
            self.attempt(
                "laptop.edit",
                lambda: laptop.households.update(household.id, address=f"二号机改{self.name()}"),
            )
        else:
            entry = _pick(laptop.entries.list(vid, status="pending"), pick)
            if entry is None:
                return
            month = f"{entry.occurred_on:%Y-%m}"

            def approve() -> Any:
                session = (
                    laptop.review.open_session(vid, month) or laptop.review.open(vid, month).value
                )
                try:
                    return laptop.review.decide(session.id, [entry.id], "approved")
                except QuarterLocked:
                    return laptop.review.decide(session.id, [entry.id], "late")

            self.attempt("laptop.approve", approve)

    @rule(to_laptop=st.booleans(), full=st.booleans(), twice=st.booleans())
    def sync_laptops(self, to_laptop: bool, full: bool, twice: bool) -> None:
        """The village's two laptops exchange a bundle on a stick, one way."""
        route = "village>laptop" if to_laptop else "laptop>village"
        self._exchange(route, full, twice)

    @rule(from_laptop=st.booleans(), full=st.booleans(), twice=st.booleans())
    def sync_township(self, from_laptop: bool, full: bool, twice: bool) -> None:
        """A bundle from one of the village's laptops to the township."""
        self._exchange("laptop>township" if from_laptop else "village>township", full, twice)

    @rule(wrong_first=st.booleans())
    def township_rebuild_summaries(self, wrong_first: bool) -> None:
        """The township clerk rebuilds the summary tables (``jifen township
        rebuild-summaries``; the template township holds the village's rows already), maybe
        after a total was changed behind the program's back, which verify must name first;
        the invariant then finds the township clean."""
        town = self._township()
        if wrong_first:
            with town.engine.begin() as conn:
                changed = conn.execute(
                    text(
                        "UPDATE household_totals SET points = points + 1 "
                        "WHERE id = (SELECT min(id) FROM household_totals)"
                    )
                ).rowcount
            if changed:
                named = [f.table for f in town.verify().findings if f.kind == "summary"]
                assert "household_totals" in named, named
        clerk = town.as_actor(actor_of(town, "xiang"))
        self.attempt("township.rebuild_summaries", lambda: rebuild_summaries(clerk))

    def _exchange(self, route: str, full: bool, twice: bool) -> None:
        """A bundle on a stick from one computer to another, imported (maybe twice); a bundle
        between a village's own computers is never refused."""
        ends = {"village": lambda: self.main, "laptop": self._laptop, "township": self._township}
        source_name, target_name = route.split(">")
        source, target = ends[source_name](), ends[target_name]()
        folder = Path(tempfile.mkdtemp(dir=self.root))
        STATS[f"sync.{route}"] += 1
        # addressed as a clerk picks the peer: by its code (a restored village goes on under
        # a new replica id, which the others learn from its first bundle)
        to = TOWNSHIP_CODE if target_name == "township" else VILLAGE_CODE
        bundle = SyncService(source).export(folder, to=to, full=full).path
        self.sent = self.sent or source is self.main
        result = SyncService(target).import_bundle(bundle).value
        if twice:
            assert SyncService(target).import_bundle(bundle).value.already_imported
        self.log.append(f"{self.today} sync {route} full={full}: {result}")

    # -- the invariant and the last step ------------------------------------------------------

    @invariant()
    def every_ledger_verifies_clean(self) -> None:
        for name, ledger in self.ledgers():
            report = ledger.verify()
            assert report.ok, self._failure(f"{name}: verify is not clean", report)

    def _failure(self, headline: str, report: VerifyReport) -> str:
        findings = "\n".join(
            f"  [{f.kind}] {f.table} {f.record_id}: {f.message}" for f in report.findings
        )
        steps = "\n".join(f"  {line}" for line in self.log[-25:])
        return f"{headline}\n{findings}\nlast steps:\n{steps}"

    def teardown(self) -> None:
        try:
            self._tamper_and_verify()
        finally:
            for _name, ledger in self.ledgers():
                ledger.close()
            self.traveller.stop()
            shutil.rmtree(self.root, ignore_errors=True)

    def _tamper_and_verify(self) -> None:
        which, seed = self.plan
        ledgers = self.ledgers()
        name, ledger = ledgers[which % len(ledgers)]
        ledger.close()
        done = tamper(paths.db_path(ledger.folder), self.TAMPER_KINDS, seed)
        if done is None:
            return
        STATS[f"tamper.{done.kind}"] += 1
        with Ledger.open(ledger.folder) as reopened:
            report = reopened.verify()
        assert any(names(f, done) for f in report.findings), self._failure(
            f"{name}: {done} is not named by verify", report
        )


def names(finding: Any, done: Tamper) -> bool:
    """Whether a finding points at the tampered row: by its id, or (a link, a row removed:
    named by its sequence number) by its table."""
    if finding.record_id == done.row_id or done.row_id in finding.message:
        return True
    if done.table == "chain_links":
        return finding.kind in ("link", "row_unlisted", "row_changed", "row_missing")
    return finding.table == done.table and finding.kind != "integrity"
