"""Accuracy of the matcher on the held-out evaluation set, and the settings sweeps that chose its defaults.

    python bench/accuracy.py                      # figures for the current settings
    python bench/accuracy.py --chinese both       # words (rjieba) vs character bigrams, same run
    python bench/accuracy.py --sweep-threshold    # in-scope accuracy vs out-of-scope answers per threshold
    python bench/accuracy.py --failures           # list the questions it gets wrong
    python bench/accuracy.py --calibration        # how often an answer is right, by confidence
    python bench/accuracy.py --set tests/eval/blind.yaml   # the blind set, never used for tuning
"""

from __future__ import annotations

import argparse
import sys
from itertools import pairwise
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.answering.evaluation import EVAL_SET, Report, evaluate, load_eval_set  # noqa: E402
from app.answering.service import build_service  # noqa: E402
from app.ops.settings import Settings  # noqa: E402

COLUMNS = [
    ("en", "in_scope_top1_en"),
    ("zh", "in_scope_top1_zh"),
    ("mixed", "in_scope_top1_mixed"),
    ("zh_hant", "in_scope_top1_zh_hant"),
    ("zh+mixed+hant", "in_scope_top1_zh_mixed_hant"),
    ("all", "in_scope_top1_all"),
    ("oos answered", "out_of_scope_answered"),
    ("small talk", "small_talk"),
    ("emergency", "emergency"),
    ("false alarms", "false_alarms"),
]


def row(label: str, summary: dict[str, float]) -> str:
    return f"{label:<22}" + "".join(f"{summary[key] * 100:>14.1f}" for _, key in COLUMNS)


def print_calibration(report: Report) -> None:
    """Answers binned by confidence: the share that was the expected entry (out-of-scope answers count as wrong)."""
    edges = [0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.01]
    print(f"    {'confidence':<14}{'answers':>8}{'right':>8}")
    for low, high in pairwise(edges):
        chosen = [o for o in report.outcomes if o.kind == "answer" and low <= o.confidence < high]
        if chosen:
            right = sum(o.entry_id == o.question.expect for o in chosen) / len(chosen)
            print(f"    {f'{low:.1f}-{min(high, 1.0):.1f}':<14}{len(chosen):>8}{right * 100:>7.1f}%")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--chinese", choices=["words", "bigrams", "both"], default=None)
    parser.add_argument("--sweep-threshold", action="store_true")
    parser.add_argument("--failures", action="store_true")
    parser.add_argument("--calibration", action="store_true", help="how often an answer is right, by confidence")
    parser.add_argument("--set", type=Path, default=EVAL_SET, help="question set (default: tests/eval/questions.yaml)")
    args = parser.parse_args()

    questions = load_eval_set(args.set)
    base = Settings()
    variants = {"current settings": base}
    if args.chinese == "both":
        variants = {f"chinese={mode}": base.model_copy(update={"chinese_features": mode}) for mode in ("words", "bigrams")}
    elif args.chinese:
        variants = {f"chinese={args.chinese}": base.model_copy(update={"chinese_features": args.chinese})}
    if args.sweep_threshold:
        variants = {
            f"threshold={t:.2f}": base.model_copy(update={"match_threshold": t})
            for t in (0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.8)
        }

    print(f"{len(questions)} questions ({args.set.name}); top-1 accuracy in %, out-of-scope answered in %")
    print(f"{'variant':<22}" + "".join(f"{name:>14}" for name, _ in COLUMNS))
    for label, settings in variants.items():
        report = evaluate(build_service(settings).composer, questions)
        print(row(label, report.summary()))
        if args.calibration:
            print_calibration(report)
        if args.failures:
            for outcome in report.failures():
                q = outcome.question
                print(f"    [{q.group}] {q.q!r}: expected {q.expect}, got {outcome.kind} {outcome.entry_id} ({outcome.confidence:.2f})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
