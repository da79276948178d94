"""The content team's review: the page ``/staff/review`` (sign-in, actions, CSV) and the read-only JSON API
``/api/v1/review/...``. Both refuse anyone not signed in; with no credential configured the review is off.

Staff actions (sign-in, sign-out, "mark as handled") are POSTed forms with a CSRF token and, when the browser
sends one, an ``Origin`` that must be this site's. Failed sign-ins are limited per client (in this process's
memory only; the address is never stored or logged).
"""

from __future__ import annotations

from typing import Annotated, Literal
from urllib.parse import parse_qs, urlsplit

from fastapi import APIRouter, Depends, FastAPI, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, JSONResponse, PlainTextResponse, RedirectResponse, Response
from limits import parse
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter
from pydantic import BaseModel, Field

from app.answering.schemas import ErrorResponse
from app.feedback.review import entry_file, entry_helpfulness, export_csv, no_match_rates, question_groups
from app.language.i18n import N_, Lang
from app.ops.settings import Settings
from app.web.deps import FeedbackDep, LangDep, ServiceDep
from app.web.errors import ERROR_RESPONSES, json_error
from app.web.middleware.rate_limit import client_key
from app.web.middleware.security_headers import page_headers
from app.web.pages.review import FORM_EXPIRED, SIGN_IN_FAILED, SIGN_IN_TOO_MANY, Page
from app.web.routes.widget import STATIC_DIR
from app.web.staff_auth import SESSION_COOKIE, SIGN_IN_COOKIE, SIGN_IN_COOKIE_SECONDS, StaffAuth

ERROR_STAFF_ONLY = N_("Sign in as staff to see the review.")
REVIEW_PATH = "/staff/review"
_NO_CACHE = {"Cache-Control": "no-store"}
_SIGN_IN_FAILURES = parse("10/minute")

router = APIRouter(include_in_schema=False)
api_router = APIRouter(prefix="/api/v1/review", tags=["review"])
SortParam = Annotated[Literal["newest", "frequent"], Query(description="Newest groups first, or the largest.")]


def install(app: FastAPI, settings: Settings) -> None:
    """The routes, the staff credential checker, the sign-in failure limiter and the 401 handler."""
    app.state.staff_auth = StaffAuth(settings)
    app.state.sign_in_limiter = MovingWindowRateLimiter(MemoryStorage())
    app.include_router(router)
    app.include_router(api_router)
    app.add_exception_handler(StaffOnly, staff_only_handler)


def staff_auth(request: Request) -> StaffAuth:
    auth: StaffAuth = request.app.state.staff_auth
    return auth


AuthDep = Annotated[StaffAuth, Depends(staff_auth)]


def _same_origin(request: Request) -> bool:
    """A browser's POST says where it comes from; it must be this site (absent: other checks decide)."""
    origin = request.headers.get("origin")
    if origin is None or origin == "null":
        return origin is None
    parts = urlsplit(origin)
    return parts.netloc == request.headers.get("host", "") and parts.scheme in {"http", "https"}


async def _form(request: Request) -> dict[str, str]:
    body = (await request.body()).decode("utf-8", errors="replace")
    return {key: values[0] for key, values in parse_qs(body, max_num_fields=20).items()}


def _html(html: str, status: int = 200) -> HTMLResponse:
    return HTMLResponse(html, status_code=status, headers={**page_headers(), **_NO_CACHE})


def _secure(request: Request, auth: StaffAuth) -> bool:
    return auth.cookie_secure or request.url.scheme == "https"


# -- the page ---------------------------------------------------------------------------------------------------------
@router.get(REVIEW_PATH, response_class=HTMLResponse)
async def review_page(
    request: Request, service: ServiceDep, feedback: FeedbackDep, auth: AuthDep, lang: LangDep,
    sort: Literal["newest", "frequent"] = "newest", group: int | None = None, entry: str | None = None,
) -> Response:
    page = Page(service.composer, lang)
    if not auth.enabled:
        return _html(page.off(), 404)
    nonce = auth.session_nonce(request.cookies.get(SESSION_COOKIE))
    if nonce is None:
        return _sign_in_page(request, auth, page)
    groups = await run_in_threadpool(question_groups, feedback.store, sort)
    helpfulness = await run_in_threadpool(entry_helpfulness, feedback.store)
    rates = await run_in_threadpool(no_match_rates, feedback.store)
    chosen = None
    if group is not None and entry and service.composer.content.entry(entry) is not None:
        chosen = (group, entry, entry_file(service.settings.content_dir, entry))
    return _html(page.review(auth.csrf_token(nonce), groups, sort, helpfulness, rates, chosen))


