"""Per-client rate limiting of ``/api/`` (``FAQBOT_RATE_LIMIT``), with counters in memory or in Redis.

Built on the `limits` library directly rather than through slowapi: slowapi wants a decorator and a
``request`` parameter on every route (the widget, search and staff routes belong to other modules), its
middleware is a ``BaseHTTPMiddleware``, and its 429 is plain JSON without our error shape or disclaimer. Here
one pure ASGI middleware covers every ``/api/`` route and answers 429 itself: ``Retry-After``, a message in
the request's language, the disclaimer, inside CORS so a widget on another origin can read it.

The client is the socket's peer address, or, with ``FAQBOT_TRUSTED_PROXY_HOPS=N``, the address that the N-th
proxy from the app wrote into ``X-Forwarded-For`` (the rightmost N entries are the trusted proxies' own
doing; anything further left a client may have forged). Addresses are used as counter keys only: in this
process's memory (``memory://``) or, with ``redis://``, in Redis as a keyed BLAKE2 hash of the address (so a
Redis dump or ``MONITOR`` shows no addresses; with ``FAQBOT_RATE_LIMIT_KEY_SECRET`` unset the key derives from the
URI, and the hashes are a pseudonym only) under keys that expire with their window. They are never logged.

Strategy: moving window (an exact count over the last minute, no double burst at a window edge). With
``memory://`` each worker process counts for itself, so N workers allow about N times the budget; a
``redis://`` URI shares the counters between workers and replicas. If Redis is unreachable, requests are let
through (counted in ``faqbot_rate_limit_storage_errors_total`` and logged once) rather than refused.
"""

from __future__ import annotations

import hashlib
import ipaddress
import json
import logging
import math
import time
from typing import Any

from limits import RateLimitItem, parse_many
from limits.aio.strategies import MovingWindowRateLimiter as AsyncMovingWindow
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter
from starlette.datastructures import Headers
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.language import messages
from app.ops.metrics import Metrics
from app.ops.settings import Settings
from app.web.errors import API_PREFIX, error_headers, error_lang, error_payload

logger = logging.getLogger("app.web.middleware.rate_limit")

# Probes of an orchestrator must never be refused.
EXEMPT_PATHS = frozenset({"/api/v1/health", "/api/v1/ready"})
_NAMESPACE = "faqbot"


def client_key(scope: Scope, trusted_proxy_hops: int) -> str:
    """The client's address: the socket peer, or the ``X-Forwarded-For`` entry written by the outermost trusted proxy.

    >>> scope = {"client": ("10.0.0.5", 4711), "headers": [(b"x-forwarded-for", b"6.6.6.6, 203.0.113.9")]}
    >>> client_key(scope, 0), client_key(scope, 1), client_key(scope, 2), client_key(scope, 3)
    ('10.0.0.5', '203.0.113.9', '6.6.6.6', '10.0.0.5')
    """
    peer = scope.get("client")
    address = str(peer[0]) if peer else "unknown"
    if trusted_proxy_hops <= 0:
        return address
    forwarded = [item.strip() for value in Headers(scope=scope).getlist("x-forwarded-for") for item in value.split(",")]
    if len(forwarded) < trusted_proxy_hops:
        return address
    candidate = forwarded[-trusted_proxy_hops]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return address


