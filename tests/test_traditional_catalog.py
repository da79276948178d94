"""The Traditional Chinese catalog: drafted from zh_CN by OpenCC inside `make catalog`, reviewed terms for Taiwan and
Hong Kong readers kept in overrides, and checks that catch a stale or hand-edited catalog."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import opencc
import pytest
import yaml

from app.content.catalog_check import check_all, check_traditional_draft, glossary_variants
from app.content.faq import load_content
from app.language import messages
from app.language.chinese_script import script_counts
from app.language.i18n import Translator, catalog_path, read_catalog
from app.language.traditional_catalog import (
    OPENCC_CONFIG,
    Drafter,
    Overrides,
    TermOverride,
    load_overrides,
    overrides_path,
)
from app.ops.settings import Settings

HAN = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture()
def locales_copy(settings: Settings, tmp_path: Path) -> Path:
    copy = tmp_path / "locales"
    shutil.copytree(settings.locales_dir, copy)
    return copy


def translations(path: Path) -> dict[str, str]:
    return {str(message.id): str(message.string) for message in read_catalog(path) if message.id}


def test_the_traditional_catalog_is_the_current_draft_of_the_simplified_one(settings: Settings) -> None:
    problems = check_traditional_draft(settings.locales_dir)
    assert not problems, "run make catalog:\n" + "\n".join(map(str, problems))


def test_every_traditional_translation_is_written_in_traditional_characters(settings: Settings) -> None:
    for msgid, text in translations(catalog_path(settings.locales_dir, "zh-Hant")).items():
        if not re.sub(r"\{\w+\}|[\W\d_]", "", msgid):
            continue  # a pattern of placeholders only ("{number} ({region})"): nothing to write in characters
        assert HAN.search(text), f"not translated: {msgid[:50]!r}"
        assert script_counts(text).simplified == 0, f"Simplified characters in {text[:60]!r}"


def test_a_hand_edit_of_the_traditional_catalog_is_caught(locales_copy: Path) -> None:
    path = catalog_path(locales_copy, "zh-Hant")
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("毒性表皮溶解症（TEN）是一種罕見", "毒性表皮溶解症（TEN）是一種常見", 1), encoding="utf-8")
    problems = check_traditional_draft(locales_copy)
    assert len(problems) == 1 and problems[0].message.startswith("stale: 'Toxic epidermal necrolysis (TEN) is a rare")


def test_a_simplified_edit_without_make_catalog_is_caught(locales_copy: Path) -> None:
    path = catalog_path(locales_copy, "zh")
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('msgstr "再见，请多保重。', 'msgstr "再会，请多保重。', 1), encoding="utf-8")
    problems = check_all(locales_copy)
    assert [problem.message[:29] for problem in problems] == ["stale: 'Goodbye and take care"]


def test_an_override_that_no_longer_applies_is_caught(locales_copy: Path) -> None:
    path = overrides_path(locales_copy)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["terms"].append({"zh_CN": "不存在的词", "zh_Hant": "不存在的詞", "why": "test", "sources": ["test"]})
    data["messages"].append({"msgid": "No such message.", "msgstr": "沒有這條。", "why": "test"})
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    problems = [problem.message for problem in check_traditional_draft(locales_copy)]
    assert problems == [
        "unused override: term '不存在的词' is in no zh_CN message; update or remove it",
        "unused override: message 'No such message.' is in no zh_CN message; update or remove it",
    ]


def test_a_message_override_replaces_the_draft(locales_copy: Path) -> None:
    path = overrides_path(locales_copy)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["messages"].append({"msgid": "Send", "msgstr": "送出", "why": "Taiwan's forms say 送出"})
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    from app.language.traditional_catalog import write_draft

    write_draft(locales_copy)
    assert translations(catalog_path(locales_copy, "zh-Hant"))["Send"] == "送出"
    assert check_traditional_draft(locales_copy) == []


def test_the_disclaimer_is_the_articles_chinese_converted_not_reworded(settings: Settings) -> None:
    """The organisation's legal text in Traditional is OpenCC's conversion of the article's own Chinese."""
    simplified = translations(catalog_path(settings.locales_dir, "zh"))[messages.DISCLAIMER]
    traditional = translations(catalog_path(settings.locales_dir, "zh-Hant"))[messages.DISCLAIMER]
    assert traditional == opencc.OpenCC(OPENCC_CONFIG).convert(simplified)
    assert traditional.startswith("此資訊不能替代醫療建議或治療。") and traditional.count("{organization}") == 4
    assert messages.DISCLAIMER not in {override.msgid for override in load_overrides(settings.locales_dir).messages}


