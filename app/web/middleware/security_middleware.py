"""Security headers on every response, by kind, as one app-wide ASGI middleware.

The policies themselves live in :mod:`app.web.middleware.security_headers` (the widget's module: one place to read them);
this middleware makes sure no response goes out without them, including pages whose route sets none
(the staff console, FastAPI's ``/docs``, an HTML error page). A header a route sets itself is kept.

* every response: ``X-Content-Type-Options: nosniff``, ``Referrer-Policy``;
* HTML pages: :func:`app.web.middleware.security_headers.page_headers` (CSP with ``script-src 'self'``, no inline code,
  ``frame-ancestors 'none'`` and ``X-Frame-Options: DENY``: nobody may frame the demo or the staff console;
  the widget is embedded as a script, not a frame, so it needs no framing);
* ``/docs`` (Swagger UI, served by the app: :mod:`app.web.routes.docs`) sets its own policy, which is kept;
* JavaScript (``widget.js``): ``Cross-Origin-Resource-Policy: cross-origin`` so that other sites can load it;
* ``/api/`` and ``/metrics``: ``Cache-Control: no-store`` (answers are about someone's health) and a CSP that
  forbids everything, in case a JSON reply is ever opened as a document.
"""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.web.middleware.security_headers import BASIC_HEADERS, RESOURCE_CSP, page_headers

NO_STORE_PREFIXES = ("/api/", "/metrics")


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

        async def securing_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                _set_defaults(headers, BASIC_HEADERS)
                content_type = headers.get("content-type", "").lower()
                if path.startswith(NO_STORE_PREFIXES):
                    _set_defaults(headers, {"Cache-Control": "no-store", "Content-Security-Policy": RESOURCE_CSP})
                elif content_type.startswith("text/html"):
                    _set_defaults(headers, page_headers())
                elif "javascript" in content_type:
                    _set_defaults(headers, {"Cross-Origin-Resource-Policy": "cross-origin"})
            await send(message)

        await self.app(scope, receive, securing_send)
