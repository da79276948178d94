"""Feedback and review over HTTP: reply ids, POST /api/v1/feedback, staff-only review API (401 with the disclaimer),
sign-in and CSRF on staff actions, CSV, metrics, rate limiting, and nothing of the question in the logs."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from server_process import ServerProcess

from app.ops.passwords import hash_password
from app.ops.settings import Settings
from app.web.application import create_app

SECRET = "correct-horse-battery-staple"
EN_DISCLAIMER = "This information is not a substitute for medical advice"
ZH_DISCLAIMER = "此信息不能替代医疗建议或治疗"


@pytest.fixture()
def staff_client(tmp_path: Path) -> Iterator[TestClient]:
    settings = Settings(data_dir=tmp_path, staff_secret=SECRET, reply_flush_seconds=0.05, rate_limit="off")
    with TestClient(create_app(settings), base_url="http://127.0.0.1:8000") as client:
        yield client


def ask(client: TestClient, question: str, lang: str | None = None) -> dict:
    response = client.post("/api/v1/ask", json={"question": question, "lang": lang})
    assert response.status_code == 200
    return response.json()


def send(client: TestClient, reply_id: str, helpful: bool, question: str | None = None, consent: bool = False) -> httpx.Response:
    return client.post("/api/v1/feedback", json={"reply_id": reply_id, "helpful": helpful, "question": question, "consent": consent})


def sign_in(client: TestClient, password: str = SECRET) -> httpx.Response:
    page = client.get("/staff/review")
    token = re.search(r'name="csrf" value="([^"]+)"', page.text)
    assert page.status_code == 401 and token
    return client.post("/staff/review/sign-in", data={"password": password, "csrf": token.group(1)}, follow_redirects=False)


def csrf_of(page: str) -> str:
    match = re.search(r'name="csrf" value="([^"]+)"', page)
    assert match
    return match.group(1)


# -- reply ids and feedback -------------------------------------------------------------------------------------------
def test_every_reply_has_its_own_random_id(client: TestClient) -> None:
    ids = {ask(client, "What is TEN?")["reply_id"] for _ in range(20)}
    assert len(ids) == 20 and all(re.fullmatch(r"[A-Za-z0-9_\-]{22}", reply_id) for reply_id in ids)


def test_feedback_is_recorded_in_the_replys_language_with_the_disclaimer(client: TestClient) -> None:
    reply = ask(client, "丙球有什么副作用？")
    response = send(client, reply["reply_id"], helpful=True)
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "recorded" and body["question_kept"] is False
    assert body["lang"] == "zh" and body["disclaimer"].startswith(ZH_DISCLAIMER)
    assert response.headers["content-language"] == "zh-Hans" and response.headers["cache-control"] == "no-store"


def test_feedback_on_an_unknown_reply_is_404_with_the_disclaimer(client: TestClient) -> None:
    response = send(client, "NeverGivenReplyId0000", helpful=False)
    assert response.status_code == 404
    body = response.json()
    assert body["error"]["code"] == "unknown_reply" and body["disclaimer"].startswith(EN_DISCLAIMER)


@pytest.mark.parametrize("payload", [
    {"helpful": True},
    {"reply_id": "short", "helpful": True},
    {"reply_id": "abcdefghijklmnop", "helpful": "maybe"},
    {"reply_id": "abcdefghijklmnop", "helpful": True, "question": "x" * 501, "consent": True},
    {"reply_id": "abcdefghijklmnop", "helpful": True, "client_ip": "203.0.113.9"},
])
def test_invalid_feedback_is_422_with_the_disclaimer(client: TestClient, payload: dict) -> None:
    response = client.post("/api/v1/feedback", json=payload)
    assert response.status_code == 422 and response.json()["disclaimer"].startswith(EN_DISCLAIMER)


def test_feedback_is_size_limited_and_rate_limited(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, rate_limit="2/minute")  # ask + feedback; a 413 is refused before counting
    with TestClient(create_app(settings)) as client:
        reply = client.post("/api/v1/ask", json={"question": "What is TEN?"}).json()
        assert send(client, reply["reply_id"], helpful=True).status_code == 200
        big = client.post("/api/v1/feedback", content=b'{"reply_id": "' + b"a" * 20_000 + b'"}',
                          headers={"Content-Type": "application/json"})
        assert big.status_code == 413 and big.json()["disclaimer"]
        limited = send(client, reply["reply_id"], helpful=True)
        assert limited.status_code == 429 and limited.json()["disclaimer"] and limited.headers["retry-after"]


def test_feedback_counters_by_kind_language_and_helpfulness(staff_client: TestClient) -> None:
    answer = ask(staff_client, "What are the side effects of IVIG?")
    no_match = ask(staff_client, "我的猫可以用丙球吗？哪里能买到猫粮？")
    send(staff_client, answer["reply_id"], helpful=False)
    send(staff_client, no_match["reply_id"], helpful=False, question="我的猫可以用丙球吗", consent=True)
    metrics = staff_client.get("/metrics").text
    assert 'faqbot_feedback_total{helpful="false",kind="answer",lang="en",question="false"} 1.0' in metrics
    assert f'faqbot_feedback_total{{helpful="false",kind="{no_match["kind"]}",lang="zh",question="true"}} 1.0' in metrics
    assert "我的猫" not in metrics


# -- the review: staff only ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("path", ["/api/v1/review/questions", "/api/v1/review/entries", "/api/v1/review/no-match-rate"])
def test_review_api_refuses_unauthenticated_access_with_401_and_the_disclaimer(staff_client: TestClient, path: str) -> None:
    for headers in ({}, {"Authorization": "Bearer wrong"}, {"Cookie": "faqbot_staff=1.2.3"}, {"Accept-Language": "zh-CN"}):
        response = staff_client.get(path, headers=headers)
        assert response.status_code == 401, headers
        body = response.json()
        assert body["error"]["code"] == "staff_only" and response.headers["www-authenticate"] == "Bearer"
        assert body["disclaimer"].startswith(ZH_DISCLAIMER if headers.get("Accept-Language") else EN_DISCLAIMER)
    assert staff_client.get(path, headers={"Authorization": f"Bearer {SECRET}"}).status_code == 200


def test_with_no_credential_configured_the_review_is_off_never_open(client: TestClient) -> None:
    assert client.get("/api/v1/review/questions").status_code == 401
    page = client.get("/staff/review")
    assert page.status_code == 404 and "turned off" in page.text and 'type="password"' not in page.text
    refused = client.post("/staff/review/sign-in", data={"password": "", "csrf": ""})
    assert refused.status_code == 404


def test_sign_in_with_a_hashed_password(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, staff_password_hash=hash_password("a long staff password", n=2**12))
    with TestClient(create_app(settings), base_url="http://127.0.0.1:8000") as client:
        assert sign_in(client, "not it").status_code == 401
        response = sign_in(client, "a long staff password")
        assert response.status_code == 303 and "faqbot_staff=" in response.headers["set-cookie"]
        assert "HttpOnly" in response.headers["set-cookie"] and "SameSite=strict" in response.headers["set-cookie"]
        assert client.get("/api/v1/review/entries").status_code == 200


def test_wrong_password_is_refused_and_repeated_failures_are_limited(staff_client: TestClient) -> None:
    refused = sign_in(staff_client, "guess")
    assert refused.status_code == 401 and "That password is not right." in refused.text
    for _ in range(10):
        sign_in(staff_client, "guess")
    limited = sign_in(staff_client, SECRET)  # even the right one, until the minute has passed
    assert limited.status_code == 429 and staff_client.get("/api/v1/review/entries").status_code == 401


def test_sign_in_without_the_csrf_token_or_from_another_site_is_refused(staff_client: TestClient) -> None:
    staff_client.get("/staff/review")  # the sign-in cookie is set
    assert staff_client.post("/staff/review/sign-in", data={"password": SECRET}).status_code == 403
    assert staff_client.post("/staff/review/sign-in", data={"password": SECRET, "csrf": "forged"}).status_code == 403
    token = csrf_of(staff_client.get("/staff/review").text)
    cross_site = staff_client.post("/staff/review/sign-in", data={"password": SECRET, "csrf": token},
                                   headers={"Origin": "https://evil.example"})
    assert cross_site.status_code == 403
    assert staff_client.get("/api/v1/review/entries").status_code == 401


def test_staff_actions_need_the_sessions_csrf_token(staff_client: TestClient) -> None:
    reply = ask(staff_client, "Can IVIG be given at home by a nurse?")
    send(staff_client, reply["reply_id"], helpful=False, question="Can IVIG be given at home by a nurse?", consent=True)
    assert sign_in(staff_client).status_code == 303
    time.sleep(0.2)
    page = staff_client.get("/staff/review")
    assert page.status_code == 200 and "Can IVIG be given at home by a nurse?" in page.text
    group = re.search(r'name="group" value="(\d+)"', page.text)
    assert group
    for data, headers in (({"group": group.group(1)}, {}), ({"group": group.group(1), "csrf": "forged"}, {}),
                          ({"group": group.group(1), "csrf": csrf_of(page.text)}, {"Origin": "https://evil.example"})):
        assert staff_client.post("/staff/review/resolve", data=data, headers=headers).status_code == 403
    assert "Can IVIG be given at home by a nurse?" in staff_client.get("/staff/review").text
    done = staff_client.post("/staff/review/resolve", data={"group": group.group(1), "csrf": csrf_of(page.text)},
                             follow_redirects=False)
    assert done.status_code == 303
    assert "Can IVIG be given at home by a nurse?" not in staff_client.get("/staff/review").text
    assert staff_client.post("/staff/review/sign-out", data={}).status_code == 403
    out = staff_client.post("/staff/review/sign-out", data={"csrf": csrf_of(staff_client.get("/staff/review").text)},
                            follow_redirects=False)
    assert out.status_code == 303 and staff_client.get("/api/v1/review/entries").status_code == 401


def test_review_groups_similar_questions_and_exports_csv(staff_client: TestClient) -> None:
    wordings = ["Can IVIG be given at home?", "can ivig be given at home", "Can IVIG be given at home??",
                "Is IVIG covered by my insurance plan?"]
    for wording in wordings:
        reply = ask(staff_client, wording)
        send(staff_client, reply["reply_id"], helpful=False, question=wording, consent=True)
    answer = ask(staff_client, "What are the side effects of IVIG?")
    send(staff_client, answer["reply_id"], helpful=True)
    sign_in(staff_client)
    time.sleep(0.2)
    groups = staff_client.get("/api/v1/review/questions", params={"sort": "frequent"}).json()["groups"]
    assert [group["count"] for group in groups] == [3, 1]
    entries = staff_client.get("/api/v1/review/entries").json()["entries"]
    assert {"entry_id": "ivig-side-effects", "helpful": 1, "unhelpful": 0, "rate": 1.0} in entries
    rates = staff_client.get("/api/v1/review/no-match-rate", params={"days": 1}).json()["days"]
    assert sum(day["replies"] for day in rates) == 5
    csv_response = staff_client.get("/staff/review/export.csv")
    assert csv_response.status_code == 200 and csv_response.headers["content-type"].startswith("text/csv")
    assert csv_response.text.lstrip("\ufeff").startswith("received_utc,lang,kind,entry_id,confidence,reason,helpful,question")
    assert csv_response.text.count("\r\n") == 6
    page = staff_client.get("/staff/review", params={"group": groups[0]["id"], "entry": "ivig-when-how-long"})
    assert '        - &quot;' in page.text and "faq/sections/" in page.text


def test_csv_cells_cannot_run_as_spreadsheet_formulas(staff_client: TestClient) -> None:
    reply = ask(staff_client, "=HYPERLINK(\"x\") IVIG")
    send(staff_client, reply["reply_id"], helpful=False, question="=HYPERLINK(\"x\") IVIG", consent=True)
    sign_in(staff_client)
    assert "'=HYPERLINK" in staff_client.get("/staff/review/export.csv").text


def test_unauthenticated_csv_export_is_refused(staff_client: TestClient) -> None:
    response = staff_client.get("/staff/review/export.csv")
    assert response.status_code == 401 and "received_utc" not in response.text


# -- privacy: a real server process's output ---------------------------------------------------------------------------
def test_feedback_questions_never_reach_the_logs(tmp_path: Path) -> None:
    marker = "Zebulon Quartermaine 4155550199"
    env = {"FAQBOT_DATA_DIR": str(tmp_path), "FAQBOT_LOG_LEVEL": "debug", "FAQBOT_RATE_LIMIT": "off"}
    with ServerProcess(tmp_path / "server.log", env=env, command=["app.ops.server"]) as server:
        reply = httpx.post(f"{server.url}/api/v1/ask", json={"question": "Can IVIG treat my dog?"}).json()
        response = httpx.post(f"{server.url}/api/v1/feedback", json={
            "reply_id": reply["reply_id"], "helpful": False, "question": f"Can IVIG treat my dog? {marker}", "consent": True})
        assert response.status_code == 200
        httpx.post(f"{server.url}/api/v1/feedback", json={"reply_id": 42, "helpful": False, "question": marker})
    output = server.output
    assert '"route": "/api/v1/feedback"' in output or '"route":"/api/v1/feedback"' in output
    assert "Zebulon" not in output and "4155550199" not in output and "dog" not in output


def test_shutdown_writes_the_buffered_reply_records(tmp_path: Path) -> None:
    env = {"FAQBOT_DATA_DIR": str(tmp_path), "FAQBOT_RATE_LIMIT": "off", "FAQBOT_REPLY_FLUSH_SECONDS": "60",
           "FAQBOT_PURGE_INTERVAL_SECONDS": "3600"}
    with ServerProcess(tmp_path / "server.log", env=env, command=["app.ops.server"]) as server:
        ids = [httpx.post(f"{server.url}/api/v1/ask", json={"question": f"What is TEN? {n}"}).json()["reply_id"] for n in range(25)]
        server.terminate()
        assert server.wait_exit(30) in (0, -15)  # uvicorn re-raises SIGTERM after its graceful shutdown
    from app.feedback.storage import Store

    store = Store.from_url(f"sqlite:///{tmp_path / 'faqbot.sqlite3'}")
    assert all(store.reply(reply_id) is not None for reply_id in ids)
    store.close()
