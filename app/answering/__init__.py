"""Answering: from a question as typed to the reply, along the data path.

* understand the question: :mod:`~app.answering.normalize` (fold, put typos right, segment Chinese, glossary terms),
  :mod:`~app.answering.homophones` (Chinese sound-alike typos), :mod:`~app.answering.word_frequency`,
  :mod:`~app.answering.literals` (cheap prefilters of many patterns), :mod:`~app.answering.understanding` (a
  question's subjects, aspects, drugs and other subjects, read once);
* rules before any matching: :mod:`~app.answering.triage` (emergencies), :mod:`~app.answering.intents` (small talk,
  personal doses), :mod:`~app.answering.scope` (other subjects, uncovered aspects);
* match: :mod:`~app.answering.index` (phrasings and feature weights) and :mod:`~app.answering.matcher` (scores and a
  calibrated confidence);
* compose the reply: :mod:`~app.answering.replies` (the reply in the reader's language, disclaimer included), whose
  public shapes are :mod:`~app.answering.schemas`; staff search with :mod:`~app.answering.search` and
  :mod:`~app.answering.highlight`;
* :mod:`~app.answering.service` builds all of it once from :mod:`app.content` and the catalogs;
  :mod:`~app.answering.evaluation` measures it on labelled question sets.

May import: :mod:`app.content`, :mod:`app.language`, :mod:`app.ops` settings; never :mod:`app.feedback`,
:mod:`app.web` or the CLI, and never FastAPI (contracts in pyproject.toml, checked by ``make test``).
"""
