"""Issue 17's acceptance test: one small village's whole year, run from the window alone.

The program is started as the clerk starts it (``ui.app.run``) on an empty data folder: the
first-run wizard, the roster imported from its last page; then, with the computer's clock moved
through the year, each operator logs in and works through the widgets only (key presses and
clicks; a spin box's, combo box's or date box's value set as the user's choice):
operators and 基础分 in 设置, goods in 积分超市; every month each of the three recorders records
on 积分录入 (one entry with a photo dropped on the form; one activity batch-registered), and the
reviewer holds the month's 审核会 (A/R, the evidence looked at beside the list); every quarter
the 公示 is drafted, posted, objected to (one objection upheld, one dismissed) and finalised;
a 一票否决, redemptions and a 退货; the sync bundle; the 年度结转 into the next year.

No model service is called to change anything: after each month the ledger is opened only to
read back - ``verify`` must be clean and every household's year points must be what the
recorders entered and the reviewer approved."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import pytest
from sample_files import a_jpeg
from year_driver import Program, go, on
from year_steps_close import Closing, close_year
from year_steps_month import Entry, batch, record, review
from year_steps_quarter import add_objection, draft_and_post, finalise, resolve, veto
from year_steps_setup import (
    ADMIN_NAME,
    add_goods,
    add_operator,
    give_base_points,
    households,
    roster_sheet,
    rules_as_decided,
    tab,
    wizard,
)
from year_steps_store import export_bundle, give_back, redeem, refused

from jifen_desktop.model.calendar.honour_awards import HonourAwardService
from jifen_desktop.model.ledger import Ledger

YEAR = 2025
PASSWORD = "mima-2025"
RECORDERS = ("wgy1", "wgy2", "wgy3")  # of 一组, 二组, 三组
STAFF = (
    ("shenhe", "李审核", "reviewer", ""),
    ("wgy1", "赵一", "recorder", "一组"),
    ("wgy2", "钱二", "recorder", "二组"),
    ("wgy3", "孙三", "recorder", "三组"),
)
POINTS = {"B05": 5, "E08": 5, "A05": 15, "C06": 5}


class Year:
    """The scenario's own account of what was done: each household's year points."""

    def __init__(self, qtbot, monkeypatch, tmp_path: Path) -> None:
        self.qtbot = qtbot
        self.tmp_path = tmp_path
        self.folder = tmp_path / "data"
        self.program = Program(qtbot, monkeypatch, self.folder)
        self.points = {number: 0 for number, _head, _grid in households()}

    def as_(self, username: str, day: dt.date, body) -> None:
        print(f"{day} {username}", end=" ", flush=True)  # shown when the test fails
        started = time.monotonic()
        with on(day):
            self.program.session(username, PASSWORD, body)
        print(f"{time.monotonic() - started:.1f} s", flush=True)

    def check(self, when: str) -> None:
        """Read back only: verify is clean, and each household's year points are ours."""
        print(f"check {when}", flush=True)
        with Ledger.open(self.folder) as ledger:
            report = ledger.verify()
            assert report.ok, f"{when}: {report}"
            village = ledger.villages.resolve()
            balances = ledger.balances.many(village.id, year=YEAR)
            found = {ledger.households.get(i).number: b.annual for i, b in balances.items()}
        assert found == self.points, when

    # -- a month ----------------------------------------------------------------------------

    def entries_of(self, grid: int, month: int) -> list[Entry]:
        first, second = f"0{grid}0{month % 8 + 1}", f"0{grid}0{(month + 3) % 8 + 1}"
        entries = [Entry(first, "B05", "参加志愿者服务"), Entry(second, "E08", "家庭环境整洁")]
        if (grid, month) == (2, 2):
            entries.append(Entry("0203", "A16", "乱堆柴草占道，违反村规民约", points=8))
        if (grid, month) == (1, 3):
            photo = a_jpeg(self.tmp_path / "调解现场.jpg", tag="0101")
            entries.append(Entry("0101", "A05", "调处邻里宅基地纠纷", photo=photo))
        return entries

    def month(self, month: int) -> None:
        for grid, username in enumerate(RECORDERS, start=1):
            entries = self.entries_of(grid, month)
            self.as_(
                username,
                dt.date(YEAR, month, 10),
                lambda w, e=entries, m=month: record(self.qtbot, w, e, dt.date(YEAR, m, 10)),
            )
        if month == 4:
            self.as_("admin", dt.date(YEAR, 4, 12), self.activity)
        reject = {f"030{(month + 3) % 8 + 1}": "重复申报：本月已记过"} if month % 2 == 0 else {}
        photos = {"0101": 1} if month == 3 else {}
        minutes: list[str] = []
        self.as_(
            "shenhe",
            dt.date(YEAR, month, 26),
            lambda w: minutes.append(review(self.qtbot, w, f"{YEAR}-{month:02d}", reject, photos)),
        )
        self.count(month, reject)
        recorded = sum(len(self.entries_of(grid, month)) for grid in (1, 2, 3))
        said = f"通过 {recorded - len(reject)} 条，不通过 {len(reject)} 条"
        assert said in minutes[0], minutes[0]
        if month == 4:  # the activity's entries, approved when registered, are in the minutes
            assert "另有组织活动登记时直接通过 8 条" in minutes[0], minutes[0]
        self.check(f"{YEAR}年{month}月")

    def count(self, month: int, reject: dict[str, str]) -> None:
        for grid in (1, 2, 3):
            for entry in self.entries_of(grid, month):
                if entry.number not in reject:
                    self.points[entry.number] += POINTS.get(entry.code, -(entry.points or 0))

    def activity(self, window) -> None:
        said = batch(self.qtbot, window, "C06", dt.date(YEAR, 4, 12), "二组", 8)
        assert "已登记 8 户" in said, said
        for number in (n for n, _h, grid in households() if grid == "二组"):
            self.points[number] += POINTS["C06"]


