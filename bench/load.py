"""Load benchmark: the real server as the README runs it (2 workers, loopback), loaded by wrk, alternating rounds.

    python bench/load.py                          # 2 workers, 50 connections, 3 rounds of 5 s per endpoint
    python bench/load.py --root /tmp/before       # serve another checkout (e.g. `git archive` of an older commit)
    python bench/load.py --json bench/results/load.json

It starts ``python -m app.ops.server`` (the production options: no access log, JSON logs, the guarded HTTP protocol)
with ``--workers`` workers and a fresh SQLite database, waits until it is ready, warms up, then alternates wrk
(``bench/wrk_runner.py``; Debian's ``wrk``, not the bottleneck a Python client would be) against the trivial
``GET /api/v1/health`` and ``POST /api/v1/ask`` for ``--rounds`` rounds, so that a neighbour's load hits both alike,
and reports the round with the median ratio. The questions are those of the evaluation sets (English, Chinese,
mixed, Traditional, typos, out of scope), interleaved. Two servers are measured in turn:

* **never repeating**: the reply cache off (``FAQBOT_REPLY_CACHE_SIZE=0``), so every ask is matched and composed,
  as if no question ever came twice (the budget: ask >= 50 % of health, ask p99 <= 50 ms, no errors);
* **repeating**: the default cache; the set's questions come round again, as FAQ traffic does (reported apart).

Health's absolute throughput is printed beside each ratio on purpose: if the load generator were the bottleneck,
health would be slow too, and a good-looking ratio would mean nothing. After each server has shut down, the reply
records in its database are counted: every ask answered must have its record (written in batches, off the request
path). It exits non-zero if any request failed, any reply lacked the disclaimer, or a record is missing.

wrk runs on the same machine as the server (2 cores here): the absolute figures are what this box does with the
client competing for CPU (wrk's share is small); the ratio is the meaningful number.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
import tempfile
from dataclasses import asdict, dataclass
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

QUESTION_SETS = [ROOT / "tests" / "eval" / name for name in ("questions.yaml", "realworld-dev.yaml", "traps-dev.yaml")]
MODES = {"never repeating": {"FAQBOT_REPLY_CACHE_SIZE": "0"}, "repeating": {}}


@dataclass
class Measured:
    mode: str
    health: Phase
    ask: Phase
    ratios: list[float]  # ask/health throughput of every round
    asks_answered: int  # warm-up included
    reply_records: int | None  # in the database after shutdown

    @property
    def ratio(self) -> float:
        return self.ask.throughput / self.health.throughput


def measure(mode: str, env: dict[str, str], questions: list[str], args: argparse.Namespace) -> Measured:
    """One server, ``args.rounds`` alternating rounds of health and ask; the round with the median ratio."""
    load = {"seconds": args.duration, "connections": args.connections, "threads": args.threads}
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory() as scratch, tempfile.TemporaryFile() as log:
        server_env = {"FAQBOT_WORKERS": str(args.workers), "FAQBOT_DATA_DIR": scratch, **env}
        server = start_server(["app.ops.server"], port, log, server_env, root=args.root)
        try:
            wait_ready(base, server)
            warmup = run_wrk("warmup", f"{base}/api/v1/ask", **{**load, "seconds": args.warmup}, questions=questions)
            rounds = [
                (run_wrk("GET /api/v1/health", f"{base}/api/v1/health", **load),
                 run_wrk("POST /api/v1/ask", f"{base}/api/v1/ask", **load, questions=questions))
                for _ in range(args.rounds)
            ]
        finally:
            stop_server(server)
        database = Path(scratch) / "faqbot.sqlite3"
        records = None
        if database.exists():
            with sqlite3.connect(database) as connection:
                records = int(connection.execute("SELECT count(*) FROM replies").fetchone()[0])
    ratios = [ask.throughput / health.throughput for health, ask in rounds]
    health, ask = sorted(rounds, key=lambda pair: pair[1].throughput / pair[0].throughput)[len(rounds) // 2]
    answered = warmup.requests - warmup.errors + sum(a.requests - a.errors for _, a in rounds)
    return Measured(mode, health, ask, ratios, answered, records)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--root", type=Path, default=ROOT, help="the checkout to serve (default: this one)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--connections", type=int, default=50, help="concurrent keep-alive connections")
    parser.add_argument("--threads", type=int, default=1, help="wrk threads (one is plenty for this server)")
    parser.add_argument("--duration", type=float, default=5.0, help="seconds per endpoint and round")
    parser.add_argument("--rounds", type=int, default=3, help="health and ask alternate this many times")
    parser.add_argument("--warmup", type=float, default=2.0)
    parser.add_argument("--mode", choices=[*MODES, "both"], default="both")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args(argv)
    require_wrk()

    questions = [q for path in QUESTION_SETS for q in load_questions(path)]
    modes = list(MODES) if args.mode == "both" else [args.mode]
    results = [measure(mode, MODES[mode], questions, args) for mode in modes]

    print(f"server: python -m app.ops.server from {args.root}, {args.workers} workers on loopback; wrk {args.threads} "
          f"thread(s), {args.connections} connections, {args.rounds} alternating rounds of {args.duration:g} s per "
          f"endpoint (the round with the median ratio shown); {len(questions)} questions in turn")
    print(f"{'mode':<17}{'endpoint':<20}{'requests':>10}{'errors':>8}{'no discl.':>10}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}")
    failed = False
    for result in results:
        for phase in (result.health, result.ask):
            print(f"{result.mode:<17}{phase.name:<20}{phase.requests:>10}{phase.errors:>8}{phase.missing_disclaimer:>10}"
                  f"{phase.throughput:>9.0f}{phase.p50_ms:>9}{phase.p99_ms:>9}")
        print(f"{result.mode:<17}ask / health: throughput {result.ratio:.0%} (health itself {result.health.throughput:.0f} "
              f"req/s; every round: {', '.join(f'{r:.0%}' for r in result.ratios)}); ask p99 {result.ask.p99_ms} ms")
        if result.reply_records is not None:
            print(f"{'':<17}reply records after shutdown: {result.reply_records} of {result.asks_answered} asks answered")
        failed |= any(phase.errors or phase.missing_disclaimer for phase in (result.health, result.ask))
        failed |= result.reply_records is not None and result.reply_records < result.asks_answered
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        report = {"root": str(args.root), "workers": args.workers, "connections": args.connections,
                  "rounds": args.rounds, "duration": args.duration,
                  "modes": [{"mode": r.mode, "health": {**asdict(r.health), "throughput": round(r.health.throughput, 1)},
                             "ask": {**asdict(r.ask), "throughput": round(r.ask.throughput, 1)},
                             "ratio": round(r.ratio, 3), "ratios": [round(x, 3) for x in r.ratios],
                             "asks_answered": r.asks_answered, "reply_records": r.reply_records} for r in results]}
        args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
