"""Password hashing with scrypt (memory-hard), in a self-describing string."""

from __future__ import annotations

import base64
import hashlib
import hmac
import os

# 2**14 * 8 * 128 bytes = 16 MiB of memory per hash, about 50 ms on a village laptop.
N, R, P = 2**14, 8, 1
DKLEN = 32

# The hash of a random password nobody knows, with the parameters above: a login under a name
# that is not an operator is checked against it, so that it takes as long as a wrong password
# of a real operator and the time taken does not tell who exists.
UNKNOWN_USER_HASH = (
    "scrypt$16384$8$1$lh0FPh3WP3rkmtnOASpjkg==$zn2FNAabqLqSy0DLpPPCyVRdhVqD6Q132sqv7pyyodM="
)


def hash_password(password: str) -> str:
    salt = os.urandom(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=N, r=R, p=P, dklen=DKLEN)
    return (
        f"scrypt${N}${R}${P}${base64.b64encode(salt).decode()}${base64.b64encode(digest).decode()}"
    )


def verify_password(password: str, stored: str | None) -> bool:
    """Whether ``password`` matches ``stored``; with ``stored`` None (no such operator) the same
    scrypt work is done against ``UNKNOWN_USER_HASH`` and the answer is always no."""
    if stored is None:
        verify_password(password, UNKNOWN_USER_HASH)
        return False
    try:
        scheme, n, r, p, salt_b64, digest_b64 = stored.split("$")
    except ValueError:
        return False
    if scheme != "scrypt":
        return False
    salt = base64.b64decode(salt_b64)
    expected = base64.b64decode(digest_b64)
    digest = hashlib.scrypt(
        password.encode(),
        salt=salt,
        n=int(n),
        r=int(r),
        p=int(p),
        dklen=len(expected),
        maxmem=64 * 1024 * 1024,
    )
    return hmac.compare_digest(digest, expected)
