"""Checks that keep the catalogs honest; used by the test suite and by ``faqbot check``.

* ``locales/messages.pot`` is current: extracting the sources again gives the same messages;
* every message of the zh_CN catalog is translated and none is fuzzy (``msgfmt`` and Babel silently serve English
  for those);
* every ``{placeholder}`` of a message is kept in its translation, and nothing else is added;
* every number of the English text (a dose, a percentage, a rate, a phone number) appears in the translation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import PoFileError, read_po

from app.i18n import CATALOG_LOCALE, CatalogError, catalog_path, read_catalog
from app.settings import PROJECT_ROOT

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


def check_all(locales_dir: Path, project_root: Path = PROJECT_ROOT) -> list[Problem]:
    """Every problem of the template and the catalogs: what ``faqbot check`` lists and start-up refuses."""
    return check_template(locales_dir, project_root) + check_catalog(locales_dir)


def refuse_catalog_problems(locales_dir: Path, project_root: Path = PROJECT_ROOT) -> None:
    """Raise :class:`app.i18n.CatalogError` listing :func:`check_all`'s problems (file:line each), if any."""
    problems = check_all(locales_dir, project_root)
    if problems:
        raise CatalogError(problem_report(problems))


def problem_report(problems: list[Problem], limit: int = 20) -> str:
    """One line per problem (file:line: what), at most ``limit`` of them, for an error message."""
    lines = [str(problem) for problem in problems[:limit]]
    if len(problems) > limit:
        lines.append(f"... and {len(problems) - limit} more: run `faqbot check` for the full list")
    return "\n".join(lines)
