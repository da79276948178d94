"""The demo page at ``/``: a plain page about the article with the chat widget embedded by one script tag.

Every text comes from the catalogs (strings below, the content's sections and questions, the disclaimer), in the
page's language; the widget follows the page's ``<html lang>``. Each question of the list is a button that asks
the widget (``data-faqbot-ask``). All values are HTML-escaped.
"""

from __future__ import annotations

from html import escape

from app.answering.replies import Composer
from app.language import messages
from app.language.i18n import LANGS, LANGUAGE_NAME, LANGUAGE_TAG, N_, Lang
from app.web.strings.widget import tel_href

PAGE_INTRO = N_(
    "This page shows the chat widget of our patient FAQ. It answers questions about our article on IVIG for "
    "toxic epidermal necrolysis (TEN), in English, Simplified Chinese and Traditional Chinese. Open it with the "
    "button at the bottom of the page and ask a question in your own words."
)
PAGE_LANGUAGE = N_("Language of this page")
PAGE_TOPICS = N_("Questions the FAQ answers")
PAGE_EMBED = N_("Add the widget to your website")
PAGE_EMBED_HELP = N_("Paste this line into your page. The widget needs no other code, no framework and no build step.")
PAGE_CALL = N_("To talk to an IVIG specialist, call {phone}.")
PAGE_DISCLAIMER = N_("Medical disclaimer")


def render_demo_page(composer: Composer, lang: Lang, origin: str) -> str:
    """The demo page's HTML in ``lang``; ``origin`` is the app's own origin, shown in the embedding snippet."""

    def t(message: str) -> str:
        return escape(composer.text(lang, message))

    phone = composer.settings.phone
    before, _, after = composer.translator.gettext(lang, PAGE_CALL).partition("{phone}")
    call = f'{escape(before)}<a href="{escape(tel_href(phone))}">{escape(phone)}</a>{escape(after)}'

    switch = " ".join(
        f'<a href="/?lang={code}" lang="{LANGUAGE_TAG[code]}" hreflang="{LANGUAGE_TAG[code]}"'
        + (' aria-current="page"' if code == lang else "")
        + f">{escape(LANGUAGE_NAME[code])}</a>"
        for code in LANGS
    )
    topics = []
    for section in composer.content.sections:
        questions = "".join(  # a click asks the widget (data-faqbot-ask, widget.js)
            '<li><button type="button" class="ask" data-faqbot-ask="">'
            f"{escape(composer.text(lang, item.entry.question))}</button></li>"
            for item in composer.content.entries
            if item.section == section
        )
        topics.append(f"<h3>{t(section)}</h3>\n<ul>{questions}</ul>")
    snippet = f'<script src="{origin}/widget.js" defer></script>'

    return f"""<!doctype html>
<html lang="{LANGUAGE_TAG[lang]}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{t(messages.ARTICLE_TITLE)}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/demo.css">
</head>
<body>
<header>
<nav aria-label="{t(PAGE_LANGUAGE)}">{switch}</nav>
<h1>{t(messages.ARTICLE_TITLE)}</h1>
</header>
<main>
<p>{t(PAGE_INTRO)}</p>
<p>{call}</p>
<h2>{t(PAGE_TOPICS)}</h2>
{chr(10).join(topics)}
<h2>{t(PAGE_EMBED)}</h2>
<p>{t(PAGE_EMBED_HELP)}</p>
<pre><code>{escape(snippet)}</code></pre>
</main>
<footer>
<h2>{t(PAGE_DISCLAIMER)}</h2>
<p>{escape(composer.disclaimer(lang))}</p>
</footer>
<script src="/widget.js" defer></script>
</body>
</html>
"""
