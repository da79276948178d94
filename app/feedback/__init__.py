"""The feedback loop: what readers say about replies, kept safely and shown to staff.

* :mod:`app.feedback.service`: a reply id for every reply, "was this helpful?" and a consented question
  (identifiers removed), stored off the request path;
* :mod:`app.feedback.reply_log`: the in-process buffer of reply records, written in batches by a thread;
* :mod:`app.feedback.storage`: the database (SQLAlchemy; SQLite by default, PostgreSQL too), its Alembic
  migrations (:mod:`app.feedback.migrations`) and the retention purge;
* :mod:`app.feedback.redaction`: names, phone numbers, addresses, dates, ID numbers and links taken out of a
  question before it is kept;
* :mod:`app.feedback.review`: what the staff review page and its CSV show.

May import: :mod:`app.answering` (the reply's shapes), :mod:`app.content`, :mod:`app.language`, :mod:`app.ops`;
never :mod:`app.web` or FastAPI: the routes that serve it are in :mod:`app.web`.
"""
