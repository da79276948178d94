"""Matched-word highlighting: which words of a query matched, and where they occur in a text.

:func:`highlight_terms` turns a query into the words to highlight, in both languages:

* a glossary term named in the query ("dose", "副作用", "Lyell's syndrome") brings all its variants, English and
  Chinese, so an English query lights up the Chinese answer too;
* every other word of the query that the index knows: English after the matcher's typo correction
  ("platelts" -> "platelet"), Chinese as segmented by the normaliser (Traditional input read as Simplified).

:func:`highlight_spans` finds the terms in a text by the rules the staff console applies in JavaScript
(``app/web/static/staff.js``): case-insensitive; a term starting with a Latin letter or digit starts at a word boundary;
an English term of four or more letters also marks its suffixed forms ("dose" marks "doses"), a shorter one must
end at a word boundary ("ten" marks "TEN", not "often").

>>> highlight_spans("IVIG doses vary; often ten", ["dose", "ten"])
[(5, 10), (23, 26)]
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from app.answering.matcher import Matcher
from app.answering.normalize import DERIVED
from app.content.faq import Term
from app.language.i18n import HAN_CHARACTERS

MIN_SUFFIX_STEM = 4  # an English term this long also marks its suffixed forms ("platelet" -> "platelets")
# Question words help matching ("how does IVIG work" vs "does IVIG work") but marking every "how" is noise.
QUESTION_WORDS = frozenset(
    "how why when where which who whom whose what 为什么 为何 怎么 怎样 如何 什么 哪些 哪个 多久 多少 多长".split()
)
_HAN = re.compile(f"[{HAN_CHARACTERS}]")


def highlight_terms(matcher: Matcher, glossary: Iterable[Term], query: str) -> list[str]:
    """The words to highlight for ``query``, longest first, without case-insensitive duplicates."""
    index = matcher.index
    variants: dict[str, list[str]] = {term.key: [*term.en, *term.zh] for term in glossary}
    terms: list[str] = []
    words = [feature for feature in matcher.query_features(query) if feature in index.weights]
    chinese = [word for word in words if _HAN.search(word)]
    for word in words:
        if word in variants:  # a glossary term, named or typo-corrected ("headach" -> headache): all its variants
            terms.extend(variants[word])
            continue
        if word.startswith(DERIVED) or word.isdigit() or word in QUESTION_WORDS:
            continue  # a bare number or a question word marks too much
        if _HAN.search(word) and any(word != other and word in other for other in chinese):
            continue  # a bigram of a longer word of the query
        terms.append(word)
    unique = {term.casefold(): term for term in reversed(terms)}  # the first spelling wins
    return sorted(unique.values(), key=lambda term: (-len(term), term.casefold()))


def term_pattern(terms: Iterable[str]) -> re.Pattern[str] | None:
    """One regular expression that finds any of ``terms`` (longest first), by the rules of the module docstring."""
    parts = []
    for term in sorted({term for term in terms if term.strip()}, key=lambda term: (-len(term), term)):
        escaped = r"\s*".join(re.escape(piece) for piece in term.split())
        if re.match(r"[A-Za-z0-9]", term):
            escaped = r"(?<![A-Za-z0-9])" + escaped
        if re.search(r"[A-Za-z]$", term):
            escaped += r"[A-Za-z]*" if len(term) >= MIN_SUFFIX_STEM else r"(?![A-Za-z0-9])"
        parts.append(escaped)
    return re.compile("|".join(parts), re.IGNORECASE) if parts else None


def highlight_spans(text: str, terms: Iterable[str]) -> list[tuple[int, int]]:
    """Non-overlapping ``(start, end)`` character spans of ``terms`` in ``text``, in order."""
    pattern = term_pattern(terms)
    if pattern is None:
        return []
    return [match.span() for match in pattern.finditer(text) if match.end() > match.start()]
