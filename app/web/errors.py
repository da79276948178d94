"""Every error under ``/api/`` is JSON in the negotiated language, with the disclaimer: 404, 405, 413, 422, 500 ...

Three layers make sure of it:

* exception handlers for HTTP errors and validation errors (:func:`install_error_handlers`);
* :class:`CatchAllErrors`, an ASGI middleware *inside* CORS, turning a crash into a 500 JSON reply that still
  carries the CORS headers (Starlette's own 500 handler sits outside CORS, so a widget could not read it), and a
  request cut by the graceful-shutdown deadline into a 503 JSON reply (uvicorn would send a plain-text 500);
* :class:`DisclaimerGuard`, the outermost middleware, which replaces any plain-text error that bypassed the
  handlers (Starlette's CORS-preflight 400, a 413, ...) with the same JSON shape.
"""

from __future__ import annotations

import asyncio
import json
import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.datastructures import Headers
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.answering.schemas import MAX_QUESTION_CHARS, ErrorResponse, is_blank
from app.answering.search import MAX_LIMIT
from app.content.faq import ContentError, load_emergency_numbers
from app.language import messages
from app.language.i18n import (
    LANGS,
    LANGUAGE_TAG,
    AcceptLanguageError,
    Lang,
    lang_from_accept_language,
    lang_from_script,
)
from app.ops.settings import Settings

logger = logging.getLogger("app.errors")

API_PREFIX = "/api/"
ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorResponse, "description": description}
    for status, description in {
        400: "Bad request (for example a malformed Accept-Language header)",
        404: "Not found",
        405: "Method not allowed",
        413: "Request body too large",
        422: "Invalid request: empty or oversized question, control characters, wrong types, unknown `lang`",
        429: "Too many requests",
        500: "Internal error",
    }.items()
}
_STATUS_MESSAGE = {
    400: messages.ERROR_GENERIC,
    404: messages.ERROR_NOT_FOUND,
    405: messages.ERROR_METHOD_NOT_ALLOWED,
    413: messages.ERROR_BODY_TOO_LARGE,
    429: messages.ERROR_RATE_LIMITED,
    500: messages.ERROR_INTERNAL,
}
_ERROR_MESSAGES = frozenset(value for name, value in vars(messages).items() if name.startswith("ERROR_"))
_STATUS_CODE = {400: "bad_request", 404: "not_found", 405: "method_not_allowed",
                413: "body_too_large", 422: "invalid_request", 429: "rate_limited", 500: "internal_error"}


def error_lang(scope: Scope, body: Any = None) -> Lang:
    """The language of an error reply: ``lang`` of the body or query, else Accept-Language, else the question's script."""
    if isinstance(body, dict):
        for lang in LANGS:
            if body.get("lang") == lang:
                return lang
    query_lang = _query_param(scope, "lang")
    for lang in LANGS:
        if query_lang == lang:
            return lang
    try:
        from_header = lang_from_accept_language(Headers(scope=scope).get("accept-language"))
    except AcceptLanguageError:
        from_header = None
    if from_header is not None:
        return from_header
    question = body.get("question") if isinstance(body, dict) else None
    return (lang_from_script(question) if isinstance(question, str) else None) or "en"


def _query_param(scope: Scope, name: str) -> str | None:
    from urllib.parse import parse_qs

    values = parse_qs(scope.get("query_string", b"").decode("latin-1")).get(name)
    return values[0] if values else None


def _text(app: Any, lang: Lang, message: str, **values: Any) -> str:
    """``message`` in ``lang`` through the service's catalogs; before start-up, the English text of the code."""
    service = getattr(getattr(app, "state", None), "service", None)
    if service is not None:
        return str(service.composer.text(lang, message, **values))
    return compiled_text(app, message, **values)


