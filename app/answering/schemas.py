"""Public shapes of the HTTP API (and of ``faqbot --json``): the contract every client uses."""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from app.language.i18n import Lang

Kind = Literal["answer", "no_match", "small_talk", "emergency"]
Reason = Literal["other_subject", "uncovered_aspect", "low_confidence"]
# The question must contain something other than white space, and no control characters (tab and newlines allowed).
MAX_QUESTION_CHARS = 500
# One definition of white space for the OpenAPI pattern (an ECMAScript regex for clients), pydantic's validation
# (Rust regex) and Python (`is_blank`): Unicode's White_Space property, spelled out, because `\s` differs between
# them (U+0085 is `\s` in Python and Rust but not in ECMAScript; U+FEFF the other way round).
WHITESPACE_CLASS = r"\t\n\x0b\x0c\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
CONTROL_CLASS = r"\x00-\x08\x0b\x0c\x0e-\x1f\x7f"  # C0 controls and DEL, except tab, line feed and carriage return
QUESTION_PATTERN = rf"^[^{CONTROL_CLASS}]*[^{WHITESPACE_CLASS}{CONTROL_CLASS}][^{CONTROL_CLASS}]*$"
_BLANK = re.compile(rf"^[{WHITESPACE_CLASS}]*$")


def is_blank(text: str) -> bool:
    """True when ``text`` is empty or only white space, by the same definition as :data:`QUESTION_PATTERN`.

    >>> [is_blank(text) for text in ("", " \\u3000\\n", "\\u0085", "\\ufeff", "IVIG")]
    [True, True, True, False, False]
    """
    return _BLANK.match(text) is not None


class AskRequest(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"question": "IVIG 的副作用", "lang": None}]})

    question: Annotated[str, StringConstraints(min_length=1, max_length=MAX_QUESTION_CHARS, pattern=QUESTION_PATTERN)] = Field(
        description="The user's question, in English or Chinese (Simplified or Traditional); at most 500 characters."
    )
    lang: Lang | None = Field(
        None,
        description='Reply language: "en", "zh" (Simplified Chinese) or "zh-Hant" (Traditional Chinese); when null: '
        "Accept-Language (zh-TW, zh-HK, zh-MO and zh-Hant pick Traditional), then the question's script.",
    )


class Source(BaseModel):
    id: int
    citation: str
    url: str


class EntryRef(BaseModel):
    """An entry named by its question: a suggestion or a related entry."""

    id: str
    question: str


class MatchedEntry(BaseModel):
    id: str
    question: str
    sources: list[Source]


class AskResponse(BaseModel):
    lang: Lang
    kind: Kind
    reply: str = Field(description="The text to show, in `lang`.")
    entry: MatchedEntry | None
    confidence: float = Field(ge=0.0, le=1.0)
    reason: Reason | None = Field(
        None,
        description=(
            "Why a `no_match` has no answer, for staff and logs: `other_subject` (the question is about another "
            "disease, product or a drug itself), `uncovered_aspect` (it asks something no entry covers, e.g. prices), "
            "`low_confidence` (no entry matches well enough). Null for every other kind."
        ),
    )
    suggestions: list[EntryRef]
    disclaimer: str


class EntryView(BaseModel):
    id: str
    section: str
    question: str
    answer: str
    sources: list[Source]
    related: list[EntryRef]


class EntryResponse(BaseModel):
    lang: Lang
    entry: EntryView
    disclaimer: str


class EntriesResponse(BaseModel):
    lang: Lang
    sections: list[str]
    entries: list[EntryView]
    disclaimer: str


class ErrorBody(BaseModel):
    status: int
    code: str
    message: str = Field(description="A human-readable explanation, in `lang`.")


class ErrorResponse(BaseModel):
    lang: Lang
    error: ErrorBody
    disclaimer: str


class HealthResponse(BaseModel):
    status: Literal["ok"]
    lang: Lang
    disclaimer: str
