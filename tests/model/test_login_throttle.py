"""Login throttling (issue 16): after five wrong passwords in a row a name must wait 1, 2, 4 …
seconds (at most a minute), the right password too; the count outlives the program; a name
that is no operator costs the same scrypt work as a wrong password. The clock is a fake one."""

from __future__ import annotations

import hashlib
import json
import threading
import time

import pytest
from cheap_scrypt import PRODUCTION_N, PRODUCTION_P, PRODUCTION_R

from jifen_desktop.model import login_throttle, passwords
from jifen_desktop.model.errors import PermissionDenied
from jifen_desktop.model.ledger import Ledger
from jifen_desktop.model.login_throttle import LoginThrottle, LoginThrottled

WRONG = "not-the-password"


class Clock:
    def __init__(self) -> None:
        self.t = 1_900_000_000.0

    def __call__(self) -> float:
        return self.t

    def advance(self, seconds: float) -> None:
        self.t += seconds


@pytest.fixture
def clock(monkeypatch):
    fake = Clock()
    monkeypatch.setattr(login_throttle, "now", fake)
    return fake


@pytest.fixture
def scrypt_calls(monkeypatch):
    calls = []
    real = hashlib.scrypt

    def counting(*args, **kw):
        calls.append(1)
        return real(*args, **kw)

    monkeypatch.setattr(hashlib, "scrypt", counting)
    return calls


def fail(ledger, username="admin", password=WRONG):
    with pytest.raises(PermissionDenied) as err:
        ledger.operators.authenticate(username, password)
    return err.value


def test_waits_grow_from_the_fifth_wrong_password_and_stop_at_a_minute(tmp_path, clock):
    throttle = LoginThrottle(tmp_path)
    waits = []
    for _ in range(12):
        waits.append(throttle.attempt("admin"))
        clock.advance(waits[-1])
    assert waits == [0, 0, 0, 0, 1, 2, 4, 8, 16, 32, 60, 60]


def test_the_right_password_is_refused_during_the_wait(world, clock, admin_password):
    for n in range(1, 5):
        assert "用户名或密码不对" in fail(world.ledger).message, n
    fifth = fail(world.ledger)
    assert "密码错误次数太多，请 1 秒后再试" in fifth.message
    err = fail(world.ledger, password=admin_password)
    assert isinstance(err, LoginThrottled) and err.wait_seconds == 1
    assert "密码错误次数太多，请 1 秒后再试" in err.message and err.field == "password"
    clock.advance(1)
    assert "请 2 秒后再试" in fail(world.ledger).message  # the sixth doubles the wait
    clock.advance(1.5)
    assert "请 1 秒后再试" in fail(world.ledger, password=admin_password).message
    clock.advance(0.5)
    assert world.ledger.operators.authenticate("admin", admin_password).username == "admin"
    for _ in range(4):  # the right password started the count again
        assert not isinstance(fail(world.ledger), LoginThrottled)


def test_a_try_during_the_wait_is_not_checked_and_does_not_lengthen_it(world, clock, scrypt_calls):
    for _ in range(5):
        fail(world.ledger)
    assert len(scrypt_calls) == 5
    for _ in range(20):
        assert isinstance(fail(world.ledger), LoginThrottled)
    assert len(scrypt_calls) == 5
    assert LoginThrottle(world.ledger.folder).wait_left("admin") == 1


def test_the_count_outlives_the_program(world, clock, admin_password):
    folder = world.ledger.folder
    for n in range(7):
        clock.advance(10 if n else 0)  # each past the wait before it
        fail(world.ledger)
    world.ledger.close()
    clock.advance(1)
    with Ledger.open(folder) as again:
        err = fail(again, password=admin_password)
        assert isinstance(err, LoginThrottled) and err.wait_seconds == 3  # 4 s after the 7th
        clock.advance(3)
        assert again.operators.authenticate("admin", admin_password).username == "admin"


def test_other_names_are_counted_apart(world, clock, admin_password):
    world.ledger.login("admin", admin_password)
    world.ledger.operators.add("wgy1", "网格员", "recorder", "wgy-pass-1", village_id=None)
    for _ in range(6):
        fail(world.ledger, "wgy1")
    assert isinstance(fail(world.ledger, "wgy1", "wgy-pass-1"), LoginThrottled)
    assert world.ledger.operators.authenticate("admin", admin_password).username == "admin"


