"""Real databases for the storage tests: a SQLite file, and a PostgreSQL database created empty for each test.

PostgreSQL is Debian's, started by ``make test`` (``tests/start_postgres.sh``) with a role that may create
databases; ``FAQBOT_TEST_POSTGRES_URL`` names it (default: the role that script creates, on 127.0.0.1:5432).
A test that needs it fails, rather than skips, when it cannot be reached.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

POSTGRES_ADMIN_URL = os.environ.get(
    "FAQBOT_TEST_POSTGRES_URL", "postgresql+psycopg://faqbot_test:faqbot_test@127.0.0.1:5432/postgres"
)
BACKENDS = ["sqlite", "postgresql"]


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The URL of an empty database, on each backend in turn."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'data' / 'faqbot.sqlite3'}"
        return
    admin = create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    name = f"faqbot_test_{secrets.token_hex(6)}"
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as exc:  # noqa: BLE001
        admin.dispose()
        pytest.fail(f"PostgreSQL is not reachable at {make_url(POSTGRES_ADMIN_URL).render_as_string(hide_password=True)}: "
                    f"{type(exc).__name__} (run `make test`, which starts it: tests/start_postgres.sh)")
    try:
        yield make_url(POSTGRES_ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def all_stored_text(url: str) -> str:
    """Every value of every row of every table, as one text: what a leak test searches."""
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            if engine.dialect.name == "sqlite":
                tables = [row[0] for row in connection.execute(text("SELECT name FROM sqlite_master WHERE type = 'table'"))]
            else:
                tables = [row[0] for row in connection.execute(text(
                    "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"))]
            values = []
            for table in tables:
                for row in connection.execute(text(f'SELECT * FROM "{table}"')):
                    values.extend("" if value is None else str(value) for value in row)
    finally:
        engine.dispose()
    return "\n".join(values)
