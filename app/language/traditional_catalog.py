"""The Traditional Chinese catalog (``zh_Hant``), drafted from the Simplified one (``zh_CN``) by OpenCC.

``make catalog`` runs this after ``pybabel update`` (``python -m app.language.traditional_catalog``): every message of
``locales/zh_CN/LC_MESSAGES/messages.po`` is converted and written to ``locales/zh_Hant/LC_MESSAGES/messages.po``,
with the same msgids, comments, flags and order. The zh_Hant file is generated, never edited by hand: what a
reviewer changes goes into ``locales/zh_Hant/overrides.yaml``, and :func:`check_draft` (run by ``faqbot check``)
fails when the file differs from a fresh draft, so an edit of the Simplified catalog cannot leave the Traditional
one behind.

How a Simplified translation becomes Traditional (:meth:`Drafter.convert`):

1. reviewed **term overrides** are put in place first (longest first), so OpenCC cannot touch them: Taiwan's
   disease names (毒性表皮溶解症, 史蒂芬強森症候群), 類固醇 for 激素, and the words OpenCC's Taiwan IT vocabulary
   gets wrong in a medical text (激活 is 活化, not 啟用);
2. OpenCC ``s2twp``: Simplified to Traditional with Taiwan's standard characters *and* Taiwan's phrasing
   (信息 -> 資訊, 搜索 -> 搜尋, 窗口 -> 視窗, 网络 -> 網路). Chosen over ``s2t`` (OpenCC's own character standard,
   臺 and 爲, read by nobody as everyday text), ``s2tw`` (Taiwan characters, mainland vocabulary in the interface)
   and ``s2hk`` (Hong Kong characters, no phrasing): Taiwan is the largest Traditional-reading population, its
   phrasing reads naturally in Hong Kong and overseas too, and the matcher reads Traditional input with the inverse
   configuration (``tw2sp``, :mod:`app.answering.normalize`);
3. Chinese quotation marks become the corner brackets of Taiwan and Hong Kong (“” -> 「」, ‘’ -> 『』), and a space
   left between two Chinese characters (where a reviewed term replaced a Latin one: 抑制 IV 型 -> 抑制第四型) goes.

A whole message can also be given a reviewed translation (``messages`` in the overrides file).
"""

from __future__ import annotations

import argparse
import io
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import opencc
import yaml
from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import write_po
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from app.language.i18n import HAN_CHARACTERS, CatalogError, Lang, catalog_path, read_catalog

SOURCE_LANG: Lang = "zh"
TARGET_LANG: Lang = "zh-Hant"
OPENCC_CONFIG = "s2twp"
OVERRIDES_FILE = Path("zh_Hant") / "overrides.yaml"
QUOTES = str.maketrans({"“": "「", "”": "」", "‘": "『", "’": "』"})
_SPACE_BETWEEN_HAN = re.compile(f"(?<=[{HAN_CHARACTERS}]) +(?=[{HAN_CHARACTERS}])")
_SENTINEL_BASE = 0xF0000  # Supplementary Private Use Area-A: never in a catalog, left alone by OpenCC


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class TermOverride(_Strict):
    """A Simplified term of the zh_CN catalog and the reviewed Traditional term that replaces it."""

    zh_CN: str = Field(min_length=1)
    zh_Hant: str = Field(min_length=1)
    glossary: str | None = Field(None, description="The faq/glossary.yaml key this term translates, if any.")
    why: str = Field(min_length=1)
    sources: list[str] = Field(min_length=1)


class MessageOverride(_Strict):
    """A reviewed Traditional translation of a whole message, used instead of the draft."""

    msgid: str = Field(min_length=1)
    msgstr: str = Field(min_length=1)
    why: str = Field(min_length=1)


class Overrides(_Strict):
    terms: list[TermOverride] = Field(default_factory=list)
    messages: list[MessageOverride] = Field(default_factory=list)


def overrides_path(locales_dir: Path) -> Path:
    return locales_dir / OVERRIDES_FILE


def load_overrides(locales_dir: Path) -> Overrides:
    """The reviewed overrides; a broken file is a :class:`CatalogError` naming it."""
    path = overrides_path(locales_dir)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CatalogError(f"{path}: not found (the reviewed Traditional Chinese overrides)") from None
    except yaml.YAMLError as exc:
        raise CatalogError(f"{path}: not valid YAML: {exc}") from None
    try:
        overrides = Overrides.model_validate(data or {})
    except ValidationError as exc:
        first = exc.errors(include_input=False, include_url=False)[0]
        where = ".".join(str(part) for part in first["loc"])
        raise CatalogError(f"{path}: {where}: {first['msg']}") from None
    seen: set[str] = set()
    for term in overrides.terms:
        if term.zh_CN in seen:
            raise CatalogError(f"{path}: the term {term.zh_CN!r} is listed twice")
        seen.add(term.zh_CN)
    return overrides


