"""Traditional Chinese over HTTP: every way a request can ask for it, the headers that say so, the disclaimer in
Traditional on every reply and error, and answers as good as for Simplified questions."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import opencc
import pytest
from fastapi.testclient import TestClient

from app.answering.service import FaqService
from app.language.chinese_script import script_counts
from app.ops.settings import Settings
from app.web.application import create_app

HANT_DISCLAIMER_START = "此資訊不能替代醫療建議或治療"
TAG = {"en": "en", "zh": "zh-Hans", "zh-Hant": "zh-Hant"}
ORIGIN = "http://localhost:8000"


def ask(client: TestClient, question: str, lang: str | None = None, **headers: str) -> httpx.Response:
    return client.post("/api/v1/ask", json={"question": question, "lang": lang}, headers=headers)


def assert_language(response: httpx.Response, service: FaqService, lang: str) -> dict[str, Any]:
    """The reply is in ``lang``: the body's lang, Content-Language, the disclaimer, and the script of its text."""
    body = response.json()
    assert body["lang"] == lang, body
    assert response.headers["content-language"] == TAG[lang]
    assert "accept-language" in response.headers["vary"].lower()
    assert body["disclaimer"] == service.composer.disclaimer(lang)  # type: ignore[arg-type]
    if lang == "zh-Hant":
        assert body["disclaimer"].startswith(HANT_DISCLAIMER_START)
        text = body.get("reply") or body.get("error", {}).get("message", "")
        assert script_counts(text).simplified == 0, text
    return body


# -- the ways to ask for Traditional ---------------------------------------------------------------------------
def test_lang_zh_hant_gets_traditional_whatever_the_question_and_header(client: TestClient, service: FaqService) -> None:
    for question, header in (("What are the side effects?", "en"), ("丙球的副作用", "zh-CN"), ("副作用", "zh-CN")):
        body = assert_language(ask(client, question, "zh-Hant", **{"Accept-Language": header}), service, "zh-Hant")
        assert body["entry"]["id"] == "ivig-side-effects" and "頭痛" in body["reply"]


def test_lang_zh_stays_simplified_for_existing_clients(client: TestClient, service: FaqService) -> None:
    body = assert_language(ask(client, "靜脈注射免疫球蛋白的副作用", "zh", **{"Accept-Language": "zh-TW"}), service, "zh")
    assert "头痛" in body["reply"]


@pytest.mark.parametrize("header", ["zh-TW", "zh-HK", "zh-MO", "zh-Hant", "zh-Hant-TW", "zh-HK,zh;q=0.9,en;q=0.8", "fr, zh-TW;q=0.5"])
def test_accept_language_of_taiwan_hong_kong_macau_or_hant_picks_traditional(
    client: TestClient, service: FaqService, header: str
) -> None:
    body = assert_language(ask(client, "What is TEN?", **{"Accept-Language": header}), service, "zh-Hant")
    assert body["entry"]["id"] == "what-is-ten" and body["reply"].startswith("毒性表皮溶解症（TEN）")


@pytest.mark.parametrize("header", ["zh", "zh-CN", "zh-Hans", "zh-SG", "zh-CN,zh-TW;q=0.9"])
def test_accept_language_of_simplified_regions_picks_simplified(client: TestClient, service: FaqService, header: str) -> None:
    assert_language(ask(client, "What is TEN?", **{"Accept-Language": header}), service, "zh")


@pytest.mark.parametrize(
    "question,entry_id",
    [
        ("靜脈注射免疫球蛋白的副作用是什麼", "ivig-side-effects"),
        ("毒性表皮溶解症是什麼？", "what-is-ten"),
        ("丙種球蛋白要打幾天？", "ivig-when-how-long"),
        ("丙種球蛋白要打幾多日？", None),  # Hong Kong Cantonese
        ("點解會皮膚脫落", None),  # Cantonese, any reply: the language is what is tested here
    ],
)
def test_a_traditional_question_without_lang_or_header_gets_traditional(
    client: TestClient, service: FaqService, question: str, entry_id: str | None
) -> None:
    body = assert_language(ask(client, question), service, "zh-Hant")
    if entry_id is not None:
        assert body["entry"]["id"] == entry_id


