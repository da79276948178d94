"""User-facing strings of the code (not of the content), marked for extraction and translated per request.

Placeholders use ``str.format`` names: ``{organization}``, ``{phone}``, ``{emergency_number}`` (the emergency numbers the
reply's language names, with their regions: app.answering.replies.Composer.emergency_numbers), ``{question}``.
"""

from __future__ import annotations

from app.language.i18n import N_

DISCLAIMER = N_(
    "This information is not a substitute for medical advice or treatment. Talk to your doctor or healthcare "
    "provider about your medical condition prior to starting any new treatment. {organization} assumes no "
    "liability whatsoever for any information provided or for any diagnosis or treatment made as a result of this "
    "information, nor is it responsible for the reliability of the content. {organization} does not operate all "
    "the websites/organizations listed here, nor is it responsible for the availability or reliability of their "
    "content. These listings do not imply or constitute an endorsement, sponsorship, or recommendation by "
    "{organization}. This webpage may contain references to brand-name prescription drugs that are trademarks or "
    "registered trademarks of pharmaceutical manufacturers not affiliated with {organization}."
)

ARTICLE_TITLE = N_("IVIG for toxic epidermal necrolysis (TEN)")

NO_MATCH = N_(
    "Sorry, I could not find an answer to that in our article on IVIG for toxic epidermal necrolysis (TEN). "
    "Try asking in other words, or choose one of the questions below. To talk to a person, call {phone}."
)
# A "no match" says why, what the FAQ covers, and how to reach a person (app.answering.replies; reasons in app.answering.scope).
NO_MATCH_OTHER_SUBJECT = N_(
    "This FAQ is about toxic epidermal necrolysis (TEN) and Stevens-Johnson syndrome (SJS), and IVIG treatment for "
    "TEN, so it cannot answer questions about {subject}."
)
NO_MATCH_UNCOVERED_ASPECT = N_("Our article on IVIG for toxic epidermal necrolysis (TEN) does not cover that question.")
FAQ_COVERS = N_(
    "It covers what TEN and SJS are, their symptoms, causes and complications, and IVIG treatment for TEN: how it "
    "works, the evidence, when and for how long it is given, the dose and its side effects."
)
ASK_A_PERSON = N_("To ask about anything else, call our IVIG specialists at {phone}.")
SJS_AS_TEN = N_(
    "The article speaks of TEN here. SJS and TEN are one condition of different severity: SJS when less than 10% "
    "of the body surface is involved, TEN when more than 30%."
)
CLOSE_CALL = N_("Did you mean “{question}”? It is the first suggestion below.")
# Before the dose entry's answer, which says once that the prescriber decides and gives the phone line.
PERSONAL_DOSE = N_("We cannot work out a dose for a particular person. This is what the article says in general:")
EMERGENCY = N_(
    "This may be a medical emergency. Call {emergency_number} or your local emergency number, or go to the nearest "
    "emergency room now. "
    "Do not wait for an online answer."
)
# One emergency number with its region, in a list of them ({emergency_number} above): "911 (United States)".
EMERGENCY_NUMBER_ITEM = N_("{number} ({region})")
GREETING = N_(
    "Hello! I can answer questions about IVIG treatment for toxic epidermal necrolysis (TEN). "
    "What would you like to know?"
)
THANKS = N_("You're welcome! Is there anything else you would like to know about IVIG for TEN?")
GOODBYE = N_("Goodbye and take care. If you have more questions, ask here any time or call {phone}.")

# Errors of the HTTP API.
ERROR_NOT_FOUND = N_("Not found: there is nothing at this address.")
ERROR_ENTRY_NOT_FOUND = N_("There is no FAQ entry with this id.")
ERROR_METHOD_NOT_ALLOWED = N_("This method is not allowed at this address.")
ERROR_VALIDATION = N_("The request is not valid: check the names and types of its fields.")
ERROR_QUESTION_EMPTY = N_("Please type a question.")
ERROR_QUESTION_TOO_LONG = N_("The question is too long: please keep it under {limit} characters.")
ERROR_QUESTION_CONTROL = N_("The question contains characters that are not allowed.")
ERROR_BAD_LIMIT = N_("The number of results must be a whole number from {low} to {high}.")
ERROR_BAD_LANG = N_("Unsupported language: use “en”, “zh” or “zh-Hant”.")
ERROR_BAD_JSON = N_("The request body is not valid JSON.")
ERROR_BODY_TOO_LARGE = N_("The request is too large.")
ERROR_ACCEPT_LANGUAGE = N_("The Accept-Language header is not valid.")
ERROR_RATE_LIMITED = N_("Too many requests. Please wait {seconds} seconds and try again.")
ERROR_INTERNAL = N_("Something went wrong on our side. Please try again, or call {phone}.")
ERROR_FORBIDDEN_ORIGIN = N_("This website is not allowed to use this service.")
ERROR_GENERIC = N_("The request could not be handled.")
ERROR_REQUEST_TIMEOUT = N_("The request took too long to arrive. Please try again.")