class Limiter:
    """Moving-window counters for a list of limits; :meth:`hit` returns the seconds to wait, or None."""

    def __init__(self, limits: list[RateLimitItem], storage_uri: str, metrics: Metrics, key_secret: str = "") -> None:
        self.limits = limits
        self.metrics = metrics
        self._storage_failed = False
        self._pool: Any = None
        self._hash_key: bytes | None = None
        if storage_uri.startswith("memory://"):
            # In-process counters: a dict and a lock, no I/O, so the synchronous API does not block the loop.
            self._sync: MovingWindowRateLimiter | None = MovingWindowRateLimiter(storage_from_string(storage_uri))
            self._async: AsyncMovingWindow | None = None
        else:
            import redis.asyncio  # the `redis` extra

            # Our own connection pool, so that it can be closed at shutdown (`limits` has no close()).
            # Short timeouts (the URI may override them): a hung Redis must not hang the requests it counts.
            self._pool = redis.asyncio.ConnectionPool.from_url(storage_uri, socket_connect_timeout=0.5, socket_timeout=0.5)
            # Shared by every worker and replica that uses this store, so they all derive the same counter keys.
            # Without FAQBOT_RATE_LIMIT_KEY_SECRET the key derives from the URI, which whoever can read Redis
            # usually knows: then the hashes are only a pseudonym (IPv4 addresses can be tried one by one).
            self._hash_key = hashlib.sha256((key_secret or storage_uri).encode()).digest()
            self._sync = None
            storage = storage_from_string(f"async+{storage_uri}", implementation="redispy", connection_pool=self._pool)
            self._async = AsyncMovingWindow(storage)

    @classmethod
    def from_settings(cls, settings: Settings, metrics: Metrics) -> Limiter | None:
        if settings.rate_limit == "off":
            return None
        secret = settings.rate_limit_key_secret.get_secret_value()
        return cls(parse_many(settings.rate_limit), settings.rate_limit_storage_uri, metrics, secret)

    async def hit(self, key: str) -> int | None:
        if self._hash_key is not None:
            key = hashlib.blake2b(key.encode(), key=self._hash_key, digest_size=16).hexdigest()
        try:
            for item in self.limits:
                if self._sync is not None:
                    allowed = self._sync.hit(item, _NAMESPACE, key)
                    reset = self._sync.get_window_stats(item, _NAMESPACE, key).reset_time if not allowed else 0.0
                else:
                    assert self._async is not None
                    allowed = await self._async.hit(item, _NAMESPACE, key)
                    reset = (await self._async.get_window_stats(item, _NAMESPACE, key)).reset_time if not allowed else 0.0
                if not allowed:
                    return max(1, math.ceil(reset - time.time()))
        except Exception as exc:  # noqa: BLE001 - an unreachable store must not take the service down
            self.metrics.rate_limit_errors.inc()
            if not self._storage_failed:
                self._storage_failed = True
                logger.error("rate-limit storage unavailable; requests are let through", exc_info=exc)
            return None
        self._storage_failed = False
        return None

    async def aclose(self) -> None:
        if self._pool is not None:
            await self._pool.disconnect()


class RateLimit:
    """ASGI middleware: a 429 with ``Retry-After`` and the disclaimer once a client spends its ``/api/`` budget."""

    def __init__(self, app: ASGIApp, limiter: Limiter | None, trusted_proxy_hops: int, metrics: Metrics) -> None:
        self.app = app
        self.limiter = limiter
        self.trusted_proxy_hops = trusted_proxy_hops
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan" and self.limiter is not None:
            await self.app(scope, receive, self._closing_send(send))
            return
        if (
            self.limiter is None
            or scope["type"] != "http"
            or not scope["path"].startswith(API_PREFIX)
            or scope["path"] in EXEMPT_PATHS
        ):
            await self.app(scope, receive, send)
            return
        retry_after = await self.limiter.hit(client_key(scope, self.trusted_proxy_hops))
        if retry_after is None:
            await self.app(scope, receive, send)
            return
        self.metrics.rate_limited.inc()
        body = await _json_body(receive)
        payload = error_payload(scope.get("app"), error_lang(scope, body), 429, messages.ERROR_RATE_LIMITED,
                                "rate_limited", seconds=retry_after)
        response = JSONResponse(
            payload, status_code=429, headers={**error_headers(payload["lang"]), "Retry-After": str(retry_after)}
        )
        await response(scope, receive, send)

    def _closing_send(self, send: Send) -> Send:
        """Close the Redis connections when the app reports its shutdown complete."""

        async def closing_send(message: Message) -> None:
            if message["type"] == "lifespan.shutdown.complete" and self.limiter is not None:
                await self.limiter.aclose()
            await send(message)

        return closing_send


async def _json_body(receive: Receive) -> Any:
    """The request's JSON body (already bounded by :class:`app.web.middleware.body_limit.BodyLimit`), for its ``lang``; else None."""
    chunks: list[bytes] = []
    while True:
        message: Message = await receive()
        if message["type"] != "http.request":
            return None
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            break
    try:
        return json.loads(b"".join(chunks))
    except ValueError:
        return None
