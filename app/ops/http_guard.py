"""The HTTP edges that uvicorn leaves open, closed where requests arrive: a cap on a request's head, a deadline for it.

uvicorn's httptools protocol (the fast one that ``uvicorn[standard]`` picks) puts no limit on the size of a
request's headers (one 128 MB header was accepted, and four at once doubled a worker's memory) and no deadline on
them: a client that sends half a request holds its connection forever. uvicorn's h11 protocol has a size cap
(``h11_max_incomplete_event_size``) but no deadline either, and costs throughput (``python bench/protocols.py``).
So :class:`GuardedHttpToolsProtocol` is uvicorn's httptools protocol plus:

* **head size**: the request line and headers may take at most ``FAQBOT_MAX_HEADER_BYTES``; they are counted as
  they arrive, so an endless header never sits in memory. Beyond: 414 (an over-long address, before any header)
  or 431, and the connection is closed;
* **head deadline**: the whole head must arrive within ``FAQBOT_HEADER_TIMEOUT_SECONDS`` of the connection's
  opening (or, on a kept-alive connection, of the next request's first byte; uvicorn's keep-alive timeout closes
  idle ones). Then 408 and close; a connection that sent nothing is just closed;
* uvicorn's plain-text 400 for a request it cannot parse (a bad request line, an unknown method,
  ``Content-Length`` with ``Transfer-Encoding``) becomes our JSON error.

Every such reply is JSON with the disclaimer, in the request's language as far as its headers have arrived.
The body's deadline is the app's (:mod:`app.web.middleware.body_limit`, ``FAQBOT_BODY_TIMEOUT_SECONDS``), which knows the
request's language. Run it with ``uvicorn --http app.ops.http_guard:GuardedHttpToolsProtocol`` (``faqbot serve`` and
``python -m app.ops.server`` do, :func:`app.ops.server.uvicorn_options`).
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

from uvicorn.config import Config
from uvicorn.protocols.http.httptools_impl import STATUS_LINE, HttpToolsProtocol
from uvicorn.server import ServerState

from app.language import messages
from app.language.i18n import Lang
from app.ops.settings import Settings, get_settings
from app.web.errors import error_headers, error_lang, error_payload
from app.web.middleware.security_headers import BASIC_HEADERS, RESOURCE_CSP

PROTOCOL = "app.ops.http_guard:GuardedHttpToolsProtocol"  # uvicorn's `http` option and `--http` flag


def find_app(asgi_app: Any) -> Any:
    """The FastAPI app inside uvicorn's wrappers (``.app`` chains), for its settings and catalogs; None if absent."""
    for _ in range(10):
        if asgi_app is None or hasattr(asgi_app, "state"):
            return asgi_app
        asgi_app = getattr(asgi_app, "app", None)
    return None


class _HeadTooLarge(Exception):
    """Raised from a parser callback to stop parsing a head that is over the cap."""


class GuardedHttpToolsProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol with a size cap and a deadline on each request's head (module docstring)."""

    def __init__(self, config: Config, server_state: ServerState, app_state: dict[str, Any],
                 _loop: asyncio.AbstractEventLoop | None = None) -> None:
        super().__init__(config, server_state, app_state, _loop)
        self.faq_app = find_app(self.app)
        settings: Settings = getattr(getattr(self.faq_app, "state", None), "settings", None) or get_settings()
        self.max_head_bytes = settings.max_header_bytes
        self.head_timeout = settings.header_timeout_seconds
        self._head_bytes: int | None = None  # bytes of the head being received; None between heads
        self._head_deadline: asyncio.TimerHandle | None = None
        self._refusal: tuple[int, str, str] | None = None

    # -- the connection -----------------------------------------------------------------------------------------
    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm_head_deadline()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm_head_deadline()
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        if self._head_bytes is not None and not self.transport.is_closing():
            self._head_bytes += len(data)
            if self._head_bytes > self.max_head_bytes:
                status = 431 if self.headers else 414  # no header yet: the request line (its URL) is too long
                self._refuse(status, messages.ERROR_BODY_TOO_LARGE, "request_too_large")

    # -- parser callbacks ---------------------------------------------------------------------------------------
    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._head_bytes = 0
        if self._head_deadline is None:  # a new connection's deadline runs from its opening
            self._arm_head_deadline()

    def on_headers_complete(self) -> None:
        self._head_bytes = None
        self._disarm_head_deadline()
        url_bytes = len(self.url)
        if url_bytes + sum(len(name) + len(value) + 4 for name, value in self.headers) > self.max_head_bytes:
            # A head that arrived in one piece: refused here, before the app sees it. Raising stops the parser;
            # uvicorn then calls send_400_response, which sends this refusal.
            self._refusal = (414 if url_bytes > self.max_head_bytes else 431, messages.ERROR_BODY_TOO_LARGE,
                             "request_too_large")
            raise _HeadTooLarge
        super().on_headers_complete()

    def send_400_response(self, msg: str) -> None:
        """A request uvicorn cannot parse: our JSON 400 instead of its plain text (``msg`` is uvicorn's)."""
        status, message, code = self._refusal or (400, messages.ERROR_GENERIC, "bad_request")
        self._refuse(status, message, code)

    # -- deadline and refusals ----------------------------------------------------------------------------------
    def _arm_head_deadline(self) -> None:
        self._disarm_head_deadline()
        self._head_deadline = self.loop.call_later(self.head_timeout, self._head_timed_out)

    def _disarm_head_deadline(self) -> None:
        if self._head_deadline is not None:
            self._head_deadline.cancel()
            self._head_deadline = None

    def _head_timed_out(self) -> None:
        self._head_deadline = None
        if self.transport.is_closing():
            return
        if self.cycle is not None and not self.cycle.response_complete:
            self._arm_head_deadline()  # a pipelined head behind a response still being sent: wait for it
            return
        if self._head_bytes is None:
            self.transport.close()  # nothing sent at all: there is no request to answer
            return
        self._refuse(408, messages.ERROR_REQUEST_TIMEOUT, "request_timeout")

    def _refuse(self, status: int, message: str, code: str) -> None:
        """Answer ``status`` as our JSON error (unless a response is under way) and close the connection."""
        self._disarm_head_deadline()
        self._head_bytes = None
        if self.transport.is_closing():
            return
        if self.cycle is None or self.cycle.response_complete:
            self.transport.write(self._error_response(status, message, code))
        self.transport.close()

    def _error_response(self, status: int, message: str, code: str) -> bytes:
        lang: Lang = "en"
        if self.scope is not None and self.headers is not None:
            lang = error_lang({**self.scope, "query_string": self.scope.get("query_string", b"")})
        payload = error_payload(self.faq_app, lang, status, message, code)
        body = json.dumps(payload, ensure_ascii=False).encode()
        headers = {
            "content-type": "application/json",
            "content-length": str(len(body)),
            "connection": "close",
            **{name.lower(): value for name, value in error_headers(payload["lang"]).items()},
            **{name.lower(): value for name, value in BASIC_HEADERS.items()},
            "content-security-policy": RESOURCE_CSP,
        }
        lines = [STATUS_LINE[status]]
        lines += [name + b": " + value + b"\r\n" for name, value in self.server_state.default_headers]
        lines += [f"{name}: {value}\r\n".encode("latin-1") for name, value in headers.items()]
        return b"".join([*lines, b"\r\n", body])
