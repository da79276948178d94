"""Operations endpoints: readiness (``/api/v1/ready``), Prometheus metrics (``/metrics``), and, in tests only,
fault injection (``/api/v1/_debug/...``, setting ``FAQBOT_ENABLE_FAULT_INJECTION``).

Liveness is ``/api/v1/health`` (:mod:`app.web.routes.health`): the process answers. Readiness says more: the content,
the catalogs and the index are built, so answers can be given; a load balancer sends traffic only then.
"""

from __future__ import annotations

import asyncio
from typing import Annotated, Literal

from fastapi import APIRouter, FastAPI, Query, Request, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from app.answering.schemas import AskRequest, ErrorResponse
from app.language.i18n import N_, Lang
from app.ops.metrics import Metrics
from app.ops.settings import Settings
from app.web.deps import LangDep
from app.web.errors import ERROR_RESPONSES, json_error
from app.web.openapi_errors import document_error_responses

ERROR_NOT_READY = N_("The service is starting up. Please try again in a moment.")

router = APIRouter(tags=["operations"])
metrics_router = APIRouter(tags=["operations"])
fault_router = APIRouter(prefix="/api/v1/_debug", include_in_schema=False)


class ReadyResponse(BaseModel):
    status: Literal["ready"]
    lang: Lang
    entries: int
    disclaimer: str


@router.get(
    "/api/v1/ready",
    response_model=ReadyResponse,
    responses={**ERROR_RESPONSES, 503: {"model": ErrorResponse, "description": "Not ready yet: content, catalogs or index still loading"}},
)
def ready(request: Request, lang: LangDep) -> ReadyResponse | JSONResponse:
    """Readiness: 200 once the FAQ content and the catalogs are loaded and the index is built, else 503."""
    service = getattr(request.app.state, "service", None)
    if service is None:
        return json_error(request, 503, ERROR_NOT_READY, "not_ready", headers={"Retry-After": "1"})
    return ReadyResponse(status="ready", lang=lang, entries=len(service.content.entries),
                         disclaimer=service.composer.disclaimer(lang))


@metrics_router.get(
    "/metrics",
    response_class=Response,
    responses={200: {"description": "Prometheus text exposition format", "content": {"text/plain": {"schema": {"type": "string"}}}}},
)
def metrics(request: Request) -> Response:
    """Prometheus metrics: requests and latency by route template and status; replies by kind and language."""
    registry: Metrics = request.app.state.metrics
    return Response(registry.exposition(), media_type=registry.content_type)


@fault_router.post("/fail")
def fail(body: AskRequest) -> None:
    """A forced 500 (after the body has been validated, so a question really travels through the app)."""
    raise RuntimeError("fault injection: forced failure")


@fault_router.get("/slow")
async def slow(request: Request, seconds: Annotated[float, Query(ge=0, le=30)] = 2.0) -> dict[str, str]:
    """A request that stays in flight for ``seconds`` (for the graceful-shutdown test)."""
    await asyncio.sleep(seconds)
    return {"status": "ok", "disclaimer": request.app.state.service.composer.disclaimer("en")}


def install(app: FastAPI, settings: Settings) -> Metrics:
    """Add the operations routes and the error statuses of the middleware to the OpenAPI schema; the metrics."""
    metrics = Metrics()
    app.state.metrics = metrics
    app.include_router(router)
    if settings.metrics_enabled:
        app.include_router(metrics_router)
    if settings.enable_fault_injection:
        app.include_router(fault_router)
    document_error_responses(app)
    return metrics
