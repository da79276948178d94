"""Alembic's environment: migrations run on the connection that :func:`app.storage.migrate` hands over.

``faqbot db upgrade`` (or start-up with ``FAQBOT_DATABASE_MIGRATE=true``) is the way to run them; there is no
``alembic.ini``: the script location and the connection come from :mod:`app.storage`.
"""

from __future__ import annotations

from alembic import context

from app.storage import metadata

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations with `faqbot db upgrade` (app.storage.migrate), which provides the connection")

context.configure(connection=connection, target_metadata=metadata, render_as_batch=connection.dialect.name == "sqlite")
with context.begin_transaction():
    context.run_migrations()
