"""Operations: readiness, metrics, fail-fast start-up, graceful SIGTERM, a forced 500 across origins, log format."""

from __future__ import annotations

import dataclasses
import io
import json
import logging
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from server_process import ServerProcess, free_port

from app.answering.service import FaqService, build_service
from app.content.faq import ContentError, load_content
from app.language import messages
from app.language.i18n import CatalogError, Translator, catalog_path, compile_catalog, read_catalog
from app.ops.logging_setup import JsonFormatter, PrivacyFilter, uvicorn_log_config
from app.ops.server import uvicorn_options
from app.ops.settings import PROJECT_ROOT, Settings
from app.web.application import create_app
from app.web.ask_batcher import AskBatcher

ORIGIN = "http://localhost:8000"


# Readiness and liveness

def test_ready_is_503_with_disclaimer_until_the_service_is_built(service: FaqService) -> None:
    app = create_app(Settings())
    starting = TestClient(app)  # no `with`: the lifespan has not run, nothing is loaded yet
    response = starting.get("/api/v1/ready", headers={"Accept-Language": "zh"})
    assert response.status_code == 503
    assert response.headers["retry-after"] == "1" and response.headers["cache-control"] == "no-store"
    body = response.json()
    assert body["error"]["code"] == "not_ready" and body["lang"] == "zh" and body["disclaimer"]
    with TestClient(app) as started:
        ready = started.get("/api/v1/ready?lang=zh")
        assert started.get("/api/v1/health").status_code == 200
    assert ready.status_code == 200
    assert ready.json() == {"status": "ready", "lang": "zh", "entries": len(service.content.entries),
                            "disclaimer": service.composer.disclaimer("zh")}


# Metrics

def test_metrics_count_requests_by_route_template_and_answers_by_kind_and_language(service: FaqService) -> None:
    entry_id = service.content.entries[0].id
    with TestClient(create_app(Settings())) as client:
        client.post("/api/v1/ask", json={"question": "What is toxic epidermal necrolysis?"})
        client.post("/api/v1/ask", json={"question": "什么是中毒性表皮坏死松解症", "lang": "zh"})
        client.post("/api/v1/ask", json={"question": "hello"})
        client.post("/api/v1/ask", json={"question": ""})
        client.get(f"/api/v1/entries/{entry_id}")
        client.get("/api/v1/entries/no-such-entry")
        response = client.get("/metrics")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/plain")
    text = response.text
    assert 'faqbot_http_requests_total{method="POST",route="/api/v1/ask",status="200"} 3.0' in text
    assert 'faqbot_http_requests_total{method="POST",route="/api/v1/ask",status="422"} 1.0' in text
    assert 'faqbot_http_requests_total{method="GET",route="/api/v1/entries/{entry_id}",status="404"} 1.0' in text
    assert entry_id not in text and "no-such-entry" not in text  # templates, not paths
    assert 'faqbot_http_request_duration_seconds_count{method="POST",route="/api/v1/ask",status="200"} 3.0' in text
    assert 'faqbot_answers_total{kind="answer",lang="en"} 1.0' in text
    assert 'faqbot_answers_total{kind="answer",lang="zh"} 1.0' in text
    assert 'faqbot_answers_total{kind="small_talk",lang="en"} 1.0' in text


def test_metrics_name_the_docs_and_the_schema_by_their_routes_and_only_unknown_paths_as_unmatched() -> None:
    with TestClient(create_app(Settings())) as client:
        assert client.get("/docs").status_code == 200
        assert client.get("/openapi.json").status_code == 200
        assert client.get("/no/such/page").status_code == 404
        text = client.get("/metrics").text
    assert 'faqbot_http_requests_total{method="GET",route="/docs",status="200"} 1.0' in text
    assert 'faqbot_http_requests_total{method="GET",route="/openapi.json",status="200"} 1.0' in text
    assert 'faqbot_http_requests_total{method="GET",route="<unmatched>",status="404"} 1.0' in text


def test_metrics_can_be_switched_off() -> None:
    with TestClient(create_app(Settings(metrics_enabled=False))) as client:
        assert client.get("/metrics").status_code == 404


