"""Checks that keep the catalogs honest; used by the test suite and by ``faqbot check``.

* ``locales/messages.pot`` is current: extracting the sources again gives the same messages;
* every message of each catalog (zh_CN, zh_Hant) is translated and none is fuzzy (``msgfmt`` and Babel silently
  serve English for those);
* every ``{placeholder}`` of a message is kept in its translation, and nothing else is added;
* every number of the English text (a dose, a percentage, a rate, a phone number) appears in the translation;
* the zh_Hant catalog is the current draft of zh_CN (:mod:`app.language.traditional_catalog`), and every reviewed override
  still applies;
* a translation of an English text naming a glossary term uses one of the term's variants
  (:func:`check_glossary_terms`; in Traditional: their OpenCC drafts or a reviewed Traditional term for the key).
"""

from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import babel
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import PoFileError, read_po
from babel.util import pathmatch

from app.content.faq import Term
from app.language.i18n import CATALOG_LOCALE, CatalogError, Lang, catalog_path, read_catalog
from app.ops.memory import give_back_freed_memory
from app.ops.settings import PROJECT_ROOT

if TYPE_CHECKING:
    from app.language import traditional_catalog

# The zh_Hant drafter (its OpenCC converter, its pydantic models of the overrides) is imported by the checks that use
# it: a start-up whose memo says the catalogs were checked (refuse_catalog_problems) does not need it.

KEYWORDS = {"N_": None, "_": None, "gettext": None}
_PLACEHOLDER = re.compile(r"\{([a-z_]*)\}")
_NUMBER = re.compile(r"\d+(?:\.\d+)?")


@dataclass(frozen=True, slots=True)
class Problem:
    where: str  # "locales/zh_CN/LC_MESSAGES/messages.po:123"
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


def extract_messages(project_root: Path = PROJECT_ROOT) -> set[str]:
    """The message ids that ``pybabel extract -F babel.cfg -k N_`` finds in the sources now."""
    with (project_root / "babel.cfg").open(encoding="utf-8") as stream:
        method_map, options_map = parse_mapping_cfg(stream, filename="babel.cfg")
    found = extract_from_dir(str(project_root), method_map, options_map, keywords=KEYWORDS)
    return {message for _, _, message, _, _ in found if isinstance(message, str) and message}


def _template(locales_dir: Path) -> Catalog:
    path = locales_dir / "messages.pot"
    try:
        with path.open("rb") as stream:
            return read_po(stream, abort_invalid=True)  # a msgid without its msgstr (a bad merge) is an error
    except FileNotFoundError:
        raise CatalogError(f"{path}: template not found; run pybabel extract (see README)") from None
    except PoFileError as exc:
        raise CatalogError(f"{path}: {exc}") from None


def _short(text: str) -> str:
    return text if len(text) <= 60 else text[:57] + "..."


def check_template(locales_dir: Path, project_root: Path = PROJECT_ROOT) -> list[Problem]:
    template = {str(message.id) for message in _template(locales_dir) if message.id}
    current = extract_messages(project_root)
    where = str(locales_dir / "messages.pot")
    problems = [Problem(where, f"stale: missing {_short(m)!r}; run pybabel extract") for m in sorted(current - template)]
    problems += [Problem(where, f"stale: obsolete {_short(m)!r}; run pybabel extract") for m in sorted(template - current)]
    return problems


def check_translation(msgid: str, msgstr: str) -> list[str]:
    """What is wrong with one translation (empty when it is fine).

    >>> check_translation("Call {phone} within 24 hours.", "请在 24 小时内致电 {phone}。")
    []
    >>> check_translation("More than 30% of the skin.", "超过三成皮肤。")
    ['number 30 is missing from the translation']
    """
    problems = []
    if set(_PLACEHOLDER.findall(msgid)) != set(_PLACEHOLDER.findall(msgstr)):
        problems.append(
            f"placeholders differ: {sorted(set(_PLACEHOLDER.findall(msgid)))} in English, "
            f"{sorted(set(_PLACEHOLDER.findall(msgstr)))} in the translation"
        )
    if msgstr.count("{") != msgstr.count("}"):
        problems.append("unbalanced braces in the translation")
    translated_numbers = set(_NUMBER.findall(msgstr))
    for number in dict.fromkeys(_NUMBER.findall(msgid)):
        if number not in translated_numbers:
            problems.append(f"number {number} is missing from the translation")
    return problems


