"""What the HTTP protocol choice costs: uvicorn's httptools, our guarded httptools, uvicorn's h11 with its cap.

    python bench/protocols.py                      # 1 worker, 32 connections, 10 s per phase, 2 rounds
    python bench/protocols.py --rounds 3 --json bench/results/protocols.json

A request's headers need a size cap and a deadline (``app/ops/http_guard.py``). uvicorn offers a cap only with h11
(``--http h11 --h11-max-incomplete-event-size``); httptools has none, so we guard it ourselves. This measures
the throughput of ``GET /api/v1/health`` and ``POST /api/v1/ask`` for each of the three, one server process of
one worker at a time (wrk on the other core), alternating the variants round after round so that drift on a
shared machine spreads over all of them. Each throughput is the median over the rounds; each ratio is the
median over the rounds of the ratio to plain httptools' ``/api/v1/health`` *of the same round* (paired, so a
burst of load from elsewhere cancels out), whose absolute throughput is printed too.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
from pathlib import Path

from wrk_runner import (
    ROOT,
    Phase,
    free_port,
    load_questions,
    require_wrk,
    run_wrk,
    start_server,
    stop_server,
    wait_ready,
)

QUESTIONS = ROOT / "tests" / "eval" / "questions.yaml"
UVICORN = ["uvicorn", "--factory", "app.web.application:app_factory", "--host", "127.0.0.1", "--no-access-log",
           "--no-proxy-headers", "--ws", "none", "--workers", "1"]
VARIANTS: dict[str, list[str]] = {
    "httptools (uvicorn, no cap)": ["--http", "httptools"],
    "guarded httptools (ours)": ["--http", "app.ops.http_guard:GuardedHttpToolsProtocol"],
    "h11 (uvicorn, 32 KiB cap)": ["--http", "h11", "--h11-max-incomplete-event-size", "32768"],
}


def measure(variant: list[str], questions: list[str], load: dict[str, float | int]) -> tuple[Phase, Phase]:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryFile() as log:
        server = start_server([*UVICORN, "--port", str(port), *variant], port, log)
        try:
            wait_ready(base, server)
            run_wrk("warmup", f"{base}/api/v1/ask", **{**load, "seconds": 1}, questions=questions)
            health = run_wrk("health", f"{base}/api/v1/health", **load)
            ask = run_wrk("ask", f"{base}/api/v1/ask", **load, questions=questions)
        finally:
            stop_server(server)
    return health, ask


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--duration", type=float, default=10.0, help="seconds per phase")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    require_wrk()
    questions = load_questions(QUESTIONS)
    load: dict[str, float | int] = {"seconds": args.duration, "connections": args.connections, "threads": args.threads}

    results: dict[str, list[tuple[Phase, Phase]]] = {name: [] for name in VARIANTS}
    for _ in range(args.rounds):
        for name, variant in VARIANTS.items():
            results[name].append(measure(variant, questions, load))

    baseline_name = next(iter(VARIANTS))
    baselines = [pair[0].throughput for pair in results[baseline_name]]

    def median(name: str, index: int) -> float:
        return statistics.median(pair[index].throughput for pair in results[name])

    def paired_ratio(name: str, index: int) -> float:
        return statistics.median(pair[index].throughput / base for pair, base in zip(results[name], baselines, strict=True))

    baseline = statistics.median(baselines)
    print(f"1 worker per server, wrk {args.threads} thread(s), {args.connections} connections, {args.duration:g} s "
          f"per phase, {args.rounds} round(s); ratios against {baseline_name} /api/v1/health of the same round "
          f"(median {baseline:.0f} req/s; rounds {min(baselines):.0f}-{max(baselines):.0f})")
    print(f"{'protocol':<30}{'health req/s':>14}{'ratio':>8}{'ask req/s':>12}{'ratio':>8}{'errors':>8}")
    report = {"baseline_health_throughput": round(baseline, 1), "variants": {}}
    failed = False
    for name in VARIANTS:
        health, ask = median(name, 0), median(name, 1)
        health_ratio, ask_ratio = paired_ratio(name, 0), paired_ratio(name, 1)
        errors = sum(phase.errors + phase.missing_disclaimer for pair in results[name] for phase in pair)
        failed = failed or errors > 0
        print(f"{name:<30}{health:>14.0f}{health_ratio:>8.0%}{ask:>12.0f}{ask_ratio:>8.0%}{errors:>8}")
        report["variants"][name] = {"health": round(health, 1), "ask": round(ask, 1),  # type: ignore[index]
                                    "health_ratio": round(health_ratio, 3), "ask_ratio": round(ask_ratio, 3)}
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
