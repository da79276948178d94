"""Security headers on every response, by kind, as one app-wide ASGI middleware.

The policies themselves live in :mod:`app.security_headers` (the widget's module: one place to read them);
this middleware makes sure no response goes out without them, including pages whose route sets none
(the staff console, FastAPI's ``/docs``, an HTML error page). A header a route sets itself is kept.

* every response: ``X-Content-Type-Options: nosniff``, ``Referrer-Policy``;
* HTML pages: :func:`app.security_headers.page_headers` (CSP with ``script-src 'self'``, no inline code,
  ``frame-ancestors 'none'`` and ``X-Frame-Options: DENY``: nobody may frame the demo or the staff console;
  the widget is embedded as a script, not a frame, so it needs no framing);
* ``/docs`` (Swagger UI, loaded from its CDN with one inline script): a policy of its own that allows the CDN
  and exactly that inline script, by its SHA-256;
* JavaScript (``widget.js``): ``Cross-Origin-Resource-Policy: cross-origin`` so that other sites can load it;
* ``/api/`` and ``/metrics``: ``Cache-Control: no-store`` (answers are about someone's health) and a CSP that
  forbids everything, in case a JSON reply is ever opened as a document.
"""

from __future__ import annotations

import base64
import hashlib
import re

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.security_headers import BASIC_HEADERS, RESOURCE_CSP, page_headers

NO_STORE_PREFIXES = ("/api/", "/metrics")
DOCS_PREFIX = "/docs"
SWAGGER_CDN = "https://cdn.jsdelivr.net"
_INLINE_SCRIPT = re.compile(rb"<script(?![^>]*\bsrc\s*=)[^>]*>(.*?)</script>", re.DOTALL | re.IGNORECASE)


def inline_script_hashes(html: bytes) -> list[str]:
    """CSP source expressions (``'sha256-...'``) for the inline scripts of a page.

    >>> inline_script_hashes(b"<script src='/a.js'></script><script>alert(1)</script>")
    ["'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI='"]
    """
    return [
        f"'sha256-{base64.b64encode(hashlib.sha256(script).digest()).decode()}'"
        for script in _INLINE_SCRIPT.findall(html)
    ]


def docs_csp(html: bytes) -> str:
    scripts = " ".join(["'self'", SWAGGER_CDN, *inline_script_hashes(html)])
    return "; ".join(
        [
            "default-src 'none'",
            f"script-src {scripts}",
            f"style-src 'self' {SWAGGER_CDN} 'unsafe-inline'",  # Swagger UI sets style attributes
            f"img-src 'self' data: {SWAGGER_CDN} https://fastapi.tiangolo.com",
            "connect-src 'self'",
            "base-uri 'none'",
            "form-action 'none'",
            "frame-ancestors 'none'",
            "object-src 'none'",
        ]
    )


def _set_defaults(headers: MutableHeaders, values: dict[str, str]) -> None:
    for name, value in values.items():
        if name not in headers:
            headers[name] = value


class SecurityHeaders:
    """Add the security headers that fit each response's content type (see the module docstring)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        held: Message | None = None
        chunks: list[bytes] = []

        async def securing_send(message: Message) -> None:
            nonlocal held
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                _set_defaults(headers, BASIC_HEADERS)
                content_type = headers.get("content-type", "").lower()
                if path.startswith(NO_STORE_PREFIXES):
                    _set_defaults(headers, {"Cache-Control": "no-store", "Content-Security-Policy": RESOURCE_CSP})
                elif content_type.startswith("text/html"):
                    if path.startswith(DOCS_PREFIX) and "content-security-policy" not in headers:
                        held = message  # the policy names the page's inline script: wait for the body
                        return
                    _set_defaults(headers, page_headers())
                elif "javascript" in content_type:
                    _set_defaults(headers, {"Cross-Origin-Resource-Policy": "cross-origin"})
                await send(message)
            elif message["type"] == "http.response.body" and held is not None:
                chunks.append(message.get("body", b""))
                if message.get("more_body", False):
                    return
                body = b"".join(chunks)
                headers = MutableHeaders(scope=held)
                _set_defaults(headers, {**page_headers(docs_csp(body))})
                await send(held)
                await send({"type": "http.response.body", "body": body})
            else:
                await send(message)

        await self.app(scope, receive, securing_send)
