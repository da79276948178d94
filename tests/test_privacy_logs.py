"""What users type never reaches the logs: a marker sent through every path of a real server process is nowhere
in its output, while the structured access log still says which route answered, how, and how fast."""

from __future__ import annotations

import json
import socket
import uuid
from pathlib import Path
from typing import Any

import httpx
import pytest
from server_process import ServerProcess

ORIGIN = "http://localhost:8000"


def _send_everything(base: str, marker: str) -> dict[str, int]:
    """The marker in questions, paths, query strings and headers: answer, 4xx, search, 500, 429, WebSocket."""
    statuses: dict[str, int] = {}
    question = f"IVIG side effects {marker}"
    with httpx.Client(base_url=base, timeout=10) as client:
        def note(name: str, response: httpx.Response) -> None:
            statuses[name] = response.status_code
            assert response.status_code < 500 or name == "forced_500", (name, response.text)

        note("answer", client.post(f"/api/v1/ask?ref={marker}", json={"question": question}, headers={"X-Note": marker}))
        note("answer_zh", client.post("/api/v1/ask", json={"question": f"静脉注射免疫球蛋白的副作用 {marker}", "lang": "zh"}))
        note("clean", client.post("/api/v1/ask", json={"question": "What is toxic epidermal necrolysis?"}))  # a sure answer
        note("control_chars", client.post("/api/v1/ask", json={"question": f"{marker}\x00"}))
        note("too_long", client.post("/api/v1/ask", json={"question": marker * 40}))
        note("bad_json", client.post("/api/v1/ask", content=f'{{"question": "{marker}'.encode(), headers={"Content-Type": "application/json"}))
        note("bad_utf8", client.post("/api/v1/ask", content=f'{{"question": "{marker} '.encode() + b'\xff"}', headers={"Content-Type": "application/json"}))
        note("bad_lang", client.post("/api/v1/ask", json={"question": question, "lang": marker}))
        note("wrong_type", client.post("/api/v1/ask", json={"question": [marker]}))
        note("too_large", client.post("/api/v1/ask", json={"question": marker * 2_000}))
        note("accept_language", client.get("/api/v1/entries", headers={"Accept-Language": f"{marker}," * 50}))
        note("unknown_entry", client.get(f"/api/v1/entries/{marker.lower()}", params={"q": marker}))
        note("unknown_path", client.get(f"/api/v1/{marker}", params={"q": marker}))
        note("wrong_method", client.request(marker.upper()[:20], "/api/v1/ask"))
        note("search", client.get("/api/v1/search", params={"q": f"dose {marker}"}))
        note("search_zh", client.get("/api/v1/search", params={"q": f"剂量 {marker}", "lang": "zh"}))
        forced = client.post(f"/api/v1/_debug/fail?ref={marker}", json={"question": question}, headers={"Origin": ORIGIN})
        note("forced_500", forced)
        assert forced.headers["access-control-allow-origin"] == ORIGIN and forced.json()["disclaimer"]
        for _ in range(60):
            response = client.post("/api/v1/ask", json={"question": question}, params={"ref": marker})
            if response.status_code == 429:
                break
        note("rate_limited", response)
    with socket.create_connection(("127.0.0.1", int(base.rsplit(":", 1)[1])), timeout=5) as conn:
        conn.sendall(f"GET /api/v1/search?q={marker} HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                     f"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n".encode())
        statuses["websocket"] = int(conn.recv(1024).split(b" ", 2)[1])
    return statuses


def _json_lines(output: str) -> list[dict[str, Any]]:
    lines = [line for line in output.splitlines() if line.strip()]
    parsed = []
    for line in lines:
        try:
            parsed.append(json.loads(line))
        except ValueError:
            pytest.fail(f"not a JSON log line: {line!r}")
    return parsed


@pytest.mark.parametrize(
    "command",
    [
        # What an operator might type, with uvicorn's access log left on and chatty logging: still nothing leaks.
        ["uvicorn", "--factory", "app.web.application:app_factory", "--log-level", "debug"],
        # The project's runner (faqbot serve): the same options the README documents.
        ["app.ops.server"],
    ],
    ids=["plain-uvicorn", "app-server"],
)
def test_marker_sent_through_every_path_appears_in_no_log_output(tmp_path: Path, command: list[str]) -> None:
    marker = f"Mk{uuid.uuid4().hex[:12]}"
    env = {"FAQBOT_RATE_LIMIT": "40/minute", "FAQBOT_ENABLE_FAULT_INJECTION": "1", "FAQBOT_LOG_LEVEL": "debug",
           "FAQBOT_MAX_BODY_BYTES": "4096"}
    server = ServerProcess(tmp_path / "server.log", env=env)
    if command[0] == "uvicorn":
        server.command = [*command, "--host", "127.0.0.1", "--port", str(server.port)]
    else:
        server.command = command
    with server:
        statuses = _send_everything(server.url, marker)
    output = server.output

    assert statuses["answer"] == 200 and statuses["forced_500"] == 500 and statuses["rate_limited"] == 429
    assert {statuses[name] for name in ("control_chars", "too_long", "bad_json", "bad_lang", "wrong_type")} == {422}
    assert (statuses["bad_utf8"], statuses["too_large"], statuses["accept_language"]) == (400, 413, 400)
    assert statuses["unknown_entry"] == statuses["unknown_path"] == 404
    assert marker.lower() not in output.lower(), "user input leaked into the logs"

    records = _json_lines(output)  # every line of output is structured
    access = [record for record in records if record["logger"] == "app.access"]
    seen = {(record["route"], record["status"]) for record in access}
    assert {("/api/v1/ask", 200), ("/api/v1/ask", 422), ("/api/v1/ask", 400), ("/api/v1/ask", 413), ("/api/v1/ask", 429),
            ("/api/v1/_debug/fail", 500), ("/api/v1/entries/{entry_id}", 404), ("<unmatched>", 404)} <= seen
    replies = [record for record in access if record["route"] == "/api/v1/ask" and record["status"] == 200]
    assert {record["kind"] for record in replies} <= {"answer", "no_match", "small_talk", "emergency"}
    assert {record["lang"] for record in replies} == {"en", "zh"} and all(0 <= r["confidence"] <= 1 for r in replies)
    answered = next(record for record in replies if record["kind"] == "answer")
    assert {"time", "request_id", "latency_ms", "lang", "kind", "entry_id", "confidence"} <= set(answered)
    assert all(record["method"] in {"GET", "POST", "OTHER"} for record in access)
    assert not any("127.0.0.1" in json.dumps(record) for record in access), "client addresses are not logged"
    assert not any(record["logger"] == "uvicorn.access" for record in records)
    crash = next(record for record in records if record.get("exc_type"))
    assert crash["exc_type"] == "builtins.RuntimeError" and crash["stack"]  # the type and the frames, not the message
