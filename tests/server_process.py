"""A real server process on loopback for tests that need one: its own PID, its own stdout/stderr, real signals.

(``tests/conftest.py``'s ``LiveServer`` runs uvicorn in a thread of the test process: right for browser tests,
but its logs mix with pytest's and it cannot receive SIGTERM on its own.)
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from types import TracebackType

import httpx

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class ServerProcess:
    """``python -m <command...>`` serving the app on 127.0.0.1:<port>; output captured to a file.

    ``command`` defaults to the plain uvicorn CLI with the factory (what an operator might type, access log
    flags left at uvicorn's defaults); pass ``["app.ops.server"]`` for the project's own runner.
    """

    def __init__(self, log_path: Path, env: dict[str, str] | None = None, command: list[str] | None = None,
                 startup_timeout: float = 30) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {**os.environ, "FAQBOT_HOST": "127.0.0.1", "FAQBOT_PORT": str(self.port), **(env or {})}
        self.command = command or ["uvicorn", "--factory", "app.web.application:app_factory", "--host", "127.0.0.1", "--port", str(self.port)]
        self.startup_timeout = startup_timeout
        self.log_path = log_path
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> ServerProcess:
        with self.log_path.open("wb") as log:  # the child keeps its own descriptor
            self.process = subprocess.Popen(
                [sys.executable, "-m", *self.command],
                cwd=PROJECT_ROOT,
                env=self.env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + self.startup_timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                return self  # exited during start-up: the caller looks at returncode and output
            try:
                if httpx.get(f"{self.url}/api/v1/ready", timeout=1).status_code == 200:
                    return self
            except httpx.TransportError:
                pass
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"server did not become ready on {self.url}:\n{self.output}")

    def wait_exit(self, timeout: float) -> int:
        assert self.process is not None
        return self.process.wait(timeout=timeout)

    def terminate(self) -> None:
        """SIGTERM, as an orchestrator sends it."""
        assert self.process is not None
        self.process.send_signal(signal.SIGTERM)

    def stop(self, timeout: float = 20) -> int | None:
        if self.process is None:
            return None
        if self.process.poll() is None:
            self.terminate()
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)
        return self.process.returncode

    @property
    def output(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def __enter__(self) -> ServerProcess:
        return self.start()

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.stop()
