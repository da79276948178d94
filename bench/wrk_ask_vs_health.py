"""HTTP throughput with wrk: ``POST /api/v1/ask`` next to ``GET /api/v1/health``, same server, same run.

    python bench/wrk_ask_vs_health.py                       # this checkout, 2 workers, 50 connections, 3 rounds
    python bench/wrk_ask_vs_health.py --root /tmp/main      # another checkout (e.g. `git archive main`): "before"
    python bench/wrk_ask_vs_health.py --json bench/results/wrk.json

It starts ``uvicorn --factory app.main:app_factory --workers 2`` from ``--root`` exactly as the README runs it
(no access log; rate limiting off so the one load generator is not throttled; a fresh SQLite database in a
temporary data folder), waits until both workers answer, warms up, then runs wrk (Debian's ``wrk``, C, not the
bottleneck a Python client would be): ``-t2 -c50 --latency`` against health, then against ask with questions in
English, Chinese, mixed, Traditional, typos and out of scope, in turn, alternating for ``--rounds`` rounds (a
neighbour's load on a shared machine then hits both alike). It reports the ratio of every round and the figures
of the median round: requests/s and p99 latency of each, ask/health; the target is ask >= 50% of health with
ask's p99 <= 50 ms.

After the server has shut down it counts the reply records in the database: with the feedback loop every ask's
record must have been written (in batches, off the request path), none dropped.

Load generator and server share this machine's 2 cores: absolute figures are this box's; the ratio is the number.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
QUESTIONS = [
    "What are the side effects of IVIG?", "丙球打几天？", "IVIG 的副作用", "靜脈注射免疫球蛋白的副作用是什麼",
    "how much ivig do they give", "what is TEN", "is ten the same as sjs", "Can IVIG treat lupus?",
    "does ivig realy help ten", "TEN 和 SJS 的区别", "what causes toxic epidermal necrolysis", "中毒性表皮坏死松解症是什么",
    "how long does ivig take", "IVIG有什么风险", "What are your opening hours?", "hello",
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def lua_script(path: Path) -> None:
    bodies = ",\n".join("[==[" + json.dumps({"question": q}, ensure_ascii=False) + "]==]" for q in QUESTIONS)
    path.write_text(
        "local bodies = {\n" + bodies + "\n}\nlocal n = 0\n"
        "request = function()\n  n = n + 1\n"
        '  return wrk.format("POST", "/api/v1/ask", {["Content-Type"] = "application/json"}, bodies[(n % #bodies) + 1])\n'
        "end\n",
        encoding="utf-8",
    )


def run_wrk(url: str, seconds: float, connections: int, threads: int, script: Path | None = None) -> dict[str, float]:
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds:g}s", "--latency", "--timeout", "5s"]
    if script is not None:
        command += ["-s", str(script)]
    output = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))  # type: ignore[union-attr]
    p99 = re.search(r"^\s+99%\s+([\d.]+)(us|ms|s)\b", output, re.MULTILINE)
    assert p99, output
    p99_ms = float(p99.group(1)) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[p99.group(2)]
    requests = int(re.search(r"(\d+) requests in", output).group(1))  # type: ignore[union-attr]
    non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    return {"requests": requests, "rps": rps, "p99_ms": round(p99_ms, 2),
            "errors": (int(non2xx.group(1)) if non2xx else 0) + (sum(map(int, errors.groups())) if errors else 0)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--root", type=Path, default=ROOT, help="the checkout to serve (default: this one)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--duration", type=float, default=5.0, help="seconds per endpoint and round")
    parser.add_argument("--rounds", type=int, default=3, help="health and ask alternate this many times (median)")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args(argv)
    if shutil.which("wrk") is None:
        raise SystemExit("wrk not found: apt-get install wrk")

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory() as scratch:
        data_dir = Path(scratch) / "data"
        script = Path(scratch) / "ask.lua"
        lua_script(script)
        env = {**os.environ, "FAQBOT_RATE_LIMIT": "off", "FAQBOT_DATA_DIR": str(data_dir), "PYTHONDONTWRITEBYTECODE": "1",
               "PYTHONPATH": str(args.root.resolve())}
        command = [sys.executable, "-m", "uvicorn", "--factory", "app.main:app_factory", "--host", "127.0.0.1",
                   "--port", str(port), "--workers", str(args.workers), "--no-access-log", "--no-proxy-headers", "--ws", "none"]
        with open(Path(scratch) / "server.log", "wb") as log:
            server = subprocess.Popen(command, cwd=args.root, env=env, stdin=subprocess.DEVNULL, stdout=log,
                                      stderr=subprocess.STDOUT, start_new_session=True)
        try:
            deadline, ready = time.monotonic() + 90, 0
            while ready < 10:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise SystemExit("the server did not become ready:\n" + (Path(scratch) / "server.log").read_text())
                try:
                    ready = ready + 1 if httpx.get(f"{base}/api/v1/ready", timeout=2).status_code == 200 else 0
                except httpx.TransportError:
                    ready = 0
                time.sleep(0.05)
            warmup = run_wrk(f"{base}/api/v1/ask", 2, args.connections, args.threads, script)
            rounds = []
            for _ in range(args.rounds):  # alternate, so that a neighbour's load hits both endpoints alike
                rounds.append((run_wrk(f"{base}/api/v1/health", args.duration, args.connections, args.threads),
                               run_wrk(f"{base}/api/v1/ask", args.duration, args.connections, args.threads, script)))
            rounds.sort(key=lambda pair: pair[1]["rps"] / pair[0]["rps"])
            health, ask = rounds[len(rounds) // 2]  # the round with the median ratio
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=60)
        database = data_dir / "faqbot.sqlite3"
        records = None
        if database.exists():
            with sqlite3.connect(database) as connection:
                records = connection.execute("SELECT count(*) FROM replies").fetchone()[0]

    print(f"{args.root}: {args.workers} workers; wrk -t{args.threads} -c{args.connections}, {args.duration:g} s per endpoint, "
          f"{args.rounds} alternating rounds; ratios per round: "
          + ", ".join(f"{a['rps'] / h['rps']:.0%}" for h, a in rounds) + "; the median round:")
    print(f"{'endpoint':<22}{'requests':>10}{'errors':>8}{'req/s':>10}{'p99 ms':>10}")
    for name, phase in (("GET /api/v1/health", health), ("POST /api/v1/ask", ask)):
        print(f"{name:<22}{phase['requests']:>10}{phase['errors']:>8}{phase['rps']:>10.0f}{phase['p99_ms']:>10.2f}")
    ratio = ask["rps"] / health["rps"]
    print(f"ask / health: throughput {ratio:.0%} (target >= 50%); ask p99 {ask['p99_ms']:.1f} ms (target <= 50 ms)")
    if records is not None:
        print(f"reply records in the database after shutdown: {records}; asks answered (warm-up included): "
              f"{warmup['requests'] + sum(a['requests'] for _, a in rounds)} (wrk counts completed requests only)")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({"root": str(args.root), "health": health, "ask": ask, "ratio": round(ratio, 3),
                                         "reply_records": records}, indent=2) + "\n", encoding="utf-8")
    return 1 if health["errors"] or ask["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
