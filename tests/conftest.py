"""Shared fixtures: settings, the app through TestClient (lifespan included), a real uvicorn on loopback, Chromium."""

from __future__ import annotations

import os
import shutil
import socket
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from fastapi import FastAPI
from fastapi.testclient import TestClient

from app.answering.service import FaqService, build_service
from app.ops.settings import Settings
from app.web.application import create_app

# Every test shares one client address ("testclient" / 127.0.0.1): the default budget of 60 requests a minute
# would turn unrelated tests into 429s. Rate limiting has its own tests (tests/test_rate_limit.py), which set
# their budgets explicitly.
os.environ.setdefault("FAQBOT_RATE_LIMIT", "off")
# The feedback database of the tests' default settings: a SQLite file in a folder of this run, never the repo's data/.
os.environ.setdefault("FAQBOT_DATA_DIR", tempfile.mkdtemp(prefix="faqbot-test-data-"))

OUTPUT_DIR = Path(__file__).resolve().parent.parent / "test-output"
CHROMIUM = os.environ.get("FAQBOT_TEST_CHROMIUM", "/usr/bin/chromium")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def settings() -> Settings:
    return Settings()


@pytest.fixture(scope="session")
def service(settings: Settings) -> FaqService:
    return build_service(settings)


@pytest.fixture(scope="session")
def app(settings: Settings) -> FastAPI:
    return create_app(settings)


@pytest.fixture(scope="session")
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app) as test_client:
        yield test_client


class LiveServer:
    """A real uvicorn serving an app on a loopback port, in a thread."""

    def __init__(self, app: FastAPI, host: str = "127.0.0.1", port: int | None = None) -> None:
        self.host = host
        self.port = port or free_port()
        config = uvicorn.Config(app, host=host, port=self.port, log_level="warning", access_log=False, lifespan="on")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def __enter__(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 15
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError(f"uvicorn did not start on {self.url}")
            time.sleep(0.02)
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


@pytest.fixture(scope="session")
def output_dir() -> Path:
    OUTPUT_DIR.mkdir(exist_ok=True)
    return OUTPUT_DIR


@pytest.fixture(scope="session")
def chromium_path() -> str:
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        pytest.fail(f"Chromium not found at {CHROMIUM}: install Debian's chromium (see .ci/run)")
    return CHROMIUM