def test_metrics_of_several_workers_are_summed_in_multiprocess_mode(tmp_path: Path) -> None:
    metrics_dir = tmp_path / "prometheus"
    metrics_dir.mkdir()
    env = {"FAQBOT_WORKERS": "2", "PROMETHEUS_MULTIPROC_DIR": str(metrics_dir), "FAQBOT_RATE_LIMIT": "off"}
    with ServerProcess(tmp_path / "server.log", env=env, command=["app.ops.server"], startup_timeout=60) as server:
        for _ in range(3):  # both workers come up; readiness answered by one of them
            httpx.get(f"{server.url}/api/v1/ready", timeout=10)
        for _ in range(20):
            httpx.post(f"{server.url}/api/v1/ask", json={"question": "IVIG dose"}, timeout=10)
        scrapes = [httpx.get(f"{server.url}/metrics", timeout=10).text for _ in range(3)]
    line = 'faqbot_http_requests_total{method="POST",route="/api/v1/ask",status="200"} 20.0'
    assert all(line in scrape for scrape in scrapes), scrapes[0][:2000]
    assert len({path.name.split("_")[-1] for path in metrics_dir.glob("counter_*.db")}) == 2  # two worker pids


# Fail-fast start-up

def _broken_content(tmp_path: Path) -> tuple[Path, str]:
    content = tmp_path / "faq"
    shutil.copytree(PROJECT_ROOT / "faq", content)
    section = sorted((content / "sections").glob("*.yaml"))[0]
    text = section.read_text(encoding="utf-8")
    section.write_text(text.replace("    question:", "    question: ''\n    old_question:", 1), encoding="utf-8")
    return content, section.name


def _broken_catalog(tmp_path: Path) -> tuple[Path, int]:
    locales = tmp_path / "locales"
    shutil.copytree(PROJECT_ROOT / "locales", locales)
    catalog = locales / "zh_CN" / "LC_MESSAGES" / "messages.po"
    lines = catalog.read_text(encoding="utf-8").splitlines()
    broken = next(number for number, line in enumerate(lines) if line.startswith("msgstr") and number > 20)
    lines[broken] = "this is not a catalog line"
    catalog.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return locales, broken + 1


def _placeholder_typo(tmp_path: Path, english: str = messages.DISCLAIMER, right: str = "{organization}",
                      wrong: str = "{organisation}") -> tuple[Path, int]:
    """A copy of the locales whose translation of ``english`` has ``wrong`` for ``right``; and the entry's line."""
    locales = tmp_path / "locales"
    shutil.copytree(PROJECT_ROOT / "locales", locales)
    path = locales / "zh_CN" / "LC_MESSAGES" / "messages.po"
    catalog = read_catalog(path)
    message = catalog[english]
    assert message is not None and right in message.string
    lines = path.read_text(encoding="utf-8").splitlines()
    number = next(n for n in range(message.lineno, len(lines)) if lines[n].startswith("msgstr"))
    while right not in lines[number]:
        number += 1
    lines[number] = lines[number].replace(right, wrong, 1)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return locales, message.lineno


@pytest.mark.parametrize(("english", "right", "wrong"), [
    (messages.DISCLAIMER, "{organization}", "{organisation}"),
    (messages.ERROR_INTERNAL, "{phone}", "{phon}"),
])
def test_a_placeholder_typo_in_the_catalog_fails_the_build_naming_file_and_line(
    tmp_path: Path, english: str, right: str, wrong: str
) -> None:
    locales, line = _placeholder_typo(tmp_path, english, right, wrong)
    with pytest.raises(CatalogError, match=rf"messages\.po:{line}: .*placeholders differ"):
        build_service(Settings(locales_dir=locales))


