"""The HTTP edges before the app's handlers, on a real server process: header size, slow clients, unparsable
requests. Every refusal is our JSON with the disclaimer, and the connection is closed (app/ops/http_guard.py)."""

from __future__ import annotations

import json
import socket
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from server_process import ServerProcess

from app.answering.service import FaqService

MAX_HEADER_BYTES = 8_192
HEADER_TIMEOUT = 1.0
BODY_TIMEOUT = 1.0


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    env = {"FAQBOT_MAX_HEADER_BYTES": str(MAX_HEADER_BYTES), "FAQBOT_HEADER_TIMEOUT_SECONDS": str(HEADER_TIMEOUT),
           "FAQBOT_BODY_TIMEOUT_SECONDS": str(BODY_TIMEOUT), "FAQBOT_RATE_LIMIT": "off"}
    with ServerProcess(tmp_path_factory.mktemp("edges") / "server.log", env=env, command=["app.ops.server"]) as running:
        yield running


def connect(server: ServerProcess) -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", server.port), timeout=10)
    return sock


def read_all(sock: socket.socket) -> bytes:
    """Everything the server sends until it closes the connection."""
    chunks = []
    while True:
        try:
            chunk = sock.recv(65536)
        except ConnectionResetError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    return b"".join(chunks)


def parse(response: bytes) -> tuple[int, dict[str, str], dict[str, Any]]:
    head, _, body = response.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = {name.lower(): value.strip() for name, _, value in (line.partition(":") for line in lines[1:])}
    return int(lines[0].split()[1]), headers, json.loads(body)


def assert_json_error(response: bytes, service: FaqService, status: int, code: str, lang: str = "en") -> None:
    got, headers, body = parse(response)
    assert got == status, response[:300]
    assert headers["content-type"] == "application/json" and headers["connection"] == "close"
    assert headers["x-content-type-options"] == "nosniff" and headers["cache-control"] == "no-store"
    assert body["error"]["code"] == code and body["error"]["status"] == status and body["lang"] == lang
    assert body["disclaimer"] == service.composer.disclaimer(lang)  # type: ignore[arg-type]


# -- header size --------------------------------------------------------------------------------------------------
def test_an_endless_header_is_refused_with_431_long_before_it_ends(server: ServerProcess, service: FaqService) -> None:
    """Field report: one 128 MB header was accepted (15 s, worker memory 150 -> 328 MB). Now: 431 at the cap."""
    sock = connect(server)
    sock.sendall(b"GET /api/v1/health HTTP/1.1\r\nHost: x\r\nAccept-Language: zh-CN\r\nX-Big: ")
    sent, started = 0, time.monotonic()
    try:
        while sent < 128 * 1024 * 1024:
            sock.sendall(b"a" * 65536)
            sent += 65536
    except (BrokenPipeError, ConnectionResetError):
        pass
    response = read_all(sock)
    sock.close()
    assert sent < 4 * 1024 * 1024 and time.monotonic() - started < 5  # cut off early, not after 128 MB
    assert_json_error(response, service, 431, "request_too_large", "zh")


def test_a_url_over_the_cap_is_refused_with_414(server: ServerProcess, service: FaqService) -> None:
    sock = connect(server)
    sock.sendall(b"GET /api/v1/search?q=" + b"a" * (MAX_HEADER_BYTES * 2) + b" HTTP/1.1\r\nHost: x\r\n\r\n")
    assert_json_error(read_all(sock), service, 414, "request_too_large")
    sock.close()


def test_a_url_over_the_parsers_own_limit_gets_our_json_error(server: ServerProcess, service: FaqService) -> None:
    """Field report: a URL over ~65 KB got uvicorn's plain-text 400 (httptools refuses it while parsing)."""
    sock = connect(server)
    sock.sendall(b"GET /api/v1/search?q=" + b"a" * 70_000 + b" HTTP/1.1\r\nHost: x\r\n\r\n")
    response = read_all(sock)
    sock.close()
    status = parse(response)[0]
    assert status in {400, 414}
    assert_json_error(response, service, status, "bad_request" if status == 400 else "request_too_large")


