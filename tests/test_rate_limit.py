"""Per-client rate limiting: a budget per client address, then 429 with Retry-After, a clear message and the disclaimer."""

from __future__ import annotations

import shutil
import subprocess
import time
from collections.abc import Iterator

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from pydantic import ValidationError
from server_process import free_port

from app.answering.service import FaqService
from app.ops.settings import Settings
from app.web.application import create_app
from app.web.middleware.rate_limit import client_key

ORIGIN = "http://localhost:8000"


def limited_app(budget: str = "3/minute", **settings: object) -> FastAPI:
    return create_app(Settings(rate_limit=budget, **settings))  # type: ignore[arg-type]


def client_at(app: FastAPI, address: str) -> TestClient:
    return TestClient(app, client=(address, 50_000))


def spend(client: TestClient, count: int, **headers: str) -> list[httpx.Response]:
    return [client.post("/api/v1/ask", json={"question": "what is TEN"}, headers=headers) for _ in range(count)]


def test_over_budget_gets_429_with_retry_after_message_and_disclaimer_in_chinese(service: FaqService) -> None:
    with client_at(limited_app(), "203.0.113.7") as client:
        assert [r.status_code for r in spend(client, 3)] == [200, 200, 200]
        response = client.post("/api/v1/ask", json={"question": "什么是 TEN", "lang": "zh"}, headers={"Origin": ORIGIN})
    assert response.status_code == 429
    retry_after = int(response.headers["retry-after"])
    assert 1 <= retry_after <= 60
    assert response.headers["cache-control"] == "no-store"
    assert response.headers["access-control-allow-origin"] == ORIGIN  # a widget on another origin can read it
    assert "retry-after" in response.headers["access-control-expose-headers"].lower()
    body = response.json()
    assert body["lang"] == "zh" and body["error"]["status"] == 429 and body["error"]["code"] == "rate_limited"
    assert body["error"]["message"] == service.composer.text("zh", "Too many requests. Please wait {seconds} seconds and try again.", seconds=retry_after)
    assert str(retry_after) in body["error"]["message"]
    assert body["disclaimer"] == service.composer.disclaimer("zh")


def test_budget_covers_every_api_route_but_not_the_probes() -> None:
    with client_at(limited_app("2/minute"), "203.0.113.8") as client:
        assert client.get("/api/v1/entries").status_code == 200
        assert client.get("/api/v1/entries/no-such-entry").status_code == 404  # errors count too
        assert client.get("/api/v1/entries").status_code == 429
        assert client.post("/api/v1/ask", json={"question": "dose"}).status_code == 429
        for _ in range(5):
            assert client.get("/api/v1/health").status_code == 200
            assert client.get("/api/v1/ready").status_code == 200
        assert client.get("/metrics").status_code == 200


def test_clients_have_separate_budgets() -> None:
    app = limited_app("2/minute")
    with client_at(app, "198.51.100.1") as first, client_at(app, "198.51.100.2") as second:
        assert [r.status_code for r in spend(first, 3)] == [200, 200, 429]
        assert [r.status_code for r in spend(second, 2)] == [200, 200]


def test_x_forwarded_for_is_ignored_unless_a_proxy_is_trusted() -> None:
    with client_at(limited_app("2/minute"), "198.51.100.3") as client:
        statuses = [client.post("/api/v1/ask", json={"question": "dose"}, headers={"X-Forwarded-For": f"192.0.2.{n}"}).status_code
                    for n in range(3)]
    assert statuses == [200, 200, 429]  # forging the header does not buy a new budget


def test_behind_a_trusted_proxy_the_forwarded_client_is_counted() -> None:
    with client_at(limited_app("2/minute", trusted_proxy_hops=1), "10.0.0.2") as proxy:
        alice = spend(proxy, 3, **{"X-Forwarded-For": "192.0.2.10"})
        bob = spend(proxy, 2, **{"X-Forwarded-For": "6.6.6.6, 192.0.2.11"})  # only the proxy's own entry is believed
    assert [r.status_code for r in alice] == [200, 200, 429]
    assert [r.status_code for r in bob] == [200, 200]


def test_client_key() -> None:
    scope = {"client": ("10.0.0.5", 4711), "headers": [(b"x-forwarded-for", b"6.6.6.6, 203.0.113.9")]}
    assert client_key(scope, 0) == "10.0.0.5"
    assert client_key(scope, 1) == "203.0.113.9"
    assert client_key(scope, 2) == "6.6.6.6"
    assert client_key(scope, 3) == "10.0.0.5"  # fewer entries than trusted proxies: the header is not believed
    assert client_key({"client": ("10.0.0.5", 1), "headers": [(b"x-forwarded-for", b"not-an-ip")]}, 1) == "10.0.0.5"
    assert client_key({"client": None, "headers": []}, 0) == "unknown"


def test_several_limits_and_the_window_passes() -> None:
    with client_at(limited_app("2/2second;100/minute"), "198.51.100.4") as client:
        first = spend(client, 3)
        assert [r.status_code for r in first] == [200, 200, 429]
        assert int(first[-1].headers["retry-after"]) <= 2
        time.sleep(2.1)
        assert spend(client, 1)[0].status_code == 200


def test_rate_limit_off_means_no_limit() -> None:
    with client_at(limited_app("off"), "198.51.100.5") as client:
        assert {r.status_code for r in spend(client, 20)} == {200}


@pytest.mark.parametrize("value", ["sixty a minute", "60/fortnight"])
def test_a_bad_budget_fails_naming_the_variable(value: str) -> None:
    with pytest.raises(ValidationError, match="FAQBOT_RATE_LIMIT"):
        Settings(rate_limit=value)


def test_an_unknown_storage_fails_naming_the_variable() -> None:
    with pytest.raises(ValidationError, match="FAQBOT_RATE_LIMIT_STORAGE_URI"):
        Settings(rate_limit_storage_uri="mongodb://localhost")


def test_unreachable_redis_lets_requests_through_and_counts_the_failure() -> None:
    pytest.importorskip("redis")
    app = limited_app("1/minute", rate_limit_storage_uri=f"redis://127.0.0.1:{free_port()}/0")
    with client_at(app, "198.51.100.6") as client:
        assert {r.status_code for r in spend(client, 3)} == {200}
        metrics = client.get("/metrics").text
    assert "faqbot_rate_limit_storage_errors_total 3.0" in metrics


@pytest.fixture(scope="module")
def redis_url() -> Iterator[str]:
    pytest.importorskip("redis")
    server = shutil.which("redis-server")
    if server is None:
        pytest.skip("redis-server is not installed (apt-get install redis-server)")
    port = free_port()
    process = subprocess.Popen([server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                import socket

                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_redis_storage_shares_the_budget_between_workers(redis_url: str) -> None:
    # Two app instances stand for two worker processes (or two replicas): one budget between them.
    first, second = (limited_app("3/minute", rate_limit_storage_uri=redis_url) for _ in range(2))
    with client_at(first, "198.51.100.7") as one, client_at(second, "198.51.100.7") as two:
        statuses = [spend(one, 1)[0].status_code, spend(two, 1)[0].status_code, spend(one, 1)[0].status_code]
        refused = spend(two, 1)[0]
    assert statuses == [200, 200, 200]
    assert refused.status_code == 429 and int(refused.headers["retry-after"]) >= 1
    import redis

    with redis.Redis.from_url(redis_url) as store:
        keys = store.keys("*")
    assert keys and not any(b"198.51.100.7" in key for key in keys)  # counters keyed by a hash, not the address