def test_a_restart_skips_checks_already_passed_but_never_misses_a_changed_catalog(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Start-up remembers the fingerprint of catalogs found free of problems (FAQBOT_DATA_DIR/catalogs-checked):
    the same bytes are not checked again, and a catalog changed since (here a placeholder typo) is."""
    from app.content import catalog_check

    locales = tmp_path / "locales"
    shutil.copytree(Settings().locales_dir, locales)
    settings = Settings(locales_dir=locales, data_dir=tmp_path / "data")
    build_service(settings)  # checked, and remembered
    assert (tmp_path / "data" / "catalogs-checked").read_text().strip() == catalog_check.fingerprint(
        locales, glossary=load_content(settings.content_dir).glossary)
    runs: list[Path] = []
    real_check_all = catalog_check.check_all
    monkeypatch.setattr(catalog_check, "check_all", lambda *a, **k: runs.append(a[0]) or real_check_all(*a, **k))
    build_service(settings)
    assert runs == []  # nothing changed: not checked again
    path = catalog_path(locales, "zh")
    path.write_text(path.read_text(encoding="utf-8").replace("{phone}", "{phon}", 1), encoding="utf-8")
    with pytest.raises(CatalogError, match=r"placeholders differ"):
        build_service(settings)
    assert runs == [locales]


def test_the_error_path_never_depends_on_a_catalog_being_right(tmp_path: Path, service: FaqService) -> None:
    """A translator whose Chinese disclaimer has a broken placeholder (start-up refuses it; here it is forced in):
    health?lang=zh, ready?lang=zh, a Chinese 404 and a Chinese ask are JSON errors with the English disclaimer."""
    locales, _ = _placeholder_typo(tmp_path)
    broken = Translator({**service.translator.catalogs, "zh": compile_catalog(read_catalog(catalog_path(locales, "zh")))})
    with TestClient(create_app(Settings()), raise_server_exceptions=False) as client:
        good = client.app.state.service  # type: ignore[attr-defined]
        client.app.state.service = dataclasses.replace(  # type: ignore[attr-defined]
            good, translator=broken, composer=dataclasses.replace(good.composer, translator=broken))
        client.app.state.ask_batcher = AskBatcher(client.app.state.service.composer, max_batch=16)  # type: ignore[attr-defined]
        responses = {
            "health": client.get("/api/v1/health?lang=zh"),
            "ready": client.get("/api/v1/ready?lang=zh"),
            "404": client.get("/api/v1/nothing-here", headers={"Accept-Language": "zh-CN"}),
            "ask": client.post("/api/v1/ask", json={"question": "丙球的副作用"}),
            "422": client.post("/api/v1/ask", json={"question": ""}, headers={"Accept-Language": "zh-CN"}),
        }
        english = client.get("/api/v1/health?lang=en")
    for name, response in responses.items():
        assert response.headers["content-type"].startswith("application/json"), name
        body = response.json()
        assert body["lang"] == "en" and response.headers["content-language"] == "en", name
        assert body["disclaimer"] == service.composer.disclaimer("en"), name
    assert responses["health"].status_code == responses["ready"].status_code == responses["ask"].status_code == 500
    assert responses["404"].status_code == 404 and responses["422"].status_code == 422
    assert english.status_code == 200 and english.json()["disclaimer"] == service.composer.disclaimer("en")


def test_broken_content_fails_build_naming_the_file_and_the_entry(tmp_path: Path) -> None:
    content, name = _broken_content(tmp_path)
    with pytest.raises(ContentError, match=rf"{name}: entries\[0\]"):
        build_service(Settings(content_dir=content))


def test_broken_catalog_fails_build_naming_the_file_and_the_line(tmp_path: Path) -> None:
    locales, line = _broken_catalog(tmp_path)
    with pytest.raises(CatalogError, match=rf"messages\.po:{line}: not a valid PO line"):
        build_service(Settings(locales_dir=locales))


@pytest.mark.parametrize("broken", ["content", "catalog", "placeholder"])
@pytest.mark.parametrize("workers", ["1", "2"])
def test_a_real_server_refuses_to_start_on_broken_files(tmp_path: Path, broken: str, workers: str) -> None:
    if broken == "content":
        path, name = _broken_content(tmp_path)
        env = {"FAQBOT_CONTENT_DIR": str(path)}
    elif broken == "catalog":
        path, _ = _broken_catalog(tmp_path)
        env, name = {"FAQBOT_LOCALES_DIR": str(path)}, "messages.po"
    else:
        path, line = _placeholder_typo(tmp_path)
        env, name = {"FAQBOT_LOCALES_DIR": str(path)}, f"messages.po:{line}"
    server = ServerProcess(tmp_path / "server.log", env={**env, "FAQBOT_WORKERS": workers}, command=["app.ops.server"])
    server.start()
    try:
        code = server.wait_exit(timeout=30)
    finally:
        server.stop()  # a server that wrongly started must not outlive the test
    assert code == 3
    assert "cannot start" in server.output and name in server.output  # a plain message, not a buried traceback
    assert "Uvicorn running" not in server.output


def readme_uvicorn_command() -> str:
    """The README's plain-uvicorn command line (backslash continuations joined)."""
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"^ {4}(faqbot check && exec uvicorn .*?)(?:\n\n|\n(?! ))", readme, re.MULTILINE | re.DOTALL)
    assert block is not None, "README: the plain uvicorn command is missing"
    return re.sub(r"\\\n\s*", "", block.group(1)).strip()


