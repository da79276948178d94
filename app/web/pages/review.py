"""The HTML of the content team's review page (``/staff/review``), its sign-in form, and their strings.

Server-rendered, every value HTML-escaped, no inline script or style (the pages' CSP allows 'self' only): the
charts are inline SVG (:mod:`app.web.pages.charts`), the one script (``review.js``) only copies a YAML line to the
clipboard. Every text comes from the catalogs, in the page's language (``?lang=``, else Accept-Language).
"""

from __future__ import annotations

from html import escape
from urllib.parse import urlencode

from app.answering.replies import Composer
from app.feedback.review import DayRate, Helpfulness, QuestionGroup, phrasing_language, phrasing_line
from app.language.i18n import LANGS, LANGUAGE_SHORT_NAME, LANGUAGE_TAG, N_, Lang
from app.web.pages.charts import Bar, bar_chart

TITLE = N_("Questions to review")
SUBTITLE = N_("What people asked that the FAQ could not answer, and which answers did not help")
SIGN_IN_HEADING = N_("Staff sign-in")
SIGN_IN_HELP = N_("The review shows questions that patients agreed to send us. Sign in with the staff password.")
PASSWORD_LABEL = N_("Staff password")
SIGN_IN = N_("Sign in")
SIGN_OUT = N_("Sign out")
SIGN_IN_FAILED = N_("That password is not right.")
SIGN_IN_TOO_MANY = N_("Too many attempts. Wait a minute and try again.")
REVIEW_OFF = N_(
    "The staff review is turned off on this server. To turn it on, set FAQBOT_STAFF_SECRET or "
    "FAQBOT_STAFF_PASSWORD_HASH (see the README)."
)
FORM_EXPIRED = N_("This form has expired or did not come from this site. Reload the page and try again.")
PAGE_LANGUAGE = N_("Language of this page")
QUESTIONS_HEADING = N_("Unanswered and unhelpful questions")
QUESTIONS_HELP = N_(
    "Questions people sent with their consent, with identifiers already removed, grouped by similar wording. "
    "For a group, choose the entry it should have reached to get a line to add to that entry's phrasings in faq/."
)
SORT_LABEL = N_("Order")
SORT_NEWEST = N_("Newest first")
SORT_FREQUENT = N_("Most frequent first")
NO_QUESTIONS = N_("No questions to review.")
ASKED_TIMES = N_("Times asked: {count}")
LAST_ASKED = N_("Last: {date}")
KIND_NO_MATCH = N_("No answer found: {count}")
ENTRIES_REACHED = N_("Answered with, not helpful: {entries}")
WORDINGS = N_("Wordings")
CHOOSE_ENTRY = N_("Entry it should have reached")
SHOW_LINE = N_("Show the YAML line")
LINE_HELP = N_("Add this line under phrasings → {language} of the entry “{entry}” in {file}, then open a pull request:")
COPY = N_("Copy")
COPIED = N_("Copied.")
RESOLVE = N_("Mark as handled (deletes these questions)")
HELPFULNESS_HEADING = N_("How helpful each answer was")
HELPFULNESS_EMPTY = N_("No answer has been rated yet.")
COLUMN_ENTRY = N_("Entry")
COLUMN_HELPFUL = N_("Helpful")
COLUMN_UNHELPFUL = N_("Not helpful")
COLUMN_RATE = N_("Helpful share")
RATES_HEADING = N_("No-match rate per day")
RATES_HELP = N_("The share of replies that found no answer, per day (UTC), in the last {days} days.")
CHART_TITLE = N_("No-match rate per day, {language}")
CHART_EMPTY = N_("No unanswered questions in this period")
BAR_DETAIL = N_("{date}: {rate} no match ({misses} of {replies})")
RATES_TABLE = N_("The same figures as a table")
COLUMN_DAY = N_("Day")
COLUMN_REPLIES = N_("Replies")
COLUMN_NO_MATCH = N_("No match")
EXPORT_CSV = N_("Export all feedback as CSV")
LANGUAGE_NAME = {"en": N_("English"), "zh": N_("Simplified Chinese"), "zh-Hant": N_("Traditional Chinese")}
DISCLAIMER_HEADING = N_("Medical disclaimer")


