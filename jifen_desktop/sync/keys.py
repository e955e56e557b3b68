"""A replica's Ed25519 key pair: made at ``init``, kept in the ``replica`` row, signing every
bundle the replica writes. Others accept its bundles once they enrolled its public key after
comparing the fingerprint, twenty digits read out by phone or compared on paper."""

from __future__ import annotations

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from jifen_desktop.model.replica_keys import fingerprint, new_key_pair

__all__ = ["fingerprint", "new_key_pair", "sign", "verify"]

KEY_HEX_LEN = 64


def sign(private_hex: str, data: bytes) -> bytes:
    return Ed25519PrivateKey.from_private_bytes(bytes.fromhex(private_hex)).sign(data)


def verify(public_hex: str, signature: bytes, data: bytes) -> bool:
    try:
        key = Ed25519PublicKey.from_public_bytes(bytes.fromhex(public_hex))
        key.verify(signature, data)
    except (InvalidSignature, ValueError):
        return False
    return True


def is_public_key(text: str) -> bool:
    try:
        Ed25519PublicKey.from_public_bytes(bytes.fromhex(text))
    except ValueError:
        return False
    return len(text) == KEY_HEX_LEN


def same_fingerprint(given: str, public_hex: str) -> bool:
    """Whether what the user typed (spaces, dashes or none) is the key's fingerprint."""
    typed = "".join(ch for ch in given if ch.isdigit())
    return typed == fingerprint(public_hex).replace(" ", "")
