"""Bad input gets a clear 4xx in the request's language, with the disclaimer: never a 500, never a plain-text error."""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from conftest import LiveServer
from fastapi import FastAPI
from fastapi.testclient import TestClient

from app.answering.schemas import MAX_QUESTION_CHARS
from app.answering.service import FaqService
from app.language.i18n import MAX_ACCEPT_LANGUAGE_CHARS, MAX_ACCEPT_LANGUAGE_ITEMS
from app.ops.settings import Settings
from app.web.application import create_app

LIMIT = 2_048


@pytest.fixture(scope="module")
def guarded_app() -> FastAPI:
    return create_app(Settings(max_body_bytes=LIMIT, rate_limit="off"))


@pytest.fixture(scope="module")
def api(guarded_app: FastAPI) -> Iterator[TestClient]:
    with TestClient(guarded_app) as client:
        yield client


def assert_error(response: httpx.Response, service: FaqService, status: int, code: str, lang: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    assert response.headers["cache-control"] == "no-store"
    body = response.json()
    assert body["lang"] == lang
    assert body["error"]["status"] == status
    assert body["error"]["code"] == code
    assert body["error"]["message"]
    assert body["disclaimer"] == service.composer.disclaimer(lang)  # type: ignore[arg-type]
    assert response.headers["content-language"] == {"en": "en", "zh": "zh-Hans", "zh-Hant": "zh-Hant"}[lang]
    return body


def test_body_over_the_limit_by_content_length_gets_413_in_chinese(api: TestClient, service: FaqService) -> None:
    question = "副作用" * 1_000  # about 9 kB of UTF-8, declared in Content-Length
    response = api.post("/api/v1/ask", json={"question": question}, headers={"Accept-Language": "zh-CN"})
    body = assert_error(response, service, 413, "body_too_large", "zh")
    assert body["error"]["message"] == service.composer.text("zh", "The request is too large.")


def test_chunked_body_over_the_limit_gets_413(api: TestClient, service: FaqService) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"question": "'
        for _ in range(50):
            yield b"x" * 512
        yield b'"}'

    response = api.post("/api/v1/ask", content=chunks(), headers={"Content-Type": "application/json"})
    assert "content-length" not in response.request.headers  # really chunked
    assert_error(response, service, 413, "body_too_large", "en")


def test_small_chunked_body_is_answered(api: TestClient) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"question": "what is '
        yield b'TEN", "lang": "en"}'

    response = api.post("/api/v1/ask", content=chunks(), headers={"Content-Type": "application/json"})
    assert response.status_code == 200
    assert response.json()["kind"] == "answer"


def test_chunked_body_over_the_limit_on_a_real_server_gets_413_json(guarded_app: FastAPI, service: FaqService) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"question": "'
        for _ in range(20):
            yield "静脉注射免疫球蛋白".encode() * 40
        yield b'"}'

    with LiveServer(guarded_app) as server:
        response = httpx.post(f"{server.url}/api/v1/ask", content=chunks(),
                              headers={"Content-Type": "application/json", "Accept-Language": "zh"}, timeout=10)
    assert response.request.headers["transfer-encoding"] == "chunked"
    assert_error(response, service, 413, "body_too_large", "zh")


def test_a_real_server_refuses_a_chunked_body_before_it_ends(guarded_app: FastAPI, service: FaqService) -> None:
    """Raw HTTP: chunks past the limit, no final chunk; the 413 arrives while the body is still open."""
    with LiveServer(guarded_app) as server, socket.create_connection((server.host, server.port), timeout=10) as conn:
        conn.sendall(b"POST /api/v1/ask HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                     b"Accept-Language: zh\r\nTransfer-Encoding: chunked\r\n\r\n")
        chunk = b"x" * 1_000
        for _ in range(3):  # 3,000 bytes > LIMIT; the terminating 0-chunk is never sent
            conn.sendall(b"%x\r\n%s\r\n" % (len(chunk), chunk))
        reply = b""
        while b"\r\n\r\n" not in reply or not reply.rstrip().endswith(b"}"):
            data = conn.recv(65_536)
            if not data:
                break
            reply += data
    head, _, payload = reply.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 413")
    body = json.loads(payload)
    assert body["error"]["code"] == "body_too_large" and body["disclaimer"] == service.composer.disclaimer("zh")


def test_the_longest_allowed_question_fits_the_default_body_limit() -> None:
    # Worst case: every character sent as a JSON surrogate-pair escape, 12 bytes ("\\ud83d\\ude00").
    assert Settings().max_body_bytes >= MAX_QUESTION_CHARS * 12 + 100


def test_malformed_json_gets_422_in_the_header_language(api: TestClient, service: FaqService) -> None:
    response = api.post("/api/v1/ask", content=b'{"question": "dose', headers={"Content-Type": "application/json", "Accept-Language": "zh-CN"})
    assert_error(response, service, 422, "invalid_json", "zh")
    response = api.post("/api/v1/ask", content=b'{"question": "dose', headers={"Content-Type": "application/json", "Accept-Language": "zh-TW"})
    assert_error(response, service, 422, "invalid_json", "zh-Hant")


@pytest.mark.parametrize(
    "payload",
    [{"question": 123}, {"question": ["a"]}, {"question": None}, {"question": "dose", "extra": 1}, ["dose"], "dose", 7],
    ids=["number", "list", "null", "unknown-field", "array-body", "string-body", "number-body"],
)
def test_wrong_types_get_422(api: TestClient, service: FaqService, payload: Any) -> None:
    assert_error(api.post("/api/v1/ask", json=payload), service, 422, "invalid_request", "en")


def test_unknown_lang_gets_422_saying_which_languages_exist(api: TestClient, service: FaqService) -> None:
    body = assert_error(api.post("/api/v1/ask", json={"question": "dose", "lang": "fr"}), service, 422, "invalid_lang", "en")
    assert "zh" in body["error"]["message"]
    zh = api.post("/api/v1/ask", json={"question": "剂量", "lang": "zh_CN"})
    assert_error(zh, service, 422, "invalid_lang", "zh")  # no valid lang: the question's script decides
    assert_error(api.get("/api/v1/entries", params={"lang": "fr"}, headers={"Accept-Language": "zh"}), service, 422, "invalid_lang", "zh")


@pytest.mark.parametrize("question", ["dose\x00", "\x1b[31mdose", "dose\x7f", "a\x0bb"], ids=["nul", "escape", "del", "vtab"])
def test_control_characters_get_422(api: TestClient, service: FaqService, question: str) -> None:
    response = api.post("/api/v1/ask", json={"question": question, "lang": "zh"})
    assert_error(response, service, 422, "question_invalid_characters", "zh")


def test_tabs_and_newlines_are_allowed(api: TestClient) -> None:
    assert api.post("/api/v1/ask", json={"question": "what is\tTEN?\r\n"}).status_code == 200


@pytest.mark.parametrize("question", ["", "   ", "\n\t", "\u0085", "\u3000\u00a0"], ids=["empty", "spaces", "whitespace", "next-line", "ideographic"])
def test_blank_question_gets_422(api: TestClient, service: FaqService, question: str) -> None:
    assert_error(api.post("/api/v1/ask", json={"question": question}), service, 422, "question_empty", "en")


# Every character that Python, ECMAScript or Unicode counts as white space, and the C0/C1 neighbours.
WHITESPACE_CANDIDATES = [chr(code) for code in [*range(0x00, 0x21), 0x7F, 0x85, 0xA0, 0x1680, 0x180E,
                                                *range(0x2000, 0x200C), 0x2028, 0x2029, 0x202F, 0x205F, 0x3000, 0xFEFF]]


@pytest.mark.browser
def test_the_published_question_pattern_and_the_server_agree_on_every_white_space_character(
    api: TestClient, chromium_path: str
) -> None:
    """Clients read the OpenAPI pattern as an ECMAScript regex (schemathesis found U+0085 valid there, blank here)."""
    from playwright.sync_api import sync_playwright

    pattern = api.get("/openapi.json").json()["components"]["schemas"]["AskRequest"]["properties"]["question"]["pattern"]
    texts = [text for char in WHITESPACE_CANDIDATES for text in (char, f"IVIG{char}dose")]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, args=["--no-sandbox"], headless=True)
        try:
            verdicts = browser.new_page().evaluate(
                "([pattern, texts]) => texts.map(t => [new RegExp(pattern).test(t), new RegExp(pattern, 'u').test(t)])",
                [pattern, texts],
            )
        finally:
            browser.close()
    disagreements = []
    for text, (plain, unicode) in zip(texts, verdicts, strict=True):
        status = api.post("/api/v1/ask", json={"question": text}).status_code
        if not plain == unicode == (status == 200):
            disagreements.append((f"U+{ord(text[-1] if len(text) == 1 else text[4]):04X}", text, plain, unicode, status))
    assert disagreements == []


def test_too_long_question_gets_422_naming_the_limit(api: TestClient, service: FaqService) -> None:
    body = assert_error(api.post("/api/v1/ask", json={"question": "a" * (MAX_QUESTION_CHARS + 1)}), service, 422, "question_too_long", "en")
    assert str(MAX_QUESTION_CHARS) in body["error"]["message"]


def test_invalid_utf8_gets_400_in_the_header_language(api: TestClient, service: FaqService) -> None:
    response = api.post("/api/v1/ask", content=b'{"question": "dose \xff\xfe"}',
                        headers={"Content-Type": "application/json", "Accept-Language": "zh-Hans"})
    body = assert_error(response, service, 400, "invalid_encoding", "zh")
    assert "UTF-8" in body["error"]["message"]


def test_lone_surrogate_escape_gets_422(api: TestClient, service: FaqService) -> None:
    response = api.post("/api/v1/ask", content=b'{"question": "\\ud800 dose"}', headers={"Content-Type": "application/json"})
    assert_error(response, service, 422, "invalid_request", "en")


def test_lone_surrogate_beside_chinese_gets_422_in_chinese_not_a_crash(api: TestClient, service: FaqService) -> None:
    """Review: the error's language is read from the question's script, and OpenCC cannot encode a surrogate."""
    body = '{"question": "\\ud800靜脈注射免疫球蛋白的副作用是什麼"}'.encode()
    response = api.post("/api/v1/ask", content=body, headers={"Content-Type": "application/json"})
    assert_error(response, service, 422, "invalid_request", "zh-Hant")


def test_non_json_content_type_gets_4xx(api: TestClient, service: FaqService) -> None:
    response = api.post("/api/v1/ask", content=b"question=dose", headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert_error(response, service, 422, "invalid_request", "en")


def _get_routes(app: FastAPI, service: FaqService) -> list[str]:
    """Every GET route under /api/ in the schema, with its path and required query parameters filled in."""
    urls = []
    entry_id = service.content.entries[0].id
    for path, operations in app.openapi()["paths"].items():
        if not path.startswith("/api/") or "get" not in operations:
            continue
        required = [p["name"] for p in operations["get"].get("parameters", []) if p["in"] == "query" and p.get("required")]
        url = path.replace("{entry_id}", entry_id)
        urls.append(url + ("?" + "&".join(f"{name}=dose" for name in required) if required else ""))
    return urls


@pytest.mark.parametrize(
    "header",
    ["zh," * (MAX_ACCEPT_LANGUAGE_ITEMS + 1), "en-" + "x" * MAX_ACCEPT_LANGUAGE_CHARS],
    ids=["too-many-items", "too-long"],
)
def test_absurd_accept_language_gets_400_on_every_route(api: TestClient, guarded_app: FastAPI, service: FaqService, header: str) -> None:
    urls = _get_routes(guarded_app, service)
    assert "/api/v1/entries" in urls and "/api/v1/health" in urls
    for url in urls:
        assert_error(api.get(url, headers={"Accept-Language": header}), service, 400, "invalid_accept_language", "en")
    response = api.post("/api/v1/ask", json={"question": "dose"}, headers={"Accept-Language": header})
    assert_error(response, service, 400, "invalid_accept_language", "en")


def test_absurd_accept_language_does_not_matter_when_lang_is_given(api: TestClient) -> None:
    header = "zh," * 100
    assert api.post("/api/v1/ask", json={"question": "dose", "lang": "zh"}, headers={"Accept-Language": header}).json()["lang"] == "zh"
    assert api.get("/api/v1/entries?lang=zh", headers={"Accept-Language": header}).status_code == 200


def test_garbage_in_accept_language_items_is_ignored(api: TestClient) -> None:
    response = api.post("/api/v1/ask", json={"question": "dose"}, headers={"Accept-Language": "💊;q=x, zh;q=0.5, ;;;".encode()})
    assert response.status_code == 200
    assert response.json()["lang"] == "zh"
