"""Ranked search for phone-support staff: the top entries for a query, each with its answer and score.

Unlike :meth:`app.answering.replies.Composer.ask`, which picks one answer for a patient, search shows staff the candidates
and lets them choose. It uses the same matcher (:meth:`app.answering.matcher.Matcher.match`), keeps the entries scoring at
least :data:`SCORE_FLOOR` and :data:`RELATIVE_FLOOR` times the best score (so a query that matches nothing gets an
empty list, not noise) and adds the words to highlight (:mod:`app.answering.highlight`). Used by ``GET /api/v1/search`` and
``faqbot search``.
"""

from __future__ import annotations

from pydantic import BaseModel, Field

from app.answering.highlight import highlight_terms
from app.answering.schemas import Source
from app.answering.service import FaqService
from app.language.i18n import Lang

# A candidate below SCORE_FLOOR shares at most a stray or typo-corrected word with the query: measured with the
# matcher of this commit, off-topic queries ("lupus", "dog food", "opening hours", "cancer treatment", "今天吃什么")
# top out under 0.3, while one-word keyword queries ("dose", "副作用", "platelet", "refill") score 0.7 to 1.0.
# A candidate below RELATIVE_FLOOR x the best one's score is noise next to it ("1.9 per million": 0.95, then 0.27).
SCORE_FLOOR = 0.3
RELATIVE_FLOOR = 0.4
DEFAULT_LIMIT = 10
MAX_LIMIT = 25


class SearchResult(BaseModel):
    id: str
    section: str
    question: str
    answer: str
    score: float = Field(ge=0.0, le=1.0, description="The matcher's score in 0..1; results are sorted by it.")
    sources: list[Source]


class SearchResponse(BaseModel):
    lang: Lang
    results: list[SearchResult] = Field(description="Best first; empty when nothing matches the query.")
    terms: list[str] = Field(
        description="Words to highlight in any text of either language (case-insensitive; see app/answering/highlight.py)."
    )
    disclaimer: str


def search(service: FaqService, query: str, lang: Lang, limit: int = DEFAULT_LIMIT) -> SearchResponse:
    """The entries matching ``query`` (at most ``limit``), best first, in ``lang``."""
    composer = service.composer
    results = []
    candidates = service.matcher.match(query, limit).candidates
    floor = max(SCORE_FLOOR, RELATIVE_FLOOR * candidates[0].score) if candidates else SCORE_FLOOR
    for candidate in candidates:
        item = service.content.entry(candidate.entry_id)
        if item is None or candidate.score < floor:
            continue
        view = composer.entry_view(item, lang)
        results.append(
            SearchResult(
                id=view.id,
                section=view.section,
                question=view.question,
                answer=view.answer,
                score=candidate.score,
                sources=view.sources,
            )
        )
    terms = highlight_terms(service.matcher, service.content.glossary, query) if results else []
    return SearchResponse(lang=lang, results=results, terms=terms, disclaimer=composer.disclaimer(lang))
