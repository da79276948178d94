"""Feedback on replies: what ``POST /api/v1/feedback`` records, and the parts it needs, built once per process.

:class:`FeedbackService` holds the database (:mod:`app.feedback.storage`), the reply buffer (:mod:`app.feedback.reply_log`), the
identifier remover (:mod:`app.feedback.redaction`) and the feedback counters. :meth:`FeedbackService.start` opens the
database (migrating it when ``FAQBOT_DATABASE_MIGRATE`` is on) and starts the writer thread;
:meth:`FeedbackService.close` writes what is still buffered.

A question is stored only with ``consent: true``, and only after identifiers are removed. The stored row copies
the reply's facts (kind, entry, confidence, language, reason) that the service kept under the reply's random id;
nothing about the person is stored: no address, no user agent, no conversation.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
import time
from dataclasses import dataclass, field

from anyio.to_thread import run_sync as run_in_threadpool  # the same thread pool as FastAPI's
from prometheus_client import CollectorRegistry, Counter

from app.answering.schemas import AskResponse
from app.content.faq import Content
from app.feedback.redaction import Redactor
from app.feedback.reply_log import ReplyLog
from app.feedback.storage import ReplyRecord, Store, migrate, utcnow
from app.ops.settings import Settings

logger = logging.getLogger("app.feedback.service")

REPLY_ID_BYTES = 16  # 128 random bits, URL-safe base64: 22 characters


def new_reply_id() -> str:
    """A random reply id with no link to the client or the question."""
    return secrets.token_urlsafe(REPLY_ID_BYTES)


def reply_record(reply_id: str, reply: AskResponse) -> ReplyRecord:
    """What is kept about a reply. ``reason`` comes with issue 8's replies; read it whether or not it is there."""
    return ReplyRecord(
        reply_id=reply_id,
        created_at=utcnow(),
        lang=reply.lang,
        kind=reply.kind,
        entry_id=reply.entry.id if reply.entry is not None else None,
        confidence=float(reply.confidence),
        reason=getattr(reply, "reason", None),
    )


class FeedbackMetrics:
    """Prometheus counters of the feedback loop, in the app's registry (labels: bounded sets only)."""

    def __init__(self, registry: CollectorRegistry) -> None:
        self.feedback = Counter(
            "faqbot_feedback_total",
            "Feedback received, by the reply's kind and language, whether it helped, and whether a question was sent.",
            ["kind", "lang", "helpful", "question"],
            registry=registry,
        )
        self.dropped = Counter(
            "faqbot_reply_records_dropped_total",
            "Reply records not kept because the buffer was full (or not written by shutdown).",
            registry=registry,
        )
        self.storage_errors = Counter(
            "faqbot_storage_errors_total", "Failed writes or purges of the feedback database.", registry=registry
        )


class UnknownReply(LookupError):
    """No reply with this id is known: never given, expired by retention, or not kept (buffer full)."""


@dataclass
class FeedbackService:
    settings: Settings
    store: Store
    reply_log: ReplyLog
    redactor: Redactor
    metrics: FeedbackMetrics
    started: bool = field(default=False)

    @classmethod
    def build(cls, settings: Settings, content: Content, metrics: FeedbackMetrics) -> FeedbackService:
        store = Store.from_url(settings.sqlalchemy_url)
        reply_log = ReplyLog(
            store,
            capacity=settings.reply_buffer_size,
            flush_seconds=settings.reply_flush_seconds,
            on_dropped=metrics.dropped.inc,
            on_error=metrics.storage_errors.inc,
            purge=lambda: _purge(store, settings.retention_days),
            purge_seconds=settings.purge_interval_seconds,
        )
        glossary_terms = [variant for term in content.glossary for variant in (*term.zh, *term.en)]
        return cls(settings, store, reply_log, Redactor(glossary_terms), metrics)

    def start(self) -> FeedbackService:
        """Migrate (if configured) and start the writer; raises the database's error if it cannot be reached."""
        if self.settings.database_migrate:
            migrate(self.store.engine)
        self.reply_log.start()
        self.started = True
        return self

    def close(self) -> None:
        if self.started:
            self.reply_log.close()
        self.store.close()

    # -- the request path ---------------------------------------------------------------------------------------
    def remember(self, reply: AskResponse) -> str:
        """Give a reply its id and buffer its record (never blocks on the database)."""
        reply_id = new_reply_id()
        self.reply_log.record(reply_record(reply_id, reply))
        return reply_id

    async def find_reply(self, reply_id: str) -> ReplyRecord:
        """The reply's record: this process's buffer, else the database. Another worker may hold it in its buffer
        for up to a flush interval, so the database is asked again (awaiting, no thread held) for up to two flush
        intervals. :class:`UnknownReply` if it never appears (never given, expired, or dropped on overflow)."""
        deadline = time.monotonic() + 2 * self.settings.reply_flush_seconds + 0.2
        while True:
            # The buffer first: a record leaves it only once written, so it is always in one of the two.
            record = self.reply_log.lookup(reply_id) or await run_in_threadpool(self.store.reply, reply_id)
            if record is not None:
                return record
            if time.monotonic() >= deadline:
                raise UnknownReply(reply_id)
            await asyncio.sleep(0.1)

    async def record(self, reply_id: str, helpful: bool, question: str | None, consent: bool) -> ReplyRecord:
        """Store feedback on a reply; the question only with consent, identifiers removed."""
        reply = await self.find_reply(reply_id)
        kept = self.redactor.redact(question) if consent and question else None
        await run_in_threadpool(self.store.save_feedback, reply, helpful, kept)
        self.metrics.feedback.labels(reply.kind, reply.lang, str(helpful).lower(), str(kept is not None).lower()).inc()
        return reply


def _purge(store: Store, retention_days: int) -> None:
    gone_replies, gone_feedback = store.purge(retention_days)
    if gone_replies or gone_feedback:
        logger.info("retention purge", extra={"replies": gone_replies, "feedback": gone_feedback})