def check_catalog(locales_dir: Path) -> list[Problem]:
    template = {str(message.id) for message in _template(locales_dir) if message.id}
    problems: list[Problem] = []
    for lang in CATALOG_LOCALE:
        path = catalog_path(locales_dir, lang)
        catalog = read_catalog(path)
        ids: set[str] = set()
        for message in catalog:
            if not message.id:
                continue
            ids.add(str(message.id))
            where = f"{path}:{message.lineno}"
            if message.fuzzy:
                problems.append(Problem(where, f"fuzzy: {_short(str(message.id))!r}; review it and remove the fuzzy flag"))
            if not message.string:
                problems.append(Problem(where, f"untranslated: {_short(str(message.id))!r}"))
                continue
            problems += [Problem(where, f"{_short(str(message.id))!r}: {issue}") for issue in check_translation(str(message.id), str(message.string))]
        problems += [Problem(str(path), f"missing: {_short(m)!r}; run pybabel update") for m in sorted(template - ids)]
    return problems


def check_traditional_draft(locales_dir: Path) -> list[Problem]:
    """zh_Hant is what ``make catalog`` drafts from zh_CN now, and no reviewed override has stopped applying."""
    from app.language import traditional_catalog

    where = str(catalog_path(locales_dir, traditional_catalog.TARGET_LANG))
    problems = [
        Problem(where, f"stale: {_short(msgid)!r} differs from the draft of zh_CN; run make catalog "
                       "(put reviewed wording in locales/zh_Hant/overrides.yaml, never in this file)")
        for msgid in traditional_catalog.stale_messages(locales_dir)
    ]
    overrides = str(traditional_catalog.overrides_path(locales_dir))
    problems += [Problem(overrides, f"unused override: {what} is in no zh_CN message; update or remove it")
                 for what in traditional_catalog.unused_overrides(locales_dir)]
    return problems


@functools.cache
def _plain_drafter() -> traditional_catalog.Drafter:
    """One OpenCC converter without overrides: building one takes ~0.1 s, and start-up checks every term."""
    from app.language import traditional_catalog

    return traditional_catalog.Drafter(traditional_catalog.Overrides())


def glossary_variants(term: Term, lang: Lang, overrides: traditional_catalog.Overrides | None = None) -> list[str]:
    """The forms of a glossary term that a translation into ``lang`` may use.

    Simplified: the term's Chinese and English variants. Traditional: each Chinese variant as OpenCC drafts it
    (s2twp: 联系 -> 聯絡), the reviewed Traditional terms of ``locales/zh_Hant/overrides.yaml`` that name this
    glossary key (史蒂芬強生症候群 for ``sjs``, 類固醇 for ``steroid``), and the English variants. The glossary
    itself stays Simplified: it is also the matcher's data, which reads Traditional questions as Simplified.

    >>> from app.content.faq import Term
    >>> term = Term(key="talkto", en=["contact"], zh=["联系"])
    >>> glossary_variants(term, "zh-Hant")
    ['聯絡', 'contact']
    """
    if lang != "zh-Hant":
        return [*term.zh, *term.en]
    drafted = [_plain_drafter().convert(variant) for variant in term.zh]
    reviewed = [override.zh_Hant for override in (overrides.terms if overrides else []) if override.glossary == term.key]
    return list(dict.fromkeys([*drafted, *reviewed, *term.en]))


def check_glossary_terms(glossary: Iterable[Term], locales_dir: Path) -> list[Problem]:
    """In every catalog, an English text naming a glossary term is translated with one of that term's forms
    (:func:`glossary_variants`: a Chinese variant, its Traditional forms, or an English one kept as is, such as IVIG)."""
    from app.language import traditional_catalog

    terms = [(term, [re.compile(rf"(?<![A-Za-z]){re.escape(v)}(?![A-Za-z])", re.IGNORECASE) for v in term.en])
             for term in glossary]
    overrides = traditional_catalog.load_overrides(locales_dir)
    problems: list[Problem] = []
    for lang in CATALOG_LOCALE:
        path = catalog_path(locales_dir, lang)
        variants = {term.key: glossary_variants(term, lang, overrides) for term, _ in terms}
        for message in read_catalog(path):
            if not message.id or not message.string:
                continue
            text = str(message.string)
            for term, patterns in terms:
                if any(pattern.search(str(message.id)) for pattern in patterns) and not any(
                    variant in text for variant in variants[term.key]
                ):
                    problems.append(Problem(f"{path}:{message.lineno}", f"glossary term {term.key!r} is not used: "
                                                                         f"{_short(str(message.string))!r}"))
    return problems


