"""``POST /api/v1/feedback``: was a reply helpful, and, with the person's consent, the question that led to it.

Rate-limited and size-limited like the rest of ``/api/`` (:mod:`app.web.middleware.rate_limit`, :mod:`app.web.middleware.body_limit`); every
response carries the disclaimer in the reply's language. Nothing about the client is stored or logged.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from app.answering.schemas import MAX_QUESTION_CHARS, QUESTION_PATTERN, ErrorResponse
from app.feedback.service import UnknownReply
from app.language.i18n import LANGS, N_, Lang
from app.web.deps import FeedbackDep, ServiceDep, set_language_headers
from app.web.errors import ERROR_RESPONSES, json_error

ERROR_UNKNOWN_REPLY = N_("This reply is not known (it may be too old). Your feedback was not saved.")

router = APIRouter(prefix="/api/v1", tags=["feedback"])


class FeedbackRequest(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"reply_id": "9r2Vx1XHcF0nE3m4qv3Zcw", "helpful": False,
                                         "question": "Can IVIG be given at home?", "consent": True}]},
    )

    reply_id: Annotated[str, StringConstraints(min_length=8, max_length=64, pattern=r"^[A-Za-z0-9_\-]+$")] = Field(
        description="The `reply_id` of the /api/v1/ask reply this feedback is about."
    )
    helpful: bool = Field(description="Whether the reply helped.")
    question: Annotated[
        str, StringConstraints(min_length=1, max_length=MAX_QUESTION_CHARS, pattern=QUESTION_PATTERN)
    ] | None = Field(None, description="The question that led to the reply; kept (identifiers removed) only with consent.")
    consent: bool = Field(False, description="The person agreed that the question be sent to the team and kept.")


class FeedbackResponse(BaseModel):
    lang: Lang
    status: str = Field(description="`recorded`: the feedback is saved (with the question, if consent was given).")
    question_kept: bool
    disclaimer: str


@router.post(
    "/feedback",
    response_model=FeedbackResponse,
    responses={**ERROR_RESPONSES, 404: {"model": ErrorResponse, "description": "Unknown reply id (never given, or expired)"}},
)
async def send_feedback(
    body: FeedbackRequest,
    request: Request,
    response: Response,
    service: ServiceDep,
    feedback: FeedbackDep,
) -> FeedbackResponse | JSONResponse:
    """Record whether a reply helped; store the question, identifiers removed, only when `consent` is true
    (without consent a question is dropped unread). A second POST for the same reply replaces the first."""
    try:
        reply = await feedback.record(body.reply_id, body.helpful, body.question, body.consent)
    except UnknownReply:
        return json_error(request, 404, ERROR_UNKNOWN_REPLY, "unknown_reply")
    lang: Lang = reply.lang if reply.lang in LANGS else "en"
    set_language_headers(response, lang)
    return FeedbackResponse(
        lang=lang,
        status="recorded",
        question_kept=bool(body.consent and body.question),
        disclaimer=service.composer.disclaimer(lang),
    )
