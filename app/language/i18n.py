"""Languages: load the gettext catalogs, negotiate a request's language, translate.

The service speaks ``"en"`` (the source language), ``"zh"`` (Simplified Chinese, catalog ``zh_CN``) and
``"zh-Hant"`` (Traditional Chinese, catalog ``zh_Hant``, drafted from zh_CN by :mod:`app.language.traditional_catalog`).

Catalogs are compiled in memory at start-up straight from ``locales/<locale>/LC_MESSAGES/messages.po``: the
``.po`` file is the single source of truth, so a stale ``.mo`` can never be served, and ``pybabel compile``'s
python-format check (which misreads the article's "30% of the skin" as a placeholder) cannot break a build.
A broken catalog stops start-up with a :class:`CatalogError` naming the file and line.
"""

from __future__ import annotations

import gettext
import io
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from babel.core import get_global
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, read_po

from app.language.chinese_script import is_traditional

logger = logging.getLogger("app.language.i18n")

Lang = Literal["en", "zh", "zh-Hant"]
LANGS: tuple[Lang, ...] = ("en", "zh", "zh-Hant")
DEFAULT_LANG: Lang = "en"
# Plain strings on purpose: Locale.parse("zh_CN") is zh_Hans_CN, whose catalog lookup silently falls back to English.
CATALOG_LOCALE: dict[Lang, str] = {"zh": "zh_CN", "zh-Hant": "zh_Hant"}
DOMAIN = "messages"
# BCP 47 tags for Content-Language and the HTML lang attribute.
LANGUAGE_TAG: dict[Lang, str] = {"en": "en", "zh": "zh-Hans", "zh-Hant": "zh-Hant"}
# Each language's name in itself (autonyms: the same in every interface language), short for a switch and in full.
LANGUAGE_SHORT_NAME: dict[Lang, str] = {"en": "EN", "zh": "简", "zh-Hant": "繁"}
LANGUAGE_NAME: dict[Lang, str] = {"en": "English", "zh": "简体中文", "zh-Hant": "繁體中文"}
# Language subtags read as Chinese; the script (Simplified or Traditional) is then that of the tag or its region.
CHINESE_LANGUAGES = frozenset({"zh", "yue"})

MAX_ACCEPT_LANGUAGE_CHARS = 1_000
MAX_ACCEPT_LANGUAGE_ITEMS = 40
# Chinese characters: CJK Unified Ideographs with extension A, compatibility ideographs, and the supplementary
# planes' extensions B-F (where many Cantonese characters live). The one definition the service uses.
HAN_CHARACTERS = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f"
_HAN = re.compile(f"[{HAN_CHARACTERS}]")
_QVALUE = re.compile(r"^(?:0(?:\.\d{0,3})?|1(?:\.0{0,3})?)$")  # RFC 9110 12.4.2: "0.5", "1", "0.125"
_LANGUAGE_RANGE = re.compile(r"^(?:\*|[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*)$")


def N_(message: str) -> str:
    """Mark a module-level string for extraction; translate it per request with :meth:`Translator.gettext`."""
    return message


class CatalogError(Exception):
    """A catalog in ``locales/`` cannot be read; the message names the file and line."""


class AcceptLanguageError(ValueError):
    """The Accept-Language header is malformed or unreasonably large."""


def catalog_path(locales_dir: Path, lang: Lang) -> Path:
    return locales_dir / CATALOG_LOCALE[lang] / "LC_MESSAGES" / f"{DOMAIN}.po"


_PO_LINE = re.compile(
    r'^(?:#.*|(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+"(?:[^"\\]|\\.)*"|"(?:[^"\\]|\\.)*")?$'
)


def read_catalog(path: Path) -> Catalog:
    """Parse a ``.po`` file strictly: a syntax error is a :class:`CatalogError` naming the file and line.

    Babel's parser lets some broken lines through (``msgstr "unterminated``), so every line is checked first.
    """
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise CatalogError(f"{path}: catalog not found (setting FAQBOT_LOCALES_DIR)") from None
    try:
        lines = raw.decode("utf-8").splitlines()
    except UnicodeDecodeError as exc:
        raise CatalogError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    for number, line in enumerate(lines, start=1):
        if not _PO_LINE.match(line.strip()):
            raise CatalogError(f"{path}:{number}: not a valid PO line: {line.strip()[:60]!r}")
    try:
        return read_po(io.BytesIO(raw), locale=path.parent.parent.name, abort_invalid=True)
    except PoFileError as exc:
        raise CatalogError(f"{path}: {exc}") from None


def compile_catalog(catalog: Catalog) -> gettext.GNUTranslations:
    """Compile a catalog to gettext translations in memory; fuzzy messages are left out, as ``msgfmt`` does."""
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


@dataclass(frozen=True)
class Translator:
    """Per-language gettext functions, loaded once at start-up."""

    catalogs: dict[Lang, gettext.NullTranslations]

    @classmethod
    def load(cls, locales_dir: Path) -> Translator:
        catalogs: dict[Lang, gettext.NullTranslations] = {"en": gettext.NullTranslations()}
        for lang in CATALOG_LOCALE:
            catalog = read_catalog(catalog_path(locales_dir, lang))
            missing = sum(1 for message in catalog if message.id and (message.fuzzy or not message.string))
            if missing:  # served in English until translated: `faqbot check` lists them
                logger.warning("catalog incomplete", extra={"lang": lang, "untranslated": missing})
            catalogs[lang] = compile_catalog(catalog)
        return cls(catalogs)

    def gettext(self, lang: Lang, message: str) -> str:
        return self.catalogs[lang].gettext(message)

    def bind(self, lang: Lang) -> Callable[[str], str]:
        return self.catalogs[lang].gettext


