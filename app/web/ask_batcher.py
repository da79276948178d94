"""Micro-batching of ``POST /api/v1/ask``: the questions that reach a worker in one turn of its event loop are
answered together, a stage at a time (:meth:`app.answering.replies.Composer.ask_many`).

Why: a reply is ~0.25 ms of pure-Python work spread over many modules (folding, segmentation, sound-alike typos,
cue patterns, matching). Answered one per request, between the HTTP parser, the middleware and the JSON encoder,
that code and its data have left the CPU's caches by the time the next question comes. Read together, then
composed together, a worker under load spends ~10 % less CPU per ask and its p99 latency falls
(``python bench/load.py``; a 2-worker A/B under wrk is in the README). The replies are the same as one by one.

Nothing waits for a batch to fill. The first question of a loop turn schedules the batch for the next turn
(``loop.call_soon``); the other requests that arrived in the same turn have queued theirs by then. A lone question
waits one loop turn (microseconds). At most ``max_batch`` (FAQBOT_ASK_BATCH_SIZE) are answered in one go; the rest
wait for the following turn, so the loop sends replies and reads requests in between. A reply already cached is
returned at once, without a batch. Everything runs on the event loop's thread: no locks.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from app.answering.replies import Composer
from app.answering.schemas import AskResponse
from app.language.i18n import Lang


class AskBatcher:
    """Answers questions for the coroutines of one event loop, in batches of at most ``max_batch``.

    ``on_batch`` is told each batch's size (a metric). With ``max_batch`` 1 every question is answered at once, in
    the caller's turn, as :meth:`Composer.ask` does.
    """

    def __init__(self, composer: Composer, max_batch: int, on_batch: Callable[[int], None] = lambda size: None) -> None:
        if max_batch < 1:
            raise ValueError(f"max_batch must be at least 1, not {max_batch}")
        self.composer = composer
        self.max_batch = max_batch
        self._on_batch = on_batch
        self._waiting: list[tuple[str, Lang, asyncio.Future[AskResponse]]] = []
        self._scheduled_on: asyncio.AbstractEventLoop | None = None  # the loop a batch is scheduled on, if any

    async def ask(self, question: str, lang: Lang) -> AskResponse:
        """The reply to ``question`` in ``lang``; raises what answering it raised (the route's 500)."""
        if self.max_batch == 1:
            return self.composer.ask(question, lang)
        cached = self.composer.cached(question, lang)
        if cached is not None:
            return cached
        loop = asyncio.get_running_loop()
        future: asyncio.Future[AskResponse] = loop.create_future()
        self._waiting.append((question, lang, future))
        if self._scheduled_on is not loop:  # none yet (or only on a loop that has since gone: tests make several)
            self._scheduled_on = loop
            loop.call_soon(self._answer_batch)
        return await future

    def _answer_batch(self) -> None:
        """Answer the oldest ``max_batch`` waiting questions; schedule the next batch if more are waiting."""
        batch = self._waiting[: self.max_batch]
        del self._waiting[: self.max_batch]
        if self._waiting:
            asyncio.get_running_loop().call_soon(self._answer_batch)
        else:
            self._scheduled_on = None
        # A request whose client went away has a cancelled future (or, in tests, one of a closed loop): not answered.
        batch = [item for item in batch if not item[2].done() and not item[2].get_loop().is_closed()]
        if not batch:
            return
        self._on_batch(len(batch))
        try:
            replies = self.composer.ask_many([(question, lang) for question, lang, _ in batch])
        except Exception as exc:  # ask_many isolates each question's failure; this is for a failure of its own
            replies = [exc] * len(batch)
        for (_, _, future), reply in zip(batch, replies, strict=True):
            if future.done():
                continue
            if isinstance(reply, Exception):
                future.set_exception(reply)
            else:
                future.set_result(reply)