def _sign_in_page(request: Request, auth: StaffAuth, page: Page, error: str | None = None, status: int = 401) -> HTMLResponse:
    nonce = auth.new_nonce()
    response = _html(page.sign_in(auth.csrf_token("sign-in:" + nonce), error), status)
    response.set_cookie(SIGN_IN_COOKIE, nonce, max_age=SIGN_IN_COOKIE_SECONDS, path=REVIEW_PATH, httponly=True,
                        samesite="strict", secure=_secure(request, auth))
    return response


@router.post(f"{REVIEW_PATH}/sign-in")
async def sign_in(request: Request, service: ServiceDep, auth: AuthDep, lang: LangDep) -> Response:
    page = Page(service.composer, lang)
    if not auth.enabled:
        return _html(page.off(), 404)
    form = await _form(request)
    nonce = request.cookies.get(SIGN_IN_COOKIE)
    if not _same_origin(request) or not auth.check_csrf("sign-in:" + nonce if nonce else None, form.get("csrf")):
        return _html(page.message(FORM_EXPIRED), 403)
    limiter: MovingWindowRateLimiter = request.app.state.sign_in_limiter
    who = client_key(request.scope, service.settings.trusted_proxy_hops)
    if not limiter.test(_SIGN_IN_FAILURES, "staff-sign-in", who):
        return _sign_in_page(request, auth, page, SIGN_IN_TOO_MANY, 429)
    if not await run_in_threadpool(auth.check_credential, form.get("password", "")):
        limiter.hit(_SIGN_IN_FAILURES, "staff-sign-in", who)
        return _sign_in_page(request, auth, page, SIGN_IN_FAILED, 401)
    response = RedirectResponse(f"{REVIEW_PATH}?lang={lang}", status_code=303, headers=_NO_CACHE)
    response.set_cookie(SESSION_COOKIE, auth.new_session(), max_age=auth.session_seconds, path="/", httponly=True,
                        samesite="strict", secure=_secure(request, auth))
    response.delete_cookie(SIGN_IN_COOKIE, path=REVIEW_PATH)
    return response


async def _staff_action(request: Request, auth: StaffAuth) -> dict[str, str] | None:
    """The form of a signed-in staff action whose CSRF token and origin check out, else None."""
    nonce = auth.session_nonce(request.cookies.get(SESSION_COOKIE))
    form = await _form(request)
    if nonce is None or not _same_origin(request) or not auth.check_csrf(nonce, form.get("csrf")):
        return None
    return form


@router.post(f"{REVIEW_PATH}/sign-out")
async def sign_out(request: Request, service: ServiceDep, auth: AuthDep, lang: LangDep) -> Response:
    if await _staff_action(request, auth) is None:
        return _html(Page(service.composer, lang).message(FORM_EXPIRED), 403)
    response = RedirectResponse(f"{REVIEW_PATH}?lang={lang}", status_code=303, headers=_NO_CACHE)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.post(f"{REVIEW_PATH}/resolve")
async def resolve_group(request: Request, service: ServiceDep, feedback: FeedbackDep, auth: AuthDep, lang: LangDep) -> Response:
    """Mark a group as handled: its questions are deleted (the votes stay for the helpfulness figures)."""
    form = await _staff_action(request, auth)
    if form is None:
        return _html(Page(service.composer, lang).message(FORM_EXPIRED), 403)
    group_id = form.get("group", "")
    groups = await run_in_threadpool(question_groups, feedback.store)
    chosen = next((group for group in groups if str(group.id) == group_id), None)
    if chosen is not None:
        await run_in_threadpool(feedback.store.delete_questions, [row.id for row in chosen.questions])
    return RedirectResponse(f"{REVIEW_PATH}?lang={lang}", status_code=303, headers=_NO_CACHE)


@router.get(f"{REVIEW_PATH}/export.csv")
async def export(request: Request, service: ServiceDep, feedback: FeedbackDep, auth: AuthDep, lang: LangDep) -> Response:
    if auth.session_nonce(request.cookies.get(SESSION_COOKIE)) is None:
        return _html(Page(service.composer, lang).message(ERROR_STAFF_ONLY), 401)
    text = await run_in_threadpool(export_csv, feedback.store)
    return Response("\ufeff" + text, media_type="text/csv; charset=utf-8", headers={
        **_NO_CACHE, "Content-Disposition": 'attachment; filename="faqbot-feedback.csv"'})


@router.get(f"{REVIEW_PATH}/review.css")
def review_stylesheet() -> Response:
    return PlainTextResponse((STATIC_DIR / "review.css").read_text(encoding="utf-8"), media_type="text/css; charset=utf-8",
                             headers={"Cache-Control": "no-cache"})


