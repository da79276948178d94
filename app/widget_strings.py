"""The chat widget's own user-facing strings, marked for extraction and translated per request.

``widget.js`` hard-codes no text: it fetches these, in the chosen language, from ``GET /api/v1/widget/strings``.
Placeholders use ``str.format`` names (``{phone}``, ``{emergency_number}``, ``{organization}`` are filled by
:meth:`app.replies.Composer.text`); ``{question}`` is left in the template and filled in by the widget.
"""

from __future__ import annotations

import re

from babel import Locale
from pydantic import BaseModel, Field

from app import messages
from app.i18n import LANGS, LANGUAGE_TAG, N_, Lang
from app.replies import STARTER_ENTRY_IDS, Composer
from app.schemas import MAX_QUESTION_CHARS, EntryRef

# key in the JSON -> message; the keys are the widget's names for them.
WIDGET_MESSAGES: dict[str, str] = {
    "title": N_("Questions about IVIG for TEN"),
    "launcher": N_("Ask about IVIG"),
    "close": N_("Close the chat"),
    "new_conversation": N_("New conversation"),
    "language": N_("Language"),
    "transcript": N_("Conversation"),
    "greeting": N_(
        "Hello! I answer questions about IVIG treatment for toxic epidermal necrolysis (TEN) from our article. "
        "Ask in English or Chinese, or choose a question below."
    ),
    "input_label": N_("Your question"),
    "placeholder": N_("Type your question…"),
    "privacy_hint": N_("Please do not type your name or other personal details."),
    "send": N_("Send"),
    "you": N_("You:"),
    "bot": N_("FAQ assistant:"),
    "about": N_("About: {question}"),
    "sources": N_("Sources"),
    "suggestions": N_("Suggested questions"),
    "new_tab": N_("(opens in a new tab)"),
    "call": N_("To talk to a person, call {phone}."),
    "emergency_call": N_("Call {emergency_number}"),
    "typing": N_("Looking for an answer…"),
    "error_network": N_("We could not reach the service. Check your internet connection and try again."),
    "error_timeout": N_("The answer is taking too long. Please try again."),
    "error_server": messages.ERROR_INTERNAL,
    "retry": N_("Try again"),
    "too_long": messages.ERROR_QUESTION_TOO_LONG,
}
# Placeholders the widget fills in itself; Composer.text must leave them as they are. And the question's limit.
_WIDGET_PLACEHOLDERS = {"question": "{question}", "limit": str(MAX_QUESTION_CHARS)}
_NOT_DIAL = re.compile(r"[^0-9+]")


class LanguageOption(BaseModel):
    code: Lang
    tag: str = Field(description="BCP 47 tag for the HTML lang attribute.")
    label: str = Field(description="The language's own name (an autonym: the same in every UI language).")


class WidgetStringsResponse(BaseModel):
    lang: Lang
    tag: str = Field(description="BCP 47 tag of `lang`, for the HTML lang attribute.")
    strings: dict[str, str] = Field(description="The widget's UI strings in `lang`; `about` keeps `{question}`.")
    phone: str
    phone_href: str = Field(description="A `tel:` link to the phone line.")
    emergency_number: str
    emergency_href: str
    languages: list[LanguageOption]
    starters: list[EntryRef] = Field(description="Questions offered before the first question.")
    max_question_chars: int = Field(MAX_QUESTION_CHARS, description="The longest question the API accepts, in characters.")
    disclaimer: str


def tel_href(number: str) -> str:
    """A ``tel:`` URI for a displayed phone number.

    >>> tel_href("(877) 778-0318")
    'tel:8777780318'
    """
    return "tel:" + _NOT_DIAL.sub("", number)


def language_label(lang: Lang) -> str:
    """The language's name in itself, short: what a language switch shows.

    >>> [language_label(lang) for lang in ("en", "zh")]
    ['EN', '中文']
    """
    return "EN" if lang == "en" else Locale.parse(lang).get_language_name(lang) or lang


def widget_strings(composer: Composer, lang: Lang) -> WidgetStringsResponse:
    settings = composer.settings
    starters = [item for entry_id in STARTER_ENTRY_IDS if (item := composer.content.entry(entry_id)) is not None]
    return WidgetStringsResponse(
        lang=lang,
        tag=LANGUAGE_TAG[lang],
        strings={key: composer.text(lang, message, **_WIDGET_PLACEHOLDERS) for key, message in WIDGET_MESSAGES.items()},
        phone=settings.phone,
        phone_href=tel_href(settings.phone),
        emergency_number=settings.emergency_number,
        emergency_href=tel_href(settings.emergency_number),
        languages=[LanguageOption(code=code, tag=LANGUAGE_TAG[code], label=language_label(code)) for code in LANGS],
        starters=[composer.entry_ref(item, lang) for item in starters],
        disclaimer=composer.disclaimer(lang),
    )
