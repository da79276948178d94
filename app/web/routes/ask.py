"""``POST /api/v1/ask``: one question in, one reply out (answer, no match, small talk or emergency).

The question is answered by the worker's :class:`app.web.ask_batcher.AskBatcher`, together with the questions
that arrived at the same moment (the same replies, less CPU under load). Every reply gets a random ``reply_id``;
its record (kind, entry, confidence, language, reason: never the question) waits in an in-process buffer that is
written to the database in batches (:mod:`app.feedback.reply_log`), so that feedback can refer to the reply
without the request ever waiting for the database.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import Field

from app.answering.schemas import AskRequest, AskResponse
from app.language.i18n import LANGUAGE_TAG, negotiate_lang
from app.web.deps import get_ask_batcher, get_feedback
from app.web.errors import ERROR_RESPONSES
from app.web.middleware.observability import note_ask_outcome

router = APIRouter(prefix="/api/v1", tags=["ask"])


class AskReply(AskResponse):
    reply_id: str = Field(
        description="A random id for this reply, with no link to the client: send it with POST /api/v1/feedback."
    )


_SERIALIZER = AskReply.__pydantic_serializer__


@router.post("/ask", response_model=AskReply, responses=ERROR_RESPONSES)
async def ask(request: Request, body: AskRequest) -> Response:
    """Answer a question in English or Chinese; the reply is in `lang`, else Accept-Language, else the question's script."""
    # The batcher, the feedback loop and Accept-Language are read here rather than declared as dependencies: on
    # the busiest route, FastAPI's dependency solving costs as much as a tenth of a reply (bench/load.py).
    batcher = await get_ask_batcher(request)
    feedback = await get_feedback(request)
    lang = negotiate_lang(body.lang, request.headers.get("accept-language"), body.question)
    reply = await batcher.ask(body.question, lang)  # answered with the other questions of this moment, if any
    # The composer builds a valid AskResponse; it is serialised once here, not validated again by FastAPI.
    payload = AskReply.model_construct(**dict(reply), reply_id=feedback.remember(reply))
    note_ask_outcome(request.scope, reply.kind, reply.lang, reply.entry.id if reply.entry else None, reply.confidence)
    return Response(
        _SERIALIZER.to_json(payload),
        media_type="application/json",
        headers={"Content-Language": LANGUAGE_TAG[lang], "Vary": "Accept-Language"},
    )