@pytest.mark.parametrize("broken", ["none", "placeholder", "content"])
def test_the_readmes_plain_uvicorn_command_with_two_workers_fails_loudly_on_broken_files(tmp_path: Path, broken: str) -> None:
    """A supervisor must see a non-zero exit: uvicorn's own supervisor exits 0 when its workers cannot start."""
    command = readme_uvicorn_command()
    assert "--workers 2" in command and "--http app.ops.http_guard:GuardedHttpToolsProtocol" in command
    port = str(free_port())
    command = command.replace("--port 8000", f"--port {port}")
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    if broken == "placeholder":
        locales, line = _placeholder_typo(tmp_path)
        env["FAQBOT_LOCALES_DIR"], name = str(locales), f"messages.po:{line}"
    elif broken == "content":
        content, name = _broken_content(tmp_path)
        env["FAQBOT_CONTENT_DIR"] = str(content)
    process = subprocess.Popen(["bash", "-c", command], cwd=PROJECT_ROOT, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, start_new_session=True)
    if broken != "none":
        try:
            output, _ = process.communicate(timeout=60)
        finally:
            if process.poll() is None:  # wrongly serving: stop it, or it outlives the test
                os.killpg(process.pid, signal.SIGTERM)
                process.communicate(timeout=30)
        assert process.returncode != 0
        assert name in output.decode() and "Uvicorn running" not in output.decode()
        return
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            assert process.poll() is None, process.communicate()[0].decode()[-2000:]
            try:
                if httpx.get(f"http://127.0.0.1:{port}/api/v1/ready", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.2)
        else:
            pytest.fail("the README's uvicorn command did not become ready")
    finally:
        os.killpg(process.pid, signal.SIGTERM)  # `exec`: uvicorn itself (and its workers) receive it
        process.communicate(timeout=30)


# Graceful shutdown

def test_sigterm_lets_an_in_flight_request_finish(tmp_path: Path) -> None:
    env = {"FAQBOT_ENABLE_FAULT_INJECTION": "1", "FAQBOT_GRACEFUL_SHUTDOWN_SECONDS": "10"}
    result: dict[str, httpx.Response] = {}
    with ServerProcess(tmp_path / "server.log", env=env, command=["app.ops.server"]) as server:
        request = threading.Thread(
            target=lambda: result.setdefault("slow", httpx.get(f"{server.url}/api/v1/_debug/slow?seconds=2", timeout=15))
        )
        request.start()
        time.sleep(0.5)
        server.terminate()
        time.sleep(0.3)
        with pytest.raises(httpx.TransportError):  # no new connections once shutting down
            httpx.get(f"{server.url}/api/v1/health", timeout=2)
        request.join(timeout=15)
        code = server.wait_exit(timeout=15)
    assert result["slow"].status_code == 200 and result["slow"].json()["status"] == "ok"
    # uvicorn finishes its shutdown, then re-raises the captured SIGTERM so that its parent sees why it ended.
    assert code in {0, -signal.SIGTERM}
    assert '"Shutting down"' in server.output and "Finished server process" in server.output


def test_graceful_shutdown_has_a_deadline_and_a_cut_request_gets_our_json_503(tmp_path: Path, service: FaqService) -> None:
    env = {"FAQBOT_ENABLE_FAULT_INJECTION": "1", "FAQBOT_GRACEFUL_SHUTDOWN_SECONDS": "1"}
    outcome: list[httpx.Response | httpx.HTTPError] = []

    def slow() -> None:
        try:
            outcome.append(httpx.get(f"{server.url}/api/v1/_debug/slow?seconds=20", timeout=30,
                                     headers={"Accept-Language": "zh-CN"}))
        except httpx.HTTPError as exc:
            outcome.append(exc)

    with ServerProcess(tmp_path / "server.log", env=env, command=["app.ops.server"]) as server:
        request = threading.Thread(target=slow)
        request.start()
        time.sleep(0.5)
        started = time.monotonic()
        server.terminate()
        server.wait_exit(timeout=15)
        took = time.monotonic() - started
        request.join(timeout=15)
    assert took < 8  # not the 20 s of the request
    # Cut at the deadline: uvicorn cancels the request; the app answers 503 in its JSON (uvicorn's would be a
    # plain-text 500 without the disclaimer).
    assert outcome and isinstance(outcome[0], httpx.Response), outcome
    response = outcome[0]
    assert response.status_code == 503 and response.headers["retry-after"] == "1"
    body = response.json()
    assert body["error"]["code"] == "shutting_down" and body["disclaimer"] == service.composer.disclaimer("zh")


