"""``POST /api/v1/ask``: one question in, one reply out (answer, no match, small talk or emergency)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Response

from app.api.deps import ServiceDep, set_language_headers
from app.api.errors import ERROR_RESPONSES
from app.i18n import negotiate_lang
from app.schemas import AskRequest, AskResponse

router = APIRouter(prefix="/api/v1", tags=["ask"])


@router.post("/ask", response_model=AskResponse, responses=ERROR_RESPONSES)
async def ask(
    body: AskRequest,
    service: ServiceDep,
    response: Response,
    accept_language: Annotated[str | None, Header(include_in_schema=False)] = None,
) -> AskResponse:
    """Answer a question in English or Chinese; the reply is in `lang`, else Accept-Language, else the question's script."""
    lang = negotiate_lang(body.lang, accept_language, body.question)
    set_language_headers(response, lang)
    return service.composer.ask(body.question, lang)