def compiled_text(app: Any, message: str, **values: Any) -> str:
    """The English text compiled into the code, filled in from the settings: needs no catalog at all."""
    settings = getattr(getattr(app, "state", None), "settings", None) or Settings()
    if "{emergency_number}" in message and "emergency_number" not in values:
        values["emergency_number"] = english_emergency_numbers(settings)
    return message.format(organization=settings.organization, phone=settings.phone, **values)


def english_emergency_numbers(settings: Settings) -> str:
    """English's emergency numbers (FAQBOT_EMERGENCY_REGIONS, faq/emergency_numbers.yaml) as the English text of
    :data:`app.language.messages.EMERGENCY_NUMBER_ITEM`, "911 (United States)"; 911 when the file cannot be read."""
    try:
        regions = {region.key: region for region in load_emergency_numbers(settings.content_dir)}
        lines = [regions[key] for key in settings.emergency_regions["en"]]
    except (ContentError, KeyError):
        return "911"
    return "; ".join(messages.EMERGENCY_NUMBER_ITEM.format(number=line.number, region=line.en) for line in lines)


def error_payload(app: Any, lang: Lang, status: int, message: str, code: str | None = None, **values: Any) -> dict[str, Any]:
    """The JSON body of an error: message and disclaimer in ``lang`` (``payload["lang"]`` says which).

    The error path never depends on a catalog being right: if the catalog's text cannot be used (a broken
    ``{placeholder}`` that start-up would have refused, any failure of the translator), the whole error is in the
    English compiled into the code, and says so in its ``lang``.
    """
    try:
        text, disclaimer = _text(app, lang, message, **values), _text(app, lang, messages.DISCLAIMER)
    except Exception as exc:  # noqa: BLE001 - the error path must not fail
        logger.error("catalog text unusable, English from the code used", extra={"lang": lang, "code": code},
                     exc_info=exc)
        lang = "en"
        text, disclaimer = compiled_text(app, message, **values), compiled_text(app, messages.DISCLAIMER)
    return {
        "lang": lang,
        "error": {"status": status, "code": code or _STATUS_CODE.get(status, "error"), "message": text},
        "disclaimer": disclaimer,
    }


def error_headers(lang: Lang) -> dict[str, str]:
    return {"Content-Language": LANGUAGE_TAG[lang], "Vary": "Accept-Language", "Cache-Control": "no-store"}


def json_error(request: Request, status: int, message: str, code: str | None = None, *, body: Any = None,
               headers: dict[str, str] | None = None, **values: Any) -> JSONResponse:
    payload = error_payload(request.app, error_lang(request.scope, body), status, message, code, **values)
    return JSONResponse(payload, status_code=status, headers={**error_headers(payload["lang"]), **(headers or {})})


def _validation_message(exc: RequestValidationError) -> tuple[str, str, dict[str, Any]]:
    """(message, code, values) for the first problem; the input itself is never echoed or logged."""
    for error in exc.errors():
        loc = [str(part) for part in error.get("loc", ())]
        kind = error.get("type", "")
        if kind == "json_invalid":
            return messages.ERROR_BAD_JSON, "invalid_json", {}
        if loc[-1:] == ["lang"]:
            return messages.ERROR_BAD_LANG, "invalid_lang", {}
        if loc == ["query", "limit"]:
            return messages.ERROR_BAD_LIMIT, "invalid_limit", {"low": 1, "high": MAX_LIMIT}
        if loc[-1:] == ["question"] or loc == ["query", "q"]:  # the question of /ask, the query of /search
            value = error.get("input")
            if kind == "string_too_long":
                return messages.ERROR_QUESTION_TOO_LONG, "question_too_long", {"limit": MAX_QUESTION_CHARS}
            if kind in {"missing", "string_too_short"} or (isinstance(value, str) and is_blank(value)):
                return messages.ERROR_QUESTION_EMPTY, "question_empty", {}
            if kind == "string_pattern_mismatch":
                return messages.ERROR_QUESTION_CONTROL, "question_invalid_characters", {}
    return messages.ERROR_VALIDATION, "invalid_request", {}  # field names are input too: not echoed


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        detail = exc.detail if exc.detail in _ERROR_MESSAGES else None
        message = detail or _STATUS_MESSAGE.get(exc.status_code, messages.ERROR_GENERIC)
        return json_error(request, exc.status_code, message, headers=dict(exc.headers or {}))

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
        message, code, values = _validation_message(exc)
        logger.info("invalid request", extra={"route": request.scope.get("route") and request.scope["route"].path, "code": code})
        return json_error(request, 422, message, code, body=exc.body, **values)

    @app.exception_handler(AcceptLanguageError)
    async def accept_language_error(request: Request, exc: AcceptLanguageError) -> JSONResponse:
        lang = error_lang(request.scope)  # the header cannot say; ?lang= still can
        payload = error_payload(request.app, lang, 400, messages.ERROR_ACCEPT_LANGUAGE, "invalid_accept_language")
        return JSONResponse(payload, status_code=400, headers=error_headers(payload["lang"]))