def check_all(locales_dir: Path, project_root: Path = PROJECT_ROOT, glossary: Iterable[Term] = ()) -> list[Problem]:
    """Every problem of the template and the catalogs: what ``faqbot check`` lists and start-up refuses."""
    return (check_template(locales_dir, project_root) + check_catalog(locales_dir)
            + check_traditional_draft(locales_dir) + check_glossary_terms(glossary, locales_dir))


def refuse_catalog_problems(
    locales_dir: Path, project_root: Path = PROJECT_ROOT, glossary: Iterable[Term] = (), memo: Path | None = None
) -> None:
    """Raise :class:`app.language.i18n.CatalogError` listing :func:`check_all`'s problems (file:line each), if any.

    ``memo``: a file that remembers the :func:`fingerprint` of inputs found free of problems. When it holds the
    fingerprint of the inputs now (nothing that the checks read has changed by a byte), the checks are not run
    again: a restart, or the second worker, skips ~0.7 s and the ~45 MB of OpenCC's Traditional converter. A
    memo that cannot be read or written is ignored (the checks then run every time).
    """
    glossary = tuple(glossary)
    current = fingerprint(locales_dir, project_root, glossary) if memo is not None else ""
    if memo is not None and _read_memo(memo) == current:
        return
    try:
        problems = check_all(locales_dir, project_root, glossary)
    finally:
        _release_drafters()
    if problems:
        raise CatalogError(problem_report(problems))
    if memo is not None:
        _write_memo(memo, current)


def _release_drafters() -> None:
    """Give back the ~45 MB of OpenCC's Traditional converter that the checks loaded: a worker that checked the
    catalogs at its first start would otherwise keep it for its whole life (:mod:`app.ops.memory`)."""
    _plain_drafter.cache_clear()
    give_back_freed_memory()


def checked_files(locales_dir: Path, project_root: Path = PROJECT_ROOT) -> list[Path]:
    """Every file :func:`check_all` reads: babel.cfg, the sources it maps (app/**.py, faq/sections/**.yaml), and
    everything under ``locales_dir`` (template, catalogs, the Traditional overrides)."""
    with (project_root / "babel.cfg").open(encoding="utf-8") as stream:
        method_map, _ = parse_mapping_cfg(stream, filename="babel.cfg")
    sources: list[Path] = []
    for pattern, _ in method_map:  # walk only the folder each pattern names ("app/**.py": app/)
        fixed = pattern.split("*", 1)[0].rsplit("/", 1)[0] if "/" in pattern.split("*", 1)[0] else ""
        base = project_root / fixed
        sources += [path for path in base.rglob("*") if path.is_file()
                    and pathmatch(pattern, path.relative_to(project_root).as_posix())]
    catalogs = [path for path in locales_dir.rglob("*") if path.is_file() and path.suffix != ".mo"]
    return sorted({project_root / "babel.cfg", *sources, *catalogs})


def fingerprint(locales_dir: Path, project_root: Path = PROJECT_ROOT, glossary: Iterable[Term] = ()) -> str:
    """A SHA-256 of everything the checks depend on: the bytes of :func:`checked_files` (this module's code
    among them), the glossary, and the versions of Babel and OpenCC (which extract and draft)."""
    digest = hashlib.sha256(f"babel {babel.__version__}; opencc {importlib.metadata.version('opencc')}".encode())
    for path in checked_files(locales_dir, project_root):
        digest.update(str(path).encode() + b"\0" + path.read_bytes() + b"\0")
    for term in glossary:
        digest.update(term.model_dump_json().encode())
    return digest.hexdigest()


def _read_memo(memo: Path) -> str | None:
    try:
        return memo.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return None


def _write_memo(memo: Path, value: str) -> None:
    try:  # written whole, then renamed: a worker starting at the same time never reads half of it
        memo.parent.mkdir(parents=True, exist_ok=True)
        partial = memo.with_name(f"{memo.name}.{os.getpid()}.tmp")
        partial.write_text(value + "\n", encoding="ascii")
        os.replace(partial, memo)
    except OSError:
        pass


def problem_report(problems: list[Problem], limit: int = 20) -> str:
    """One line per problem (file:line: what), at most ``limit`` of them, for an error message."""
    lines = [str(problem) for problem in problems[:limit]]
    if len(problems) > limit:
        lines.append(f"... and {len(problems) - limit} more: run `faqbot check` for the full list")
    return "\n".join(lines)