@dataclass(frozen=True)
class Drafter:
    """Converts Simplified catalog text to reviewed Traditional text (module docstring, steps 1-3)."""

    overrides: Overrides

    @cached_property
    def _terms(self) -> list[TermOverride]:
        return sorted(self.overrides.terms, key=lambda term: -len(term.zh_CN))

    @cached_property
    def _opencc(self) -> opencc.OpenCC:
        return opencc.OpenCC(OPENCC_CONFIG)

    @cached_property
    def messages(self) -> dict[str, str]:
        return {override.msgid: override.msgstr for override in self.overrides.messages}

    def convert(self, simplified: str) -> str:
        """The Traditional text for one Simplified translation.

        >>> Drafter(Overrides(terms=[TermOverride(zh_CN="激活", zh_Hant="活化", why="-", sources=["-"])])).convert(
        ...     "被激活的细胞释放信息，称为“信号”。")
        '被活化的細胞釋放資訊，稱為「訊號」。'
        """
        text = simplified
        for position, term in enumerate(self._terms):
            text = text.replace(term.zh_CN, chr(_SENTINEL_BASE + position))
        text = self._opencc.convert(text)
        for position, term in enumerate(self._terms):
            text = text.replace(chr(_SENTINEL_BASE + position), term.zh_Hant)
        return _SPACE_BETWEEN_HAN.sub("", text.translate(QUOTES))

    def translate(self, msgid: str, simplified: str) -> str:
        """The reviewed message override for ``msgid`` if there is one, else the converted Simplified text."""
        return self.messages.get(msgid) or self.convert(simplified)


def draft_catalog(source: Catalog, drafter: Drafter) -> Catalog:
    """The zh_Hant catalog for the zh_CN catalog ``source``: same messages, comments, flags and order."""
    target = Catalog(
        locale="zh_Hant",
        domain=source.domain,
        header_comment=source.header_comment.replace(
            "Chinese (Simplified, China) translations", "Traditional Chinese translations"
        ).replace("# This file is distributed", "# Generated from zh_CN by app/language/traditional_catalog.py: do not edit.\n"
                  "# This file is distributed"),
        project=source.project,
        version=source.version,
        copyright_holder=source.copyright_holder,
        msgid_bugs_address=source.msgid_bugs_address,
        creation_date=source.creation_date,
        revision_date=source.revision_date,
        last_translator=source.last_translator,
        language_team="zh_Hant <LL@li.org>",
        fuzzy=False,
    )
    for message in source:
        if not message.id:
            continue
        msgid = str(message.id)
        target[msgid] = Message(
            msgid,
            drafter.translate(msgid, str(message.string)) if message.string else "",
            locations=list(message.locations),
            flags=set(message.flags),
            auto_comments=list(message.auto_comments),
            user_comments=list(message.user_comments),
            context=message.context,
        )
    return target


def render(catalog: Catalog) -> bytes:
    """The ``.po`` text of a drafted catalog, written as ``pybabel update --no-wrap`` writes zh_CN."""
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=None, ignore_obsolete=True)  # type: ignore[arg-type]
    return buffer.getvalue()


def draft(locales_dir: Path) -> bytes:
    """The zh_Hant ``.po`` file that the current zh_CN catalog and overrides give."""
    source = read_catalog(catalog_path(locales_dir, SOURCE_LANG))
    return render(draft_catalog(source, Drafter(load_overrides(locales_dir))))


def write_draft(locales_dir: Path) -> Path:
    """Regenerate ``locales/zh_Hant/LC_MESSAGES/messages.po``; returns its path."""
    path = catalog_path(locales_dir, TARGET_LANG)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(draft(locales_dir))
    return path


def stale_messages(locales_dir: Path) -> list[str]:
    """The msgids whose translation in the zh_Hant file differs from a fresh draft (hand edits, a forgotten
    ``make catalog`` after a zh_CN change), and those only one of them has."""
    path = catalog_path(locales_dir, TARGET_LANG)
    if not path.is_file():
        return ["the catalog is missing: run make catalog"]
    source = read_catalog(catalog_path(locales_dir, SOURCE_LANG))
    fresh = {str(m.id): (str(m.string), sorted(m.flags)) for m in draft_catalog(source, Drafter(load_overrides(locales_dir))) if m.id}
    current = {str(m.id): (str(m.string), sorted(m.flags)) for m in read_catalog(path) if m.id}
    return sorted(msgid for msgid in fresh.keys() | current.keys() if fresh.get(msgid) != current.get(msgid))


def unused_overrides(locales_dir: Path) -> list[str]:
    """Overrides that no longer apply: a term no zh_CN translation contains, a msgid no longer in the catalog."""
    source = read_catalog(catalog_path(locales_dir, SOURCE_LANG))
    overrides = load_overrides(locales_dir)
    texts = [str(message.string) for message in source if message.id]
    ids = {str(message.id) for message in source if message.id}
    unused = [f"term {term.zh_CN!r}" for term in overrides.terms if not _occurs(term.zh_CN, texts)]
    unused += [f"message {override.msgid[:50]!r}" for override in overrides.messages if override.msgid not in ids]
    return unused


def _occurs(term: str, texts: Iterable[str]) -> bool:
    return any(term in text for text in texts)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m app.language.traditional_catalog",
        description="Draft locales/zh_Hant/LC_MESSAGES/messages.po from the zh_CN catalog (OpenCC s2twp + overrides).",
    )
    parser.add_argument("--locales", type=Path, default=Path("locales"), help="the locales folder (default: ./locales)")
    args = parser.parse_args(argv)
    try:
        path = write_draft(args.locales)
    except CatalogError as exc:
        print(f"traditional catalog: {exc}", file=sys.stderr)
        return 1
    print(f"drafted {path} from {catalog_path(args.locales, SOURCE_LANG)} (OpenCC {OPENCC_CONFIG} + {overrides_path(args.locales)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
