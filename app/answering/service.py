"""Build the whole FAQ service once, in data-path order: content -> catalogs -> index -> matcher -> composer."""

from __future__ import annotations

import gc
import time
from dataclasses import dataclass

from app.answering.index import Index, build_index, vocabulary_texts
from app.answering.matcher import Matcher
from app.answering.normalize import Normalizer
from app.answering.replies import Composer
from app.answering.scope import ScopeRules
from app.answering.triage import vocabulary as triage_vocabulary
from app.answering.understanding import Reader, cue_words, drug_classes, lexicon
from app.content.catalog_check import refuse_catalog_problems
from app.content.faq import Content, load_content
from app.language.i18n import Translator
from app.ops.settings import Settings


@dataclass(frozen=True)
class FaqService:
    settings: Settings
    content: Content
    translator: Translator
    index: Index
    matcher: Matcher
    composer: Composer
    build_seconds: float


CHECKED_MEMO = "catalogs-checked"  # in FAQBOT_DATA_DIR: the fingerprint of the catalogs last found free of problems


def build_service(settings: Settings) -> FaqService:
    """Load and check everything; raises ContentError or CatalogError naming the broken file (and line).

    Start-up refuses whatever ``faqbot check`` refuses (:func:`app.content.catalog_check.check_all`: a stale template,
    an untranslated or fuzzy message, a broken ``{placeholder}``, a missing number, a stale zh_Hant draft, a
    glossary term left out of a translation), so a catalog that would break
    replies at request time stops the service before it serves anything. Inputs already found free of problems,
    byte for byte, are not checked again (:func:`app.content.catalog_check.refuse_catalog_problems`' memo).
    """
    started = time.perf_counter()
    collecting = gc.isenabled()
    gc.disable()  # what is built lives as long as the process: no collection need walk it while it is being made
    try:
        content, translator, index, matcher, composer = _build(settings)
    finally:
        if collecting:
            gc.enable()
    # Everything built here lives as long as the process: the garbage collector need not walk it again on every
    # collection of the objects a reply makes (gc.freeze moves it out of the collected generations).
    gc.collect()
    gc.freeze()
    return FaqService(
        settings=settings,
        content=content,
        translator=translator,
        index=index,
        matcher=matcher,
        composer=composer,
        build_seconds=time.perf_counter() - started,
    )


def _build(settings: Settings) -> tuple[Content, Translator, Index, Matcher, Composer]:
    """The parts of the service, in data-path order (:func:`build_service` says what is checked)."""
    content = load_content(settings.content_dir)
    translator = Translator.load(settings.locales_dir)
    refuse_catalog_problems(settings.locales_dir, glossary=content.glossary, memo=settings.data_dir / CHECKED_MEMO)
    translate_zh = translator.bind("zh")
    normalizer = Normalizer.build(
        content.glossary,
        [*vocabulary_texts(content, translate_zh), *triage_vocabulary()],
        settings.chinese_features,
        cue_terms=cue_words(content),
        lexicon=lexicon(content),
        aliases=drug_classes(content),
    )
    index = build_index(content, normalizer, translate_zh)
    matcher = Matcher(index, settings.match_threshold, settings.close_call_margin)
    composer = Composer(content, translator, matcher, settings, Reader(normalizer, content), ScopeRules(content))
    return content, translator, index, matcher, composer