class CatchAllErrors:
    """Turn an unhandled exception into a 500 JSON reply with the disclaimer (inside CORS, so CORS headers apply)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, tracking_send)
        except asyncio.CancelledError:
            # uvicorn cancels what is still running at the graceful-shutdown deadline, and would answer its own
            # plain-text 500. Say it in our JSON instead (another instance will answer a retry), then let it end.
            if not started:
                payload = error_payload(scope.get("app"), error_lang(scope), 503, messages.ERROR_INTERNAL, "shutting_down")
                headers = {**error_headers(payload["lang"]), "Retry-After": "1", "Connection": "close"}
                await JSONResponse(payload, status_code=503, headers=headers)(scope, receive, send)
            raise
        except Exception as exc:  # noqa: BLE001 - the last line of defence
            logger.error("unhandled error: %s", type(exc).__name__, exc_info=exc)
            if started:
                raise
            payload = error_payload(scope.get("app"), error_lang(scope), 500, messages.ERROR_INTERNAL)
            response = JSONResponse(payload, status_code=500, headers=error_headers(payload["lang"]))
            await response(scope, receive, send)


class DisclaimerGuard:
    """Outermost layer: an error under /api/ that is not our JSON (plain-text 400/413 from Starlette, ...) becomes it."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith(API_PREFIX):
            await self.app(scope, receive, send)
            return
        held: Message | None = None
        replacing = False

        async def guarded_send(message: Message) -> None:
            nonlocal held, replacing
            if message["type"] == "http.response.start":
                headers = Headers(raw=message["headers"])
                is_json = headers.get("content-type", "").startswith("application/json")
                if message["status"] >= 400 and not is_json:
                    held, replacing = message, True
                    return
                await send(message)
            elif message["type"] == "http.response.body" and replacing:
                if message.get("more_body", False):
                    return  # drop the plain-text body; ours follows
                assert held is not None
                status = held["status"]
                lang = error_lang(scope)
                if scope["method"] == "OPTIONS" and status == 400:  # Starlette refused a CORS preflight
                    payload = error_payload(scope.get("app"), lang, status, messages.ERROR_FORBIDDEN_ORIGIN, "forbidden_origin")
                else:
                    payload = error_payload(scope.get("app"), lang, status, _STATUS_MESSAGE.get(status, messages.ERROR_GENERIC))
                ours = {b"content-type", b"content-length", *(name.lower().encode() for name in error_headers(lang))}
                kept = [(k, v) for k, v in held["headers"] if k.lower() not in ours]  # CORS, Retry-After, request id ...
                body = json.dumps(payload, ensure_ascii=False).encode()
                raw = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
                raw += [(k.lower().encode(), v.encode()) for k, v in error_headers(payload["lang"]).items()]
                await send({"type": "http.response.start", "status": status, "headers": raw + kept})
                await send({"type": "http.response.body", "body": body})
            else:
                await send(message)

        await self.app(scope, receive, guarded_send)
