"""User-facing strings of the staff tools (the ``/staff`` console and the ``faqbot`` command), from the catalogs.

The console's JavaScript holds no text of its own: it loads these, translated, from ``GET /api/v1/staff/strings``.
``{count}`` is left in place for the console to fill in; ``{phone}`` and ``{emergency_number}`` come from settings
(the emergency numbers the console's language names: FAQBOT_EMERGENCY_REGIONS).
"""

from __future__ import annotations

from app.answering.replies import Composer
from app.language.i18n import LANGUAGE_NAME, N_, Lang

# Console text, by the key the page uses (``data-text`` attributes and staff.js).
CONSOLE: dict[str, str] = {
    "title": N_("Staff lookup console"),
    "subtitle": N_("IVIG for toxic epidermal necrolysis (TEN): answers for phone support"),
    "phone_label": N_("Specialist line"),
    "escalation": N_(
        "For a personal dose, prior authorization, refills or anything this console does not answer, transfer the "
        "caller to an IVIG specialist at {phone}. If the caller describes a medical emergency, tell them to call "
        "{emergency_number} or go to the nearest emergency room now."
    ),
    "search_label": N_("Search the FAQ"),
    "search_placeholder": N_("Type words or a question, in English or Chinese"),
    "keyboard_help": N_("Keys: / search, ↑ ↓ move, Enter open, c copy English, C copy Chinese, Esc back to search"),
    "results_label": N_("Results"),
    "result_count": N_("Matching entries: {count}"),
    "no_results": N_("No entry matches these words. Try other words, or clear the search to browse all entries."),
    "browse_heading": N_("All entries by section"),
    "searching": N_("Searching…"),
    "load_failed": N_("The console could not reach the service. Check the connection and try again."),
    "score": N_("Score"),
    "select_prompt": N_("Open an entry to see it in English and Chinese side by side."),
    "language_en": N_("English"),
    "language_zh": N_("Chinese"),
    "chinese_script": N_("Chinese script"),
    "interface_language": N_("Interface language"),
    "sources": N_("Sources"),
    "disclaimer": N_("Disclaimer"),
    "copy": N_("Copy answer and disclaimer"),
    "copied": N_("Copied the answer and the disclaimer."),
    "copy_failed": N_("Could not copy: select the text and copy it by hand."),
}

# Terminal text of ``faqbot``.
CLI_SOURCES = N_("Sources")
CLI_DISCLAIMER = N_("Disclaimer")
CLI_SCORE = N_("Score")
CLI_RELATED = N_("Related questions")
CLI_SUGGESTIONS = N_("You could also ask")
CLI_NO_RESULTS = N_("No entry matches these words. Try other words, or run “faqbot list” to see all entries.")
CLI_UNKNOWN_ID = N_("There is no FAQ entry with the id “{entry_id}”. Run “faqbot list” to see the ids.")

_LEFT_FOR_THE_PAGE = {"count": "{count}"}


def console_strings(composer: Composer, lang: Lang) -> dict[str, str]:
    """Every console string in ``lang``, plus each language's own name (``language_name_en`` = "English",
    ``language_name_zh`` = "简体中文", ``language_name_zh_hant`` = "繁體中文": the same in every interface language)."""
    strings = {key: composer.text(lang, message, **_LEFT_FOR_THE_PAGE) for key, message in CONSOLE.items()}
    for code, name in LANGUAGE_NAME.items():
        strings[f"language_name_{code.lower().replace('-', '_')}"] = name
    return strings
