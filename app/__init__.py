"""Bilingual FAQ service for the article "IVIG for toxic epidermal necrolysis (TEN)".

The data path, one module each:
    content (faq/*.yaml) -> normalize -> index -> matcher -> intents -> replies -> api
    i18n (locales/) supplies the language of every reply.
"""