# A crash across origins

def test_forced_500_cross_origin_carries_cors_headers_and_the_disclaimer(service: FaqService) -> None:
    with TestClient(create_app(Settings(enable_fault_injection=True))) as client:
        response = client.post("/api/v1/_debug/fail", json={"question": "IVIG dose"},
                               headers={"Origin": ORIGIN, "Accept-Language": "zh-CN"})
        other = client.post("/api/v1/_debug/fail", json={"question": "IVIG dose"}, headers={"Origin": "https://evil.example"})
    assert response.status_code == 500
    assert response.headers["access-control-allow-origin"] == ORIGIN
    assert response.headers["cache-control"] == "no-store"
    body = response.json()
    assert body["lang"] == "zh" and body["error"]["code"] == "internal_error"
    assert body["disclaimer"] == service.composer.disclaimer("zh")
    assert service.settings.phone in body["error"]["message"]
    assert other.status_code == 500 and "access-control-allow-origin" not in other.headers and other.json()["disclaimer"]


def test_fault_injection_is_off_by_default() -> None:
    app = create_app(Settings())
    with TestClient(app) as client:
        assert client.post("/api/v1/_debug/fail", json={"question": "x"}).status_code == 404
        assert client.get("/api/v1/_debug/slow").status_code == 404
    assert not any("_debug" in path for path in app.openapi()["paths"])


# Logging and server options

def _format(record: logging.LogRecord) -> dict[str, object]:
    return json.loads(JsonFormatter().format(record))  # type: ignore[no-any-return]


def test_log_lines_keep_only_allow_listed_fields_and_never_an_exception_message() -> None:
    record = logging.LogRecord("app.access", logging.INFO, __file__, 1, "request", None, None)
    record.__dict__.update({"route": "/api/v1/ask", "status": 200, "question": "my son has blisters", "client": "203.0.113.5"})
    line = _format(record)
    assert line["route"] == "/api/v1/ask" and line["status"] == 200 and line["logger"] == "app.access"
    assert "question" not in line and "client" not in line
    try:
        raise ValueError("invalid literal: my son has blisters")
    except ValueError:
        import sys

        crash = logging.LogRecord("app.errors", logging.ERROR, __file__, 1, "unhandled error", None, sys.exc_info())
    formatted = JsonFormatter().format(crash)
    assert "blisters" not in formatted
    assert json.loads(formatted)["exc_type"] == "builtins.ValueError"


def test_uvicorn_websocket_lines_and_debug_chatter_are_withheld() -> None:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(PrivacyFilter())
    logger = logging.getLogger("uvicorn.error.privacy-test")
    logger.addHandler(handler)
    logger.propagate = False
    logger.setLevel(logging.DEBUG)
    logger.info('%s - "WebSocket %s" 403', "203.0.113.5:4711", "/api/v1/search?q=blisters")
    logger.debug("< GET /api/v1/search?q=blisters HTTP/1.1")
    logger.removeHandler(handler)
    assert "blisters" not in stream.getvalue() and "203.0.113.5" not in stream.getvalue()
    assert "WebSocket request" in stream.getvalue()


def test_uvicorn_runs_without_access_log_proxy_headers_or_websockets() -> None:
    options = uvicorn_options(Settings(graceful_shutdown_seconds=7, workers=2))
    assert options["access_log"] is False and options["proxy_headers"] is False and options["ws"] == "none"
    assert options["factory"] is True and options["workers"] == 2 and options["timeout_graceful_shutdown"] == 7
    config = uvicorn_log_config("debug")
    assert config["loggers"]["uvicorn.access"]["handlers"] == [] and config["loggers"]["uvicorn"]["level"] == "INFO"
