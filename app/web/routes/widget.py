"""The website chat widget: its script (``GET /widget.js``) and its UI strings (``GET /api/v1/widget/strings``)."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Response
from fastapi.responses import FileResponse

from app.web.deps import LangDep, ServiceDep
from app.web.errors import ERROR_RESPONSES
from app.web.middleware.security_headers import embeddable_resource_headers
from app.web.strings.widget import WidgetStringsResponse, widget_strings

STATIC_DIR = Path(__file__).resolve().parent.parent / "static"
WIDGET_JS = STATIC_DIR / "widget.js"
JAVASCRIPT = "text/javascript; charset=utf-8"  # RFC 9239

router = APIRouter(tags=["widget"])


@router.get("/api/v1/widget/strings", response_model=WidgetStringsResponse, responses=ERROR_RESPONSES)
def strings(service: ServiceDep, lang: LangDep, response: Response) -> WidgetStringsResponse:
    """Everything the widget shows that is not an answer, in `lang`: labels, messages, the phone line, the disclaimer."""
    response.headers["Cache-Control"] = "public, max-age=300"
    return widget_strings(service.composer, lang)


@router.get("/widget.js", include_in_schema=False)
def widget_script() -> FileResponse:
    """The embeddable widget: ``<script src="https://HOST/widget.js" defer></script>``."""
    return FileResponse(WIDGET_JS, media_type=JAVASCRIPT, headers=embeddable_resource_headers())
