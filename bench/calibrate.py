"""Fit the matcher's confidence calibration and report how well calibrated it is.

    python bench/calibrate.py

Fits two logistic (Platt) curves, P(top entry is right) = 1 / (1 + exp(-(slope * score + intercept))), on the top
candidate of every question of the tuning sets (app.answering.evaluation.TUNING_SETS; an out-of-scope question's top entry is
never right) that reaches matching: one for questions whose candidates the scope rules left open, one for those
whose aspect chose them (app.answering.scope). Prints the constants to put in app/answering/matcher.py and the expected calibration
error (ECE, 10 bins) on each set, the tuning sets and the ones kept for checking.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.answering import matcher  # noqa: E402
from app.answering.evaluation import TUNING_SETS, calibration_error, fit_calibration, top_scores  # noqa: E402
from app.answering.service import build_service  # noqa: E402
from app.ops.settings import Settings  # noqa: E402

CHECK_SETS = tuple(TUNING_SETS[0].parent / name for name in ("blind.yaml", "final.yaml"))


def main() -> int:
    service = build_service(Settings())
    for guided, names in ((False, ("CALIBRATION_SLOPE", "CALIBRATION_INTERCEPT")), (True, ("GUIDED_SLOPE", "GUIDED_INTERCEPT"))):
        pairs = [top_scores(service, path, guided) for path in TUNING_SETS]
        scores = np.concatenate([p[0] for p in pairs])
        right = np.concatenate([p[1] for p in pairs])
        slope, intercept = fit_calibration(scores, right)
        print(f"{names[0]} = {slope:.2f}\n{names[1]} = {intercept:.2f}   ({len(scores)} questions)")
        print(f"(in use: {getattr(matcher, names[0])}, {getattr(matcher, names[1])})")
        for path in (*TUNING_SETS, *CHECK_SETS):
            scores, right = top_scores(service, path, guided)
            if len(scores):
                in_use = np.array([matcher.calibrated(score, guided) for score in scores])
                print(f"  {path.name}: expected calibration error {calibration_error(in_use, right):.3f} over {len(scores)} questions")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
