"""The feedback loop end to end in headless Chromium: a patient rates answers and, with consent, sends questions
from the widget; a staff member signs in to /staff/review and sees them, identifiers removed, grouped, charted;
without the secret nobody can sign in. Real app on loopback, real SQLite database, real browser."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import LiveServer
from databases import all_stored_text
from playwright.sync_api import Browser, BrowserContext, Page, expect, sync_playwright

from app.feedback.storage import Store
from app.language.i18n import LANGS
from app.ops.settings import Settings
from app.web.application import create_app

pytestmark = pytest.mark.browser

SECRET = "staff-secret-for-the-browser-test"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("feedback-data")


@pytest.fixture(scope="module")
def api(data_dir: Path) -> Iterator[LiveServer]:
    settings = Settings(data_dir=data_dir, staff_secret=SECRET, reply_flush_seconds=0.05, rate_limit="off")
    with LiveServer(create_app(settings)) as server:
        yield server


@pytest.fixture(scope="module")
def browser(chromium_path: str) -> Iterator[Browser]:
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    yield ctx
    ctx.close()


@pytest.fixture(scope="module")
def texts(api: LiveServer) -> dict[str, dict[str, Any]]:
    import httpx

    return {lang: httpx.get(f"{api.url}/api/v1/widget/strings", params={"lang": lang}).json()["strings"] for lang in ("en", "zh")}


def csp_watch(page: Page) -> list[str]:
    violations: list[str] = []
    page.on("console", lambda message: violations.append(message.text) if "Content Security Policy" in message.text else None)
    return violations


def ask(page: Page, label: str, question: str) -> Any:
    replies = page.locator("faqbot-widget .msg.bot:not(.greeting)")
    before = replies.count()
    box = page.get_by_role("textbox", name=label)
    box.fill(question)
    box.press("Enter")
    expect(replies).to_have_count(before + 1, timeout=15_000)
    return replies.nth(before)


def test_patient_feedback_and_consent_then_staff_review(api: LiveServer, context: BrowserContext, texts: dict, data_dir: Path,
                                                       output_dir: Path) -> None:
    en, zh = texts["en"], texts["zh"]
    page = context.new_page()
    violations = csp_watch(page)
    page.goto(f"{api.url}/?lang=en")
    page.get_by_role("button", name=en["launcher"]).click()

    # An answer: "Was this helpful?" with labelled, keyboard-operable Yes / No, in the reply's language.
    answer = ask(page, en["input_label"], "What are the side effects of IVIG?")
    group = answer.get_by_role("group", name=en["helpful_question"])
    expect(group).to_be_visible()
    yes = group.get_by_role("button", name=en["helpful_yes"], exact=True)
    yes.focus()
    page.keyboard.press("Enter")
    expect(answer.get_by_role("status")).to_have_text(en["feedback_thanks"])

    # "No" under an answer (or a no-match, which offers at once): the consent offer says what is kept, that
    # identifiers go, and for how long.
    unhelpful = ask(page, en["input_label"], "How long does IVIG treatment last? my email is pat.doe@example.com")
    no = unhelpful.get_by_role("button", name=en["helpful_no"], exact=True)
    said_no = no.count() == 1
    if said_no:
        no.click()
    offer = unhelpful.get_by_role("group", name=en["consent_offer"])
    expect(offer).to_be_visible()
    expect(offer).to_contain_text("90 days")
    expect(offer).to_contain_text("e-mail addresses")
    send = offer.get_by_role("button", name=en["consent_send"])
    if said_no:
        expect(send).to_be_focused()  # focus moves to the offer the click opened
    else:
        send.focus()  # a new reply does not take the focus from the question box
    page.keyboard.press("Enter")
    expect(unhelpful.get_by_role("status")).to_have_text(en["question_sent"])

    # A no-match offers consent at once; declining sends nothing.
    declined = ask(page, en["input_label"], "Can my cat get IVIG from a vet? Call Mrs. Hathaway on 415-555-0188")
    expect(declined.get_by_role("group", name=en["consent_offer"])).to_be_visible()
    declined.get_by_role("button", name=en["consent_decline"]).click()
    expect(declined.get_by_role("status")).to_have_text(en["feedback_thanks"])

    # The feedback state survives a reload (sessionStorage): no second offer for the same reply.
    page.reload()
    expect(page.locator("faqbot-widget .msg.bot:not(.greeting)")).to_have_count(3)
    expect(page.locator("faqbot-widget").get_by_role("button", name=en["helpful_yes"], exact=True)).to_have_count(0)
    expect(page.locator("faqbot-widget").get_by_role("button", name=en["consent_send"], exact=True)).to_have_count(0)

    # On a Chinese page the widget speaks Chinese, and so does its offer; this one is sent.
    zh_page = context.new_page()
    violations += csp_watch(zh_page)
    zh_page.goto(f"{api.url}/?lang=zh")
    zh_page.get_by_role("button", name=zh["launcher"]).click()
    no_match = ask(zh_page, zh["input_label"], "我叫赵敏，丙球可以在药店买到吗？电话13912345678")
    no = no_match.get_by_role("button", name=zh["helpful_no"], exact=True)
    if no.count() == 1:
        no.click()
    zh_offer = no_match.get_by_role("group", name=zh["consent_offer"])
    expect(zh_offer).to_contain_text("90 天")
    zh_offer.get_by_role("button", name=zh["consent_send"]).click()
    expect(no_match.get_by_role("status")).to_have_text(zh["question_sent"])
    zh_page.screenshot(path=str(output_dir / "feedback-widget-zh.png"))

    time.sleep(0.3)
    stored = all_stored_text(f"sqlite:///{data_dir / 'faqbot.sqlite3'}")
    assert "pat.doe" not in stored and "Hathaway" not in stored and "cat" not in stored  # declined: never sent
    assert "赵敏" not in stored and "13912345678" not in stored and "丙球" in stored

    # Staff: the review asks for sign-in; a wrong password is refused; the right one shows the questions.
    staff = context.new_page()
    staff_violations = csp_watch(staff)
    staff.goto(f"{api.url}/staff/review?lang=en")
    password = staff.get_by_label("Staff password")
    password.fill("not the secret")
    staff.get_by_role("button", name="Sign in").click()
    expect(staff.get_by_role("alert")).to_have_text("That password is not right.")
    staff.get_by_label("Staff password").fill(SECRET)
    staff.get_by_role("button", name="Sign in").click()
    expect(staff.get_by_role("heading", name="Unanswered and unhelpful questions")).to_be_visible()
    expect(staff.locator(".group h3")).to_have_count(2)
    expect(staff.locator("main")).to_contain_text("my email is [email]")
    expect(staff.locator("main")).not_to_contain_text("pat.doe")
    expect(staff.locator("svg.chart")).to_have_count(len(LANGS))  # one chart per language: en, zh, zh-Hant
    expect(staff.get_by_role("img", name=re.compile("No-match rate per day"))).to_have_count(len(LANGS))
    table = staff.get_by_role("table").first
    expect(table).to_contain_text("ivig-side-effects")

    # Pick the entry a group should have reached: the YAML line to paste, and where.
    first_group = staff.locator(".group").filter(has_text="How long does IVIG")
    first_group.get_by_label("Entry it should have reached").select_option("ivig-when-how-long")
    first_group.get_by_role("button", name="Show the YAML line").click()
    line = staff.locator(".group").filter(has_text="How long does IVIG").locator("textarea")
    expect(line).to_have_value(re.compile(r'^        - "How long does IVIG treatment last\? my email is \[email\]"$'))
    expect(staff.locator(".yaml")).to_contain_text("faq/sections/")
    staff.screenshot(path=str(output_dir / "review-page.png"), full_page=True)

    # CSV export while signed in.
    with staff.expect_download() as download:
        staff.get_by_role("link", name="Export all feedback as CSV").click()
    exported = Path(download.value.path()).read_text(encoding="utf-8-sig")
    assert exported.startswith("received_utc,") and "[email]" in exported and "pat.doe" not in exported

    # Mark a group handled (a CSRF-protected form): its questions are gone.
    staff.locator(".group").filter(has_text="丙球").get_by_role("button", name=re.compile("Mark as handled")).click()
    expect(staff.locator(".group h3")).to_have_count(1)
    staff.get_by_role("button", name="Sign out").click()
    expect(staff.get_by_label("Staff password")).to_be_visible()
    assert violations == [] and staff_violations == []


def test_without_the_secret_nobody_can_sign_in(browser: Browser, tmp_path: Path) -> None:
    with LiveServer(create_app(Settings(data_dir=tmp_path, rate_limit="off"))) as server:
        page = browser.new_page()
        response = page.goto(f"{server.url}/staff/review")
        assert response is not None and response.status == 404
        expect(page.get_by_role("alert")).to_contain_text("turned off")
        expect(page.locator("input[type=password]")).to_have_count(0)
        assert page.request.get(f"{server.url}/api/v1/review/questions").status == 401
        page.close()
    store = Store.from_url(f"sqlite:///{tmp_path / 'faqbot.sqlite3'}")
    store.close()
