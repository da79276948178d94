"""Build the whole FAQ service once, in data-path order: content -> catalogs -> index -> matcher -> composer."""

from __future__ import annotations

import time
from dataclasses import dataclass

from app.catalog_check import refuse_catalog_problems
from app.content import Content, load_content
from app.i18n import Translator
from app.intents import OffTopic
from app.index import Index, build_index, vocabulary_texts
from app.matcher import Matcher
from app.normalize import Normalizer
from app.replies import Composer
from app.settings import Settings


@dataclass(frozen=True)
class FaqService:
    settings: Settings
    content: Content
    translator: Translator
    index: Index
    matcher: Matcher
    composer: Composer
    build_seconds: float


def build_service(settings: Settings) -> FaqService:
    """Load and check everything; raises ContentError or CatalogError naming the broken file (and line).

    Start-up refuses whatever ``faqbot check`` refuses (:func:`app.catalog_check.check_all`: a stale template,
    an untranslated or fuzzy message, a broken ``{placeholder}``, a missing number), so a catalog that would break
    replies at request time stops the service before it serves anything.
    """
    started = time.perf_counter()
    content = load_content(settings.content_dir)
    translator = Translator.load(settings.locales_dir)
    refuse_catalog_problems(settings.locales_dir)
    translate_zh = translator.bind("zh")
    normalizer = Normalizer.build(content.glossary, vocabulary_texts(content, translate_zh), settings.chinese_features)
    index = build_index(content, normalizer, translate_zh)
    matcher = Matcher(index, settings.match_threshold, settings.close_call_margin)
    composer = Composer(content, translator, matcher, settings, OffTopic(content.out_of_scope))
    return FaqService(
        settings=settings,
        content=content,
        translator=translator,
        index=index,
        matcher=matcher,
        composer=composer,
        build_seconds=time.perf_counter() - started,
    )
