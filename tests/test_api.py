"""The HTTP contract of /api/v1, as the widget, the console and scripts use it."""

from __future__ import annotations

import re
from typing import Any

import pytest
from fastapi.testclient import TestClient

from app.answering.service import FaqService
from app.language import messages

EN_DISCLAIMER_START = "This information is not a substitute for medical advice"
ZH_DISCLAIMER_START = "此信息不能替代医疗建议或治疗"
HANT_DISCLAIMER_START = "此資訊不能替代醫療建議或治療"
DISCLAIMER_START = {"en": EN_DISCLAIMER_START, "zh": ZH_DISCLAIMER_START, "zh-Hant": HANT_DISCLAIMER_START}
CONTRACT_KEYS = {"lang", "kind", "reply", "entry", "confidence", "reason", "suggestions", "disclaimer"}


def ask(client: TestClient, question: Any, lang: Any = None, **headers: str) -> Any:
    return client.post("/api/v1/ask", json={"question": question, "lang": lang}, headers=headers)


def assert_disclaimer(body: dict[str, Any], lang: str) -> None:
    assert body["lang"] == lang
    assert body["disclaimer"].startswith(DISCLAIMER_START[lang])
    assert "AmeriPharma" in body["disclaimer"]


def test_english_question_gets_english_answer_with_sources_and_disclaimer(client: TestClient) -> None:
    response = ask(client, "What are the side effects of IVIG?")
    assert response.status_code == 200
    body = response.json()
    assert set(body) == CONTRACT_KEYS | {"reply_id"}  # reply_id: tests/test_feedback_api.py
    assert body["kind"] == "answer"
    assert body["entry"]["id"] == "ivig-side-effects"
    assert "headache" in body["reply"]
    assert body["entry"]["sources"] and body["entry"]["sources"][0]["url"].startswith("https://")
    assert 0.0 < body["confidence"] <= 1.0
    assert body["suggestions"]
    assert_disclaimer(body, "en")
    assert response.headers["content-language"] == "en"
    assert "Accept-Language" in response.headers["vary"]


def test_chinese_question_gets_chinese_answer_and_disclaimer(client: TestClient) -> None:
    body = ask(client, "静脉注射免疫球蛋白有什么副作用？").json()
    assert body["kind"] == "answer" and body["entry"]["id"] == "ivig-side-effects"
    assert re.search(r"[\u4e00-\u9fff]", body["reply"]) and "头痛" in body["reply"]
    assert re.search(r"[\u4e00-\u9fff]", body["entry"]["question"])
    assert all(re.search(r"[\u4e00-\u9fff]", s["question"]) for s in body["suggestions"])
    assert_disclaimer(body, "zh")


def test_mixed_question_finds_its_entry_and_reply_follows_requested_language(client: TestClient) -> None:
    body = ask(client, "IVIG 的副作用有哪些", lang="en").json()
    assert body["entry"]["id"] == "ivig-side-effects"
    assert "headache" in body["reply"]
    assert_disclaimer(body, "en")
    body = ask(client, "TEN 和 SJS 的区别").json()
    assert body["entry"]["id"] == "ten-vs-sjs" and body["lang"] == "zh"


def test_traditional_chinese_is_understood_and_answered_in_traditional(client: TestClient) -> None:
    response = ask(client, "靜脈注射免疫球蛋白的副作用是什麼")
    body = response.json()
    assert body["entry"]["id"] == "ivig-side-effects"
    assert body["lang"] == "zh-Hant" and "頭痛" in body["reply"] and "头痛" not in body["reply"]
    assert response.headers["content-language"] == "zh-Hant"
    assert_disclaimer(body, "zh-Hant")
    body = ask(client, "靜脈注射免疫球蛋白的副作用是什麼", lang="zh").json()  # existing clients: "zh" stays Simplified
    assert body["lang"] == "zh" and "头痛" in body["reply"]


def test_accept_language_decides_when_lang_is_null(client: TestClient) -> None:
    body = ask(client, "What is TEN?", **{"Accept-Language": "zh-CN,zh;q=0.9"}).json()
    assert body["lang"] == "zh" and body["entry"]["id"] == "what-is-ten"
    body = ask(client, "What is TEN?", **{"Accept-Language": "zh-TW,zh;q=0.9"}).json()
    assert body["lang"] == "zh-Hant" and body["entry"]["id"] == "what-is-ten"
    body = ask(client, "What is TEN?", **{"Accept-Language": "fr-FR"}).json()
    assert body["lang"] == "en"


