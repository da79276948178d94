"""Staff sign-in for the review page: one configured credential, signed session cookies, CSRF tokens.

The credential is ``FAQBOT_STAFF_PASSWORD_HASH`` (from ``faqbot hash-password``, checked with scrypt) or else
``FAQBOT_STAFF_SECRET`` (compared in constant time). With neither, the review is off: nobody can sign in and
every review route refuses, so it is never open by accident.

Sessions are stateless: the cookie is ``<expiry>.<nonce>.<HMAC>``, keyed by a hash of the credential, so every
worker and replica with the same settings accepts it, and changing the credential signs everyone out. The cookie
is ``HttpOnly``, ``SameSite=Strict``, and ``Secure`` on HTTPS (or with ``FAQBOT_STAFF_COOKIE_SECURE``).

CSRF: each form of a staff action carries a token that is the HMAC of the session's nonce (before sign-in, of
a random nonce in a short-lived cookie: the double-submit pattern), checked with the request's ``Origin`` when
the browser sends one. The JSON review API also takes ``Authorization: Bearer <credential>`` for scripts; it
only reads, so it needs no CSRF token.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import time

from app.ops.passwords import verify_password
from app.ops.settings import Settings

SESSION_COOKIE = "faqbot_staff"
SIGN_IN_COOKIE = "faqbot_staff_sign_in"
SIGN_IN_COOKIE_SECONDS = 3600


class StaffAuth:
    """Checks the credential, issues and verifies session cookies and CSRF tokens."""

    def __init__(self, settings: Settings) -> None:
        self._password_hash = settings.staff_password_hash.get_secret_value()
        self._secret = settings.staff_secret.get_secret_value()
        credential = self._password_hash or self._secret
        self.enabled = bool(credential)
        self._key = hashlib.sha256(b"faqbot staff sessions\0" + credential.encode()).digest()
        self.session_seconds = settings.staff_session_minutes * 60
        self.cookie_secure = settings.staff_cookie_secure

    # -- the credential -----------------------------------------------------------------------------------------
    def check_credential(self, given: str) -> bool:
        if not self.enabled or not given:
            return False
        if self._password_hash:
            return verify_password(given, self._password_hash)
        return hmac.compare_digest(given.encode(), self._secret.encode())

    # -- sessions -------------------------------------------------------------------------------------------------
    def _sign(self, purpose: str, value: str) -> str:
        digest = hmac.new(self._key, f"{purpose}\0{value}".encode(), hashlib.sha256).digest()
        return base64.urlsafe_b64encode(digest).decode().rstrip("=")

    def new_session(self, now: float | None = None) -> str:
        """A session cookie value, valid for ``FAQBOT_STAFF_SESSION_MINUTES``."""
        payload = f"{int((now or time.time()) + self.session_seconds)}.{secrets.token_urlsafe(16)}"
        return f"{payload}.{self._sign('session', payload)}"

    def session_nonce(self, cookie: str | None, now: float | None = None) -> str | None:
        """The nonce of a valid, unexpired session cookie, else None."""
        if not self.enabled or not cookie or cookie.count(".") != 2:
            return None
        expiry, nonce, signature = cookie.split(".")
        if not hmac.compare_digest(signature, self._sign("session", f"{expiry}.{nonce}")):
            return None
        if not expiry.isdigit() or int(expiry) < (now or time.time()):
            return None
        return nonce

    # -- CSRF -----------------------------------------------------------------------------------------------------
    def csrf_token(self, nonce: str) -> str:
        return self._sign("csrf", nonce)

    def check_csrf(self, nonce: str | None, token: str | None) -> bool:
        return bool(self.enabled and nonce and token and hmac.compare_digest(token, self.csrf_token(nonce)))

    @staticmethod
    def new_nonce() -> str:
        return secrets.token_urlsafe(16)
