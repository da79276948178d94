"""Alembic's environment: migrations run on the connection that :func:`app.feedback.storage.migrate` hands over.

``faqbot db upgrade`` (or start-up with ``FAQBOT_DATABASE_MIGRATE=true``) is the way to run them; there is no
``alembic.ini``: the script location and the connection come from :mod:`app.feedback.storage`.
"""

from __future__ import annotations

from typing import Any

from alembic import context

from app.feedback.storage import metadata


def run_migrations(connection: Any) -> None:
    context.configure(connection=connection, target_metadata=metadata, render_as_batch=connection.dialect.name == "sqlite")
    with context.begin_transaction():
        context.run_migrations()


try:
    _config: Any = context.config
except AttributeError:  # imported outside a migration run (pytest's doctest collection of app/): nothing to do
    _config = None
if _config is not None:
    _connection = _config.attributes.get("connection")
    if _connection is None:
        raise RuntimeError("run migrations with `faqbot db upgrade` (app.feedback.storage.migrate), which provides the connection")
    run_migrations(_connection)
