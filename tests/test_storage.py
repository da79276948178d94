"""The feedback database on both backends (SQLite file in WAL mode, PostgreSQL): migrations, writes, the reply
buffer's overflow, failure and shutdown behaviour, and retention with the purge that runs on its own."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import textwrap
import threading
import time
from datetime import timedelta
from pathlib import Path

import pytest
from databases import database_url  # noqa: F401 - fixture
from prometheus_client import CollectorRegistry
from sqlalchemy import insert, inspect, text

from app.feedback.reply_log import ReplyLog
from app.feedback.service import FeedbackMetrics, FeedbackService
from app.feedback.storage import (
    MIGRATIONS_DIR,
    ROWS_PER_INSERT,
    ReplyRecord,
    Store,
    migrate,
    replies,
    script_heads,
    utcnow,
)
from app.ops.settings import Settings

__all__ = ["database_url"]


def record(reply_id: str, kind: str = "answer", days_old: float = 0, entry_id: str | None = "ivig-dose") -> ReplyRecord:
    return ReplyRecord(reply_id, utcnow() - timedelta(days=days_old), "en", kind, entry_id, 0.8, None)


def migrated(url: str) -> Store:
    store = Store.from_url(url)
    migrate(store.engine)
    return store


def test_migrations_apply_on_an_empty_database_and_again_change_nothing(database_url: str) -> None:
    store = Store.from_url(database_url)
    assert not inspect(store.engine).get_table_names()
    assert migrate(store.engine) == "0001"
    assert migrate(store.engine) == "0001"
    tables = set(inspect(store.engine).get_table_names())
    assert {"replies", "feedback", "alembic_version"} <= tables
    columns = {column["name"]: column for column in inspect(store.engine).get_columns("feedback")}
    assert columns["reason"]["nullable"] and columns["question"]["nullable"]
    assert not {"ip", "client", "user_agent", "address"} & set(columns)
    if store.engine.dialect.name == "sqlite":
        with store.engine.connect() as connection:
            assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
    store.close()


def test_a_restart_on_a_migrated_database_leaves_alembic_alone(database_url: str) -> None:
    """Every restart and every worker but the first find the database at the head: no Alembic import, same answer."""
    store = migrated(database_url)
    store.close()
    code = ("import sys; from app.feedback.storage import Store, migrate; "
            f"store = Store.from_url({database_url!r}); print(migrate(store.engine), 'alembic' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    assert result.stdout.split() == ["0001", "False"]


def test_a_database_stamped_behind_the_head_is_migrated(database_url: str) -> None:
    """A version table that does not name the head (here: emptied) sends the database to Alembic again."""
    store = migrated(database_url)
    with store.engine.begin() as connection:
        connection.execute(text("DELETE FROM alembic_version"))
        connection.execute(text("DROP TABLE feedback"))
        connection.execute(text("DROP TABLE replies"))
    assert migrate(store.engine) == "0001"
    assert {"replies", "feedback"} <= set(inspect(store.engine).get_table_names())
    store.close()


def _revision_script(revision: str, down: str | tuple[str, ...] | None) -> str:
    return textwrap.dedent(f'''\
        """Revision {revision}."""
        revision = {revision!r}
        down_revision = {down!r}
        branch_labels = None
        depends_on = None


        def upgrade() -> None:
            pass
        ''')


GRAPHS: list[dict[str, str | tuple[str, ...] | None]] = [
    {"a1": None},
    {"a1": None, "b2": "a1", "c3": "b2"},  # a chain
    {"a1": None, "b2": "a1", "c3": "a1"},  # two branches: two heads
    {"a1": None, "b2": "a1", "c3": "a1", "d4": ("b2", "c3")},  # merged again
]


@pytest.mark.parametrize("graph", GRAPHS, ids=["one", "chain", "branches", "merge"])
def test_the_heads_read_from_the_scripts_are_alembics(graph: dict[str, str | tuple[str, ...] | None], tmp_path: Path) -> None:
    from alembic.script import ScriptDirectory

    (tmp_path / "versions").mkdir()
    (tmp_path / "script.py.mako").write_text((MIGRATIONS_DIR / "script.py.mako").read_text())
    for number, (revision, down) in enumerate(graph.items()):
        (tmp_path / "versions" / f"{number:04d}_{revision}.py").write_text(_revision_script(revision, down))
    assert script_heads(tmp_path / "versions") == frozenset(ScriptDirectory(str(tmp_path)).get_heads())


def test_the_heads_of_the_services_own_scripts_are_alembics() -> None:
    from alembic.script import ScriptDirectory

    assert script_heads() == frozenset(ScriptDirectory(str(MIGRATIONS_DIR)).get_heads())


def test_workers_starting_together_migrate_once(database_url: str) -> None:
    stores = [Store.from_url(database_url) for _ in range(3)]
    errors: list[BaseException] = []

    def run(store: Store) -> None:
        try:
            migrate(store.engine)
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(store,)) for store in stores]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert not errors
    for store in stores:
        store.close()


def test_feedback_is_one_row_per_reply_and_withdrawn_consent_removes_the_question(database_url: str) -> None:
    store = migrated(database_url)
    reply = record("r-feedback-1")
    store.add_replies([reply])
    stored = store.reply("r-feedback-1")
    assert stored is not None and (stored.kind, stored.entry_id, stored.lang, stored.reason) == ("answer", "ivig-dose", "en", None)
    assert abs((stored.created_at - reply.created_at).total_seconds()) < 1
    store.save_feedback(reply, helpful=False, question=None)
    store.save_feedback(reply, helpful=False, question="can ivig be given at home")
    rows = store.feedback_rows()
    assert len(rows) == 1 and rows[0].question == "can ivig be given at home" and rows[0].entry_id == "ivig-dose"
    store.save_feedback(reply, helpful=True, question=None)
    rows = store.feedback_rows()
    assert len(rows) == 1 and rows[0].question is None and rows[0].helpful
    assert store.helpfulness() == [("ivig-dose", 1, 0)]
    store.close()


def test_a_large_batch_of_reply_records_is_stored_exactly_as_single_inserts_store_them(database_url: str) -> None:
    """Reply records go to SQLite as multi-row INSERTs (ROWS_PER_INSERT at a time, not executemany's row by row):
    every record of a batch longer than several such INSERTs comes back equal, with odd values included, and the
    stored text is byte for byte what SQLAlchemy's own insert stores."""
    store = migrated(database_url)
    whole_second = utcnow().replace(microsecond=0)
    records = [
        ReplyRecord(f"batch-{i}", whole_second - timedelta(seconds=i, microseconds=7 * (i % 3)), ("en", "zh", "zh-Hant")[i % 3],
                    ("answer", "no_match")[i % 2], "ivig-dose" if i % 2 == 0 else None, i / 250,
                    None if i % 2 == 0 else "other_subject")
        for i in range(ROWS_PER_INSERT * 2 + 37)
    ]
    store.add_replies(records)
    assert [store.reply(record.reply_id) for record in records] == records
    with store.engine.begin() as connection:  # the same records again, by SQLAlchemy's own insert
        connection.execute(insert(replies), [record.row() | {"reply_id": "ref-" + record.reply_id} for record in records])
        stored = {row[0]: tuple(row[1:]) for row in connection.execute(text(
            "SELECT reply_id, CAST(created_at AS TEXT), lang, kind, entry_id, confidence, reason FROM replies"))}
    assert all(stored[record.reply_id] == stored["ref-" + record.reply_id] for record in records)
    store.close()


def test_purge_deletes_only_what_retention_no_longer_allows(database_url: str) -> None:
    store = migrated(database_url)
    store.add_replies([record("old", days_old=91), record("recent", days_old=89)])
    store.save_feedback(record("old"), helpful=False, question="old question")
    with store.engine.begin() as connection:  # the feedback row is as old as its reply
        connection.execute(text("UPDATE feedback SET created_at = :old"), {"old": utcnow() - timedelta(days=91)})
    assert store.purge(retention_days=90) == (1, 1)
    assert store.reply("old") is None and store.reply("recent") is not None
    assert store.feedback_rows() == []
    store.close()


def test_the_purge_runs_on_its_own(database_url: str) -> None:
    store = migrated(database_url)
    store.add_replies([record("expired", days_old=3)])
    log = ReplyLog(store, capacity=10, flush_seconds=0.05, purge=lambda: store.purge(2), purge_seconds=0.1).start()
    try:
        deadline = time.monotonic() + 5
        while store.reply("expired") is not None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert store.reply("expired") is None
        store.add_replies([record("expires-later", days_old=3)])  # the purge keeps running, every interval
        deadline = time.monotonic() + 5
        while store.reply("expires-later") is not None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert store.reply("expires-later") is None
    finally:
        log.close()
        store.close()


def test_reply_buffer_drops_new_records_when_full_and_writes_the_rest_at_shutdown(database_url: str) -> None:
    store = migrated(database_url)
    dropped: list[int] = []
    log = ReplyLog(store, capacity=3, flush_seconds=3600, on_dropped=dropped.append).start()
    accepted = [log.record(record(f"r{n}")) for n in range(5)]
    assert accepted == [True, True, True, False, False] and sum(dropped) == 2
    assert log.lookup("r0") is not None and log.lookup("r4") is None
    assert store.reply("r0") is None  # nothing written on the request path
    log.close()
    assert [store.reply(f"r{n}") is not None for n in range(5)] == [True, True, True, False, False]
    store.close()


def test_a_failed_write_keeps_the_records_for_the_next_flush(database_url: str) -> None:
    store = Store.from_url(database_url)  # not migrated yet: the insert fails for real
    errors: list[None] = []
    log = ReplyLog(store, capacity=10, flush_seconds=3600, on_error=lambda: errors.append(None))
    log.record(record("kept"))
    assert log.flush() == 0 and errors and len(log) == 1
    migrate(store.engine)
    assert log.flush() == 1 and len(log) == 0
    assert store.reply("kept") is not None
    store.close()


def test_feedback_service_waits_for_a_reply_buffered_by_another_worker(database_url: str, tmp_path: object) -> None:
    settings = Settings(database_url=database_url, reply_flush_seconds=0.2)
    from app.content.faq import load_content

    content = load_content(settings.content_dir)
    first = FeedbackService.build(settings, content, FeedbackMetrics(CollectorRegistry())).start()
    second = FeedbackService.build(settings, content, FeedbackMetrics(CollectorRegistry())).start()
    try:
        from app.answering.schemas import AskResponse

        reply = AskResponse(lang="zh", kind="no_match", reply="…", entry=None, confidence=0.1, suggestions=[], disclaimer="…")
        reply_id = first.remember(reply)
        kept = asyncio.run(second.record(reply_id, helpful=False, question="我叫王小明，丙球能在家打吗", consent=True))
        assert kept.kind == "no_match" and kept.lang == "zh"
        [row] = second.store.feedback_rows()
        assert row.question is not None and "王小明" not in row.question and "丙球" in row.question
    finally:
        first.close()
        second.close()