@pytest.mark.parametrize("question,lang", [("丙球打几天", "zh"), ("副作用", "zh"), ("IVIG dose", "en")])
def test_other_questions_without_lang_or_header_keep_their_language(
    client: TestClient, service: FaqService, question: str, lang: str
) -> None:
    assert_language(ask(client, question), service, lang)


def test_small_talk_no_match_and_emergency_in_traditional(client: TestClient, service: FaqService) -> None:
    greeting = assert_language(ask(client, "你好"), service, "zh")  # no Traditional-only character: Simplified
    assert greeting["kind"] == "small_talk"
    greeting = assert_language(ask(client, "你好", "zh-Hant"), service, "zh-Hant")
    assert greeting["kind"] == "small_talk" and all(s["question"] for s in greeting["suggestions"])
    no_match = assert_language(ask(client, "丙種球蛋白多少錢一支"), service, "zh-Hant")
    assert no_match["kind"] == "no_match" and service.settings.phone in no_match["reply"]
    emergency = assert_language(ask(client, "皮膚大片脫落，還發高燒"), service, "zh-Hant")
    assert emergency["kind"] == "emergency" and all(n in emergency["reply"] for n in ("911", "999", "119"))


def test_personal_dose_in_traditional_never_computes_a_dose(client: TestClient, service: FaqService) -> None:
    body = assert_language(ask(client, "我兒子70公斤，要打多少免疫球蛋白"), service, "zh-Hant")
    assert body["entry"]["id"] == "ivig-dose" and "開藥的醫生決定" in body["reply"] and "3 g/kg" in body["reply"]
    assert "140" not in body["reply"] and "210" not in body["reply"]


@pytest.mark.parametrize(
    "path,params",
    [
        ("/api/v1/entries", {}),
        ("/api/v1/entries/what-is-ten", {}),
        ("/api/v1/search", {"q": "劑量"}),
        ("/api/v1/widget/strings", {}),
        ("/api/v1/staff/strings", {}),
        ("/api/v1/health", {}),
        ("/api/v1/ready", {}),
    ],
)
def test_get_routes_speak_traditional_by_query_or_header(
    client: TestClient, service: FaqService, path: str, params: dict[str, str]
) -> None:
    assert_language(client.get(path, params={**params, "lang": "zh-Hant"}), service, "zh-Hant")
    assert_language(client.get(path, params=params, headers={"Accept-Language": "zh-HK"}), service, "zh-Hant")
    assert_language(client.get(path, params=params, headers={"Accept-Language": "zh-CN"}), service, "zh")


def test_search_in_traditional_answers_in_traditional(client: TestClient, service: FaqService) -> None:
    body = assert_language(client.get("/api/v1/search", params={"q": "血小板減少", "lang": "zh-Hant"}), service, "zh-Hant")
    assert body["results"] and "血小板" in body["results"][0]["answer"]
    assert all(script_counts(result["answer"]).simplified == 0 for result in body["results"])


# -- errors, in Traditional -------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def strict_client() -> Iterator[TestClient]:
    with TestClient(create_app(Settings(max_body_bytes=2_048, rate_limit="2/minute", enable_fault_injection=True))) as client:
        yield client


def test_validation_errors_in_traditional(client: TestClient, service: FaqService) -> None:
    empty = assert_language(client.post("/api/v1/ask", json={"question": "", "lang": "zh-Hant"}), service, "zh-Hant")
    assert empty["error"]["code"] == "question_empty" and empty["error"]["message"] == "請輸入您的問題。"
    long = assert_language(client.post("/api/v1/ask", json={"question": "靜" * 501}), service, "zh-Hant")  # the script
    assert long["error"]["code"] == "question_too_long" and "500" in long["error"]["message"]
    bad_json = client.post("/api/v1/ask", content=b"{nope", headers={"Content-Type": "application/json", "Accept-Language": "zh-TW"})
    assert assert_language(bad_json, service, "zh-Hant")["error"]["code"] == "invalid_json"
    search = client.get("/api/v1/search", params={"q": "", "lang": "zh-Hant"})
    assert assert_language(search, service, "zh-Hant")["error"]["code"] == "question_empty"
    limit = client.get("/api/v1/search", params={"q": "劑量", "limit": 0}, headers={"Accept-Language": "zh-MO"})
    assert assert_language(limit, service, "zh-Hant")["error"]["code"] == "invalid_limit"


