"""Content: the FAQ as data, and the checks that keep it and its translations honest.

* :mod:`app.content.faq`: ``faq/`` loaded and validated (entries, references, glossary, aspects, drugs, other
  subjects, emergency numbers), a broken file named with its place;
* :mod:`app.content.extractor`: the Babel extractor that finds the FAQ's translatable texts (``pybabel extract``);
* :mod:`app.content.catalog_check`: what ``faqbot check`` and start-up refuse in the template and the catalogs.

May import: :mod:`app.language` and :mod:`app.ops` settings; never :mod:`app.answering` or anything built on it.
"""
