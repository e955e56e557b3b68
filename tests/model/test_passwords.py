"""Password hashes at the program's scrypt parameters (the test process otherwise hashes
cheaply: tests/cheap_scrypt.py): 2**14 x 8 x 128 bytes = 16 MiB a hash, each hash names its
parameters, and a hash checks at the parameters written in it."""

from __future__ import annotations

from jifen_desktop.model import passwords


def test_a_new_hash_uses_the_programs_parameters_and_checks(production_scrypt):
    stored = passwords.hash_password("zhang-pw-1")
    scheme, n, r, p, salt, digest = stored.split("$")
    assert (scheme, int(n), int(r), int(p)) == ("scrypt", 2**14, 8, 1)
    assert int(n) * int(r) * 128 == 16 * 1024 * 1024
    assert passwords.verify_password("zhang-pw-1", stored)
    assert not passwords.verify_password("zhang-pw-2", stored)
    assert passwords.hash_password("zhang-pw-1") != stored  # a new salt each time


def test_a_hash_checks_at_its_own_parameters_whatever_new_hashes_use(production_scrypt):
    cheap = "scrypt$64$8$1$" + passwords.hash_password("x").split("$", 4)[4]
    assert not passwords.verify_password("x", cheap)  # the digest was made at 2**14
    older = passwords.hash_password("laoli-pw-1")
    passwords.N = 2**6
    assert passwords.verify_password("laoli-pw-1", older)
    assert passwords.hash_password("laoli-pw-1").startswith("scrypt$64$8$1$")
