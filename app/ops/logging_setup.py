"""Structured logs (one JSON object a line) that never contain what a user typed.

Users type health information, so the rules are:

* our access log (``app.access``, written by :mod:`app.web.middleware.observability`) names the *route template*
  (``/api/v1/entries/{entry_id}``), never the path or the query string, and never the client address;
* uvicorn's own access log (``uvicorn.access``: client address + full request line with the query string) and
  its ASGI message trace (``uvicorn.asgi``: whole scopes and bodies) are switched off;
* only allow-listed ``extra`` fields reach the output (:data:`FIELDS`), so a stray ``extra={"question": ...}``
  is dropped rather than written;
* an exception is written as its type and stack frames, not its message: messages of ``ValueError`` and
  friends often quote their input;
* uvicorn's WebSocket handshake lines (client address and path with query) are reduced to a fixed text, and
  uvicorn's loggers never go below INFO: at DEBUG the ``websockets`` library logs whole request lines and
  frames through them, at TRACE uvicorn logs client addresses.

How a server gets this configuration:

* ``app.web.application:app_factory`` calls :func:`configure_logging`, so even a bare
  ``uvicorn --factory app.web.application:app_factory`` run (whose defaults turn the access log on) ends up without it;
* :func:`app.ops.server.uvicorn_options` passes :func:`uvicorn_log_config` as ``log_config`` and
  ``access_log=False``, which is what ``faqbot serve`` and ``python -m app.ops.server`` use.
"""

from __future__ import annotations

import json
import logging
import logging.config
import traceback
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any

# The only ``extra`` fields a log line may carry: none of them holds user input.
FIELDS: tuple[str, ...] = (
    "request_id", "method", "route", "status", "latency_ms", "lang", "kind", "entry_id", "confidence",
    "code", "outcome", "retry_after", "storage", "workers", "entries", "build_seconds", "untranslated",
    "replies", "feedback", "records", "database",
)
_STACK_LIMIT = 20
# The id of the request being handled (set by app.web.middleware.observability), added to every line logged while handling it.
REQUEST_ID: ContextVar[str | None] = ContextVar("request_id", default=None)
_UVICORN_REDACTED = "WebSocket request (client and path not logged)"


class JsonFormatter(logging.Formatter):
    """``{"time", "level", "logger", "message", ...allow-listed extras, "exc_type", "stack"}`` on one line."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        for name in FIELDS:
            value = record.__dict__.get(name)
            if value is not None:
                line[name] = value
        if "request_id" not in line and (request_id := REQUEST_ID.get()) is not None:
            line["request_id"] = request_id
        if record.exc_info and record.exc_info[0] is not None:
            exc_type, _, tb = record.exc_info
            line["exc_type"] = f"{exc_type.__module__}.{exc_type.__qualname__}"
            line["stack"] = [
                f"{frame.filename}:{frame.lineno} in {frame.name}"
                for frame in traceback.extract_tb(tb)[-_STACK_LIMIT:]  # the innermost frames say most
            ]
        return json.dumps(line, ensure_ascii=False, default=str)


class PrivacyFilter(logging.Filter):
    """Reduce uvicorn's WebSocket handshake lines (``'%s - "WebSocket %s" 403'``) to a fixed text."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not record.name.startswith("uvicorn"):
            return True
        if record.levelno < logging.INFO:
            return False  # request lines and frames of the websockets library, client addresses at TRACE
        if isinstance(record.msg, str) and '"WebSocket ' in record.msg:
            record.msg, record.args = _UVICORN_REDACTED, None
        return True


def uvicorn_log_config(level: str = "info") -> dict[str, Any]:
    """A ``logging.config.dictConfig`` dict for uvicorn's ``log_config``: JSON lines on stderr, no access log.

    >>> config = uvicorn_log_config("warning")
    >>> config["loggers"]["uvicorn.access"]["handlers"], config["loggers"]["app"]["level"]
    ([], 'WARNING')
    """
    level = level.upper()
    server_level = "INFO" if level == "DEBUG" else level  # see the module docstring
    silent = {"handlers": [], "level": "CRITICAL", "propagate": False}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"privacy": {"()": PrivacyFilter}},
        "formatters": {"json": {"()": JsonFormatter}},
        "handlers": {
            "json": {
                "class": "logging.StreamHandler",
                "formatter": "json",
                "filters": ["privacy"],
                "stream": "ext://sys.stderr",
            }
        },
        "loggers": {
            "uvicorn": {"handlers": ["json"], "level": server_level, "propagate": False},
            "uvicorn.error": {"level": server_level},
            "uvicorn.access": silent,  # client address + request line with the query string
            "uvicorn.asgi": silent,  # --log-level trace: whole ASGI messages, request bodies included
            "app": {"handlers": ["json"], "level": level, "propagate": False},
        },
    }


def configure_logging(level: str = "info") -> None:
    """Apply :func:`uvicorn_log_config` to this process (idempotent)."""
    logging.config.dictConfig(uvicorn_log_config(level))
