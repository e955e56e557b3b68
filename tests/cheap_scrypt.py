"""Cheap password hashing for the test process: scrypt at N = 2**6 instead of 2**14.

An operator added or a login checked costs about 40 ms of CPU at the program's parameters; the
suite adds and logs in operators thousands of times (every GUI test's staff, every ``jifen``
command's login), which was about a third of the CPU of the GUI and command-line tests. The
program itself never sees this setting: only tests/conftest.py calls ``use_cheap_scrypt`` in
the pytest process (a ``jifen`` started as a subprocess hashes at the program's parameters and
checks any hash at the parameters written in it). What the parameters are is still tested at
the program's values: tests/model/test_passwords.py and the login-timing test of
tests/model/test_login_throttle.py use the ``production_scrypt`` fixture."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from jifen_desktop.model import passwords

# The program's parameters, read before the test process changes them.
PRODUCTION_N, PRODUCTION_R, PRODUCTION_P = passwords.N, passwords.R, passwords.P
CHEAP_N = 2**6


def use_cheap_scrypt() -> None:
    """New hashes in this process use ``CHEAP_N`` (a stored hash names its own parameters)."""
    passwords.N = CHEAP_N


@pytest.fixture
def production_scrypt(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The program's scrypt parameters for one test."""
    monkeypatch.setattr(passwords, "N", PRODUCTION_N)
    monkeypatch.setattr(passwords, "R", PRODUCTION_R)
    monkeypatch.setattr(passwords, "P", PRODUCTION_P)
    yield
