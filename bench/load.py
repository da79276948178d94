"""Load benchmark: the real server as the README runs it (2 workers, loopback), loaded by wrk, a bounded time.

    python bench/load.py                          # 2 workers, 32 connections, 10 s per phase
    python bench/load.py --connections 64 --duration 20 --json bench/results/load.json

It starts ``python -m app.server`` (the production options: no access log, JSON logs, the guarded HTTP protocol)
with ``FAQBOT_WORKERS`` workers, waits until it is ready, warms up, then runs two phases back to back against the
same server with wrk (``bench/wrk_runner.py``; ``sudo apt-get install wrk``): the trivial endpoint
``GET /api/v1/health``, then ``POST /api/v1/ask`` with the questions of ``tests/eval/questions.yaml`` (English,
Chinese, mixed, Traditional, typos, out of scope, in turn). It prints both phases' absolute throughput and
latency, and ask/health as ratios. Health's absolute figure is printed beside the ratio on purpose: if the load
generator were the bottleneck, health would be slow too, and a good-looking ratio would mean nothing.
It exits non-zero if any request failed or any reply lacked the disclaimer.

wrk runs on the same machine as the server (2 cores here): the absolute figures are what this box does with the
client competing for CPU (wrk's share is small); the ratio is the meaningful number.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from dataclasses import asdict
from pathlib import Path

from wrk_runner import ROOT, free_port, load_questions, require_wrk, run_wrk, start_server, stop_server, wait_ready

QUESTIONS = ROOT / "tests" / "eval" / "questions.yaml"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--connections", type=int, default=32, help="concurrent keep-alive connections")
    parser.add_argument("--threads", type=int, default=1, help="wrk threads (one is plenty for this server)")
    parser.add_argument("--duration", type=float, default=10.0, help="seconds per phase")
    parser.add_argument("--warmup", type=float, default=2.0)
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args(argv)
    require_wrk()

    questions = load_questions(QUESTIONS)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    load = {"seconds": args.duration, "connections": args.connections, "threads": args.threads}
    with tempfile.TemporaryFile() as log:
        server = start_server(["app.server"], port, log, {"FAQBOT_WORKERS": str(args.workers)})
        try:
            wait_ready(base, server)
            run_wrk("warmup", f"{base}/api/v1/ask", **{**load, "seconds": args.warmup}, questions=questions)
            health = run_wrk("GET /api/v1/health", f"{base}/api/v1/health", **load)
            ask = run_wrk("POST /api/v1/ask", f"{base}/api/v1/ask", **load, questions=questions)
        finally:
            stop_server(server)

    print(f"server: python -m app.server, {args.workers} workers on loopback; wrk {args.threads} thread(s), "
          f"{args.connections} connections, {args.duration:g} s per phase; {len(questions)} questions in turn")
    print(f"{'endpoint':<22}{'requests':>10}{'errors':>8}{'no discl.':>10}{'req/s':>10}{'p50 ms':>10}{'p99 ms':>10}")
    for phase in (health, ask):
        print(f"{phase.name:<22}{phase.requests:>10}{phase.errors:>8}{phase.missing_disclaimer:>10}"
              f"{phase.throughput:>10.1f}{phase.p50_ms:>10}{phase.p99_ms:>10}")
    throughput_ratio = ask.throughput / health.throughput
    p99_ratio = ask.p99_ms / health.p99_ms if health.p99_ms else float("nan")
    print(f"ask / health: throughput {throughput_ratio:.0%} (health itself: {health.throughput:.0f} req/s), "
          f"p99 latency x{p99_ratio:.2f}")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        report = {"workers": args.workers, **load,
                  "phases": [{**asdict(phase), "throughput": round(phase.throughput, 1)} for phase in (health, ask)],
                  "health_throughput": round(health.throughput, 1),
                  "throughput_ratio": round(throughput_ratio, 3), "p99_ratio": round(p99_ratio, 3)}
        args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    failed = any(phase.errors or phase.missing_disclaimer for phase in (health, ask))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
