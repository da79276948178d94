"""The catalogs are current, complete and faithful: no stale template, no English served to Chinese readers."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from app.content.catalog_check import check_catalog, check_glossary_terms, check_template, check_translation
from app.content.faq import load_content
from app.language.i18n import CatalogError, Lang, catalog_path
from app.ops.settings import Settings


def test_template_is_current_with_code_and_content(settings: Settings) -> None:
    problems = check_template(settings.locales_dir)
    assert not problems, "run the catalog workflow in the README:\n" + "\n".join(map(str, problems))


def test_every_message_is_translated_not_fuzzy_and_keeps_numbers_and_placeholders(settings: Settings) -> None:
    problems = check_catalog(settings.locales_dir)
    assert not problems, "\n".join(map(str, problems))


def test_the_checks_catch_what_they_claim_to() -> None:
    assert check_translation("Up to 3 g/kg over 3 days.", "最多 2 g/kg。") == [
        "number 3 is missing from the translation"
    ]
    assert check_translation("Call {phone}.", "请致电。")[0].startswith("placeholders differ")
    assert check_translation("Call {phone}.", "请致电 {电话}。")[0].startswith("placeholders differ")


def test_a_template_broken_by_a_bad_merge_stops_the_check_naming_the_file(settings: Settings, tmp_path: Path) -> None:
    """A conflict resolved by pasting both sides left a msgid without its msgstr; the template check must say so."""
    locales = tmp_path / "locales"
    shutil.copytree(settings.locales_dir, locales)
    template = locales / "messages.pot"
    text = template.read_text(encoding="utf-8")
    start = text.index('\nmsgid "', text.index('msgid ""') + 5) + 1  # the first real message
    end = text.index('msgstr ""', start)
    template.write_text(text[:end] + text[end + len('msgstr ""'):], encoding="utf-8")
    with pytest.raises(CatalogError, match=r"messages\.pot"):
        check_template(locales)


@pytest.mark.parametrize("lang", ["zh", "zh-Hant"])
def test_every_faq_question_and_answer_is_in_the_catalog(settings: Settings, lang: Lang) -> None:
    with catalog_path(settings.locales_dir, lang).open("rb") as stream:
        catalog = read_po(stream)
    for item in load_content(settings.content_dir).entries:
        for text in (item.section, item.entry.question, item.entry.answer):
            message = catalog.get(text)
            assert message is not None and message.string, f"{lang} {item.id}: not translated: {text[:50]!r}"


def test_translations_use_the_glossarys_chinese_terms(settings: Settings) -> None:
    """An English text naming a glossary term is translated with one of that term's variants, in both scripts."""
    problems = check_glossary_terms(load_content(settings.content_dir).glossary, settings.locales_dir)
    assert not problems, "\n".join(map(str, problems))


def test_the_traditional_glossary_check_accepts_drafts_and_reviewed_terms_only(settings: Settings, tmp_path: Path) -> None:
    glossary = [term for term in load_content(settings.content_dir).glossary if term.key == "steroid"]
    shutil.copytree(settings.locales_dir / "zh_Hant", tmp_path / "zh_Hant")  # the overrides: 類固醇 names "steroid"
    for lang, translation in (("zh", "给了大剂量激素。"), ("zh-Hant", "給了大劑量類固醇。")):
        target = catalog_path(tmp_path, lang)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(f'#: x.py:1\nmsgid "High-dose steroids were given."\nmsgstr "{translation}"\n', encoding="utf-8")
    assert check_glossary_terms(glossary, tmp_path) == []
    catalog_path(tmp_path, "zh-Hant").write_text(
        '#: x.py:1\nmsgid "High-dose steroids were given."\nmsgstr "給了大劑量荷爾蒙。"\n', encoding="utf-8"
    )
    problems = check_glossary_terms(glossary, tmp_path)
    assert [problem.message.split(":")[0] for problem in problems] == ["glossary term 'steroid' is not used"]
    assert "zh_Hant" in problems[0].where


CHECK_MEMORY_PROBE = """
import opencc
from app.content.catalog_check import refuse_catalog_problems
from app.content.faq import load_content
from app.ops.settings import Settings

def resident_mib():
    return int(open("/proc/self/statm").read().split()[1]) * 4096 / 2**20

settings = Settings()
content = load_content(settings.content_dir)
opencc.OpenCC("t2s").convert("測")  # what a worker loads anyway
before = resident_mib()
refuse_catalog_problems(settings.locales_dir, glossary=content.glossary, memo=None)
print(resident_mib() - before)
"""


@pytest.mark.skipif(not Path("/proc/self/statm").exists(), reason="reads resident memory from /proc (Linux)")
def test_a_first_start_does_not_keep_the_memory_the_catalog_check_needed() -> None:
    """The zh_Hant draft check loads OpenCC's s2twp (~45 MB); a worker that ran it at its first start kept that
    memory for its whole life (issue 8, memory per worker) until the check gave it back (app/ops/memory.py)."""
    result = subprocess.run([sys.executable, "-c", CHECK_MEMORY_PROBE], capture_output=True, text=True, timeout=120,
                            check=True)
    assert float(result.stdout) < 20, f"the check left {float(result.stdout):.1f} MiB resident"
