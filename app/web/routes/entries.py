"""``GET /api/v1/entries`` (all entries, by section) and ``GET /api/v1/entries/{id}`` (one entry)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Path

from app.answering.schemas import EntriesResponse, EntryResponse
from app.content.faq import ENTRY_ID
from app.language import messages
from app.web.deps import LangDep, ServiceDep
from app.web.errors import ERROR_RESPONSES

router = APIRouter(prefix="/api/v1", tags=["entries"])


@router.get("/entries", response_model=EntriesResponse, responses=ERROR_RESPONSES)
async def list_entries(service: ServiceDep, lang: LangDep) -> EntriesResponse:
    composer = service.composer
    return EntriesResponse(
        lang=lang,
        sections=[composer.text(lang, section) for section in service.content.sections],
        entries=[composer.entry_view(item, lang) for item in service.content.entries],
        disclaimer=composer.disclaimer(lang),
    )


@router.get("/entries/{entry_id}", response_model=EntryResponse, responses=ERROR_RESPONSES)
async def get_entry(
    entry_id: Annotated[str, Path(pattern=ENTRY_ID, max_length=80)], service: ServiceDep, lang: LangDep
) -> EntryResponse:
    item = service.content.entry(entry_id)
    if item is None:
        raise HTTPException(status_code=404, detail=messages.ERROR_ENTRY_NOT_FOUND)
    composer = service.composer
    return EntryResponse(lang=lang, entry=composer.entry_view(item, lang), disclaimer=composer.disclaimer(lang))
