"""Liveness: the process answers. (Readiness and metrics live with the operations endpoints.)"""

from __future__ import annotations

from fastapi import APIRouter

from app.answering.schemas import HealthResponse
from app.web.deps import LangDep, ServiceDep

router = APIRouter(prefix="/api/v1", tags=["health"])


@router.get("/health", response_model=HealthResponse)
async def health(service: ServiceDep, lang: LangDep) -> HealthResponse:
    return HealthResponse(status="ok", lang=lang, disclaimer=service.composer.disclaimer(lang))
