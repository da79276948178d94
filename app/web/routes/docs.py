"""The API documentation at ``/docs``: Swagger UI served from the app itself, under the pages' strict CSP.

FastAPI's own ``/docs`` loads Swagger UI from a CDN (a blank page without internet) and starts it with an inline
script (which ``script-src 'self'`` forbids). Here the page is a static file, Swagger UI's script and stylesheet
come from the ``fastapi-offline`` package (its bundled copy of swagger-ui-dist), and a small script of ours
(``static/docs.js``) starts it: every script and style is same-origin, none inline, nothing from elsewhere. The
policy is the pages' own (:data:`app.web.middleware.security_headers.DOCS_CSP`) less Trusted Types, which Swagger UI's
DOMPurify-sanitised Markdown (written through ``innerHTML``) cannot meet.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from fastapi import APIRouter, HTTPException
from fastapi.responses import FileResponse

from app.web.middleware.security_headers import DOCS_CSP, page_headers
from app.web.routes.widget import STATIC_DIR

SWAGGER_DIR = Path(str(resources.files("fastapi_offline") / "static"))
_ASSETS: dict[str, tuple[Path, str]] = {
    "swagger-ui-bundle.js": (SWAGGER_DIR / "swagger-ui-bundle.js", "text/javascript; charset=utf-8"),
    "swagger-ui.css": (SWAGGER_DIR / "swagger-ui.css", "text/css; charset=utf-8"),
    "docs.js": (STATIC_DIR / "docs.js", "text/javascript; charset=utf-8"),
}
_CACHE = {"Cache-Control": "public, max-age=3600"}

router = APIRouter(include_in_schema=False)


@router.get("/docs")
def docs_page() -> FileResponse:
    return FileResponse(STATIC_DIR / "docs.html", media_type="text/html; charset=utf-8",
                        headers={**page_headers(DOCS_CSP), "Cache-Control": "no-cache"})


@router.get("/docs/{asset}")
def docs_asset(asset: str) -> FileResponse:
    if asset not in _ASSETS:
        raise HTTPException(404)
    path, media_type = _ASSETS[asset]
    return FileResponse(path, media_type=media_type, headers=_CACHE)