def test_out_of_scope_question_gets_no_match_with_phone_and_suggestions(client: TestClient, service: FaqService) -> None:
    body = ask(client, "What are your opening hours on Sunday?").json()
    assert body["kind"] == "no_match" and body["entry"] is None
    assert service.settings.phone in body["reply"]
    assert body["suggestions"]
    assert_disclaimer(body, "en")
    body = ask(client, "丙球多少钱一支").json()
    assert body["kind"] == "no_match" and service.settings.phone in body["reply"]
    assert_disclaimer(body, "zh")


@pytest.mark.parametrize("question,lang", [("hello", "en"), ("thanks!", "en"), ("你好", "zh"), ("谢谢", "zh")])
def test_small_talk_gets_a_friendly_reply_not_an_answer(client: TestClient, question: str, lang: str) -> None:
    body = ask(client, question).json()
    assert body["kind"] == "small_talk" and body["entry"] is None
    assert body["suggestions"], "it invites a question"
    assert_disclaimer(body, lang)


@pytest.mark.parametrize(
    "question,lang",
    [("My son can't breathe and his skin is peeling", "en"), ("皮肤大片脱落，还发高烧", "zh")],
)
def test_emergency_comes_first(client: TestClient, service: FaqService, question: str, lang: str) -> None:
    body = ask(client, question).json()
    assert body["kind"] == "emergency"
    assert body["reply"].startswith(service.composer.text(lang, messages.EMERGENCY))  # type: ignore[arg-type]
    assert "911" in body["reply"]
    assert_disclaimer(body, lang)


def test_personal_dosing_gets_general_text_and_prescriber_note_never_a_computed_dose(client: TestClient) -> None:
    body = ask(client, "How much IVIG should my 70 kg son get?").json()
    assert body["kind"] == "answer" and body["entry"]["id"] == "ivig-dose"
    assert body["reply"].startswith("We cannot work out a dose for a particular person.")
    assert "your prescriber decides each patient's dose" in body["reply"] and "3 g/kg" in body["reply"]
    assert not re.search(r"\b(140|210|70)\s?g\b", body["reply"]), "never a dose computed from the weight"
    body = ask(client, "我儿子70公斤，要打多少丙球").json()
    assert body["entry"]["id"] == "ivig-dose" and "由给他开药的医生决定" in body["reply"]


def test_a_close_call_is_said_and_the_other_entry_offered_first(client: TestClient, service: FaqService) -> None:
    """When two entries score close, the reply says so and offers the runner-up first."""
    for question in ("infection", "TEN skin", "IVIG infection", "granzyme"):
        result = service.matcher.match(question)
        if result.runner_up is not None:
            body = ask(client, question).json()
            assert body["suggestions"][0]["id"] == result.runner_up.entry_id
            assert "Did you mean" in body["reply"]
            return
    pytest.fail("none of the probe questions was a close call; choose others")


def test_entries_lists_every_entry_by_section_in_the_requested_language(client: TestClient, service: FaqService) -> None:
    body = client.get("/api/v1/entries", params={"lang": "zh"}).json()
    assert len(body["entries"]) == len(service.content.entries)
    assert len(body["sections"]) == len(service.content.sections)
    assert all(re.search(r"[\u4e00-\u9fff]", entry["answer"]) for entry in body["entries"])
    assert_disclaimer(body, "zh")


def test_one_entry_has_answer_sources_and_related_entries(client: TestClient, service: FaqService) -> None:
    body = client.get("/api/v1/entries/talk-to-specialist").json()
    assert service.settings.phone in body["entry"]["answer"]
    assert body["entry"]["related"]
    assert_disclaimer(body, "en")


def test_openapi_docs_are_served(client: TestClient) -> None:
    assert client.get("/openapi.json").json()["paths"]["/api/v1/ask"]["post"]
    assert client.get("/docs").status_code == 200


