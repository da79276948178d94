"""Start-up time and resident memory of the real server, next to a trivial FastAPI app started the same way.

    python bench/startup.py [--runs 3]

Each run starts a fresh process (``python -m uvicorn ... --factory`` on a loopback port), polls until the app
answers (``/api/v1/ready`` for ours, ``/`` for the baseline), then reads the process's VmRSS from /proc.
Both are measured in the same run, so the ratio says what the FAQ service costs over an empty FastAPI app.
Ours is started twice per run with a fresh FAQBOT_DATA_DIR: the first start creates the database and runs every
catalog check; the restart finds both done (the checks' memo, app/content/catalog_check.py), as a deployed service does.
After each start is measured, ours is asked every fifth question of the evaluation sets (tests/eval/*.yaml: English,
Simplified, Traditional and Cantonese, other subjects, emergencies) one by one, without a language, so that the
question's script decides the reply's, and its VmRSS is read again: memory in service, not only at ready.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.answering.evaluation import EVAL_SET, load_eval_set  # noqa: E402

BASELINE_APP = '''
from fastapi import FastAPI

def app_factory() -> FastAPI:
    app = FastAPI()

    @app.get("/")
    def root() -> dict[str, str]:
        return {"status": "ok"}

    return app
'''


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


def service_questions() -> list[str]:
    """Every fifth question of the evaluation sets, in file order."""
    questions = [item.q for path in sorted(EVAL_SET.parent.glob("*.yaml")) for item in load_eval_set(path)]
    return questions[::5]


def ask_all(port: int, questions: list[str]) -> None:
    for question in questions:
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/api/v1/ask", data=json.dumps({"question": question}).encode(),
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            response.read()


def measure(
    factory: str, probe: str, cwd: Path, env: dict[str, str], questions: list[str] | None = None
) -> tuple[float, float, float]:
    """(seconds to the first 200, VmRSS MiB then, VmRSS MiB after asking ``questions``: NaN without them)."""
    port = free_port()
    command = [sys.executable, "-m", "uvicorn", "--factory", factory, "--port", str(port), "--no-access-log", "--log-level", "warning"]
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = started + 30
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}{probe}", timeout=1) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if time.perf_counter() > deadline or process.poll() is not None:
                raise RuntimeError(f"{factory} did not start")
            time.sleep(0.01)
        elapsed = time.perf_counter() - started
        ready = rss_mib(process.pid)
        if questions is None:
            return elapsed, ready, float("nan")
        ask_all(port, questions)
        return elapsed, ready, rss_mib(process.pid)
    finally:
        process.terminate()
        process.wait(timeout=10)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    env = {**os.environ, "FAQBOT_LOG_LEVEL": "warning", "FAQBOT_RATE_LIMIT": "off"}  # the questions come from one client
    first, again, base = [], [], []
    questions = service_questions()
    with tempfile.TemporaryDirectory() as scratch:
        Path(scratch, "baseline_app.py").write_text(BASELINE_APP)
        for run in range(args.runs):
            data = {**env, "FAQBOT_DATA_DIR": str(Path(scratch, f"data-{run}"))}
            first.append(measure("app.web.application:app_factory", "/api/v1/ready", ROOT, data, questions))
            again.append(measure("app.web.application:app_factory", "/api/v1/ready", ROOT, data, questions))
            base.append(measure("baseline_app:app_factory", "/", Path(scratch), env))
    b_time, b_rss = statistics.median(t for t, _, _ in base), statistics.median(r for _, r, _ in base)
    print(f"median of {args.runs} runs; start-up = process start until the first 200; "
          f"in service = after {len(questions)} evaluation questions, no language given")
    print(f"{'':<40}{'start-up s':>12}{'RSS MiB':>10}{'ratio':>16}{'in service MiB':>16}")
    print(f"{'baseline: empty FastAPI app':<40}{b_time:>12.2f}{b_rss:>10.1f}")
    for name, runs in (("FAQ service, first start (all checks)", first), ("FAQ service, restart", again)):
        o_time, o_rss = statistics.median(t for t, _, _ in runs), statistics.median(r for _, r, _ in runs)
        serving = statistics.median(s for _, _, s in runs)
        ratio = f"{o_time / b_time:.2f}x, {o_rss / b_rss:.2f}x"
        print(f"{name:<40}{o_time:>12.2f}{o_rss:>10.1f}{ratio:>16}{serving:>16.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
