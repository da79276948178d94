"""Put the error statuses that the middleware returns into the OpenAPI schema of every operation.

Routes document their own errors (``app.web.errors.ERROR_RESPONSES``); the middleware layers add statuses no
route knows about: 400 (a malformed Accept-Language header, a body that is not UTF-8), 408 (a body too slow),
413 (body too large), 429 (rate limit, with ``Retry-After``), 405, 500 and 503 (a request cut by the shutdown
deadline, with ``Retry-After``). A schema that names every status the service can return
is what lets a client (and schemathesis) check every response against it.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI

from app.answering.schemas import ErrorResponse
from app.web.errors import API_PREFIX
from app.web.middleware.rate_limit import EXEMPT_PATHS

_METHODS = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}
_DESCRIPTIONS = {
    400: "Bad request: a malformed or oversized Accept-Language header, or a request body that is not UTF-8",
    405: "Method not allowed",
    408: "The request's body did not arrive in time (setting FAQBOT_BODY_TIMEOUT_SECONDS)",
    413: "Request body too large (setting FAQBOT_MAX_BODY_BYTES)",
    429: "Too many requests from this client (setting FAQBOT_RATE_LIMIT); wait `Retry-After` seconds",
    500: "Internal error",
    503: "Service unavailable: the server is shutting down and cut the request; retry after `Retry-After` seconds",
}
_RETRY_AFTER = {"description": "Seconds to wait before trying again", "schema": {"type": "integer", "minimum": 1}}


def _statuses(path: str) -> list[int]:
    if not path.startswith(API_PREFIX):
        return [405, 408, 413, 500, 503]
    if path in EXEMPT_PATHS:
        return [400, 405, 408, 413, 500, 503]
    return [400, 405, 408, 413, 429, 500, 503]


def add_error_responses(schema: dict[str, Any]) -> dict[str, Any]:
    """Add the middleware's statuses to every operation of an OpenAPI ``schema`` (in place; returned)."""
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    if "ErrorResponse" not in components:
        error_schema = ErrorResponse.model_json_schema(ref_template="#/components/schemas/{model}")
        components.update(error_schema.pop("$defs", {}))
        components["ErrorResponse"] = error_schema
    reference = {"$ref": "#/components/schemas/ErrorResponse"}
    for path, operations in schema.get("paths", {}).items():
        for method, operation in operations.items():
            if method not in _METHODS:
                continue
            responses = operation.setdefault("responses", {})
            for status in _statuses(path):
                responses.setdefault(
                    str(status), {"description": _DESCRIPTIONS[status], "content": {"application/json": {"schema": reference}}}
                )
            for retried in ("429", "503"):
                if retried in responses:
                    responses[retried].setdefault("headers", {})["Retry-After"] = _RETRY_AFTER
    return schema


def document_error_responses(app: FastAPI) -> None:
    """Make ``app.openapi()`` include the middleware's error statuses."""
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = add_error_responses(generate())
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
