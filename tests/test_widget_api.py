"""What the app serves for the chat widget: the script, its UI strings in both languages, the demo page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.language.chinese_script import script_counts
from app.language.i18n import Translator
from app.ops.settings import Settings
from app.web.strings.widget import WIDGET_MESSAGES

WIDGET_JS = Path(__file__).resolve().parent.parent / "app" / "web" / "static" / "widget.js"
HAN = re.compile(r"[\u4e00-\u9fff]")


def test_widget_script_is_served_as_javascript_that_other_sites_may_load(client: TestClient) -> None:
    response = client.get("/widget.js")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/javascript; charset=utf-8"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["cross-origin-resource-policy"] == "cross-origin"
    assert "attachShadow" in response.text


def test_widget_script_has_no_html_sinks_eval_or_inline_styles() -> None:
    source = WIDGET_JS.read_text(encoding="utf-8")
    code = re.sub(r"/\*.*?\*/", "", source, flags=re.DOTALL)
    for forbidden in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function",
                      ".style.", "setAttribute(\"style\"", "createElement(\"style\")", "setTimeout(\"", "javascript:"):
        assert forbidden not in code, forbidden
    assert "adoptedStyleSheets" in code and "textContent" in code


@pytest.mark.parametrize("lang", ["en", "zh", "zh-Hant"])
def test_widget_strings_come_translated_with_phone_and_disclaimer(client: TestClient, settings: Settings, lang: str) -> None:
    response = client.get("/api/v1/widget/strings", params={"lang": lang})
    assert response.status_code == 200
    body = response.json()
    assert body["lang"] == lang and body["tag"] == {"en": "en", "zh": "zh-Hans", "zh-Hant": "zh-Hant"}[lang]
    assert response.headers["content-language"] == body["tag"]
    assert set(body["strings"]) == set(WIDGET_MESSAGES)
    assert all(value.strip() for value in body["strings"].values())
    assert "{question}" in body["strings"]["about"]
    assert settings.phone in body["strings"]["call"] and body["phone"] == settings.phone
    assert body["phone_href"] == "tel:" + re.sub(r"[^0-9+]", "", settings.phone)
    assert [option["label"] for option in body["languages"]] == ["EN", "简", "繁"]
    assert [option["name"] for option in body["languages"]] == ["English", "简体中文", "繁體中文"]
    assert [option["tag"] for option in body["languages"]] == ["en", "zh-Hans", "zh-Hant"]
    assert [s["id"] for s in body["starters"]][:1] == ["what-is-ten"]
    if lang != "en":
        assert all(HAN.search(value) for key, value in body["strings"].items() if key != "emergency_call")
        assert body["disclaimer"].startswith({"zh": "此信息不能替代医疗建议或治疗", "zh-Hant": "此資訊不能替代醫療建議或治療"}[lang])
        assert all(HAN.search(s["question"]) for s in body["starters"])
        counts = [script_counts(value) for value in body["strings"].values()]  # no character of the other script
        assert all((c.simplified if lang == "zh-Hant" else c.traditional) == 0 for c in counts), lang
    else:
        assert not any(HAN.search(value) for value in body["strings"].values())
        assert body["disclaimer"].startswith("This information is not a substitute for medical advice")


def test_every_widget_string_has_a_chinese_translation(settings: Settings) -> None:
    translator = Translator.load(settings.locales_dir)
    for lang in ("zh", "zh-Hant"):
        untranslated = [message for message in WIDGET_MESSAGES.values() if translator.gettext(lang, message) == message]
        assert not untranslated, lang


def test_widget_strings_follow_accept_language_and_reject_unknown_languages(client: TestClient) -> None:
    assert client.get("/api/v1/widget/strings", headers={"Accept-Language": "zh-CN,zh;q=0.9"}).json()["lang"] == "zh"
    assert client.get("/api/v1/widget/strings", headers={"Accept-Language": "zh-TW,zh;q=0.9"}).json()["lang"] == "zh-Hant"
    response = client.get("/api/v1/widget/strings", params={"lang": "fr"})
    assert response.status_code == 422
    assert response.json()["disclaimer"]


def test_demo_page_embeds_the_widget_with_one_script_tag_under_a_strict_policy(client: TestClient) -> None:
    response = client.get("/")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    html = response.text
    assert re.findall(r"<script[^>]*>", html) == ['<script src="/widget.js" defer>']
    assert "style=" not in html and "<style" not in html
    assert '<html lang="en">' in html and "This information is not a substitute" in html
    policy = response.headers["content-security-policy"]
    for directive in ("script-src 'self'", "style-src 'self'", "connect-src 'self'", "frame-ancestors 'none'"):
        assert directive in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert response.headers["x-content-type-options"] == "nosniff"


def test_demo_page_speaks_chinese_when_asked(client: TestClient) -> None:
    response = client.get("/", params={"lang": "zh"})
    assert '<html lang="zh-Hans">' in response.text
    assert "此信息不能替代医疗建议或治疗" in response.text
    assert response.headers["content-language"] == "zh-Hans"
    assert client.get("/", headers={"Accept-Language": "zh-CN"}).headers["content-language"] == "zh-Hans"


def test_demo_page_speaks_traditional_chinese_when_asked(client: TestClient) -> None:
    response = client.get("/", params={"lang": "zh-Hant"})
    assert '<html lang="zh-Hant">' in response.text
    assert "此資訊不能替代醫療建議或治療" in response.text and "毒性表皮溶解症" in response.text
    assert response.headers["content-language"] == "zh-Hant"
    assert client.get("/", headers={"Accept-Language": "zh-HK"}).headers["content-language"] == "zh-Hant"
    switch = re.findall(r'<a href="/\?lang=([^"]+)"[^>]*>([^<]+)</a>', response.text)
    assert switch == [("en", "English"), ("zh", "简体中文"), ("zh-Hant", "繁體中文")]
