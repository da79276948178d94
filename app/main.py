"""Wire the application: build the service at start-up, mount the routes, add the middleware layers."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from app.api import ask, entries, health
from app.api.errors import CatchAllErrors, DisclaimerGuard, install_error_handlers
from app.service import build_service
from app.settings import Settings, get_settings


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.service = build_service(settings)  # fails start-up on broken content or catalogs
        yield

    app = FastAPI(
        title="IVIG for TEN: patient FAQ",
        version="1.0.0",
        summary="Bilingual (English / Simplified Chinese) answers from the article 'IVIG for toxic epidermal necrolysis (TEN)'.",
        lifespan=lifespan,
        docs_url="/docs",
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.service = None
    install_error_handlers(app)
    for router in (ask.router, entries.router, health.router):
        app.include_router(router)

    # Order matters: the last added is the outermost.
    app.add_middleware(CatchAllErrors)
    app.add_middleware(
        CORSMiddleware,
        allow_origins=settings.allowed_origins,
        allow_methods=["GET", "POST"],
        allow_headers=["Content-Type", "Accept-Language"],
        expose_headers=["Content-Language", "Retry-After"],
        max_age=600,
    )
    app.add_middleware(DisclaimerGuard)
    return app


def app_factory() -> FastAPI:
    """For ``uvicorn --factory app.main:app_factory``."""
    return create_app()
