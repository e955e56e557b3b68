"""A stateful test: three laptops of a village record entries, edit households, split (分户)
and merge (合户) households with transfers decided at once, award honours and lift them (a
lift may cross the award's bundle or another laptop's lift of the same award), and review on any of them (two may
decide one entry differently), export bundles for each other, lose some
sticks, import the rest (acknowledging as they go); once every laptop has exchanged with every
other, every record is everywhere, the same decision stands on each entry, balances agree and
every hash chain verifies."""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from pathlib import Path

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule
from sync_world import Laptop, clone, dump, new_village
from test_household_changes_sync import decide_transfers, merge, split

from jifen_desktop.model.calendar.honour_awards import HonourAwardService
from jifen_desktop.model.errors import DomainError
from jifen_desktop.sync.errors import BundleRefused

LAPTOPS = st.integers(0, 2)
NUMBERS = st.sampled_from(["0001", "0002", "0003"])
MEETING = dt.date(2026, 1, 8)


class ThreeLaptops(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.root = Path(tempfile.mkdtemp(prefix="three-laptops-"))
        first = new_village(self.root, "420881100001", "张集村")
        self.laptops: list[Laptop] = [first, clone(first, self.root), clone(first, self.root)]
        for laptop in self.laptops[1:]:  # the two clones enrol each other too
            for other in self.laptops[1:]:
                if other is not laptop:
                    laptop.trust(other.export(full=True))
        self.sticks: list[tuple[int, Path]] = []  # (for which laptop, bundle)
        self.recorded: set[str] = set()
        self.edits = 0

    @rule(i=LAPTOPS, number=NUMBERS, code=st.sampled_from(["B05", "B04", "B06"]))
    def record(self, i: int, number: str, code: str) -> None:
        laptop = self.laptops[i]
        try:
            self.recorded.add(laptop.record(laptop.names[number], code=code))
        except DomainError:  # a household merged away (合户) here is closed: refused
            return

    @rule(i=LAPTOPS, number=NUMBERS)
    def edit_household(self, i: int, number: str) -> None:
        self.edits += 1
        laptop = self.laptops[i]
        laptop.ledger.households.update(laptop.names[number], address=f"第{self.edits}次改的地址")

    @rule(i=LAPTOPS, number=NUMBERS, reject=st.booleans())
    def split_household(self, i: int, number: str, reject: bool) -> None:
        """分户 on one laptop, its transfer decided there at once (a pending transfer of this
        month would hold up ``review``, which opens October's session only)."""
        self.edits += 1
        laptop = self.laptops[i]
        try:
            split(laptop, number, f"{i}{self.edits:03d}")
        except DomainError:  # the household was merged away here already
            return
        decide_transfers(laptop, reject=reject)

    @rule(i=LAPTOPS, number=NUMBERS, into=NUMBERS)
    def merge_households(self, i: int, number: str, into: str) -> None:
        laptop = self.laptops[i]
        try:
            merge(laptop, number, into)
        except DomainError:  # the same household, or one not on the books here any more
            return
        decide_transfers(laptop)

    @rule(i=LAPTOPS, number=NUMBERS, title=st.sampled_from(["最美家庭", "十星级文明户"]))
    def award(self, i: int, number: str, title: str) -> None:
        laptop = self.laptops[i]
        try:
            HonourAwardService(laptop.ledger).award(
                laptop.village_id, [laptop.names[number]], title, "2025", MEETING
            )
        except DomainError:  # already holds the title, or merged away here (合户)
            return

    @rule(i=LAPTOPS, which=st.integers(0, 20))
    def lift_award(self, i: int, which: int) -> None:
        """Lift one of the awards this laptop holds (its own, or one a bundle brought)."""
        laptop = self.laptops[i]
        awards = HonourAwardService(laptop.ledger)
        held = [a for a in awards.list(laptop.village_id, "2025") if a.lifted_on is None]
        if held:
            awards.lift(held[which % len(held)].id, f"复查不实（第{i}台）", dt.date(2026, 2, 1))

    @rule(i=LAPTOPS, reject=st.booleans())
    def review(self, i: int, reject: bool) -> None:
        """Entries are reviewed on any laptop: two may decide one entry differently, and the
        first decision must stand everywhere."""
        self.laptops[i].approve_pending(reject=reject)

    @rule(i=LAPTOPS, j=LAPTOPS, full=st.booleans())
    def export(self, i: int, j: int, full: bool) -> None:
        if i != j:
            self.sticks.append((j, self.laptops[i].export(self.laptops[j], full=full)))

    @precondition(lambda self: bool(self.sticks))
    @rule(which=st.integers(0, 50))
    def lose_a_stick(self, which: int) -> None:
        self.sticks.pop(which % len(self.sticks))

    @precondition(lambda self: bool(self.sticks))
    @rule(which=st.integers(0, 50), twice=st.booleans())
    def deliver(self, which: int, twice: bool) -> None:
        j, bundle = self.sticks.pop(which % len(self.sticks))
        self.laptops[j].take(bundle)
        if twice:
            assert self.laptops[j].take(bundle).already_imported

    @invariant()
    def only_decisions_conflict(self) -> None:
        for laptop in self.laptops:
            assert {c.table for c in laptop.sync.conflicts()} <= {"entry_decisions"}

    def teardown(self) -> None:
        try:
            self._settle_and_compare()
        finally:
            for laptop in self.laptops:
                laptop.close()
            shutil.rmtree(self.root, ignore_errors=True)

    def _settle_and_compare(self) -> None:
        for _round in range(2):  # everyone sends to everyone, twice: acknowledgements catch up
            for i, sender in enumerate(self.laptops):
                for j, receiver in enumerate(self.laptops):
                    if i != j:
                        try:
                            receiver.take(sender.export(receiver))
                        except BundleRefused as exc:  # pragma: no cover - a failure to report
                            raise AssertionError(exc.message) from exc
        # each keeps the audit rows (and their links) of its last imports to itself
        skip = ("audit_log", "chain_links")
        dumps = [dump(laptop.ledger, skip_tables=skip) for laptop in self.laptops]
        assert dumps[0] == dumps[1] == dumps[2]
        for laptop in self.laptops:
            report = laptop.ledger.verify()
            assert report.ok, report.findings
        for laptop in self.laptops:
            held = {e.id for e in laptop.ledger.entries.list(laptop.village_id)}
            assert self.recorded <= held
        balances = [laptop.ledger.balances.many(laptop.village_id) for laptop in self.laptops]
        assert balances[0] == balances[1] == balances[2]


ThreeLaptops.TestCase.settings = settings(max_examples=8, stateful_step_count=14, deadline=None)
test_three_laptops = ThreeLaptops.TestCase