def test_headers_under_the_cap_are_served(server: ServerProcess) -> None:
    response = httpx.get(f"{server.url}/api/v1/health", headers={"X-Padding": "a" * (MAX_HEADER_BYTES // 2)})
    assert response.status_code == 200 and response.json()["disclaimer"]


# -- slow clients -------------------------------------------------------------------------------------------------
def test_a_half_sent_head_gets_408_and_the_connection_is_closed(server: ServerProcess, service: FaqService) -> None:
    sock = connect(server)
    started = time.monotonic()
    sock.sendall(b"GET /api/v1/health HTTP/1.1\r\nHost: x\r\n")  # ... and the blank line never comes
    response = read_all(sock)
    sock.close()
    assert HEADER_TIMEOUT * 0.9 <= time.monotonic() - started < HEADER_TIMEOUT + 3
    assert_json_error(response, service, 408, "request_timeout")


def test_a_head_sent_a_byte_at_a_time_cannot_outlast_the_deadline(server: ServerProcess, service: FaqService) -> None:
    sock = connect(server)
    started = time.monotonic()
    request = b"GET /api/v1/health HTTP/1.1\r\nHost: x\r\nX-Slow: " + b"a" * 100
    try:
        for byte in request:
            sock.sendall(bytes([byte]))
            time.sleep(0.05)
    except (BrokenPipeError, ConnectionResetError):
        pass
    response = read_all(sock)
    sock.close()
    assert time.monotonic() - started < HEADER_TIMEOUT + 3
    assert_json_error(response, service, 408, "request_timeout")


def test_a_connection_that_sends_nothing_is_closed(server: ServerProcess) -> None:
    sock = connect(server)
    started = time.monotonic()
    assert read_all(sock) == b""
    sock.close()
    assert time.monotonic() - started < HEADER_TIMEOUT + 3


def test_a_half_sent_body_gets_408_in_the_requests_language(server: ServerProcess, service: FaqService) -> None:
    sock = connect(server)
    sock.sendall(b"POST /api/v1/ask HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                 b"Accept-Language: zh-CN\r\nContent-Length: 100\r\n\r\n{\"question\": ")
    started = time.monotonic()
    response = read_all(sock)
    sock.close()
    assert time.monotonic() - started < BODY_TIMEOUT + 3
    assert_json_error(response, service, 408, "request_timeout", "zh")


def test_hundreds_of_half_sent_requests_are_all_closed_and_the_service_still_answers(server: ServerProcess) -> None:
    """Field report: 4,000 idle sockets after 30 s. Here 300, with a 1 s deadline."""
    socks = [connect(server) for _ in range(300)]
    for sock in socks:
        sock.sendall(b"GET /api/v1/health HTTP/1.1\r\nHost: x\r\n")
    assert httpx.get(f"{server.url}/api/v1/health", timeout=5).status_code == 200
    time.sleep(HEADER_TIMEOUT + 1)
    for sock in socks:
        sock.settimeout(5)
        assert parse(read_all(sock))[0] == 408
        sock.close()


def test_a_kept_alive_connection_may_idle_between_requests_longer_than_the_head_deadline(server: ServerProcess) -> None:
    with httpx.Client(base_url=server.url) as client:
        first = client.get("/api/v1/health")
        time.sleep(HEADER_TIMEOUT + 0.5)  # under uvicorn's keep-alive timeout (5 s)
        second = client.get("/api/v1/health")
        assert first.status_code == second.status_code == 200
        assert client.get("/api/v1/health").extensions["http_version"] == b"HTTP/1.1"


# -- requests uvicorn cannot parse --------------------------------------------------------------------------------
@pytest.mark.parametrize("request_bytes", [
    b"GARBAGE\r\n\r\n",
    b"FOO /api/v1/health HTTP/1.1\r\nHost: x\r\n\r\n",
    b"POST /api/v1/ask HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
    b"GET /api/v1/health HTTP/1.1\r\nHost: x\r\nBad Header: y\r\n\r\n",
], ids=["request-line", "unknown-method", "length-and-chunked", "space-in-name"])
def test_a_request_uvicorn_cannot_parse_gets_our_json_400(server: ServerProcess, service: FaqService, request_bytes: bytes) -> None:
    sock = connect(server)
    sock.sendall(request_bytes)
    assert_json_error(read_all(sock), service, 400, "bad_request")
    sock.close()


def test_the_server_runs_the_guarded_protocol(tmp_path: Path) -> None:
    from app.ops.http_guard import PROTOCOL
    from app.ops.server import uvicorn_options
    from app.ops.settings import Settings

    assert uvicorn_options(Settings())["http"] == PROTOCOL
