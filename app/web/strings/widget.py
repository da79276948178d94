"""The chat widget's own user-facing strings, marked for extraction and translated per request.

``widget.js`` hard-codes no text: it fetches these, in the chosen language, from ``GET /api/v1/widget/strings``.
Placeholders use ``str.format`` names (``{phone}``, ``{emergency_number}``, ``{organization}`` are filled by
:meth:`app.answering.replies.Composer.text`); ``{question}`` is left in the template and filled in by the widget.
"""

from __future__ import annotations

import re

from pydantic import BaseModel, Field

from app.answering.replies import STARTER_ENTRY_IDS, Composer
from app.answering.schemas import MAX_QUESTION_CHARS, EntryRef
from app.language import messages
from app.language.i18n import LANGS, LANGUAGE_NAME, LANGUAGE_SHORT_NAME, LANGUAGE_TAG, N_, Lang

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
    # Feedback under a reply (issue 12); {days} is FAQBOT_RETENTION_DAYS.
    "helpful_question": N_("Was this helpful?"),
    "helpful_yes": N_("Yes"),
    "helpful_no": N_("No"),
    "consent_offer": N_("Send this question to our team so we can improve these answers?"),
    "consent_details": N_(
        "Only the text of your question is kept, with names, phone numbers, e-mail addresses, dates, ID numbers and "
        "links removed, for {days} days. Nothing else about you is kept: no IP address, no browser details, no "
        "conversation."
    ),
    "consent_send": N_("Send my question"),
    "consent_decline": N_("No, thanks"),
    "feedback_thanks": N_("Thank you for your feedback."),
    "question_sent": N_("Thank you. Your question was sent to our team."),
    "feedback_failed": N_("Your feedback could not be sent. Please try again later."),
    "too_long": messages.ERROR_QUESTION_TOO_LONG,
}
# Placeholders the widget fills in itself (the question; each call button's number with its region); Composer.text
# must leave them as they are. And the question's limit.
_WIDGET_PLACEHOLDERS = {"question": "{question}", "emergency_number": "{emergency_number}", "limit": str(MAX_QUESTION_CHARS)}
_NOT_DIAL = re.compile(r"[^0-9+]")


class LanguageOption(BaseModel):
    code: Lang
    tag: str = Field(description="BCP 47 tag for the HTML lang attribute.")
    label: str = Field(description="The language's own short name for a switch (EN, 简, 繁: the same in every UI language).")
    name: str = Field(description="The language's own full name (English, 简体中文, 繁體中文), for assistive technology.")


class EmergencyLine(BaseModel):
    """One emergency number a call button dials (FAQBOT_EMERGENCY_REGIONS, faq/emergency_numbers.yaml)."""

    label: str = Field(description="The number with its region, in `lang`: '911 (United States)', '中国大陆 120'.")
    number: str
    href: str = Field(description="A `tel:` link to the number.")


class WidgetStringsResponse(BaseModel):
    lang: Lang
    tag: str = Field(description="BCP 47 tag of `lang`, for the HTML lang attribute.")
    strings: dict[str, str] = Field(description="The widget's UI strings in `lang`; `about` keeps `{question}` and `emergency_call` keeps "
                                                   "`{emergency_number}` (one button per `emergency_lines` label).")
    phone: str
    phone_href: str = Field(description="A `tel:` link to the phone line.")
    emergency_number: str = Field(description="The first emergency number of `lang` (its main call button).")
    emergency_href: str
    emergency_lines: list[EmergencyLine] = Field(description="Every emergency number `lang` names, first the main one.")
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


def language_options() -> list[LanguageOption]:
    """The languages a user can switch between, each named in itself.

    >>> [(option.label, option.name) for option in language_options()]
    [('EN', 'English'), ('简', '简体中文'), ('繁', '繁體中文')]
    """
    return [
        LanguageOption(code=code, tag=LANGUAGE_TAG[code], label=LANGUAGE_SHORT_NAME[code], name=LANGUAGE_NAME[code])
        for code in LANGS
    ]


def widget_strings(composer: Composer, lang: Lang) -> WidgetStringsResponse:
    settings = composer.settings
    starters = [item for entry_id in STARTER_ENTRY_IDS if (item := composer.content.entry(entry_id)) is not None]
    line_text = composer.text(lang, messages.EMERGENCY_NUMBER_ITEM, region="{region}", number="{number}")
    lines = [
        EmergencyLine(label=line_text.format(region=region, number=number), number=number, href=tel_href(number))
        for region, number in composer.emergency_lines(lang)
    ]
    return WidgetStringsResponse(
        lang=lang,
        tag=LANGUAGE_TAG[lang],
        strings={key: composer.text(lang, message, **_WIDGET_PLACEHOLDERS, days=str(settings.retention_days))
                 for key, message in WIDGET_MESSAGES.items()},
        phone=settings.phone,
        phone_href=tel_href(settings.phone),
        emergency_number=lines[0].number,
        emergency_href=lines[0].href,
        emergency_lines=lines,
        languages=language_options(),
        starters=[composer.entry_ref(item, lang) for item in starters],
        disclaimer=composer.disclaimer(lang),
    )