def parse_accept_language(header: str) -> list[str]:
    """Language ranges of an Accept-Language header, best first (q=0 dropped); bounded in size.

    >>> parse_accept_language("fr-CH, fr;q=0.9, zh-TW;q=0.8, *;q=0.5")
    ['fr-CH', 'fr', 'zh-TW', '*']
    """
    if len(header) > MAX_ACCEPT_LANGUAGE_CHARS:
        raise AcceptLanguageError(f"Accept-Language is longer than {MAX_ACCEPT_LANGUAGE_CHARS} characters")
    items = [item.strip() for item in header.split(",") if item.strip()]
    if len(items) > MAX_ACCEPT_LANGUAGE_ITEMS:
        raise AcceptLanguageError(f"Accept-Language lists more than {MAX_ACCEPT_LANGUAGE_ITEMS} languages")
    ranked: list[tuple[float, int, str]] = []
    for position, item in enumerate(items):
        tag, *params = item.split(";")
        tag = tag.strip()
        quality = _quality(params)
        if not _LANGUAGE_RANGE.match(tag) or not 0.0 <= quality <= 1.0:
            continue  # one bad item is ignored, as browsers and servers commonly do
        if quality > 0:
            ranked.append((-quality, position, tag))
    return [tag for _, _, tag in sorted(ranked)]


def _quality(params: list[str]) -> float:
    """The weight among an item's parameters: ``q`` in any case (RFC 9110 5.3.1), 1 when absent, -1 when malformed.

    Other parameters never count as a weight.

    >>> [_quality(p) for p in ([], ["q=0.5"], [" Q=0"], ["level=1", "q=0"], ["level=1"], ["q=abc"], ["q=0.5", "q=1"])]
    [1.0, 0.5, 0.0, 0.0, 1.0, -1.0, -1.0]
    """
    weights = []
    for param in params:
        name, _, value = param.partition("=")
        if name.strip().lower() == "q":
            weights.append(value.strip())
    if not weights:
        return 1.0
    if len(weights) > 1 or not _QVALUE.match(weights[0]):
        return -1.0
    return float(weights[0])


def lang_of_tag(tag: str) -> Lang | None:
    """The language of ours that a BCP 47 language tag asks for, Chinese resolved to its script; None if none.

    The script is the tag's own script subtag (``zh-Hant``, ``zh-Hans-TW``), else the most likely script of the
    language in the tag's region, from CLDR's likely subtags as Babel ships them (``zh-TW``, ``zh-HK`` and ``zh-MO``
    are Traditional, ``zh``, ``zh-CN`` and ``zh-SG`` Simplified); Cantonese (``yue``) reads Chinese characters too.

    >>> [lang_of_tag(t) for t in ("zh-TW", "zh-HK", "zh-MO", "zh-Hant", "ZH-hant-cn", "zh-Hans-TW", "yue-HK")]
    ['zh-Hant', 'zh-Hant', 'zh-Hant', 'zh-Hant', 'zh-Hant', 'zh', 'zh-Hant']
    >>> [lang_of_tag(t) for t in ("zh", "zh-CN", "zh-SG", "zh-Hans", "en-GB", "fr")]
    ['zh', 'zh', 'zh', 'zh', 'en', None]
    """
    language, *subtags = tag.replace("_", "-").split("-")
    language = language.lower()
    if language == "en":
        return "en"
    if language not in CHINESE_LANGUAGES:
        return None
    script = next((part.title() for part in subtags if len(part) == 4 and part.isalpha()), None)
    if script is None:
        region = next((part.upper() for part in subtags if (len(part) == 2 and part.isalpha()) or (len(part) == 3 and part.isdigit())), None)
        likely = get_global("likely_subtags")
        resolved = str((region and likely.get(f"{language}_{region}")) or likely.get(language, ""))
        script = "Hant" if "_Hant" in resolved else "Hans"
    return "zh-Hant" if script == "Hant" else "zh"


def lang_from_accept_language(header: str | None) -> Lang | None:
    """The supported language the header prefers (the first range, by quality, that names one); None when none.

    >>> [lang_from_accept_language(h) for h in ("zh-TW", "zh-Hans-SG", "de, zh;q=0.5", "fr", "en-GB", "fr, zh-HK;q=0.8")]
    ['zh-Hant', 'zh', 'zh', None, 'en', 'zh-Hant']
    """
    if not header:
        return None
    for tag in parse_accept_language(header):
        lang = lang_of_tag(tag) if tag != "*" else None
        if lang is not None:
            return lang
    return None


def has_han(text: str) -> bool:
    return _HAN.search(text) is not None


def lang_from_script(text: str | None) -> Lang | None:
    """Chinese in the script the text is written in (:func:`app.language.chinese_script.is_traditional`); None if no Chinese.

    >>> [lang_from_script(text) for text in ("丙球打几天？", "丙球打幾天？", "IVIG 副作用", "What is TEN?")]
    ['zh', 'zh-Hant', 'zh', None]
    """
    if not text or not has_han(text):
        return None
    return "zh-Hant" if is_traditional(text) else "zh"


def negotiate_lang(requested: Lang | None, accept_language: str | None, question: str | None = None) -> Lang:
    """The reply's language: the request's ``lang``, else Accept-Language, else the question's script, else English."""
    if requested is not None:
        return requested
    from_header = lang_from_accept_language(accept_language)
    if from_header is not None:
        return from_header
    return lang_from_script(question) or DEFAULT_LANG
