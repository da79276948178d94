"""Reply records off the request path: a bounded in-process buffer, written to the database in batches.

``POST /api/v1/ask`` must not wait for a database (the service has to keep at least half of ``/api/v1/health``'s
throughput, bench/load.py), so it only appends a :class:`app.feedback.storage.ReplyRecord` to this buffer,
in memory, under a lock held for microseconds. A writer thread per process takes what has gathered every
``FAQBOT_REPLY_FLUSH_SECONDS`` (sooner when a batch is full) and inserts it in one transaction; the same thread
runs the retention purge every ``FAQBOT_PURGE_INTERVAL_SECONDS``.

What happens when things go wrong, by design:

* **Overflow.** The buffer holds at most ``FAQBOT_REPLY_BUFFER_SIZE`` records. When it is full (the database is
  down or slower than the traffic), the *new* record is dropped, counted in
  ``faqbot_reply_records_dropped_total``, and the reply is still served: answering never waits for storage.
  A dropped reply can still be read by its user, but feedback on it gets 404 (its id is unknown).
* **Write failure.** The batch stays in the buffer and is tried again at the next flush (counted in
  ``faqbot_storage_errors_total``, logged once per failure streak, with the error's type only).
* **Shutdown.** :meth:`ReplyLog.close` (the app's lifespan end, after uvicorn has let in-flight requests finish)
  stops the thread and writes everything still buffered, trying for up to ``close_timeout`` seconds; what cannot
  be written by then is lost and logged as a count.
* **Several workers.** Each process has its own buffer. Feedback that reaches another worker than the reply
  finds the record in the database once it is flushed: :meth:`app.feedback.service.FeedbackRecorder.record` waits for up
  to two flush intervals.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from app.feedback.storage import ReplyRecord, Store

logger = logging.getLogger("app.feedback.reply_log")

BATCH_SIZE = 1_000  # records per transaction


class ReplyLog:
    """The buffer and its writer thread; :meth:`record` and :meth:`lookup` are safe from any thread."""

    def __init__(
        self,
        store: Store,
        capacity: int,
        flush_seconds: float,
        on_dropped: Callable[[int], None] = lambda count: None,
        on_error: Callable[[], None] = lambda: None,
        purge: Callable[[], None] | None = None,
        purge_seconds: float = 3600.0,
    ) -> None:
        self.store = store
        self.capacity = capacity
        self.flush_seconds = flush_seconds
        self._on_dropped = on_dropped
        self._on_error = on_error
        self._purge = purge
        self._purge_seconds = purge_seconds
        self._pending: dict[str, ReplyRecord] = {}  # insertion-ordered: oldest first
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._failing = False
        self._thread: threading.Thread | None = None
        self.dropped = 0
        self.written = 0

    # -- the request path -----------------------------------------------------------------------------------------
    def record(self, record: ReplyRecord) -> bool:
        """Buffer a record; False (and counted) when the buffer is full. Never blocks on I/O."""
        batch_ready = False
        with self._lock:
            if len(self._pending) >= self.capacity:
                self.dropped += 1
                full = True
            else:
                self._pending[record.reply_id] = record
                full = False
                batch_ready = len(self._pending) >= BATCH_SIZE
        if full:
            self._on_dropped(1)
            return False
        if batch_ready:
            self._wake.set()
        return True

    def lookup(self, reply_id: str) -> ReplyRecord | None:
        """A record still waiting in this process's buffer."""
        with self._lock:
            return self._pending.get(reply_id)

    def __len__(self) -> int:
        with self._lock:
            return len(self._pending)

    # -- the writer -----------------------------------------------------------------------------------------------
    def flush(self) -> int:
        """Write what is buffered, batch by batch; returns how many were written (0 on a failure)."""
        written = 0
        while True:
            with self._lock:
                batch = list(self._pending.values())[:BATCH_SIZE]
            if not batch:
                break
            try:
                self.store.add_replies(batch)
            except Exception as exc:  # noqa: BLE001 - keep the records and try again at the next flush
                self._on_error()
                if not self._failing:
                    self._failing = True
                    logger.error("reply records could not be written; kept for the next try: %s", type(exc).__name__)
                break
            self._failing = False
            with self._lock:
                for record in batch:
                    self._pending.pop(record.reply_id, None)
            written += len(batch)
        self.written += written
        return written

    def start(self) -> ReplyLog:
        self._thread = threading.Thread(target=self._run, name="faqbot-reply-log", daemon=True)
        self._thread.start()
        return self

    def _run(self) -> None:
        next_purge = time.monotonic()  # purge once at start-up, then every purge interval
        while not self._stop.is_set():
            if self._purge is not None and time.monotonic() >= next_purge:
                try:
                    self._purge()
                except Exception as exc:  # noqa: BLE001 - the next interval tries again
                    self._on_error()
                    logger.error("retention purge failed: %s", type(exc).__name__)
                next_purge = time.monotonic() + self._purge_seconds
            wait = self.flush_seconds
            if self._purge is not None:
                wait = max(0.0, min(wait, next_purge - time.monotonic()))
            self._wake.wait(wait)
            self._wake.clear()
            self.flush()

    def close(self, timeout: float = 10.0) -> None:
        """Stop the writer and write what is left (trying until ``timeout``); what remains is lost and logged."""
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
        deadline = time.monotonic() + timeout
        while len(self) and time.monotonic() < deadline:
            if not self.flush():
                time.sleep(0.1)
        lost = len(self)
        if lost:
            logger.error("reply records lost at shutdown", extra={"records": lost})
            self._on_dropped(lost)
