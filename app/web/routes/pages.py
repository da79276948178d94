"""HTML pages: the demo page at ``/`` (the article's FAQ with the chat widget embedded) and its stylesheet."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, HTMLResponse

from app.language.i18n import LANGUAGE_TAG
from app.web.deps import LangDep, ServiceDep
from app.web.middleware.security_headers import embeddable_resource_headers, page_headers
from app.web.pages.demo import render_demo_page
from app.web.routes.widget import STATIC_DIR

router = APIRouter(tags=["pages"], include_in_schema=False)


@router.get("/", response_class=HTMLResponse)
def demo_page(request: Request, service: ServiceDep, lang: LangDep) -> HTMLResponse:
    """The demo page in ``?lang=``, else the browser's language; the widget on it follows the page's language."""
    origin = str(request.base_url).rstrip("/")
    headers = {**page_headers(), "Content-Language": LANGUAGE_TAG[lang], "Vary": "Accept-Language"}
    return HTMLResponse(render_demo_page(service.composer, lang, origin), headers=headers)


@router.get("/demo.css")
def demo_stylesheet() -> FileResponse:
    return FileResponse(STATIC_DIR / "demo.css", media_type="text/css; charset=utf-8", headers=embeddable_resource_headers())
