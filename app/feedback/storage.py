"""The feedback database: its tables, its engine (SQLite in WAL mode, or PostgreSQL), migrations, reads and writes.

Two tables, and nothing in them about the person who asked (no address, no user agent, no conversation):

* ``replies``: one row per ``/api/v1/ask`` reply, keyed by its random ``reply_id``: when (UTC), language, kind,
  entry, confidence and reason. Written in batches by :mod:`app.feedback.reply_log`, never on the request path.
* ``feedback``: at most one row per reply (a later POST for the same reply updates it): the reply's facts copied
  from ``replies``, whether it helped, and, only with the person's consent, their question with identifiers
  removed (:mod:`app.feedback.redaction`).

Both are purged after ``FAQBOT_RETENTION_DAYS`` (:meth:`Store.purge`). The schema is Alembic's
(``app/migrations``): :func:`migrate` applies it at start-up under a lock (a file lock for SQLite, an advisory
lock for PostgreSQL) so that several workers starting at once do not race; ``faqbot db upgrade`` does the same.
A database already at the scripts' head (every restart, and every worker but the first) is seen to be so from
its ``alembic_version`` table and the scripts' ``revision`` lines (:func:`script_heads`), without importing Alembic,
which would cost each worker about 0.1 s and 11 MiB for nothing to do.
"""

from __future__ import annotations

import ast
import fcntl
import logging
import sqlite3
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    Engine,
    Float,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    case,
    create_engine,
    delete,
    event,
    func,
    insert,
    inspect,
    select,
    text,
)
from sqlalchemy.engine import make_url

logger = logging.getLogger("app.feedback.storage")

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
VERSION_TABLE = "alembic_version"  # Alembic's default, which migrations/env.py keeps
_PG_MIGRATION_LOCK = 0x46_41_51_42  # "FAQB": pg_advisory_lock key for migrations