# -- errors ---------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "payload,code",
    [
        ({"question": ""}, "question_empty"),
        ({"question": "   \n "}, "question_empty"),
        ({"question": "x" * 501}, "question_too_long"),
        ({"question": "what\x00is TEN"}, "question_invalid_characters"),
        ({"question": 42}, "invalid_request"),
        ({"question": "What is TEN?", "lang": "fr"}, "invalid_lang"),
        ({"lang": "en"}, "question_empty"),
        ({"question": "What is TEN?", "extra": 1}, "invalid_request"),
    ],
)
def test_bad_questions_get_a_clear_422_with_disclaimer(client: TestClient, payload: dict[str, Any], code: str) -> None:
    response = client.post("/api/v1/ask", json=payload)
    assert response.status_code == 422
    body = response.json()
    assert body["error"]["code"] == code
    assert body["error"]["message"]
    assert_disclaimer(body, "en")


def test_error_messages_follow_the_language(client: TestClient) -> None:
    body = client.post("/api/v1/ask", json={"question": "", "lang": "zh"}).json()
    assert body["error"]["message"] == "请输入您的问题。"
    assert_disclaimer(body, "zh")
    body = client.post("/api/v1/ask", json={"question": 1}, headers={"Accept-Language": "zh-CN"}).json()
    assert_disclaimer(body, "zh")


def test_invalid_json_is_a_422_with_disclaimer(client: TestClient) -> None:
    response = client.post("/api/v1/ask", content=b"{not json", headers={"Content-Type": "application/json"})
    assert response.status_code == 422 and response.json()["error"]["code"] == "invalid_json"
    assert_disclaimer(response.json(), "en")


def test_unknown_entry_and_unknown_route_are_404_with_disclaimer(client: TestClient) -> None:
    response = client.get("/api/v1/entries/no-such-entry", params={"lang": "zh"})
    assert response.status_code == 404
    assert response.json()["error"]["message"] == "没有此编号的常见问题条目。"
    assert_disclaimer(response.json(), "zh")
    response = client.get("/api/v1/nothing-here")
    assert response.status_code == 404
    assert_disclaimer(response.json(), "en")


def test_wrong_method_is_405_with_disclaimer(client: TestClient) -> None:
    response = client.get("/api/v1/ask")
    assert response.status_code == 405
    assert_disclaimer(response.json(), "en")


def test_every_route_in_the_openapi_schema_carries_the_disclaimer_in_its_language(client: TestClient) -> None:
    """Walk the schema: each operation, in each language, on its success and its error paths."""
    schema = client.get("/openapi.json").json()
    walked = 0
    for path, operations in schema["paths"].items():
        if not path.startswith("/api/"):
            continue
        for method, operation in operations.items():
            for lang in ("en", "zh", "zh-Hant"):
                url = path.replace("{entry_id}", "what-is-ten")
                params = _required_query(operation, lang)
                if method == "post":
                    ok = client.post(url, json={"question": "What is TEN?", "lang": lang})
                    bad = client.post(url, json={"question": "", "lang": lang})
                else:
                    ok = client.request(method.upper(), url, params=params)
                    bad = client.request(method.upper(), url, params={**params, "lang": "xx"}, headers={"Accept-Language": _header(lang)})
                for response in (ok, bad):
                    assert response.headers["content-type"].startswith("application/json"), (method, url)
                    assert_disclaimer(response.json(), lang)
                    walked += 1
    operations = sum(len(ops) for path, ops in schema["paths"].items() if path.startswith("/api/"))
    assert operations >= 8 and walked == operations * 3 * 2  # every operation, all three languages, success and error


def _header(lang: str) -> str:
    return {"en": "en", "zh": "zh-CN", "zh-Hant": "zh-TW"}[lang]


def _required_query(operation: dict[str, Any], lang: str) -> dict[str, str]:
    params = {"lang": lang}
    for parameter in operation.get("parameters", []):
        if parameter["in"] == "query" and parameter.get("required"):
            params.setdefault(parameter["name"], "dose")
    return params


def test_a_refused_cors_preflight_is_json_with_disclaimer_in_the_visitors_language(client: TestClient) -> None:
    """Starlette answers a preflight from a site outside the allow-list in plain text; the outer layer makes it ours."""
    response = client.options(
        "/api/v1/ask",
        headers={"Origin": "https://elsewhere.example", "Access-Control-Request-Method": "POST", "Accept-Language": "zh-CN"},
    )
    assert response.status_code == 400
    body = response.json()
    assert body["error"]["code"] == "forbidden_origin" and body["error"]["message"] == "此网站无权使用本服务。"
    assert_disclaimer(body, "zh")
    assert "access-control-allow-origin" not in response.headers
