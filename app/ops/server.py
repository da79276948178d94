"""Run the service under uvicorn with the production options (``faqbot serve`` and ``python -m app.ops.server``).

:func:`uvicorn_options` is the one place that says how uvicorn runs this app:

* ``app.web.application:app_factory`` as an import string with ``factory=True``, so ``--workers N`` works;
* no uvicorn access log (it writes the query string and the client address) and JSON-lines logging
  (:func:`app.ops.logging_setup.uvicorn_log_config`); our own access log names route templates only;
* ``proxy_headers=False``: uvicorn would otherwise believe ``X-Forwarded-For`` from 127.0.0.1 by default;
  the app decides whom to believe (``FAQBOT_TRUSTED_PROXY_HOPS``, :mod:`app.web.middleware.rate_limit`);
* ``ws="none"``: the app has no WebSocket route, and uvicorn's WebSocket handshake log names client and path;
* ``http=app.ops.http_guard:GuardedHttpToolsProtocol``: uvicorn's httptools protocol with a size cap and a deadline on
  each request's head (``FAQBOT_MAX_HEADER_BYTES``, ``FAQBOT_HEADER_TIMEOUT_SECONDS``), JSON errors for requests
  it cannot parse;
* ``timeout_graceful_shutdown``: on SIGTERM uvicorn stops accepting, lets in-flight requests finish for up to
  ``FAQBOT_GRACEFUL_SHUTDOWN_SECONDS``, then exits.

The same run from a shell, for reference (README "Operations")::

    faqbot check && exec uvicorn --factory app.web.application:app_factory --host 127.0.0.1 --port 8000 --workers 2 \\
        --no-access-log --no-proxy-headers --ws none --timeout-graceful-shutdown 20 \\
        --http app.ops.http_guard:GuardedHttpToolsProtocol
"""

from __future__ import annotations

import sys
from typing import Any

from pydantic import ValidationError

from app.content.faq import ContentError
from app.feedback.storage import StorageUnavailable, prepare_database
from app.language.i18n import CatalogError
from app.ops.http_guard import PROTOCOL
from app.ops.logging_setup import uvicorn_log_config
from app.ops.settings import Settings, settings_error_message

APP_FACTORY = "app.web.application:app_factory"


def uvicorn_options(settings: Settings) -> dict[str, Any]:
    """Keyword arguments for ``uvicorn.run(APP_FACTORY, **uvicorn_options(settings))``."""
    return {
        "factory": True,
        "host": settings.host,
        "port": settings.port,
        "workers": settings.workers,
        "log_config": uvicorn_log_config(settings.log_level),
        "log_level": settings.log_level,
        "access_log": False,
        "proxy_headers": False,
        "server_header": False,
        "ws": "none",
        "http": PROTOCOL,  # httptools with a cap and a deadline on each request's head (app/ops/http_guard.py)
        "timeout_graceful_shutdown": settings.graceful_shutdown_seconds,
    }


def run(settings: Settings | None = None) -> None:
    """Serve until SIGINT/SIGTERM; a broken content file or catalog stops start-up with its file and line.

    Raises :class:`app.content.faq.ContentError`, :class:`app.language.i18n.CatalogError` (what ``faqbot check`` reports) or
    (database unreachable, not migratable) :class:`app.feedback.storage.StorageUnavailable` before any worker starts:
    uvicorn's supervisor would otherwise restart workers that can never start, again and again.
    """
    import uvicorn

    from app.answering.service import build_service

    settings = settings or Settings()
    # Build the service once here, before uvicorn, with every check `faqbot check` makes: a failure inside a
    # worker's lifespan surfaces only as an escaped traceback in a JSON log line, and uvicorn's supervisor exits 0
    # when a worker fails to start (README "Running, workers, reverse proxy").
    build_service(settings)
    if settings.database_migrate:  # once, here: a database that cannot be reached stops start-up (StorageUnavailable)
        prepare_database(settings.sqlalchemy_url)
    uvicorn.run(APP_FACTORY, **uvicorn_options(settings))


def main() -> int:
    """``python -m app.ops.server``: serve with the settings from the environment; exit 3 on broken content."""
    try:
        run()
    except (ContentError, CatalogError, StorageUnavailable) as exc:
        print(f"cannot start: {exc}", file=sys.stderr)
        return 3  # as `faqbot serve`
    except ValidationError as exc:  # a bad setting: named, its value never echoed (it may be a password)
        print(f"cannot start: invalid settings: {settings_error_message(exc)}", file=sys.stderr)
        return 3
    return 0


if __name__ == "__main__":
    sys.exit(main())
