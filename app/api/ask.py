"""``POST /api/v1/ask``: one question in, one reply out (answer, no match, small talk or emergency).

Every reply gets a random ``reply_id``; its record (kind, entry, confidence, language, reason: never the
question) waits in an in-process buffer that is written to the database in batches (:mod:`app.reply_log`),
so that feedback can refer to the reply without the request ever waiting for the database.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Header, Response
from pydantic import Field

from app.api.deps import ServiceDep, set_language_headers
from app.api.errors import ERROR_RESPONSES
from app.feedback import FeedbackService, get_feedback
from app.i18n import negotiate_lang
from app.schemas import AskRequest, AskResponse

router = APIRouter(prefix="/api/v1", tags=["ask"])


class AskReply(AskResponse):
    reply_id: str = Field(
        description="A random id for this reply, with no link to the client: send it with POST /api/v1/feedback."
    )


@router.post("/ask", response_model=AskReply, responses=ERROR_RESPONSES)
async def ask(
    body: AskRequest,
    service: ServiceDep,
    feedback: Annotated[FeedbackService, Depends(get_feedback)],
    response: Response,
    accept_language: Annotated[str | None, Header(include_in_schema=False)] = None,
) -> AskReply:
    """Answer a question in English or Chinese; the reply is in `lang`, else Accept-Language, else the question's script."""
    lang = negotiate_lang(body.lang, accept_language, body.question)
    set_language_headers(response, lang)
    reply = service.composer.ask(body.question, lang)
    return AskReply.model_construct(**dict(reply), reply_id=feedback.remember(reply))
