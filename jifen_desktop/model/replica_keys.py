"""A new replica's Ed25519 key pair, made at ``init``, and a key's fingerprint (signing and
checking bundles with it is ``jifen_desktop.sync.keys``'s business; ``jifen verify`` checks the
enrolled keys' fingerprints)."""

from __future__ import annotations

import hashlib

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey


def new_key_pair() -> tuple[str, str]:
    """(private, public) as hex of their 32 raw bytes."""
    key = Ed25519PrivateKey.generate()
    private = key.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    public = key.public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    )
    return private.hex(), public.hex()


def fingerprint(public_hex: str) -> str:
    """Twenty digits in five groups ("3817 2290 5521 0643 9912"): easy to read out in Chinese.
    Taken from the key's sha256 (66 bits of it), so a different key gives different digits."""
    digest = hashlib.sha256(bytes.fromhex(public_hex)).digest()
    number = int.from_bytes(digest[:9], "big") % 10**20
    digits = f"{number:020d}"
    return " ".join(digits[i : i + 4] for i in range(0, 20, 4))
