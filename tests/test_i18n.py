"""Language negotiation and the catalogs as users meet them: Chinese is really served."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.language import messages
from app.language.i18n import (
    AcceptLanguageError,
    CatalogError,
    Translator,
    catalog_path,
    lang_from_accept_language,
    negotiate_lang,
    parse_accept_language,
)
from app.ops.settings import Settings


@pytest.mark.parametrize("header", ["zh", "zh-CN", "zh-Hans", "zh-SG", "zh-MY", "zh-Hans-CN", "zh-Hans-TW", "ZH-cn"])
def test_simplified_chinese_variants_negotiate_simplified(header: str) -> None:
    assert lang_from_accept_language(header) == "zh"


@pytest.mark.parametrize("header", ["zh-TW", "zh-HK", "zh-MO", "zh-Hant", "zh-Hant-TW", "zh-hant", "ZH-tw", "zh-Hant-CN", "yue-HK"])
def test_traditional_chinese_variants_negotiate_traditional(header: str) -> None:
    assert lang_from_accept_language(header) == "zh-Hant"


def test_the_first_supported_range_decides_between_the_scripts() -> None:
    assert lang_from_accept_language("zh-TW, zh-CN;q=0.8") == "zh-Hant"
    assert lang_from_accept_language("zh-CN, zh-TW;q=0.8") == "zh"
    assert lang_from_accept_language("fr-FR, zh-HK;q=0.5, en;q=0.3") == "zh-Hant"
    assert lang_from_accept_language("zh-TW;q=0, zh;q=0.5") == "zh"


@pytest.mark.parametrize("header", ["en", "en-US", "en-GB,en;q=0.9"])
def test_english_variants_negotiate_english(header: str) -> None:
    assert lang_from_accept_language(header) == "en"


def test_quality_values_order_the_preferences() -> None:
    assert lang_from_accept_language("en;q=0.3, zh-CN;q=0.8") == "zh"
    assert lang_from_accept_language("zh;q=0, en") == "en"
    assert parse_accept_language("fr;q=0.5, de, zh;q=0.9") == ["de", "zh", "fr"]


def test_unsupported_languages_fall_back_to_english_or_the_questions_script() -> None:
    assert negotiate_lang(None, "fr-FR, de;q=0.8", "What is TEN?") == "en"
    assert negotiate_lang(None, "fr-FR", "什么是中毒性表皮坏死松解症") == "zh"
    assert negotiate_lang(None, None, None) == "en"


def test_the_lang_field_wins_over_header_and_script() -> None:
    assert negotiate_lang("en", "zh-CN", "副作用") == "en"
    assert negotiate_lang("zh", "en", "side effects") == "zh"
    assert negotiate_lang(None, "zh-TW", "side effects") == "zh-Hant"
    assert negotiate_lang("zh", "zh-TW", "靜脈注射免疫球蛋白的副作用") == "zh"  # unchanged for existing clients
    assert negotiate_lang("zh-Hant", "zh-CN", "丙球的副作用") == "zh-Hant"
    assert negotiate_lang(None, "zh-CN", "靜脈注射免疫球蛋白的副作用") == "zh"  # the header before the script


@pytest.mark.parametrize("header", ["x" * 1001, ",".join(["en"] * 41)])
def test_absurd_accept_language_headers_are_rejected(header: str) -> None:
    with pytest.raises(AcceptLanguageError):
        parse_accept_language(header)


@pytest.mark.parametrize("header", ["zh;Q=0, en;q=0.5", "zh;q=0;level=1, en;q=0.5", "zh;level=1;Q=0, en;q=0.5", "zh; q = 0 , en"])
def test_a_refused_language_stays_refused_whatever_the_case_or_other_parameters(header: str) -> None:
    assert lang_from_accept_language(header) == "en"


def test_a_parameter_other_than_q_is_not_a_weight() -> None:
    assert parse_accept_language("en;level=1;q=0.2, zh;q=0.5") == ["zh", "en"]
    assert parse_accept_language("zh;q=0.5, en;level=1") == ["en", "zh"]  # no q: weight 1


def test_the_accept_language_of_the_field_report_gets_english_over_http(client: TestClient) -> None:
    response = client.post("/api/v1/ask", json={"question": "IVIG 的副作用"}, headers={"Accept-Language": "zh;Q=0, en;q=0.5"})
    assert response.status_code == 200
    assert response.json()["lang"] == "en" and response.headers["content-language"] == "en"


def test_malformed_items_are_ignored_not_fatal() -> None:
    assert parse_accept_language("zh;q=abc, <script>, en;q=0.5") == ["en"]


def test_chinese_catalog_is_really_served(settings: Settings) -> None:
    translator = Translator.load(settings.locales_dir)
    chinese = translator.gettext("zh", messages.DISCLAIMER)
    assert chinese != messages.DISCLAIMER
    assert chinese.startswith("此信息不能替代医疗建议或治疗")
    assert translator.gettext("en", messages.DISCLAIMER) == messages.DISCLAIMER


@pytest.mark.parametrize("broken", ['msgstr "unterminated', "msgstr unquoted", 'msgid "a" extra'])
def test_a_broken_catalog_line_stops_loading_with_file_and_line(settings: Settings, tmp_path: Path, broken: str) -> None:
    source = catalog_path(settings.locales_dir, "zh").read_text(encoding="utf-8").splitlines()
    target = catalog_path(tmp_path, "zh")
    target.parent.mkdir(parents=True)
    line = next(i for i, text in enumerate(source) if text.startswith("msgstr") and i > 20)
    source[line] = broken
    target.write_text("\n".join(source), encoding="utf-8")
    with pytest.raises(CatalogError, match=rf"messages\.po:{line + 1}: not a valid PO line"):
        Translator.load(tmp_path)


def test_an_untranslated_message_is_reported_at_start_up(
    settings: Settings, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    for lang in ("zh", "zh-Hant"):
        source = catalog_path(settings.locales_dir, lang).read_text(encoding="utf-8").splitlines()
        target = catalog_path(tmp_path, lang)
        target.parent.mkdir(parents=True)
        if lang == "zh-Hant":
            line = next(i for i, text in enumerate(source) if text.startswith('msgstr "') and text != 'msgstr ""' and i > 20)
            source[line] = 'msgstr ""'
        target.write_text("\n".join(source), encoding="utf-8")
    with caplog.at_level("WARNING", logger="app.language.i18n"):
        Translator.load(tmp_path)
    assert [record.message for record in caplog.records] == ["catalog incomplete"]
    assert caplog.records[0].lang == "zh-Hant" and caplog.records[0].untranslated == 1  # type: ignore[attr-defined]


def test_a_missing_traditional_catalog_stops_loading_with_its_path(settings: Settings, tmp_path: Path) -> None:
    target = catalog_path(tmp_path, "zh")
    target.parent.mkdir(parents=True)
    target.write_bytes(catalog_path(settings.locales_dir, "zh").read_bytes())
    with pytest.raises(CatalogError, match=r"zh_Hant/LC_MESSAGES/messages\.po: catalog not found"):
        Translator.load(tmp_path)


def test_cantonese_characters_outside_the_basic_plane_count_as_chinese() -> None:
    assert negotiate_lang(None, None, "𠀀𠀀咩") == "zh"  # U+20000, CJK extension B: Chinese, no Traditional-only character
    assert negotiate_lang(None, None, "𠀀𠀀係咩") == "zh-Hant"  # 係 is written only in Traditional


@pytest.mark.parametrize(
    "question",
    [
        "靜脈注射免疫球蛋白的副作用是什麼",  # Taiwan
        "丙種球蛋白要打幾多日？",  # Hong Kong, Cantonese
        "IVIG 係唔係有副作用？",  # mixed English and Cantonese
        "毒性表皮溶解症會傳染嗎",
        "我媽媽皮膚起水泡，這是什麼病",
        "點解要打免疫球蛋白",
        "頭髮會掉嗎",  # 頭髮 is Traditional in context (OpenCC phrases)
    ],
)
def test_a_question_in_traditional_characters_gets_traditional(question: str) -> None:
    assert negotiate_lang(None, None, question) == "zh-Hant"


@pytest.mark.parametrize(
    "question",
    [
        "丙球打几天",
        "静脉注射免疫球蛋白有什么副作用？",
        "副作用",  # no character that differs between the scripts: Simplified, the Chinese default
        "IVIG 副作用",
        "台湾有没有丙球",  # 台 is written in Taiwan too: not a Traditional-only character
        "皇后公里",  # same in both scripts
        "IVIG 的副作用 係 什么 头发",  # one Traditional character among Simplified ones
    ],
)
def test_a_question_in_simplified_or_shared_characters_gets_simplified(question: str) -> None:
    assert negotiate_lang(None, None, question) == "zh"