@router.get(f"{REVIEW_PATH}/review.js")
def review_script() -> Response:
    return PlainTextResponse((STATIC_DIR / "review.js").read_text(encoding="utf-8"),
                             media_type="text/javascript; charset=utf-8", headers={"Cache-Control": "no-cache"})


# -- the JSON API -------------------------------------------------------------------------------------------------------
class GroupView(BaseModel):
    id: int
    question: str
    count: int
    newest: str = Field(description="UTC time of the newest question in the group (ISO 8601).")
    langs: list[str]
    no_match: int
    entries_reached: list[str]
    questions: list[str]


class QuestionsResponse(BaseModel):
    lang: Lang
    groups: list[GroupView]
    disclaimer: str


class EntryHelpfulness(BaseModel):
    entry_id: str
    helpful: int
    unhelpful: int
    rate: float = Field(ge=0, le=1)


class HelpfulnessResponse(BaseModel):
    lang: Lang
    entries: list[EntryHelpfulness]
    disclaimer: str


class DayRateView(BaseModel):
    day: str
    lang: Lang
    replies: int
    no_match: int
    rate: float = Field(ge=0, le=1)


class NoMatchRateResponse(BaseModel):
    lang: Lang
    days: list[DayRateView]
    disclaimer: str


_API_RESPONSES = {**ERROR_RESPONSES, 401: {"model": ErrorResponse, "description": "Not signed in as staff (or the review is off)"}}


def _bearer(request: Request) -> str | None:
    scheme, _, credential = request.headers.get("authorization", "").partition(" ")
    return credential.strip() if scheme.lower() == "bearer" else None


async def require_staff(_lang: LangDep, request: Request, auth: AuthDep) -> None:
    """A session cookie or ``Authorization: Bearer <credential>``; else 401 with the disclaimer (after a malformed
    Accept-Language has had its 400, as on every route)."""
    if auth.session_nonce(request.cookies.get(SESSION_COOKIE)) is not None:
        return
    credential = _bearer(request)
    valid: bool = await run_in_threadpool(auth.check_credential, credential) if credential else False
    if not valid:
        raise StaffOnly()


class StaffOnly(Exception):
    """Raised by :func:`require_staff`; answered by :func:`staff_only_handler`."""


def staff_only_handler(request: Request, exc: Exception) -> JSONResponse:
    return json_error(request, 401, ERROR_STAFF_ONLY, "staff_only", headers={"WWW-Authenticate": "Bearer"})


StaffDep = Depends(require_staff)


@api_router.get("/questions", response_model=QuestionsResponse, responses=_API_RESPONSES, dependencies=[StaffDep])
async def review_questions(service: ServiceDep, feedback: FeedbackDep, lang: LangDep, sort: SortParam = "newest") -> QuestionsResponse:
    """Consented questions without a (helpful) answer, grouped by similar wording. Staff only."""
    groups = await run_in_threadpool(question_groups, feedback.store, sort)
    return QuestionsResponse(lang=lang, disclaimer=service.composer.disclaimer(lang), groups=[
        GroupView(id=group.id, question=group.question, count=group.count, newest=group.newest.isoformat(timespec="seconds"),
                  langs=group.langs, no_match=group.no_match, entries_reached=group.entries_reached,
                  questions=[row.question or "" for row in group.questions])
        for group in groups
    ])


@api_router.get("/entries", response_model=HelpfulnessResponse, responses=_API_RESPONSES, dependencies=[StaffDep])
async def review_entries(service: ServiceDep, feedback: FeedbackDep, lang: LangDep) -> HelpfulnessResponse:
    """Per entry, how often its answer helped. Staff only."""
    items = await run_in_threadpool(entry_helpfulness, feedback.store)
    return HelpfulnessResponse(lang=lang, disclaimer=service.composer.disclaimer(lang), entries=[
        EntryHelpfulness(entry_id=item.entry_id, helpful=item.helpful, unhelpful=item.unhelpful, rate=round(item.rate, 4))
        for item in items
    ])


@api_router.get("/no-match-rate", response_model=NoMatchRateResponse, responses=_API_RESPONSES, dependencies=[StaffDep])
async def review_no_match_rate(
    service: ServiceDep, feedback: FeedbackDep, lang: LangDep,
    days: Annotated[int, Query(ge=1, le=366, description="How many days back, today included.")] = 30,
) -> NoMatchRateResponse:
    """Per UTC day and reply language, the share of replies that were "no match". Staff only."""
    rates = await run_in_threadpool(no_match_rates, feedback.store, days)
    return NoMatchRateResponse(lang=lang, disclaimer=service.composer.disclaimer(lang), days=[
        DayRateView(day=day.day.isoformat(), lang=day.lang, replies=day.replies, no_match=day.no_match, rate=round(day.rate, 4))
        for series in rates.values() for day in series
    ])
