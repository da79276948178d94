"""Questions answered together (app/web/ask_batcher.py, Composer.ask_many): the same replies as one by one, each to
its own question, a failure kept to its own request; and over a real server, concurrent asks batched."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path
from typing import Any

import httpx
import pytest
from server_process import ServerProcess

from app.answering.evaluation import TUNING_SETS, load_eval_set
from app.answering.replies import Composer
from app.answering.schemas import AskResponse
from app.answering.service import build_service
from app.answering.understanding import Reader
from app.language.i18n import Lang
from app.ops.settings import Settings
from app.web.ask_batcher import AskBatcher

LANGS: tuple[Lang, ...] = ("en", "zh", "zh-Hant")


@pytest.fixture(scope="module")
def composer() -> Composer:
    """A composer without a reply cache: every question is read and composed."""
    return build_service(Settings(reply_cache_size=0)).composer


def eval_questions(count: int) -> list[str]:
    """Every n-th question of the tuning sets: English, Chinese, mixed, Traditional, out of scope, emergencies ..."""
    questions = [item.q for path in TUNING_SETS for item in load_eval_set(path)]
    return questions[:: max(1, len(questions) // count)][:count]


def test_answered_together_the_replies_are_those_of_one_by_one(composer: Composer) -> None:
    pairs = [(question, LANGS[at % 3]) for at, question in enumerate(eval_questions(120))]
    together = composer.ask_many(pairs)
    assert [reply.model_dump() for reply in together if isinstance(reply, AskResponse)] == [
        composer.ask(question, lang).model_dump() for question, lang in pairs
    ]
    kinds = {reply.kind for reply in together if isinstance(reply, AskResponse)}
    assert {"answer", "no_match"} <= kinds  # the sample is not all of one kind


def test_a_question_that_fails_fails_alone(composer: Composer, monkeypatch: pytest.MonkeyPatch) -> None:
    read = Reader.read

    def read_or_fail(self: Reader, question: str) -> Any:
        if question == "breaks the reader":
            raise RuntimeError("reader broke")
        return read(self, question)

    monkeypatch.setattr(Reader, "read", read_or_fail)
    replies = composer.ask_many([("IVIG side effects", "en"), ("breaks the reader", "en"), ("丙球的剂量", "zh")])
    assert isinstance(replies[1], RuntimeError)
    assert [reply.entry.id for reply in (replies[0], replies[2]) if isinstance(reply, AskResponse) and reply.entry] == [
        "ivig-side-effects",
        "ivig-dose",
    ]


def test_the_reply_cache_serves_a_question_asked_before_and_keeps_the_new_ones() -> None:
    composer = build_service(Settings(reply_cache_size=8)).composer
    first = composer.ask("what is TEN", "en")
    assert composer.cached("What is TEN?", "en") is None  # punctuation differs: another question
    replies = composer.ask_many([("WHAT IS TEN", "en"), ("丙球 副作用", "zh")])  # folded like the first; a new one
    assert replies[0] is first
    assert composer.cached("丙球 副作用", "zh") is replies[1]


async def ask_all(batcher: AskBatcher, pairs: list[tuple[str, Lang]]) -> list[AskResponse | BaseException]:
    return await asyncio.gather(*(batcher.ask(question, lang) for question, lang in pairs), return_exceptions=True)


def test_questions_of_one_moment_are_answered_in_batches_of_at_most_the_size_each_its_own_reply(composer: Composer) -> None:
    sizes: list[int] = []
    batcher = AskBatcher(composer, max_batch=4, on_batch=sizes.append)
    pairs = [(question, LANGS[at % 3]) for at, question in enumerate(eval_questions(10))]
    replies = asyncio.run(ask_all(batcher, pairs))
    assert sizes == [4, 4, 2]
    assert [reply.model_dump() for reply in replies if isinstance(reply, AskResponse)] == [
        composer.ask(question, lang).model_dump() for question, lang in pairs
    ]
    assert asyncio.run(ask_all(batcher, pairs[:1])) and sizes[-1] == 1  # a lone question is answered too


def test_one_at_a_time_when_the_batch_size_is_one(composer: Composer) -> None:
    sizes: list[int] = []
    batcher = AskBatcher(composer, max_batch=1, on_batch=sizes.append)
    replies = asyncio.run(ask_all(batcher, [("IVIG dose", "en"), ("TEN symptoms", "en")]))
    assert sizes == [] and [r.entry.id for r in replies if isinstance(r, AskResponse) and r.entry] == ["ivig-dose", "ten-symptoms"]
    with pytest.raises(ValueError, match="at least 1"):
        AskBatcher(composer, max_batch=0)


def test_a_failure_reaches_only_its_own_request_and_a_cancelled_one_is_not_answered(
    composer: Composer, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []
    read = Reader.read

    def read_and_note(self: Reader, question: str) -> Any:
        asked.append(question)
        if question == "breaks the reader":
            raise RuntimeError("reader broke")
        return read(self, question)

    monkeypatch.setattr(Reader, "read", read_and_note)
    batcher = AskBatcher(composer, max_batch=16)

    async def scenario() -> list[AskResponse | BaseException]:
        gone = asyncio.ensure_future(batcher.ask("a question whose client went away", "en"))
        others = asyncio.gather(
            batcher.ask("IVIG side effects", "en"), batcher.ask("breaks the reader", "en"), return_exceptions=True
        )
        await asyncio.sleep(0)  # every request has queued its question
        gone.cancel()
        return list(await others)

    replies = asyncio.run(scenario())
    assert isinstance(replies[0], AskResponse) and replies[0].entry and replies[0].entry.id == "ivig-side-effects"
    assert isinstance(replies[1], RuntimeError)
    assert "a question whose client went away" not in asked


def _batch_histogram(metrics: str) -> tuple[float, float]:
    """(sum, count) of faqbot_ask_batch_size in a Prometheus text exposition."""
    found = {name: float(value) for name, value in re.findall(r"^faqbot_ask_batch_size_(sum|count) (\S+)$", metrics, re.M)}
    return found["sum"], found["count"]


def test_a_real_server_answers_concurrent_asks_together_each_with_its_own_reply(tmp_path: Path) -> None:
    questions = eval_questions(40)
    env = {"FAQBOT_REPLY_CACHE_SIZE": "0", "FAQBOT_DATA_DIR": str(tmp_path)}
    with ServerProcess(tmp_path / "server.log", env=env, command=["app.ops.server"]) as server:
        with httpx.Client(base_url=server.url, timeout=30) as client:
            one_by_one = [client.post("/api/v1/ask", json={"question": q, "lang": "en"}).json() for q in questions]
            before = _batch_histogram(client.get("/metrics").text)

        async def all_at_once() -> list[dict[str, Any]]:
            limits = httpx.Limits(max_connections=len(questions))
            async with httpx.AsyncClient(base_url=server.url, timeout=30, limits=limits) as client:
                responses = await asyncio.gather(
                    *(client.post("/api/v1/ask", json={"question": q, "lang": "en"}) for q in questions)
                )
            return [response.json() for response in responses]

        together = asyncio.run(all_at_once())
        with httpx.Client(base_url=server.url, timeout=30) as client:
            after = _batch_histogram(client.get("/metrics").text)

    def essentials(body: dict[str, Any]) -> tuple[Any, ...]:
        return body["kind"], (body["entry"] or {}).get("id"), body["reply"], body["confidence"], body["disclaimer"]

    assert [essentials(body) for body in together] == [essentials(body) for body in one_by_one]
    assert len({body["reply_id"] for body in together}) == len(questions)
    answered, batches = after[0] - before[0], after[1] - before[1]
    assert answered == len(questions)  # every question in exactly one batch
    assert batches < len(questions)  # and some of them together
