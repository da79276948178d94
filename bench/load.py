"""Load benchmark: the real server with 2 workers on loopback, many concurrent clients, a bounded time.

    python bench/load.py                          # 2 workers, 32 clients, 10 s per phase
    python bench/load.py --clients 64 --duration 20 --json bench/results/load.json

It starts ``uvicorn --factory app.main:app_factory --workers 2`` exactly as the README runs it (no access log,
JSON logs to a file, rate limiting off so that one benchmark client is not throttled), waits until it is ready,
warms up, then runs two phases back to back against the same server: the trivial endpoint ``GET /api/v1/health``
and ``POST /api/v1/ask`` with questions from ``tests/eval/questions.yaml`` (English, Chinese, mixed, Traditional,
typos, out of scope, in turn). Each phase: N clients (asyncio + httpx, keep-alive), each sending its next request
as soon as the previous answer arrives, for D seconds. It reports throughput, p50/p99 latency and errors per
phase, and ask/health as ratios; it exits non-zero if any request failed.

The load generator runs on the same machine (2 cores here) as the server: the absolute figures are what this
box can do with the client competing for CPU; the ratio is the meaningful number.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from itertools import cycle
from pathlib import Path
from typing import Any

import httpx
import yaml

ROOT = Path(__file__).resolve().parent.parent
QUESTIONS = ROOT / "tests" / "eval" / "questions.yaml"


@dataclass
class Phase:
    name: str
    requests: int
    errors: int
    seconds: float
    throughput: float
    p50_ms: float
    p99_ms: float


def load_questions(path: Path) -> list[str]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    items = data["questions"] if isinstance(data, dict) else data
    by_group: dict[str, list[str]] = {}
    for item in items:
        by_group.setdefault(str(item.get("group", "other")), []).append(str(item["q"]))
    # Interleave the groups so that every stretch of the run mixes English and Chinese.
    mixed: list[str] = []
    for round_ in range(max(len(group) for group in by_group.values())):
        mixed += [group[round_] for group in by_group.values() if round_ < len(group)]
    return mixed


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(port: int, workers: int, log: Any) -> subprocess.Popen[bytes]:
    env = {**os.environ, "FAQBOT_RATE_LIMIT": "off", "FAQBOT_LOG_LEVEL": "info"}
    command = [sys.executable, "-m", "uvicorn", "--factory", "app.main:app_factory", "--host", "127.0.0.1",
               "--port", str(port), "--workers", str(workers), "--no-access-log", "--no-proxy-headers", "--ws", "none"]
    return subprocess.Popen(command, cwd=ROOT, env=env, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT)


def wait_ready(base: str, process: subprocess.Popen[bytes], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    ready = 0
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"server exited with {process.returncode} during start-up")
        try:
            ready = ready + 1 if httpx.get(f"{base}/api/v1/ready", timeout=2).status_code == 200 else 0
        except httpx.TransportError:
            ready = 0
        if ready >= 10:  # several answers in a row: both workers are up
            return
        time.sleep(0.05)
    raise SystemExit("server did not become ready")


async def run_phase(name: str, base: str, clients: int, seconds: float, questions: list[str] | None) -> Phase:
    latencies: list[float] = []
    errors = 0
    questions_iter = cycle(questions or [""])
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=30) as client:
        stop_at = time.perf_counter() + seconds

        async def one_client() -> None:
            nonlocal errors
            while time.perf_counter() < stop_at:
                started = time.perf_counter()
                try:
                    if questions is None:
                        response = await client.get("/api/v1/health")
                    else:
                        response = await client.post("/api/v1/ask", json={"question": next(questions_iter)})
                    ok = response.status_code == 200 and bool(response.json().get("disclaimer"))
                except httpx.HTTPError:
                    ok = False
                latencies.append(time.perf_counter() - started)
                errors += not ok

        began = time.perf_counter()
        await asyncio.gather(*(one_client() for _ in range(clients)))
        elapsed = time.perf_counter() - began
    ordered = sorted(latencies)
    return Phase(
        name=name,
        requests=len(latencies),
        errors=errors,
        seconds=round(elapsed, 2),
        throughput=round(len(latencies) / elapsed, 1),
        p50_ms=round(statistics.median(ordered) * 1000, 2),
        p99_ms=round(ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000, 2),
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--duration", type=float, default=10.0, help="seconds per phase")
    parser.add_argument("--warmup", type=float, default=2.0)
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args(argv)

    questions = load_questions(QUESTIONS)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryFile() as log:
        server = start_server(port, args.workers, log)
        try:
            wait_ready(base, server)
            asyncio.run(run_phase("warmup", base, args.clients, args.warmup, questions))
            health = asyncio.run(run_phase("GET /api/v1/health", base, args.clients, args.duration, None))
            ask = asyncio.run(run_phase("POST /api/v1/ask", base, args.clients, args.duration, questions))
        finally:
            server.terminate()
            server.wait(timeout=30)

    print(f"server: {args.workers} workers on loopback; {args.clients} concurrent clients; {args.duration:g} s per phase; "
          f"{len(questions)} questions (en/zh/mixed/Traditional/typos/out of scope) in turn")
    print(f"{'endpoint':<22}{'requests':>10}{'errors':>8}{'req/s':>10}{'p50 ms':>10}{'p99 ms':>10}")
    for phase in (health, ask):
        print(f"{phase.name:<22}{phase.requests:>10}{phase.errors:>8}{phase.throughput:>10}{phase.p50_ms:>10}{phase.p99_ms:>10}")
    throughput_ratio = ask.throughput / health.throughput
    p99_ratio = ask.p99_ms / health.p99_ms
    print(f"ask / health: throughput {throughput_ratio:.0%}, p99 latency x{p99_ratio:.2f}")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        report = {"workers": args.workers, "clients": args.clients, "duration": args.duration,
                  "phases": [asdict(health), asdict(ask)],
                  "throughput_ratio": round(throughput_ratio, 3), "p99_ratio": round(p99_ratio, 3)}
        args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return 1 if health.errors or ask.errors else 0


if __name__ == "__main__":
    sys.exit(main())