class Page:
    """Renders the pages in one language."""

    def __init__(self, composer: Composer, lang: Lang) -> None:
        self.composer = composer
        self.lang = lang

    def t(self, message: str, **values: str) -> str:
        return escape(self.composer.text(self.lang, message, **values))

    def _layout(self, body: str, signed_in_csrf: str | None = None, query: dict[str, str] | None = None) -> str:
        switch = " ".join(
            f'<a href="?{escape(urlencode({**(query or {}), "lang": code}))}" lang="{LANGUAGE_TAG[code]}"'
            + (' aria-current="page"' if code == self.lang else "") + f">{escape(LANGUAGE_SHORT_NAME[code])}</a>"
            for code in LANGS
        )
        sign_out = ""
        if signed_in_csrf is not None:
            sign_out = (f'<form method="post" action="/staff/review/sign-out" class="sign-out">'
                        f'<input type="hidden" name="csrf" value="{escape(signed_in_csrf)}">'
                        f'<button type="submit">{self.t(SIGN_OUT)}</button></form>')
        return f"""<!doctype html>
<html lang="{LANGUAGE_TAG[self.lang]}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>{self.t(TITLE)}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/staff/review/review.css">
<script src="/staff/review/review.js" defer></script>
</head>
<body>
<header>
<nav aria-label="{self.t(PAGE_LANGUAGE)}">{switch}</nav>
{sign_out}
<h1>{self.t(TITLE)}</h1>
<p class="subtitle">{self.t(SUBTITLE)}</p>
</header>
<main>
{body}
</main>
<footer>
<h2>{self.t(DISCLAIMER_HEADING)}</h2>
<p>{escape(self.composer.disclaimer(self.lang))}</p>
</footer>
</body>
</html>
"""

    def off(self) -> str:
        return self._layout(f'<p class="notice" role="alert">{self.t(REVIEW_OFF)}</p>')

    def message(self, message: str) -> str:
        return self._layout(f'<p class="notice" role="alert">{self.t(message)}</p>'
                            f'<p><a href="/staff/review?lang={self.lang}">{self.t(TITLE)}</a></p>')

    def sign_in(self, csrf: str, error: str | None = None) -> str:
        alert = f'<p class="notice" role="alert" id="sign-in-error">{self.t(error)}</p>' if error else ""
        described = ' aria-describedby="sign-in-error"' if error else ""
        return self._layout(f"""<section class="sign-in">
<h2>{self.t(SIGN_IN_HEADING)}</h2>
<p>{self.t(SIGN_IN_HELP)}</p>
{alert}
<form method="post" action="/staff/review/sign-in?lang={self.lang}">
<input type="hidden" name="csrf" value="{escape(csrf)}">
<label for="password">{self.t(PASSWORD_LABEL)}</label>
<input id="password" name="password" type="password" autocomplete="current-password" required{described}>
<button type="submit">{self.t(SIGN_IN)}</button>
</form>
</section>""")

    def review(
        self,
        csrf: str,
        groups: list[QuestionGroup],
        sort: str,
        helpfulness: list[Helpfulness],
        rates: dict[str, list[DayRate]],
        chosen: tuple[int, str, str | None] | None,
    ) -> str:
        """``chosen``: (group id, entry id, the entry's file) when staff asked for a YAML line."""
        query = {"sort": sort}
        return self._layout(
            self._questions(csrf, groups, sort, chosen) + self._helpfulness(helpfulness) + self._rates(rates)
            + f'<p class="export"><a href="/staff/review/export.csv">{self.t(EXPORT_CSV)}</a></p>',
            signed_in_csrf=csrf,
            query=query,
        )

    # -- sections -----------------------------------------------------------------------------------------------
    def _entry_options(self, selected: str | None) -> str:
        return "".join(
            f'<option value="{escape(item.id)}"' + (" selected" if item.id == selected else "")
            + f">{escape(item.id)}: {escape(self.composer.text(self.lang, item.entry.question))}</option>"
            for item in self.composer.content.entries
        )

    def _questions(self, csrf: str, groups: list[QuestionGroup], sort: str, chosen: tuple[int, str, str | None] | None) -> str:
        sorts = " ".join(
            f'<a href="?{escape(urlencode({"sort": key, "lang": self.lang}))}"' + (' aria-current="true"' if key == sort else "")
            + f">{self.t(label)}</a>"
            for key, label in (("newest", SORT_NEWEST), ("frequent", SORT_FREQUENT))
        )
        items = []
        for group in groups:
            wordings = "".join(f"<li>{escape(row.question or '')}</li>" for row in group.questions[:8])
            facts = [self.t(ASKED_TIMES, count=str(group.count)), self.t(LAST_ASKED, date=group.newest.date().isoformat()),
                     " / ".join(escape(LANGUAGE_SHORT_NAME[lang]) for lang in group.langs if lang in LANGUAGE_SHORT_NAME)]
            if group.no_match:
                facts.append(self.t(KIND_NO_MATCH, count=str(group.no_match)))
            if group.entries_reached:
                facts.append(self.t(ENTRIES_REACHED, entries=", ".join(group.entries_reached)))
            line = ""
            selected = chosen[1] if chosen and chosen[0] == group.id else None
            if chosen and selected:
                lang = phrasing_language(group.question)
                yaml_line = phrasing_line(group.question)
                line = (f'<div class="yaml"><p>{self.t(LINE_HELP, language=lang, entry=selected, file=chosen[2] or "faq/sections")}</p>'
                        f'<textarea readonly rows="1" id="yaml-{group.id}" aria-label="YAML">{escape(yaml_line)}</textarea>'
                        f'<button type="button" class="copy" data-copy="yaml-{group.id}" data-copied="{self.t(COPIED)}">'
                        f'{self.t(COPY)}</button> <span class="copied" role="status"></span></div>')
            items.append(f"""<li class="group" id="group-{group.id}">
<h3 lang="{LANGUAGE_TAG['zh' if phrasing_language(group.question) == 'zh' else 'en']}">{escape(group.question)}</h3>
<p class="facts">{" · ".join(facts)}</p>
<details><summary>{self.t(WORDINGS)}</summary><ul>{wordings}</ul></details>
<form method="get" action="/staff/review#group-{group.id}" class="choose">
<input type="hidden" name="group" value="{group.id}"><input type="hidden" name="sort" value="{escape(sort)}">
<input type="hidden" name="lang" value="{self.lang}">
<label for="entry-{group.id}">{self.t(CHOOSE_ENTRY)}</label>
<select id="entry-{group.id}" name="entry">{self._entry_options(selected)}</select>
<button type="submit">{self.t(SHOW_LINE)}</button>
</form>
{line}
<form method="post" action="/staff/review/resolve?lang={self.lang}" class="resolve">
<input type="hidden" name="csrf" value="{escape(csrf)}"><input type="hidden" name="group" value="{group.id}">
<button type="submit">{self.t(RESOLVE)}</button>
</form>
</li>""")
        listing = f'<ol class="groups">{"".join(items)}</ol>' if items else f"<p>{self.t(NO_QUESTIONS)}</p>"
        return f"""<section aria-labelledby="questions-heading">
<h2 id="questions-heading">{self.t(QUESTIONS_HEADING)}</h2>
<p>{self.t(QUESTIONS_HELP)}</p>
<p class="sort">{self.t(SORT_LABEL)}: {sorts}</p>
{listing}
</section>"""

    def _helpfulness(self, items: list[Helpfulness]) -> str:
        if not items:
            table = f"<p>{self.t(HELPFULNESS_EMPTY)}</p>"
        else:
            rows = []
            for item in items:
                entry = self.composer.content.entry(item.entry_id)
                question = self.composer.text(self.lang, entry.entry.question) if entry else item.entry_id
                rows.append(f"<tr><th scope=\"row\">{escape(question)} <code>{escape(item.entry_id)}</code></th>"
                            f"<td>{item.helpful}</td><td>{item.unhelpful}</td><td>{item.rate:.0%}</td></tr>")
            table = (f"<table><thead><tr><th scope=\"col\">{self.t(COLUMN_ENTRY)}</th><th scope=\"col\">{self.t(COLUMN_HELPFUL)}</th>"
                     f"<th scope=\"col\">{self.t(COLUMN_UNHELPFUL)}</th><th scope=\"col\">{self.t(COLUMN_RATE)}</th></tr></thead>"
                     f"<tbody>{''.join(rows)}</tbody></table>")
        return f'<section aria-labelledby="helpfulness-heading"><h2 id="helpfulness-heading">{self.t(HELPFULNESS_HEADING)}</h2>{table}</section>'

    def _rates(self, rates: dict[str, list[DayRate]]) -> str:
        days = len(next(iter(rates.values()), []))
        charts, tables = [], []
        for lang, series in rates.items():
            language = self.composer.text(self.lang, LANGUAGE_NAME[lang])
            bars = [Bar(day.day.isoformat(), day.rate, self.composer.text(
                self.lang, BAR_DETAIL, date=day.day.isoformat(), rate=f"{day.rate:.0%}", misses=str(day.no_match),
                replies=str(day.replies))) for day in series]
            charts.append(f'<figure><figcaption>{escape(language)}</figcaption>'
                          f'{bar_chart(bars, self.composer.text(self.lang, CHART_TITLE, language=language), self.composer.text(self.lang, CHART_EMPTY))}</figure>')
            rows = "".join(f"<tr><th scope=\"row\">{day.day.isoformat()}</th><td>{day.replies}</td><td>{day.no_match}</td>"
                           f"<td>{day.rate:.0%}</td></tr>" for day in series if day.replies)
            tables.append(f"<h3>{escape(language)}</h3><table><thead><tr><th scope=\"col\">{self.t(COLUMN_DAY)}</th>"
                          f"<th scope=\"col\">{self.t(COLUMN_REPLIES)}</th><th scope=\"col\">{self.t(COLUMN_NO_MATCH)}</th>"
                          f"<th scope=\"col\">%</th></tr></thead><tbody>{rows}</tbody></table>")
        return (f'<section aria-labelledby="rates-heading"><h2 id="rates-heading">{self.t(RATES_HEADING)}</h2>'
                f"<p>{self.t(RATES_HELP, days=str(days))}</p><div class=\"charts\">{''.join(charts)}</div>"
                f"<details><summary>{self.t(RATES_TABLE)}</summary>{''.join(tables)}</details></section>")
