"""One access-log line and the metrics of every HTTP request, without anything the user typed.

:class:`RequestObserver` is an ASGI middleware. Per request it records: a request id (generated here, also
returned as ``X-Request-ID`` so a user can quote it to support), the method (from a fixed set), the *route
template* the router matched (never the path: ``/api/v1/entries/{entry_id}`` says which route without saying
which entry was typed), the status, the latency, the reply language (from ``Content-Language``) and, for
``/api/v1/ask``, the outcome: kind, entry id and confidence (read from the JSON reply; the question itself is
never looked at). No client address, no query string, no body.
"""

from __future__ import annotations

import logging
import re
import time
import uuid
from typing import Any

from starlette.routing import Mount, Route, compile_path
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.ops.logging_setup import REQUEST_ID
from app.ops.metrics import UNMATCHED_ROUTE, Metrics

access_logger = logging.getLogger("app.access")

_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
_LANG_OF_TAG = {"en": "en", "zh-Hans": "zh", "zh-Hant": "zh-Hant"}


def route_template(scope: Scope) -> str | None:
    """The template of the route that handled ``scope`` (the router records it), else None."""
    route = scope.get("route")
    if isinstance(route, Mount):
        return f"{route.path}/{{path}}"
    path = getattr(route, "path", None)
    return path if isinstance(path, str) else None


class RouteTemplates:
    """Route templates for requests whose route the router did not record: those answered before routing (429,
    413, a 400 ...) and Starlette's own routes outside the OpenAPI schema (``/openapi.json``, FastAPI's docs)."""

    def __init__(self) -> None:
        self._patterns: list[tuple[re.Pattern[str], str]] | None = None

    def match(self, scope: Scope) -> str:
        if self._patterns is None:
            self._patterns = self._compile(scope.get("app"))
        path = scope.get("path", "")
        return next((template for pattern, template in self._patterns if pattern.match(path)), UNMATCHED_ROUTE)

    @staticmethod
    def _compile(app: Any) -> list[tuple[re.Pattern[str], str]]:
        paths = list(app.openapi().get("paths", {})) if app is not None and hasattr(app, "openapi") else []
        for route in getattr(app, "routes", []):
            if isinstance(route, Mount):
                paths.append(f"{route.path}/{{path:path}}")
            elif isinstance(route, Route):
                paths.append(route.path)
        return [(compile_path(template)[0], template.replace(":path}", "}")) for template in dict.fromkeys(paths)]


def method_label(scope: Scope) -> str:
    """The request method, or ``OTHER``: a client can send any token as a method, and it is input too."""
    method = str(scope.get("method", ""))
    return method if method in _METHODS else "OTHER"


ASK_OUTCOME = "faqbot.ask_outcome"  # the scope key where POST /api/v1/ask leaves its outcome for the access log


def ask_outcome(scope: Scope) -> dict[str, Any]:
    """kind, entry id, confidence and language of the ``/api/v1/ask`` reply this request got (nothing else is
    kept: never the question), as the route left them in the scope (:func:`note_ask_outcome`); empty otherwise."""
    outcome = scope.get(ASK_OUTCOME)
    return dict(outcome) if isinstance(outcome, dict) else {}


def note_ask_outcome(scope: Scope, kind: str, lang: str, entry_id: str | None, confidence: float) -> None:
    """Called by the ask route: what the access log and the answer metrics record about its reply."""
    scope[ASK_OUTCOME] = {"kind": kind, "lang": lang, "entry_id": entry_id, "confidence": confidence}


class RequestObserver:
    """Access log (JSON lines through ``app.access``) and Prometheus metrics for every HTTP request."""

    def __init__(self, app: ASGIApp, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics
        self.templates = RouteTemplates()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        request_id = uuid.uuid4().hex
        token = REQUEST_ID.set(request_id)
        status = 500
        lang: str | None = None

        async def observing_send(message: Message) -> None:
            nonlocal status, lang
            if message["type"] == "http.response.start":
                status = int(message["status"])
                for name, value in message.get("headers", []):
                    if name.lower() == b"content-language":
                        lang = _LANG_OF_TAG.get(value.decode("latin-1"))
                message = {**message, "headers": [*message.get("headers", []), (b"x-request-id", request_id.encode())]}
            await send(message)

        try:
            await self.app(scope, receive, observing_send)
        finally:
            seconds = time.perf_counter() - started
            route, method = route_template(scope) or self.templates.match(scope), method_label(scope)
            fields: dict[str, Any] = {"request_id": request_id, "method": method, "route": route, "status": status,
                                      "latency_ms": round(seconds * 1000, 2), "lang": lang}
            outcome = ask_outcome(scope) if status == 200 else {}
            if outcome:
                fields.update({key: value for key, value in outcome.items() if value is not None})
                if outcome.get("kind") and outcome.get("lang"):
                    self.metrics.observe_answer(str(outcome["kind"]), str(outcome["lang"]))
            self.metrics.observe_request(route, method, status, seconds)
            access_logger.log(logging.WARNING if status >= 500 else logging.INFO, "request", extra=fields)
            REQUEST_ID.reset(token)