@pytest.fixture
def year(qtbot, monkeypatch, tmp_path):
    made = Year(qtbot, monkeypatch, tmp_path)
    yield made
    made.program.watchdog.stop()


def test_a_village_year_through_the_widgets(qtbot, year, tmp_path):
    roster = roster_sheet(tmp_path / "花名册.xlsx")

    def first_day(window) -> None:
        assert window.ctx.actor.display_name == ADMIN_NAME
        section = tab(qtbot, go(window, "设置").tabs, "操作员")
        for who in STAFF:
            add_operator(qtbot, section, who, PASSWORD)
        rules_as_decided(qtbot, window)
        done = give_base_points(qtbot, window, YEAR, 24)
        assert "新记 24 户" in done, done
        add_goods(qtbot, window, "肥皂", "块", 10, 20)
        add_goods(qtbot, window, "洗衣粉", "袋", 20, 10)

    with on(dt.date(YEAR, 1, 2)):
        year.program.first_run(wizard(qtbot, roster, PASSWORD), first_day)
    year.points = {number: 100 for number in year.points}
    year.check("建账")

    for month in range(1, 13):
        year.month(month)
        if month in (3, 6, 9):
            quarter(year, month // 3)
        if month == 6:
            vetoed(year)
        if month == 7:
            shop(year)

    export(year)

    quarter(year, 4)
    close(year)


def quarter(year: Year, number: int) -> None:
    """The quarter's 公示 in the first days of the next month: drafted and posted on the 2nd
    for 7 days, objected to on the 3rd, the objection dealt with on the 9th, final on the
    10th (posting over)."""
    key = f"{YEAR}Q{number}"
    after = dt.date(YEAR + number // 4, number * 3 % 12 + 1, 1)  # the next quarter's first day
    qtbot = year.qtbot

    def post(window) -> None:
        state = draft_and_post(qtbot, window, key, after.replace(day=8))
        assert "公示中" in state, state

    year.as_("admin", after.replace(day=2), post)
    if number in (1, 2):
        code = "A16" if number == 1 else ""
        year.as_(
            "admin",
            after.replace(day=3),
            lambda w: add_objection(qtbot, w, key, "0203" if number == 1 else "0105", code),
        )
        upheld = number == 1
        reason = "经核实柴草已及时清理" if upheld else "经核对记录无误"

        def deal(window) -> None:
            detail = resolve(qtbot, window, key, upheld, reason)
            assert reason in detail, detail

        year.as_("shenhe", after.replace(day=9), deal)
        if upheld:
            year.points["0203"] += 8  # the deduction reversed, recorded that day
    said: list[str] = []
    year.as_("admin", after.replace(day=10), lambda w: said.append(finalise(qtbot, w, key)))
    assert "已定稿" in said[0], said
    year.check(f"{key} 定稿")


def vetoed(year: Year) -> None:
    def put_on(window) -> None:
        shown = veto(year.qtbot, window, "0306", "违法建房，拒不整改")
        assert shown.startswith("否决中"), shown

    year.as_("shenhe", dt.date(YEAR, 6, 15), put_on)


def shop(year: Year) -> None:
    """Redemptions in July: a recorder for his grid, the vetoed household refused, the admin
    for another household and that redemption given back."""
    qtbot, said = year.qtbot, []
    year.as_(
        "wgy1", dt.date(YEAR, 7, 20), lambda w: said.append(redeem(qtbot, w, "0101", "肥皂", 2))
    )
    assert "兑换成功" in said[-1], said[-1]

    def admin(window) -> None:
        said = refused(qtbot, window, "0306")
        assert "否决" in said, said
        done = redeem(qtbot, window, "0201", "洗衣粉", 2)
        assert "兑换成功" in done, done
        receipt = f"DH{YEAR}-0002"
        assert receipt in done, done
        row = give_back(qtbot, window, receipt, "商品包装破损")
        assert row.startswith("已退货"), row

    year.as_("admin", dt.date(YEAR, 7, 21), admin)
    with Ledger.open(year.folder) as ledger:
        village = ledger.villages.resolve()
        number = {h.number: h.id for h in ledger.households.list(village.id)}
        available = {n: ledger.balances.of(number[n], YEAR).available for n in ("0101", "0201")}
    assert available == {"0101": year.points["0101"] - 20, "0201": year.points["0201"]}


def export(year: Year) -> None:
    stick = year.tmp_path / "U盘"
    stick.mkdir()
    said: list[str] = []
    year.as_(
        "admin", dt.date(YEAR, 12, 30), lambda w: said.append(export_bundle(year.qtbot, w, stick))
    )
    assert "已导出" in said[0], said
    [bundle] = list(stick.iterdir())
    assert bundle.stat().st_size > 0


def close(year: Year) -> None:
    """年度结转 of 2025 on 12 January: nothing left open, the honours (the vetoed household
    not among them), the vetoed household withheld from 2026's base points, the archive and
    the backup written; then 2026 starts at 100 points for every other household."""
    closing = Closing(year.tmp_path / "档案", year.tmp_path / "U盘备份")
    year.as_("admin", dt.date(YEAR + 1, 1, 12), lambda w: close_year(year.qtbot, w, YEAR, closing))
    assert "都已了结" in closing.open_items[0], closing.open_items
    assert closing.withheld == ["0306"], closing.withheld
    assert "发给 23 户" in closing.summary and "不发 1 户" in closing.summary, closing.summary
    assert closing.result.count("✓") == 5, closing.result
    assert list(closing.archive.rglob(f"{YEAR}积分台账.xlsx")), closing.result
    assert list(closing.archive.rglob(f"{YEAR}户积分卡.pdf")), closing.result
    assert list(closing.backup.glob("*.sqlite3.xz")), closing.result
    with Ledger.open(year.folder) as ledger:
        assert ledger.verify().ok
        village = ledger.villages.resolve()
        numbers = {h.id: h.number for h in ledger.households.list(village.id)}
        balances = ledger.balances.many(village.id, year=YEAR + 1)
        honoured = {a.household_number for a in HonourAwardService(ledger).list(village.id, "2025")}
    assert {numbers[i]: b.annual for i, b in balances.items()} == {
        n: 0 if n == "0306" else 100 for n in year.points
    }
    assert len(honoured) == 10 and "0306" not in honoured, honoured
