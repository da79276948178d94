"""Shared by the HTTP benchmarks: start the real server on loopback, load it with wrk, read wrk's figures.

wrk (Debian's ``wrk``, C with LuaJIT) is the load generator: a Python client saturates long before the server
does, and its figures would then describe the client. ``sudo apt-get install wrk`` (``make bench`` does it).
Each run checks every reply carries the disclaimer (a Lua ``response`` hook) and reports requests, errors,
throughput and latency percentiles as one JSON line that :func:`run_wrk` parses.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import httpx

ROOT = Path(__file__).resolve().parent.parent

_REPORT = r"""
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) missing = 0 end
function response(status, headers, body)
  if status ~= 200 or not string.find(body, '"disclaimer":', 1, true) then missing = missing + 1 end
end
function done(summary, latency, requests)
  local missing_total = 0
  for _, thread in ipairs(threads) do missing_total = missing_total + (thread:get("missing") or 0) end
  local e = summary.errors
  io.write(string.format(
    'WRK_JSON {"requests": %d, "seconds": %.3f, "errors": %d, "missing_disclaimer": %d, "p50_ms": %.3f, "p99_ms": %.3f}\n',
    summary.requests, summary.duration / 1e6, e.connect + e.read + e.write + e.status + e.timeout, missing_total,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
"""


@dataclass
class Phase:
    name: str
    requests: int
    seconds: float
    errors: int  # socket errors, timeouts and non-2xx statuses
    missing_disclaimer: int  # replies that were not 200 with a disclaimer
    p50_ms: float
    p99_ms: float

    @property
    def throughput(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


def require_wrk() -> str:
    path = shutil.which("wrk")
    if path is None:
        raise SystemExit("wrk is not installed: `sudo apt-get install wrk` (Debian), or run `make bench`")
    return path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(command: list[str], port: int, log: IO[bytes], env: dict[str, str] | None = None,
                 root: Path = ROOT) -> subprocess.Popen[bytes]:
    """``python -m <command...>`` from ``root`` (this checkout, or another one to compare with: "before"), rate
    limiting off (one client would be throttled)."""
    environment = {**os.environ, "FAQBOT_RATE_LIMIT": "off", "FAQBOT_HOST": "127.0.0.1", "FAQBOT_PORT": str(port),
                   "PYTHONPATH": str(root.resolve()), **(env or {})}
    return subprocess.Popen([sys.executable, "-m", *command], cwd=root, env=environment, stdin=subprocess.DEVNULL,
                            stdout=log, stderr=subprocess.STDOUT)


def wait_ready(base: str, process: subprocess.Popen[bytes], timeout: float = 60) -> None:
    deadline, in_a_row = time.monotonic() + timeout, 0
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"server exited with {process.returncode} during start-up")
        try:
            in_a_row = in_a_row + 1 if httpx.get(f"{base}/api/v1/ready", timeout=2).status_code == 200 else 0
        except httpx.TransportError:
            in_a_row = 0
        if in_a_row >= 10:  # several answers in a row: every worker is up
            return
        time.sleep(0.05)
    raise SystemExit("server did not become ready")


def stop_server(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def ask_script(questions: list[str]) -> str:
    """Lua that POSTs the questions to /api/v1/ask in turn (each wrk thread starts at its own offset)."""
    bodies = ",\n".join("[==[" + json.dumps({"question": q}, ensure_ascii=False) + "]==]" for q in questions)
    return f"""
local bodies = {{
{bodies}
}}
local i = 0
local headers = {{ ["Content-Type"] = "application/json" }}
request = function()
  i = i % #bodies + 1
  return wrk.format("POST", "/api/v1/ask", headers, bodies[i])
end
"""


def run_wrk(name: str, url: str, *, seconds: float, connections: int, threads: int,
            questions: list[str] | None = None) -> Phase:
    """Load ``url`` with wrk for ``seconds``: GET, or POSTs of ``questions`` to /api/v1/ask when given."""
    wrk = require_wrk()
    script = (ask_script(questions) if questions else "") + _REPORT
    with tempfile.NamedTemporaryFile("w", suffix=".lua", encoding="utf-8", delete=False) as handle:
        handle.write(script)
    try:
        command = [wrk, f"-t{threads}", f"-c{connections}", f"-d{seconds:g}s", "--timeout", "10s", "-s", handle.name, url]
        output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    finally:
        os.unlink(handle.name)
    line = next((line for line in output.splitlines() if line.startswith("WRK_JSON ")), None)
    if line is None:
        raise SystemExit(f"wrk printed no report:\n{output}")
    figures = json.loads(line.removeprefix("WRK_JSON "))
    return Phase(name=name, requests=figures["requests"], seconds=figures["seconds"], errors=figures["errors"],
                 missing_disclaimer=figures["missing_disclaimer"], p50_ms=round(figures["p50_ms"], 2),
                 p99_ms=round(figures["p99_ms"], 2))


def load_questions(path: Path) -> list[str]:
    """The evaluation set's questions, groups interleaved (English, Chinese, mixed, Traditional, typos ...)."""
    import yaml

    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    items = data["questions"] if isinstance(data, dict) else data
    by_group: dict[str, list[str]] = {}
    for item in items:
        by_group.setdefault(str(item.get("group", "other")), []).append(str(item["q"]))
    mixed: list[str] = []
    for round_ in range(max(len(group) for group in by_group.values())):
        mixed += [group[round_] for group in by_group.values() if round_ < len(group)]
    return mixed
