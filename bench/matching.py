"""In-process matching latency, next to the raw cost of one rapidfuzz ``process.extractOne`` over the same phrasings.

    python bench/matching.py [--rounds 20] [--set tests/eval/NAME.yaml ...]

All are timed in this run, on the same questions (by default questions.yaml and realworld-dev.yaml): the ratio is
what the service costs over the floor that any rapidfuzz-based matcher pays to look at every phrasing once.
``composer.ask`` is the whole reply to a question never seen before (the reply cache is off); the cache's own line
shows a repeated question. Times are wall-clock microseconds; on a busy machine compare the ratios.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from rapidfuzz import fuzz, process  # noqa: E402

from app.answering.evaluation import EVAL_SET, load_eval_set  # noqa: E402
from app.answering.service import build_service  # noqa: E402
from app.ops.settings import Settings  # noqa: E402


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
    parser.add_argument("--set", type=Path, action="append", help="question sets (default: questions, realworld-dev)")
    args = parser.parse_args()

    # Questions that never repeat: the reply cache is off for these figures (it is measured on its own below).
    service = build_service(Settings(reply_cache_size=0))
    cached_service = build_service(Settings())
    sets = args.set or [EVAL_SET, EVAL_SET.parent / "realworld-dev.yaml"]
    questions = [item.q for path in sets for item in load_eval_set(path)]
    choices = list(service.index.choices)
    raw_phrasings = [phrasing.text for phrasing in service.index.phrasings]

    def baseline(question: str) -> object:
        return process.extractOne(question, raw_phrasings, scorer=fuzz.WRatio)

    def ask(question: str) -> object:
        return service.composer.ask(question, "en")

    def ask_cached(question: str) -> object:
        return cached_service.composer.ask(question, "en")

    for function in (service.matcher.match, baseline, ask):  # warm up
        timings(function, questions[:50], 1)
    matcher = timings(service.matcher.match, questions, args.rounds)
    composer = timings(ask, questions, args.rounds)
    cached = timings(ask_cached, questions, args.rounds)  # after the first round, every question is a repeat
    floor = timings(baseline, questions, args.rounds)
    m_med, m_p99 = describe(matcher)
    c_med, c_p99 = describe(composer)
    f_med, f_p99 = describe(floor)
    print(f"{len(questions)} questions x {args.rounds} rounds; {len(choices)} phrasings; times in microseconds")
    print(f"{'':<46}{'median':>10}{'p99':>10}")
    print(f"{'baseline: process.extractOne (WRatio)':<46}{f_med:>10.1f}{f_p99:>10.1f}")
    print(f"{'matcher.match':<46}{m_med:>10.1f}{m_p99:>10.1f}")
    print(f"{'composer.ask (read + rules + match + reply)':<46}{c_med:>10.1f}{c_p99:>10.1f}")
    k_med, k_p99 = describe(cached)
    print(f"{'composer.ask, repeated questions (cache)':<46}{k_med:>10.1f}{k_p99:>10.1f}")
    print(f"ratio matcher / baseline: median {m_med / f_med:.2f}x, p99 {m_p99 / f_p99:.2f}x")
    print(f"ratio composer / baseline: median {c_med / f_med:.2f}x, p99 {c_p99 / f_p99:.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
