"""GET /api/v1/search (ranked candidates for staff), matched-word highlighting, and the staff console's page."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from app.answering.highlight import highlight_spans, highlight_terms
from app.answering.service import FaqService
from app.web.strings.staff import CONSOLE

EN_DISCLAIMER_START = "This information is not a substitute for medical advice"
ZH_DISCLAIMER_START = "此信息不能替代医疗建议或治疗"
HAN = re.compile(r"[\u4e00-\u9fff]")
STATIC = Path(__file__).resolve().parent.parent / "app" / "web" / "static"


def search(client: TestClient, q: Any, **params: Any) -> Any:
    headers = params.pop("headers", {})
    return client.get("/api/v1/search", params={"q": q, **params}, headers=headers)


def assert_disclaimer(body: dict[str, Any], lang: str) -> None:
    assert body["lang"] == lang
    assert body["disclaimer"].startswith(EN_DISCLAIMER_START if lang == "en" else ZH_DISCLAIMER_START)


# -- ranking ---------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("dose", "ivig-dose"),
        ("dosage", "ivig-dose"),
        ("剂量", "ivig-dose"),
        ("劑量", "ivig-dose"),  # Traditional Chinese
        ("副作用", "ivig-side-effects"),
        ("side effects", "ivig-side-effects"),
        ("platelet", "ivig-side-effects"),
        ("headach", "ivig-side-effects"),  # a typo
        ("血小板", "ivig-side-effects"),
        ("headache", "ivig-side-effects"),
        ("prior authorization", "talk-to-specialist"),
        ("refill", "talk-to-specialist"),
        ("lamotrigine", "ivig-case-reports"),
        ("1.9 per million", "ten-how-common"),
        ("overlap", "ten-vs-sjs"),
        ("莱尔综合征", "ten-sjs-lyell"),
        ("passive immunity", "ivig-passive-immunity"),
        ("被动免疫", "ivig-passive-immunity"),
        ("symptoms", "ten-symptoms"),
        ("病因", "ten-causes"),
        ("reviewer", "reviewer"),
    ],
)
def test_keyword_query_ranks_the_right_entry_first(client: TestClient, query: str, expected: str) -> None:
    body = search(client, query, lang="en").json()
    assert body["results"], f"nothing found for {query!r}"
    assert body["results"][0]["id"] == expected, [(r["id"], r["score"]) for r in body["results"]]


@pytest.mark.parametrize("query", ["lupus", "weather today", "asdfgh", "dog food", "price of insulin", "the", "什么", "股票"])
def test_query_that_matches_nothing_gets_an_empty_list_with_the_disclaimer(client: TestClient, query: str) -> None:
    response = search(client, query, lang="en")
    assert response.status_code == 200
    body = response.json()
    assert body["results"] == [] and body["terms"] == []
    assert_disclaimer(body, "en")


def test_results_carry_every_field_sorted_best_first(client: TestClient) -> None:
    response = search(client, "IVIG", lang="en", limit=25)
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"lang", "results", "terms", "disclaimer"}
    results = body["results"]
    assert len(results) > 3
    for result in results:
        assert set(result) == {"id", "section", "question", "answer", "score", "sources"}
        assert 0.0 < result["score"] <= 1.0
        assert result["question"] and result["answer"] and result["section"]
        for source in result["sources"]:
            assert set(source) == {"id", "citation", "url"} and source["url"].startswith("https://")
    scores = [result["score"] for result in results]
    assert scores == sorted(scores, reverse=True)
    assert len({result["id"] for result in results}) == len(results)
    assert_disclaimer(body, "en")


def test_answer_and_sources_are_the_entrys(client: TestClient) -> None:
    found = search(client, "dose", lang="en").json()["results"][0]
    entry = client.get("/api/v1/entries/ivig-dose", params={"lang": "en"}).json()["entry"]
    assert (found["question"], found["answer"], found["sources"], found["section"]) == (
        entry["question"], entry["answer"], entry["sources"], entry["section"]
    )
    assert "3 g/kg" in found["answer"] and found["sources"]


def test_limit_caps_the_number_of_results(client: TestClient) -> None:
    assert len(search(client, "IVIG", lang="en", limit=1).json()["results"]) == 1
    assert len(search(client, "IVIG", lang="en", limit=2).json()["results"]) == 2
    assert len(search(client, "IVIG", lang="en", limit=25).json()["results"]) <= 25


# -- language --------------------------------------------------------------------------------------------------
def test_results_are_in_the_requested_language_whatever_the_querys(client: TestClient) -> None:
    response = search(client, "platelet", lang="zh")
    body = response.json()
    assert response.headers["content-language"] == "zh-Hans"
    assert "Accept-Language" in response.headers["vary"]
    first = body["results"][0]
    assert HAN.search(first["question"]) and "血小板" in first["answer"] and HAN.search(first["section"])
    assert_disclaimer(body, "zh")
    english = search(client, "副作用", lang="en").json()
    assert "headache" in english["results"][0]["answer"]
    assert_disclaimer(english, "en")


def test_language_follows_accept_language_then_english(client: TestClient) -> None:
    assert search(client, "dose", headers={"Accept-Language": "zh-CN,zh;q=0.9"}).json()["lang"] == "zh"
    assert search(client, "dose", headers={"Accept-Language": "zh-TW,zh;q=0.9"}).json()["lang"] == "zh-Hant"
    assert search(client, "dose", headers={"Accept-Language": "fr"}).json()["lang"] == "en"
    assert search(client, "dose").json()["lang"] == "en"


# -- validation ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({"q": ""}, "question_empty"),
        ({"q": "   "}, "question_empty"),
        ({}, "question_empty"),
        ({"q": "x" * 501}, "question_too_long"),
        ({"q": "dose\x00"}, "question_invalid_characters"),
        ({"q": "dose\x1b[31m"}, "question_invalid_characters"),
        ({"q": "dose", "limit": 0}, "invalid_limit"),
        ({"q": "dose", "limit": 26}, "invalid_limit"),
        ({"q": "dose", "limit": "ten"}, "invalid_limit"),
        ({"q": "dose", "lang": "fr"}, "invalid_lang"),
    ],
)
def test_invalid_query_gets_a_json_error_in_the_negotiated_language(
    client: TestClient, params: dict[str, Any], code: str
) -> None:
    response = client.get("/api/v1/search", params=params, headers={"Accept-Language": "zh-CN"})
    assert response.status_code == 422
    body = response.json()
    assert set(body) == {"lang", "error", "disclaimer"}
    assert body["error"]["status"] == 422 and body["error"]["code"] == code
    assert HAN.search(body["error"]["message"])
    assert_disclaimer(body, "zh")
    assert "x" * 50 not in response.text  # the query is never echoed


def test_longest_allowed_query_is_accepted(client: TestClient) -> None:
    assert search(client, "dose " * 100, lang="en").status_code == 200  # 500 characters


def test_openapi_declares_the_parameters_bounds_and_errors(client: TestClient) -> None:
    operation = client.get("/openapi.json").json()["paths"]["/api/v1/search"]["get"]
    params = {param["name"]: param for param in operation["parameters"]}
    assert params["q"]["required"] is True
    assert params["q"]["schema"]["minLength"] == 1 and params["q"]["schema"]["maxLength"] == 500
    assert "pattern" in params["q"]["schema"]
    assert (params["limit"]["schema"]["minimum"], params["limit"]["schema"]["maximum"]) == (1, 25)
    assert {"200", "422", "500"} <= set(operation["responses"])
    assert operation["responses"]["422"]["content"]["application/json"]["schema"]["$ref"].endswith("/ErrorResponse")


# -- highlighting ----------------------------------------------------------------------------------------------
def test_terms_name_the_matched_words_in_both_languages(client: TestClient) -> None:
    terms = search(client, "dose", lang="en").json()["terms"]
    assert "dose" in terms and "剂量" in terms
    terms = search(client, "副作用", lang="en").json()["terms"]
    assert "side effects" in terms and "副作用" in terms
    assert "headache" in search(client, "headach", lang="en").json()["terms"]  # typo corrected
    assert "血小板" in search(client, "血小板", lang="zh").json()["terms"]


def test_highlight_spans_mark_whole_words_and_their_suffixes() -> None:
    text = "Doses of IVIG; often TEN. 剂量 and a dosed dose."
    marked = [text[start:end] for start, end in highlight_spans(text, ["dose", "ten", "剂量"])]
    assert marked == ["Doses", "TEN", "剂量", "dosed", "dose"]
    assert highlight_spans("anything", []) == []
    other = "low platelets"
    assert [other[s:e] for s, e in highlight_spans(other, ["platelet"])] == ["platelets"]


def test_every_term_of_a_keyword_query_is_found_in_its_top_result(service: FaqService) -> None:
    for query, lang in [("dose", "en"), ("dose", "zh"), ("副作用", "en"), ("副作用", "zh"), ("platelet", "en")]:
        terms = highlight_terms(service.matcher, service.content.glossary, query)
        best = service.matcher.match(query, 1).candidates[0]
        item = service.content.entry(best.entry_id)
        assert item is not None
        view = service.composer.entry_view(item, lang)  # type: ignore[arg-type]
        assert highlight_spans(view.question + "\n" + view.answer, terms), (query, lang)


# -- the console's strings and page ----------------------------------------------------------------------------
def test_console_strings_in_both_languages(client: TestClient) -> None:
    english = client.get("/api/v1/staff/strings", params={"lang": "en"}).json()
    chinese = client.get("/api/v1/staff/strings", params={"lang": "zh"}).json()
    assert set(CONSOLE) <= set(english["strings"]) and set(english["strings"]) == set(chinese["strings"])
    assert english["phone"] == "(877) 778-0318" and "(877) 778-0318" in english["strings"]["escalation"]
    assert "911" in english["strings"]["escalation"] and "911" in chinese["strings"]["escalation"]
    assert "{count}" in english["strings"]["result_count"] and "{count}" in chinese["strings"]["result_count"]
    for key in CONSOLE:
        assert HAN.search(chinese["strings"][key]), f"{key} is not translated"
    assert english["strings"]["language_name_zh"] == chinese["strings"]["language_name_zh"] == "简体中文"
    assert english["strings"]["language_name_zh_hant"] == chinese["strings"]["language_name_zh_hant"] == "繁體中文"
    assert english["strings"]["language_name_en"] == "English"
    assert_disclaimer(english, "en")
    assert_disclaimer(chinese, "zh")


class _PageScan(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.inline_scripts = 0
        self.style_elements = 0
        self.style_attributes = 0
        self.event_handlers: list[str] = []
        self.text_keys: set[str] = set()
        self.assets: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "script":
            self._in_script = True
            if values.get("src"):
                self.assets.append(str(values["src"]))
            else:
                self.inline_scripts += 1
        if tag == "style":
            self.style_elements += 1
        if tag == "link" and values.get("rel") == "stylesheet":
            self.assets.append(str(values["href"]))
        self.style_attributes += "style" in values
        self.event_handlers += [name for name in values if name.startswith("on")]
        if values.get("data-text"):
            self.text_keys.add(str(values["data-text"]))

    def handle_data(self, data: str) -> None:
        if data.strip() and not self._in_script:
            raise AssertionError(f"text in the page itself, not from the catalogs: {data.strip()!r}")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False


def test_console_page_is_served_with_security_headers_and_no_inline_code(client: TestClient) -> None:
    response = client.get("/staff")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    csp = response.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
    assert response.headers["x-content-type-options"] == "nosniff"
    scan = _PageScan()
    scan.feed(response.text.replace("<title>FAQ</title>", "<title></title>"))
    assert (scan.inline_scripts, scan.style_elements, scan.style_attributes, scan.event_handlers) == (0, 0, 0, [])
    strings = client.get("/api/v1/staff/strings", params={"lang": "en"}).json()["strings"]
    assert scan.text_keys <= set(strings), scan.text_keys - set(strings)
    for asset, kind in zip(sorted(scan.assets), ("text/css", "text/javascript"), strict=True):
        served = client.get(asset)
        assert served.status_code == 200 and served.headers["content-type"].startswith(kind)
        assert served.headers["x-content-type-options"] == "nosniff"


def test_console_script_builds_text_nodes_only_and_knows_every_string_it_uses(client: TestClient) -> None:
    script = (STATIC / "staff.js").read_text(encoding="utf-8")
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function"):
        assert sink not in script
    strings = client.get("/api/v1/staff/strings", params={"lang": "en"}).json()["strings"]
    used = set(re.findall(r"\bt\(\"([a-z_]+)\"\)", script))
    assert used and used <= set(strings), used - set(strings)


def test_an_out_of_range_limit_is_explained_in_the_requested_language(client: TestClient) -> None:
    body = client.get("/api/v1/search", params={"q": "dose", "limit": 99, "lang": "zh"}).json()
    assert body["error"]["code"] == "invalid_limit"
    assert body["error"]["message"] == "结果数量必须是 1 到 25 之间的整数。"
    assert body["disclaimer"].startswith("此信息不能替代医疗建议或治疗")
