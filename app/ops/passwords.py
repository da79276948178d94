"""Staff password hashes: scrypt (Python's ``hashlib.scrypt``, OpenSSL's implementation) in one text format.

Format: ``scrypt$<n>$<r>$<p>$<salt, base64>$<hash, base64>``, made by ``faqbot hash-password`` and put in
``FAQBOT_STAFF_PASSWORD_HASH``. The parameters travel with the hash, so stronger ones can be chosen later
without breaking older hashes. n=2**15, r=8, p=1 costs 32 MiB and about 0.1 s per check on this machine class.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from dataclasses import dataclass

SCHEME = "scrypt"
DEFAULT_N, DEFAULT_R, DEFAULT_P = 2**15, 8, 1
_KEY_BYTES = 32


class PasswordHashError(ValueError):
    """The text is not a password hash of this module's format."""


@dataclass(frozen=True)
class PasswordHash:
    n: int
    r: int
    p: int
    salt: bytes
    digest: bytes

    def encode(self) -> str:
        salt = base64.b64encode(self.salt).decode()
        digest = base64.b64encode(self.digest).decode()
        return f"{SCHEME}${self.n}${self.r}${self.p}${salt}${digest}"


def _derive(password: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=256 * 1024 * 1024, dklen=_KEY_BYTES)


def hash_password(password: str, n: int = DEFAULT_N, r: int = DEFAULT_R, p: int = DEFAULT_P) -> str:
    """A new hash of ``password`` with a random 16-byte salt.

    >>> verify_password("correct horse", hash_password("correct horse", n=2**10))
    True
    """
    if not password:
        raise PasswordHashError("the password is empty")
    salt = secrets.token_bytes(16)
    return PasswordHash(n, r, p, salt, _derive(password, salt, n, r, p)).encode()


def parse_password_hash(encoded: str) -> PasswordHash:
    """Read a hash; :class:`PasswordHashError` says what is wrong with it (never echoing it)."""
    parts = encoded.strip().split("$")
    if len(parts) != 6 or parts[0] != SCHEME:
        raise PasswordHashError(f"not a hash of the form {SCHEME}$n$r$p$salt$hash")
    try:
        n, r, p = (int(value) for value in parts[1:4])
        salt, digest = base64.b64decode(parts[4], validate=True), base64.b64decode(parts[5], validate=True)
    except ValueError:
        raise PasswordHashError("its parameters or its base64 parts do not parse") from None
    if n < 2**10 or n & (n - 1) or not 1 <= r <= 64 or not 1 <= p <= 16 or len(salt) < 8 or len(digest) != _KEY_BYTES:
        raise PasswordHashError("its parameters are out of range")
    return PasswordHash(n, r, p, salt, digest)


def verify_password(password: str, encoded: str) -> bool:
    """Whether ``password`` matches the hash (constant-time comparison)."""
    stored = parse_password_hash(encoded)
    return hmac.compare_digest(_derive(password, stored.salt, stored.n, stored.r, stored.p), stored.digest)