metadata = MetaData()
replies = Table(
    "replies",
    metadata,
    Column("reply_id", String(64), primary_key=True),
    Column("created_at", DateTime(), nullable=False, index=True),  # UTC, naive (the same on both databases)
    Column("lang", String(8), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("entry_id", String(100), nullable=True),
    Column("confidence", Float, nullable=False),
    Column("reason", String(32), nullable=True),
)
# Rows per multi-row INSERT of reply records on SQLite: under SQLite's oldest limit of 999 bound parameters.
ROWS_PER_INSERT = 999 // len(replies.columns)


@lru_cache(maxsize=8)
def _multi_row_insert(rows: int) -> str:
    """``INSERT INTO replies (...) VALUES (?, ...), ...`` for ``rows`` rows (SQLite's qmark parameters)."""
    names = ", ".join(column.name for column in replies.columns)
    row = "(" + ", ".join("?" * len(replies.columns)) + ")"
    return f"INSERT INTO replies ({names}) VALUES " + ", ".join([row] * rows)


feedback = Table(
    "feedback",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("reply_id", String(64), nullable=False, unique=True),
    Column("created_at", DateTime(), nullable=False, index=True),
    Column("lang", String(8), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("entry_id", String(100), nullable=True),
    Column("confidence", Float, nullable=False),
    Column("reason", String(32), nullable=True),
    Column("helpful", Boolean, nullable=False),
    Column("question", Text, nullable=True),  # identifiers removed; only with consent
)


def utcnow() -> datetime:
    """Now in UTC, without tzinfo: how times are stored."""
    return datetime.now(UTC).replace(tzinfo=None)


@dataclass(frozen=True, slots=True)
class ReplyRecord:
    """What the service keeps about one reply: never the question, never the client."""

    reply_id: str
    created_at: datetime
    lang: str
    kind: str
    entry_id: str | None
    confidence: float
    reason: str | None

    def row(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.__slots__}

    def values(self) -> tuple[Any, ...]:
        """The record's values in the order of the ``replies`` table's columns."""
        return tuple(getattr(self, column.name) for column in replies.columns)


@dataclass(frozen=True, slots=True)
class FeedbackRow:
    id: int
    created_at: datetime
    lang: str
    kind: str
    entry_id: str | None
    confidence: float
    reason: str | None
    helpful: bool
    question: str | None


def make_engine(url: str) -> Engine:
    """An engine for ``url``; SQLite files get their folder, WAL mode, NORMAL sync and a 5 s busy timeout."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 5})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(connection: Any, _record: Any) -> None:
            cursor = connection.cursor()
            cursor.execute("PRAGMA busy_timeout=5000")
            _set_wal(cursor)
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.close()

        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=5)


def _set_wal(cursor: Any, attempts: int = 50, pause: float = 0.1) -> None:
    """``PRAGMA journal_mode=WAL``, again while another connection holds the new database's lock: switching the
    journal mode fails at once with "database is locked" instead of waiting out the busy timeout (seen when workers
    start together on a database that one of them is creating: tests/test_storage.py)."""
    for attempt in range(attempts):
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or attempt == attempts - 1:
                raise
            time.sleep(pause)


def _alembic_config(connection: Any) -> Any:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["connection"] = connection
    return config


@contextmanager
def _migration_lock(engine: Engine) -> Iterator[Any]:
    """A connection held under a lock that only one migrating process at a time can have."""
    if engine.dialect.name == "sqlite":
        database = engine.url.database
        if not database or database == ":memory:":
            with engine.connect() as connection:
                yield connection
            return
        with open(f"{database}.migrate-lock", "a+b") as lock_file:
            fcntl.flock(lock_file.fileno(), fcntl.LOCK_EX)  # released when the file closes
            with engine.connect() as connection:
                yield connection
        return
    with engine.connect() as connection:
        connection.execute(text("SELECT pg_advisory_lock(:key)"), {"key": _PG_MIGRATION_LOCK})
        connection.commit()
        try:
            yield connection
        finally:
            connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": _PG_MIGRATION_LOCK})
            connection.commit()


def script_heads(versions_dir: Path = MIGRATIONS_DIR / "versions") -> frozenset[str] | None:
    """The head revisions of the migration scripts, read from their ``revision = ...`` and ``down_revision = ...``
    lines (parsed, not run); None when a script does not state them plainly (then only Alembic can tell).

    A head is a revision that no script revises; ``tests/test_storage.py`` checks the answer against Alembic's own.

    >>> sorted(script_heads() or [])
    ['0001']
    """
    revisions: set[str] = set()
    revised: set[str] = set()
    for path in sorted(versions_dir.glob("*.py")):
        if path.name == "__init__.py":  # Alembic's own rule: every other .py file there is a revision script
            continue
        try:
            values = _module_constants(path, ("revision", "down_revision"))
        except (SyntaxError, ValueError):
            return None
        revision, down = values.get("revision"), values.get("down_revision")
        if not isinstance(revision, str):
            return None
        revisions.add(revision)
        if isinstance(down, str):
            revised.add(down)
        elif isinstance(down, tuple | list) and all(isinstance(item, str) for item in down):
            revised.update(down)
        elif down is not None:
            return None
    return frozenset(revisions - revised) if revisions else None


def _module_constants(path: Path, names: tuple[str, ...]) -> dict[str, object]:
    """The literal values that a module's top level assigns to ``names`` (plain or annotated assignments)."""
    found: dict[str, object] = {}
    for node in ast.parse(path.read_text(encoding="utf-8"), filename=str(path)).body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target, value = node.targets[0], node.value
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            target, value = node.target, node.value
        else:
            continue
        if isinstance(target, ast.Name) and target.id in names:
            found[target.id] = ast.literal_eval(value)
    return found


def stamped_revisions(connection: Any) -> frozenset[str]:
    """The revisions the database says it is at (its ``alembic_version`` rows); empty before the first migration."""
    if not inspect(connection).has_table(VERSION_TABLE):
        return frozenset()
    return frozenset(connection.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).scalars())


def at_head(engine: Engine) -> str | None:
    """The database's revision when it is already at the scripts' single head, else None (migrations to run)."""
    heads = script_heads()
    if heads is None or len(heads) != 1:
        return None
    with engine.connect() as connection:
        stamped = stamped_revisions(connection)
    return next(iter(stamped)) if stamped == heads else None


def migrate(engine: Engine) -> str | None:
    """Apply every Alembic migration not yet applied; returns the revision the database is at.

    A database already at the head is left alone without importing Alembic (:func:`at_head`): migrations only
    ever move it forward, so a head once stamped stays applied. Otherwise Alembic upgrades it under the lock.
    """
    current = at_head(engine)
    if current is not None:
        return current
    from alembic import command
    from alembic.runtime.migration import MigrationContext

    with _migration_lock(engine) as connection:
        command.upgrade(_alembic_config(connection), "head")
        connection.commit()
        return MigrationContext.configure(connection).get_current_revision()


class StorageUnavailable(Exception):
    """The database cannot be reached or migrated; the message names the database without its password."""


def prepare_database(url: str) -> str | None:
    """Migrate the database once (``faqbot serve`` before starting workers); :class:`StorageUnavailable` on failure."""
    engine = make_engine(url)
    try:
        return migrate(engine)
    except Exception as exc:  # noqa: BLE001 - any driver or migration error: one plain message
        where = make_url(url).render_as_string(hide_password=True)
        raise StorageUnavailable(f"database {where}: {type(exc).__name__}: {str(exc).splitlines()[0][:200]}") from exc
    finally:
        engine.dispose()


class Store:
    """Reads and writes of the feedback database; every method is synchronous (call it off the event loop)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    @classmethod
    def from_url(cls, url: str) -> Store:
        return cls(make_engine(url))

    def close(self) -> None:
        self.engine.dispose()

    # -- replies ------------------------------------------------------------------------------------------------
    def add_replies(self, records: Sequence[ReplyRecord]) -> None:
        """Insert a batch of reply records in one transaction (ids are random: a repeat would be a bug).

        On SQLite, as multi-row INSERTs of :data:`ROWS_PER_INSERT` rows rather than ``executemany``, which steps
        and binds row by row, taking the GIL back from the worker's event loop for each of the ~1,000 records a
        second under load: a 1-worker A/B under wrk gave 7-11 % more asks a second with multi-row INSERTs. Values
        go through the columns' own SQLAlchemy bind processors, so they are stored as ``executemany`` stores them."""
        if not records:
            return
        with self.engine.begin() as connection:
            if self.engine.dialect.name != "sqlite":
                connection.execute(insert(replies), [record.row() for record in records])
                return
            dialect = self.engine.dialect
            processors = [column.type.dialect_impl(dialect).bind_processor(dialect) for column in replies.columns]
            rows = [
                tuple(value if process is None else process(value) for process, value in zip(processors, record.values(), strict=True))
                for record in records
            ]
            for start in range(0, len(rows), ROWS_PER_INSERT):
                chunk = rows[start : start + ROWS_PER_INSERT]
                connection.exec_driver_sql(_multi_row_insert(len(chunk)), tuple(value for row in chunk for value in row))

    def reply(self, reply_id: str) -> ReplyRecord | None:
        with self.engine.connect() as connection:
            row = connection.execute(select(replies).where(replies.c.reply_id == reply_id)).mappings().first()
        return ReplyRecord(**row) if row is not None else None

    # -- feedback -----------------------------------------------------------------------------------------------
    def save_feedback(self, reply: ReplyRecord, helpful: bool, question: str | None) -> None:
        """Insert or update the feedback of one reply (``question`` None removes a question sent before)."""
        values = {"reply_id": reply.reply_id, "created_at": utcnow(), "lang": reply.lang, "kind": reply.kind,
                  "entry_id": reply.entry_id, "confidence": reply.confidence, "reason": reply.reason,
                  "helpful": helpful, "question": question}
        from sqlalchemy.dialects import postgresql, sqlite

        dialect: Any = postgresql if self.engine.dialect.name == "postgresql" else sqlite
        statement = dialect.insert(feedback).values(values)
        statement = statement.on_conflict_do_update(
            index_elements=[feedback.c.reply_id], set_={"helpful": helpful, "question": question}
        )
        with self.engine.begin() as connection:
            connection.execute(statement)

    def feedback_rows(self, *, with_question: bool = False, limit: int | None = None) -> list[FeedbackRow]:
        """Feedback, newest first; ``with_question``: only rows with a consented question."""
        query = select(
            feedback.c.id, feedback.c.created_at, feedback.c.lang, feedback.c.kind, feedback.c.entry_id,
            feedback.c.confidence, feedback.c.reason, feedback.c.helpful, feedback.c.question,
        ).order_by(feedback.c.created_at.desc(), feedback.c.id.desc())
        if with_question:
            query = query.where(feedback.c.question.is_not(None))
        if limit is not None:
            query = query.limit(limit)
        with self.engine.connect() as connection:
            return [FeedbackRow(**row) for row in connection.execute(query).mappings()]

    def delete_questions(self, feedback_ids: Sequence[int]) -> int:
        """Remove the questions of these feedback rows (the content team has dealt with them); the votes stay."""
        if not feedback_ids:
            return 0
        with self.engine.begin() as connection:
            result = connection.execute(
                feedback.update().where(feedback.c.id.in_(list(feedback_ids))).values(question=None)
            )
        return int(result.rowcount or 0)

    def helpfulness(self) -> list[tuple[str, int, int]]:
        """(entry id, helpful count, unhelpful count) for every entry that has feedback."""
        helpful = func.sum(case((feedback.c.helpful.is_(True), 1), else_=0))
        query = (
            select(feedback.c.entry_id, helpful, func.count())
            .where(feedback.c.entry_id.is_not(None))
            .group_by(feedback.c.entry_id)
        )
        with self.engine.connect() as connection:
            rows: Sequence[Any] = connection.execute(query).all()
        return [(str(entry_id), int(yes or 0), int(total) - int(yes or 0)) for entry_id, yes, total in rows]

    def daily_replies(self, since: datetime) -> list[tuple[date, str, int, int]]:
        """(day, language, replies, no-match replies) per UTC day since ``since``."""
        day = func.date(replies.c.created_at)
        no_match = func.sum(case((replies.c.kind == "no_match", 1), else_=0))
        query = (
            select(day, replies.c.lang, func.count(), no_match)
            .where(replies.c.created_at >= since)
            .group_by(day, replies.c.lang)
        )
        with self.engine.connect() as connection:
            rows: Sequence[Any] = connection.execute(query).all()
        return [(_as_date(value), str(lang), int(total), int(misses or 0)) for value, lang, total, misses in rows]

    # -- retention ----------------------------------------------------------------------------------------------
    def purge(self, retention_days: int, now: datetime | None = None) -> tuple[int, int]:
        """Delete reply records and feedback older than ``retention_days``; returns how many of each."""
        cutoff = (now or utcnow()) - timedelta(days=retention_days)
        with self.engine.begin() as connection:
            gone_replies = connection.execute(delete(replies).where(replies.c.created_at < cutoff)).rowcount
            gone_feedback = connection.execute(delete(feedback).where(feedback.c.created_at < cutoff)).rowcount
        return int(gone_replies or 0), int(gone_feedback or 0)


def _as_date(value: Any) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])
