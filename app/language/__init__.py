"""Languages: which one a reader gets, and the texts in it.

* :mod:`app.language.i18n`: the supported languages (English, Simplified and Traditional Chinese), Accept-Language
  negotiation, the script of a question, and the Babel catalogs every user-facing string is read through;
* :mod:`app.language.messages`: the service's own messages (msgids; the disclaimer, no-match, errors);
* :mod:`app.language.chinese_script`: telling Traditional from Simplified text, and converting between them;
* :mod:`app.language.traditional_catalog`: drafting the zh_Hant catalog from zh_CN (``make catalog``).

May import: :mod:`app.ops` settings only; nothing of content, answering, feedback or web (every other package
translates through this one).
"""
