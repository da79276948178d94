"""In-process matching latency, next to the raw cost of one rapidfuzz ``process.extractOne`` over the same phrasings.

    python bench/matching.py [--rounds 20]

Both are timed in this run, on the same questions (the evaluation set): the ratio is what the matcher costs
over the floor that any rapidfuzz-based matcher pays to look at every phrasing once.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from rapidfuzz import fuzz, process  # noqa: E402

from app.evaluation import load_eval_set  # noqa: E402
from app.service import build_service  # noqa: E402
from app.settings import Settings  # noqa: E402


def timings(function, questions: list[str], rounds: int) -> list[float]:  # type: ignore[no-untyped-def]
    samples = []
    for _ in range(rounds):
        for question in questions:
            started = time.perf_counter_ns()
            function(question)
            samples.append((time.perf_counter_ns() - started) / 1_000)
    return samples


def describe(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[int(len(ordered) * 0.99) - 1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()

    service = build_service(Settings())
    questions = [item.q for item in load_eval_set()]
    choices = list(service.index.choices)
    raw_phrasings = [phrasing.text for phrasing in service.index.phrasings]

    def baseline(question: str) -> object:
        return process.extractOne(question, raw_phrasings, scorer=fuzz.WRatio)

    def ask(question: str) -> object:
        return service.composer.ask(question, "en")

    for function in (service.matcher.match, baseline, ask):  # warm up
        timings(function, questions[:50], 1)
    matcher = timings(service.matcher.match, questions, args.rounds)
    composer = timings(ask, questions, args.rounds)
    floor = timings(baseline, questions, args.rounds)
    m_med, m_p99 = describe(matcher)
    c_med, c_p99 = describe(composer)
    f_med, f_p99 = describe(floor)
    print(f"{len(questions)} questions x {args.rounds} rounds; {len(choices)} phrasings; times in microseconds")
    print(f"{'':<40}{'median':>10}{'p99':>10}")
    print(f"{'baseline: process.extractOne (WRatio)':<40}{f_med:>10.1f}{f_p99:>10.1f}")
    print(f"{'matcher.match':<40}{m_med:>10.1f}{m_p99:>10.1f}")
    print(f"{'composer.ask (intents + match + reply)':<40}{c_med:>10.1f}{c_p99:>10.1f}")
    print(f"ratio matcher / baseline: median {m_med / f_med:.2f}x, p99 {m_p99 / f_p99:.2f}x")
    print(f"ratio composer / baseline: median {c_med / f_med:.2f}x, p99 {c_p99 / f_p99:.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
