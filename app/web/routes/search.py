"""``GET /api/v1/search``: the top entries for a query, ranked, with answers, scores and sources (for staff)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from app.answering.schemas import MAX_QUESTION_CHARS, QUESTION_PATTERN
from app.answering.search import DEFAULT_LIMIT, MAX_LIMIT, SearchResponse, search
from app.web.deps import LangDep, ServiceDep
from app.web.errors import ERROR_RESPONSES

router = APIRouter(prefix="/api/v1", tags=["search"])


@router.get("/search", response_model=SearchResponse, responses=ERROR_RESPONSES)
async def search_entries(
    service: ServiceDep,
    lang: LangDep,
    q: Annotated[
        str,
        Query(
            min_length=1,
            max_length=MAX_QUESTION_CHARS,
            pattern=QUESTION_PATTERN,
            description="Words or a question, in English or Chinese; at most 500 characters, no control characters.",
        ),
    ],
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="How many entries at most.")] = DEFAULT_LIMIT,
) -> SearchResponse:
    """Entries ranked by how well they match `q`, best first, in `lang`; an empty list when nothing matches.

    `terms` lists the words to highlight (the query's words and their glossary variants in both languages).
    """
    return search(service, q, lang, limit)
