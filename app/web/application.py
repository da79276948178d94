"""Wire the application: build the service at start-up, mount the routes, add the middleware layers."""

from __future__ import annotations

import gc
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

# No automatic garbage collection while the modules below are imported (see after the imports).
_COLLECTING = gc.isenabled()
gc.disable()

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from app.answering.service import build_service
from app.feedback.service import FeedbackMetrics, FeedbackService
from app.ops.logging_setup import configure_logging
from app.ops.settings import Settings, get_settings
from app.web.ask_batcher import AskBatcher
from app.web.errors import CatchAllErrors, DisclaimerGuard, install_error_handlers
from app.web.middleware.body_limit import BodyLimit
from app.web.middleware.observability import RequestObserver
from app.web.middleware.rate_limit import Limiter, RateLimit
from app.web.middleware.security_middleware import SecurityHeaders
from app.web.routes import ask, docs, entries, feedback, health, operations, pages, review, search, staff_pages, widget

# The imports above make some hundred thousand objects (modules, classes, compiled patterns, schemas) that live as
# long as the process, and hardly any garbage. Collections while they were being made walked them again and again
# (about 0.1 s of a worker's start); now that they are made they go to the collector's permanent generation, which
# no collection walks (as build_service does with what it builds).
gc.freeze()
if _COLLECTING:
    gc.enable()

logger = logging.getLogger("app.web.application")


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        service = build_service(settings)  # fails start-up on broken content or catalogs
        feedback_service = FeedbackService.build(settings, service.content, app.state.feedback_metrics)
        try:
            feedback_service.start()  # fails start-up if the database cannot be reached or migrated
        except Exception:
            feedback_service.close()
            raise
        app.state.feedback = feedback_service
        app.state.ask_batcher = AskBatcher(service.composer, settings.ask_batch_size, app.state.metrics.observe_ask_batch)
        app.state.service = service
        ready = {"entries": len(service.content.entries), "build_seconds": round(service.build_seconds, 3),
                 "database": feedback_service.store.engine.dialect.name}
        logger.info("service ready", extra=ready)
        try:
            yield
        finally:
            feedback_service.close()  # after uvicorn has let in-flight requests finish: writes what is buffered

    app = FastAPI(
        title="IVIG for TEN: patient FAQ",
        version="1.0.0",
        summary="Answers in English, Simplified and Traditional Chinese from the article 'IVIG for toxic epidermal necrolysis (TEN)'.",
        lifespan=lifespan,
        docs_url=None,  # app/web/routes/docs.py serves Swagger UI itself: no CDN, no inline script
        redoc_url=None,
        # No redirect from "/api/v1/health/" to "/api/v1/health": Starlette builds its Location from the Host
        # header, which the client chooses. A path that is not a route is a 404 (JSON with the disclaimer).
        redirect_slashes=False,
    )
    app.state.settings = settings
    app.state.service = None
    app.state.feedback = None
    app.state.ask_batcher = None
    install_error_handlers(app)
    for router in (ask.router, entries.router, health.router, search.router, staff_pages.router, widget.router, pages.router,
                   docs.router):
        app.include_router(router)
    app.include_router(feedback.router)
    review.install(app, settings)  # /staff/review and /api/v1/review/: staff only
    metrics = operations.install(app, settings)  # /api/v1/ready, /metrics; the middleware's statuses in the schema
    app.state.feedback_metrics = FeedbackMetrics(metrics.registry)  # once per app: a lifespan may run again

    # Order matters: the last added is the outermost. From the inside out:
    #   CatchAllErrors   a crash becomes a 500 JSON reply with the disclaimer
    #   RateLimit        429 JSON (Retry-After, disclaimer) once a client spends its /api/ budget
    #   BodyLimit        413 JSON for a body over FAQBOT_MAX_BODY_BYTES (declared or streamed), 408 for one slower
    #                    than FAQBOT_BODY_TIMEOUT_SECONDS, 400 for non-UTF-8 JSON
    #   CORS             outside the three above, so their replies carry CORS headers for the widget
    #   SecurityHeaders  CSP/nosniff/frame policy by content type; Cache-Control: no-store under /api/
    #   RequestObserver  access log + metrics of the final status (route templates only, no user input)
    #   DisclaimerGuard  outermost: a plain-text error (failed CORS preflight ...) becomes our JSON
    app.add_middleware(CatchAllErrors)
    app.add_middleware(RateLimit, limiter=Limiter.from_settings(settings, metrics),
                       trusted_proxy_hops=settings.trusted_proxy_hops, metrics=metrics)
    app.add_middleware(BodyLimit, max_bytes=settings.max_body_bytes, timeout=settings.body_timeout_seconds)
    app.add_middleware(
        CORSMiddleware,
        allow_origins=settings.allowed_origins,
        allow_methods=["GET", "POST"],
        allow_headers=["Content-Type", "Accept-Language"],
        expose_headers=["Content-Language", "Retry-After"],
        max_age=600,
    )
    app.add_middleware(SecurityHeaders)
    app.add_middleware(RequestObserver, metrics=metrics)
    app.add_middleware(DisclaimerGuard)
    return app


def app_factory() -> FastAPI:
    """For ``uvicorn --factory app.web.application:app_factory``: JSON-lines logs and no uvicorn access log, whatever the flags."""
    settings = get_settings()
    configure_logging(settings.log_level)
    return create_app(settings)