def test_an_unknown_lang_lists_the_three_languages_in_the_question_script(client: TestClient, service: FaqService) -> None:
    response = client.post("/api/v1/ask", json={"question": "靜脈注射免疫球蛋白的劑量", "lang": "zh-hant"})
    body = assert_language(response, service, "zh-Hant")
    assert response.status_code == 422 and body["error"]["code"] == "invalid_lang"
    assert "「zh-Hant」" in body["error"]["message"]
    english = client.post("/api/v1/ask", json={"question": "dose", "lang": "zh-TW"}).json()
    assert "“zh-Hant”" in english["error"]["message"]


@pytest.mark.parametrize("method,path", [("GET", "/api/v1/nothing"), ("GET", "/api/v1/entries/no-such-entry"), ("GET", "/api/v1/ask")])
def test_404_and_405_in_traditional(client: TestClient, service: FaqService, method: str, path: str) -> None:
    by_query = client.request(method, path, params={"lang": "zh-Hant"})
    by_header = client.request(method, path, headers={"Accept-Language": "zh-TW"})
    for response in (by_query, by_header):
        assert response.status_code in (404, 405)
        assert_language(response, service, "zh-Hant")


def test_body_too_large_rate_limited_and_crash_in_traditional(strict_client: TestClient, service: FaqService) -> None:
    headers = {"Accept-Language": "zh-HK", "Origin": ORIGIN}
    too_large = strict_client.post("/api/v1/ask", json={"question": "x" * 4_000}, headers=headers)
    assert too_large.status_code == 413 and assert_language(too_large, service, "zh-Hant")["error"]["code"] == "body_too_large"
    crash = strict_client.post("/api/v1/_debug/fail", json={"question": "劑量"}, headers=headers)
    assert crash.status_code == 500 and service.settings.phone in assert_language(crash, service, "zh-Hant")["error"]["message"]
    responses = [strict_client.post("/api/v1/ask", json={"question": "劑量"}, headers=headers) for _ in range(3)]
    limited = responses[-1]
    assert limited.status_code == 429 and assert_language(limited, service, "zh-Hant")["error"]["code"] == "rate_limited"
    assert limited.headers["retry-after"] in limited.json()["error"]["message"]


def test_a_refused_cors_preflight_and_a_bad_accept_language_in_traditional(client: TestClient, service: FaqService) -> None:
    preflight = client.options("/api/v1/ask", headers={
        "Origin": "https://elsewhere.example", "Access-Control-Request-Method": "POST", "Accept-Language": "zh-TW"})
    assert preflight.status_code == 400
    assert assert_language(preflight, service, "zh-Hant")["error"]["message"] == "此網站無權使用本服務。"
    absurd = client.get("/api/v1/entries", params={"lang": "zh-Hant"}, headers={"Accept-Language": "zh," * 50})
    assert absurd.status_code == 200 and absurd.json()["lang"] == "zh-Hant"  # ?lang= decides, the header is not read
    bad = client.get("/api/v1/health", params={"lang": "xx"}, headers={"Accept-Language": "en-" + "x" * 2_000})
    assert bad.status_code in (400, 422) and bad.json()["disclaimer"]


# -- answers as good as for Simplified questions -------------------------------------------------------------------
def test_traditional_questions_find_the_same_entries_as_their_simplified_originals(service: FaqService) -> None:
    """Every Chinese phrasing of the content, converted to Taiwan Traditional, is matched like the original."""
    to_traditional = opencc.OpenCC("s2twp")
    compared = differ = 0
    for item in service.content.entries:
        for phrasing in item.entry.phrasings.zh:
            traditional = to_traditional.convert(phrasing)
            if traditional == phrasing:
                continue
            compared += 1
            simplified_best = service.matcher.match(phrasing).best
            traditional_best = service.matcher.match(traditional).best
            same = (simplified_best and simplified_best.entry_id) == (traditional_best and traditional_best.entry_id)
            differ += not same
    assert compared > 100
    assert differ / compared <= 0.02, f"{differ} of {compared} Traditional phrasings matched differently"