def test_reviewed_terms_have_sources_and_name_real_glossary_terms(settings: Settings) -> None:
    glossary = {term.key: term for term in load_content(settings.content_dir).glossary}
    overrides = load_overrides(settings.locales_dir)
    for term in overrides.terms:
        assert term.sources and all(source.strip() for source in term.sources), term.zh_CN
        if term.glossary is not None:
            assert term.glossary in glossary, f"{term.zh_CN}: no glossary term {term.glossary!r}"
            assert term.zh_Hant in glossary_variants(glossary[term.glossary], "zh-Hant", overrides)
    sjs = glossary_variants(glossary["sjs"], "zh-Hant", overrides)
    assert "史蒂芬強生症候群" in sjs and "史蒂文斯-約翰遜綜合徵" in sjs  # the reviewed term and a plain draft
    assert glossary_variants(glossary["sjs"], "zh") == [*glossary["sjs"].zh, *glossary["sjs"].en]


def test_no_mainland_form_that_a_reviewed_term_replaces_is_left(settings: Settings) -> None:
    """What plain OpenCC would have written for a reviewed term (萊爾綜合徵, 遲髮型, 啟用 ...) appears nowhere."""
    converter = opencc.OpenCC(OPENCC_CONFIG)
    catalog = " ".join(translations(catalog_path(settings.locales_dir, "zh-Hant")).values())
    terms = load_overrides(settings.locales_dir).terms
    for term in sorted(terms, key=lambda term: -len(term.zh_Hant)):  # 激素 may be left inside 細胞激素 (cytokines)
        catalog = catalog.replace(term.zh_Hant, "□")
    for term in terms:
        plain = converter.convert(term.zh_CN)
        if plain != term.zh_Hant and plain not in term.zh_Hant:
            assert plain not in catalog, f"{plain!r} (plain OpenCC for {term.zh_CN!r}) is in the zh_Hant catalog"
    for mainland in ("丙球", "綜合徵", "激素", "程式性", "稽核", "遲髮型"):
        assert mainland not in catalog, mainland


def test_taiwan_and_hong_kong_readers_get_their_names_for_the_disease_and_the_drug(settings: Settings) -> None:
    translator = Translator.load(settings.locales_dir)
    content = load_content(settings.content_dir)
    what_is_ten = next(item for item in content.entries if item.id == "what-is-ten")
    answer = translator.gettext("zh-Hant", what_is_ten.entry.answer)
    assert answer.startswith("毒性表皮溶解症（TEN）") and "史蒂芬強生症候群（SJS）" in answer and "萊爾氏症候群" in answer
    dose = next(item for item in content.entries if item.id == "ivig-dose")
    assert translator.gettext("zh-Hant", dose.entry.answer).count("靜脈注射免疫球蛋白（IVIG）") == 1


def test_the_drafter_protects_reviewed_terms_and_uses_corner_quotes() -> None:
    drafter = Drafter(Overrides(terms=[
        TermOverride(zh_CN="激活", zh_Hant="活化", why="-", sources=["-"]),
        TermOverride(zh_CN="激活细胞", zh_Hant="活化細胞X", why="-", sources=["-"]),  # longest first
    ]))
    assert drafter.convert("被激活的细胞，“信息”和‘信号’") == "被活化的細胞，「資訊」和『訊號』"
    assert drafter.convert("激活细胞") == "活化細胞X"
    assert Drafter(Overrides(terms=[TermOverride(zh_CN="IV 型", zh_Hant="第四型", why="-", sources=["-"])])).convert(
        "抑制 IV 型反应，剂量 3 g/kg，致电 {phone}。") == "抑制第四型反應，劑量 3 g/kg，致電 {phone}。"
    assert drafter.convert("{phone} 与 {organization}：3 g/kg") == "{phone} 與 {organization}：3 g/kg"