def test_a_name_that_is_no_operator_costs_one_scrypt_like_a_wrong_password(
    world, clock, scrypt_calls
):
    fail(world.ledger, "admin")
    assert len(scrypt_calls) == 1
    fail(world.ledger, "nobody")
    assert len(scrypt_calls) == 2
    for _ in range(4):  # and is slowed down the same way
        fail(world.ledger, "nobody")
    assert isinstance(fail(world.ledger, "nobody"), LoginThrottled)


def test_unknown_and_known_names_are_refused_in_about_the_same_time(
    world, clock, production_scrypt
):
    # The known name's password hashed at the program's scrypt parameters, like the unknown
    # name's stand-in hash (the test process hashes cheaply: tests/cheap_scrypt.py).
    world.ledger.operators.add(
        "zhang", "张会计", "viewer", "zhang-pw-1", village_id=world.village.id
    )

    def fastest(username):
        times = []
        for _ in range(3):
            start = time.perf_counter()
            fail(world.ledger, username)
            times.append(time.perf_counter() - start)
        return min(times)

    known, unknown = fastest("zhang"), fastest("nobody")
    assert 1 / 3 < unknown / known < 3, (known, unknown)


def test_the_unknown_user_hash_has_todays_parameters():
    scheme, n, r, p, _, digest = passwords.UNKNOWN_USER_HASH.split("$")
    program = ("scrypt", PRODUCTION_N, PRODUCTION_R, PRODUCTION_P)
    assert (scheme, int(n), int(r), int(p)) == program
    assert not passwords.verify_password("", passwords.UNKNOWN_USER_HASH)
    assert not passwords.verify_password("anything", None)


def test_a_township_admin_is_slowed_down_too(tmp_path, clock):
    with Ledger.create(
        tmp_path / "township", "township", name="张集镇", code="420881100"
    ) as ledger:
        ledger.operators.add("xiang", "乡镇管理员", "admin", "township-pw", village_id=None)
        for _ in range(5):
            fail(ledger, "xiang")
        assert isinstance(fail(ledger, "xiang", "township-pw"), LoginThrottled)
        clock.advance(1)
        assert ledger.operators.authenticate("xiang", "township-pw").role == "admin"


def test_the_file_keeps_no_names_and_a_broken_one_counts_as_empty(world, clock):
    fail(world.ledger, "admin")
    fail(world.ledger, "MyS3cretTypedAsName")
    path = world.ledger.folder / login_throttle.STATE_FILE_NAME
    text = path.read_text(encoding="utf-8")
    assert "admin" not in text and "MyS3cret" not in text
    assert len(json.loads(text)["users"]) == 2
    path.write_text("{not json", encoding="utf-8")
    assert LoginThrottle(world.ledger.folder).wait_left("admin") == 0
    fail(world.ledger, "admin")  # and is written afresh
    assert len(json.loads(path.read_text(encoding="utf-8"))["users"]) == 1


def test_tries_side_by_side_cannot_slip_in_before_the_wait(tmp_path, clock):
    throttle = LoginThrottle(tmp_path)
    for _ in range(4):
        throttle.attempt("admin")
    let_in = []

    def try_once():
        try:
            throttle.attempt("admin")
            let_in.append(1)
        except LoginThrottled:
            pass

    threads = [threading.Thread(target=try_once) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert let_in == [1]  # the fifth try starts the wait before its password is checked


def test_a_day_without_a_wrong_password_starts_the_count_afresh(tmp_path, clock):
    throttle = LoginThrottle(tmp_path)
    for _ in range(4):
        throttle.attempt("admin")
    clock.advance(login_throttle.FORGET_AFTER + 1)
    assert throttle.attempt("admin") == 0


def test_a_wrong_old_password_counts_and_an_admin_reset_ends_the_wait(world, clock, admin_password):
    admin = world.ledger.as_actor(world.ledger.login("admin", admin_password))
    for _ in range(5):
        with pytest.raises(PermissionDenied):
            admin.operators.set_password("admin", "new-password-1", WRONG)
    with pytest.raises(LoginThrottled):
        admin.operators.set_password("admin", "new-password-1", admin_password)
    with pytest.raises(LoginThrottled):
        world.ledger.operators.authenticate("admin", admin_password)
    admin.operators.add("admin2", "第二管理员", "admin", "second-pw", village_id=None)
    other = world.ledger.as_actor(world.ledger.operators.authenticate("admin2", "second-pw"))
    other.operators.set_password("admin", "reset-password-1")
    assert world.ledger.operators.authenticate("admin", "reset-password-1").username == "admin"
