"""Bounded request bodies: at most ``FAQBOT_MAX_BODY_BYTES``, within ``FAQBOT_BODY_TIMEOUT_SECONDS``, and a JSON
body must be UTF-8.

:class:`BodyLimit` is an ASGI middleware. A ``Content-Length`` above the limit is refused before a byte of the
body is read; a body without one (``Transfer-Encoding: chunked``) is counted while it streams in and refused
as soon as it passes the limit. Both get a 413 in our JSON error shape (message in the request's language,
with the disclaimer), not Starlette's plain-text 413. A body that has not fully arrived within the deadline (a
client sending half a request and waiting) gets a 408 with ``Connection: close``. Because the whole body is at hand (it is small by
construction), a JSON body that is not valid UTF-8 gets a clear 400 here too, instead of FastAPI's vague
"There was an error parsing the body".
"""

from __future__ import annotations

import asyncio

from starlette.datastructures import Headers
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.language import messages
from app.language.i18n import N_
from app.web.errors import error_headers, error_lang, error_payload

ERROR_BAD_ENCODING = N_("The request body is not valid UTF-8 text.")


class _ClientGone(Exception):
    pass


def is_json_media(content_type: str | None) -> bool:
    """True for a missing content type (FastAPI then parses JSON) and for ``application/json`` / ``*+json``."""
    if not content_type:
        return True
    media = content_type.split(";", 1)[0].strip().lower()
    return media == "application/json" or (media.startswith("application/") and media.endswith("+json"))


async def send_error(scope: Scope, receive: Receive, send: Send, status: int, message: str, code: str,
                     headers: dict[str, str] | None = None) -> None:
    payload = error_payload(scope.get("app"), error_lang(scope), status, message, code)
    response = JSONResponse(payload, status_code=status, headers={**error_headers(payload["lang"]), **(headers or {})})
    await response(scope, receive, send)


class BodyLimit:
    """Refuse request bodies over ``max_bytes`` (declared or streamed), slower than ``timeout`` seconds, and JSON
    bodies that are not UTF-8."""

    def __init__(self, app: ASGIApp, max_bytes: int, timeout: float = 10.0) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.timeout = timeout

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        declared = headers.get("content-length")
        if declared is None and "transfer-encoding" not in headers:
            await self.app(scope, receive, send)  # no body
            return
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            await send_error(scope, receive, send, 413, messages.ERROR_BODY_TOO_LARGE, "body_too_large")
            return
        try:
            async with asyncio.timeout(self.timeout):
                body = await self._read(receive)
        except _ClientGone:
            return
        except TimeoutError:
            await send_error(scope, receive, send, 408, messages.ERROR_REQUEST_TIMEOUT, "request_timeout",
                             {"Connection": "close"})
            return
        if body is None:
            await send_error(scope, receive, send, 413, messages.ERROR_BODY_TOO_LARGE, "body_too_large")
            return
        if body and is_json_media(headers.get("content-type")):
            try:
                body.decode("utf-8")
            except UnicodeDecodeError:
                await send_error(scope, receive, send, 400, ERROR_BAD_ENCODING, "invalid_encoding")
                return

        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

    async def _read(self, receive: Receive) -> bytes | None:
        """The whole body, or None as soon as it grows past the limit."""
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                raise _ClientGone
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_bytes:
                return None
            chunks.append(chunk)
            if not message.get("more_body", False):
                return b"".join(chunks)
