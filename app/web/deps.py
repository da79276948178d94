"""Dependencies shared by the routes, each declared once as an ``Annotated`` alias."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Header, Query, Request, Response

from app.answering.service import FaqService
from app.feedback.service import FeedbackService
from app.language.i18n import LANGUAGE_TAG, Lang, negotiate_lang
from app.web.ask_batcher import AskBatcher


async def get_service(request: Request) -> FaqService:
    service: FaqService | None = getattr(request.app.state, "service", None)
    if service is None:  # only between process start and the end of the lifespan's start-up
        raise RuntimeError("the FAQ service is not built yet")
    return service


ServiceDep = Annotated[FaqService, Depends(get_service)]


async def get_feedback(request: Request) -> FeedbackService:
    """The process's feedback service (async: a plain ``def`` dependency would cost a thread hop per request)."""
    feedback: FeedbackService | None = getattr(request.app.state, "feedback", None)
    if feedback is None:
        raise RuntimeError("the feedback service is not started yet")
    return feedback


async def get_ask_batcher(request: Request) -> AskBatcher:
    """The process's :class:`app.web.ask_batcher.AskBatcher` (made with the service at start-up)."""
    batcher: AskBatcher | None = getattr(request.app.state, "ask_batcher", None)
    if batcher is None:
        raise RuntimeError("the FAQ service is not built yet")
    return batcher


FeedbackDep = Annotated[FeedbackService, Depends(get_feedback)]


async def negotiated_lang(
    response: Response,
    lang: Annotated[
        Lang | None,
        Query(description='"en", "zh" (Simplified Chinese) or "zh-Hant" (Traditional); default: Accept-Language, else English.'),
    ] = None,
    accept_language: Annotated[str | None, Header(include_in_schema=False)] = None,
) -> Lang:
    """The language of a GET request (``?lang=`` else Accept-Language else English); sets the response headers."""
    chosen = negotiate_lang(lang, accept_language)
    set_language_headers(response, chosen)
    return chosen


LangDep = Annotated[Lang, Depends(negotiated_lang)]


def set_language_headers(response: Response, lang: Lang) -> None:
    response.headers["Content-Language"] = LANGUAGE_TAG[lang]
    response.headers["Vary"] = "Accept-Language"
