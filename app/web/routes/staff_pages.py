"""The staff lookup console: the page at ``/staff``, its script and stylesheet, and its strings in either language.

The page is static (no inline script or style, so a ``script-src 'self'`` policy fits); all its text comes from
``GET /api/v1/staff/strings`` (:mod:`app.web.strings.staff`), its data from ``/api/v1/search`` and ``/api/v1/entries``.
"""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import FileResponse
from pydantic import BaseModel, Field

from app.language.i18n import Lang
from app.web.deps import LangDep, ServiceDep
from app.web.errors import ERROR_RESPONSES
from app.web.middleware.security_headers import page_headers
from app.web.routes.widget import STATIC_DIR
from app.web.strings.staff import console_strings

_ASSETS = {
    "staff.js": "text/javascript; charset=utf-8",
    "staff.css": "text/css; charset=utf-8",
}
_REVALIDATE = {"Cache-Control": "no-cache"}  # small files; a content change must show up on the next load

router = APIRouter(tags=["staff"])


class StaffStringsResponse(BaseModel):
    lang: Lang
    strings: dict[str, str]
    phone: str = Field(description="The specialist phone line (setting FAQBOT_PHONE), for a tel: link.")
    disclaimer: str


@router.get("/staff", include_in_schema=False)
def staff_page() -> FileResponse:
    headers = {**page_headers(), **_REVALIDATE}  # CSP 'self', no inline code, no framing: as the demo page
    return FileResponse(STATIC_DIR / "staff.html", media_type="text/html; charset=utf-8", headers=headers)


@router.get("/staff/staff.js", include_in_schema=False)
def staff_script() -> FileResponse:
    return FileResponse(STATIC_DIR / "staff.js", media_type=_ASSETS["staff.js"], headers=_REVALIDATE)


@router.get("/staff/staff.css", include_in_schema=False)
def staff_stylesheet() -> FileResponse:
    return FileResponse(STATIC_DIR / "staff.css", media_type=_ASSETS["staff.css"], headers=_REVALIDATE)


@router.get("/api/v1/staff/strings", response_model=StaffStringsResponse, responses=ERROR_RESPONSES)
def staff_strings(service: ServiceDep, lang: LangDep) -> StaffStringsResponse:
    """The staff console's interface text in `lang` (the page itself holds no text)."""
    composer = service.composer
    return StaffStringsResponse(
        lang=lang,
        strings=console_strings(composer, lang),
        phone=service.settings.phone,
        disclaimer=composer.disclaimer(lang),
    )
