"""The load benchmarks' wrk runner reports what happened: requests, errors, replies without the disclaimer.

(Speed itself is measured by `python bench/load.py` and `python bench/protocols.py`, never by a timed test.)
"""

from __future__ import annotations

import sys
from collections.abc import Iterator

import pytest
from conftest import LiveServer

from app.ops.settings import PROJECT_ROOT, Settings
from app.web.application import create_app

sys.path.insert(0, str(PROJECT_ROOT / "bench"))
from wrk_runner import run_wrk  # noqa: E402

LOAD = {"seconds": 1.0, "connections": 4, "threads": 1}


@pytest.fixture(scope="module")
def server() -> Iterator[LiveServer]:
    with LiveServer(create_app(Settings(rate_limit="off"))) as running:
        yield running


def test_wrk_reports_health_requests_with_their_disclaimer(server: LiveServer) -> None:
    phase = run_wrk("health", f"{server.url}/api/v1/health", **LOAD)
    assert phase.requests > 0 and phase.errors == 0 and phase.missing_disclaimer == 0 and phase.throughput > 0


def test_wrk_posts_the_questions_and_counts_every_reply(server: LiveServer) -> None:
    phase = run_wrk("ask", f"{server.url}/api/v1/ask", **LOAD, questions=["IVIG 的副作用", "What is TEN?"])
    assert phase.requests > 0 and phase.errors == 0 and phase.missing_disclaimer == 0


def test_wrk_counts_replies_without_the_disclaimer_and_error_statuses(server: LiveServer) -> None:
    script = run_wrk("demo.css", f"{server.url}/demo.css", **LOAD)
    assert script.requests > 0 and script.missing_disclaimer == script.requests  # a stylesheet has no disclaimer
    missing = run_wrk("404", f"{server.url}/api/v1/nothing", **LOAD)
    assert missing.errors == missing.requests > 0  # non-2xx statuses are errors
