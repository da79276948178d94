"""Which Chinese script a text is written in: Simplified or Traditional, decided by OpenCC round trips.

No hand-made list of characters, but an OpenCC round trip over the whole text: a character is *Traditional-only*
where OpenCC's Traditional -> Simplified conversion (``t2s``, which also knows Taiwan and Hong Kong variant forms
such as 裡 and 綫) changes it; it is *Simplified-only* where ``t2s`` keeps it but neither Taiwan's nor Hong Kong's
conversion back to Traditional (``s2tw``, ``s2hk``, applied to the all-Simplified text) does (台 and 着 are written
in Taiwan or Hong Kong, so they do not count as Simplified). OpenCC's phrase tables decide ambiguous characters in
context (公里 and 皇后 are the same in both scripts, 頭髮 is Traditional, the 干 of 干擾素 is Traditional too).
Characters shared by both scripts (副作用, 丙球, most Cantonese characters such as 嘅 and 咗) count for neither.

A text is Traditional when it has more Traditional-only than Simplified-only characters. A tie, including a text
with no differing character at all ("副作用", "IVIG"), is Simplified: the service's Chinese default.

:func:`is_traditional` counts the Simplified-only characters from a table of what ``s2tw`` and ``s2hk`` do
(:mod:`app.language.script_table`, read from OpenCC's own dictionaries), without loading them (~44 MiB a worker).
A character that a phrase in the text might convert otherwise than the tables say is not counted: the Traditional
of "呼吸好困難" (難) decides it, not OpenCC's reading of 好困 as 好睏 ("very sleepy"), which would make 困 Simplified-only
and the text a tie. On every other evaluation question the table decides as OpenCC does (tests/test_script_table.py).

>>> [is_traditional(text) for text in ("靜脈注射免疫球蛋白的副作用是什麼", "丙球打几天", "副作用", "佢哋點解會咁", "What is TEN?")]
[True, False, False, True, False]
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import opencc

from app.language.script_table import load_table, simplified_only_bounds

# Characters of a text that decide its script: a question shows it long before this, and a 16 KiB body of characters
# that OpenCC's phrases name many times over costs no more than this many.
SCRIPT_SAMPLE = 1_000
_UNCONVERTIBLE = re.compile("[\x00\ud800-\udfff]")


@dataclass(frozen=True, slots=True)
class ScriptCounts:
    """How many characters of a text only Traditional, and only Simplified, Chinese writes that way."""

    traditional: int
    simplified: int


@lru_cache(maxsize=4)
def _converter(config: str) -> opencc.OpenCC:
    return opencc.OpenCC(config)


def convertible(text: str) -> str:
    """``text`` as OpenCC can convert it whole: lone UTF-16 surrogates (from a JSON ``\\ud800`` escape, or
    undecodable bytes on a command line) replaced by U+FFFD, since OpenCC takes UTF-8 only; NUL by a space, since
    OpenCC stops at it.

    >>> convertible("\\ud800丙球\\x00副作用") == "\\ufffd丙球 副作用"
    True
    """
    return _UNCONVERTIBLE.sub(_replacement, text) if _UNCONVERTIBLE.search(text) else text


def _replacement(match: re.Match[str]) -> str:
    return " " if match.group() == "\x00" else "\ufffd"


def _convert(text: str, config: str) -> str:
    """OpenCC ``config`` over ``text``, position for position (character by character if a phrase changed the length)."""
    converted = _converter(config).convert(text)
    if len(converted) == len(text):
        return converted
    return "".join(_converter(config).convert(char) for char in text)


def script_counts(text: str) -> ScriptCounts:
    """Count Traditional-only and Simplified-only characters of ``text`` (see the module docstring)."""
    return _counts(text, _convert(text, "t2s"))


def _counts(text: str, simplified: str) -> ScriptCounts:
    """:func:`script_counts` of ``text`` already converted to Simplified, position for position."""
    taiwan, hong_kong = _convert(simplified, "s2tw"), _convert(simplified, "s2hk")
    return ScriptCounts(
        traditional=sum(original != simple for original, simple in zip(text, simplified, strict=True)),
        simplified=sum(
            original == simple and tw != simple and hk != simple
            for original, simple, tw, hk in zip(text, simplified, taiwan, hong_kong, strict=True)
        ),
    )


def is_traditional(text: str) -> bool:
    """True when ``text`` (its first :data:`SCRIPT_SAMPLE` characters) is written in Traditional Chinese characters
    (more Traditional-only than Simplified-only), counted from the table of what ``s2tw`` and ``s2hk`` do (module
    docstring); by OpenCC itself only when the table was not read from the installed OpenCC's dictionaries."""
    text = convertible(text[:SCRIPT_SAMPLE])
    simplified = _convert(text, "t2s")
    if simplified == text:  # no Traditional-only character: Simplified, or no Chinese at all
        return False
    traditional = sum(original != simple for original, simple in zip(text, simplified, strict=True))
    table = load_table()
    if table is None:
        return traditional > _counts(text, simplified).simplified
    lowest, _ = simplified_only_bounds(table, text, simplified)
    return traditional > lowest
