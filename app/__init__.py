"""Bilingual FAQ service for the article "IVIG for toxic epidermal necrolysis (TEN)".

The packages read as the data path, top to bottom:

    content  (faq/*.yaml loaded and validated; the Babel extractor; catalog checks)
      -> language   (Accept-Language negotiation, the gettext catalogs in locales/, Chinese scripts)
      -> answering  (understand the question -> triage and scope rules -> match -> compose the reply)
      -> feedback   (reply records, "was this helpful?", consented questions, the review data)
      -> web        (the FastAPI application: routes, middleware, pages, the widget and console)
    cli  (the ``faqbot`` command) and ops (settings, logging, metrics, the server) stand beside them.

A package imports only those above it in this list (ops' settings, logging and metrics from anywhere); only
:mod:`app.web` imports FastAPI or Starlette. The rules are import-linter contracts in pyproject.toml
(``[tool.importlinter]``), checked by ``make test``.
"""
