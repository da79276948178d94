"""Fit the matcher's confidence calibration and report how well calibrated it is.

    python bench/calibrate.py

Fits a logistic (Platt) curve, P(top entry is right) = 1 / (1 + exp(-(slope * score + intercept))), on the top
candidate of every in-scope and out-of-scope question of tests/eval/questions.yaml (an out-of-scope question's top
entry is never right), then prints the constants to put in app/matcher.py and the expected calibration error (ECE,
10 bins) on that set and on the blind set, which was not used for the fit.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app import matcher  # noqa: E402
from app.evaluation import EVAL_SET, calibration_error, fit_calibration, top_scores  # noqa: E402
from app.service import build_service  # noqa: E402
from app.settings import Settings  # noqa: E402

BLIND_SET = EVAL_SET.parent / "blind.yaml"


def main() -> int:
    service = build_service(Settings())
    slope, intercept = fit_calibration(*top_scores(service, EVAL_SET))
    print(f"CALIBRATION_SLOPE = {slope:.2f}\nCALIBRATION_INTERCEPT = {intercept:.2f}")
    print(f"(in use: {matcher.CALIBRATION_SLOPE}, {matcher.CALIBRATION_INTERCEPT})")
    for path in (EVAL_SET, BLIND_SET):
        scores, right = top_scores(service, path)
        in_use = np.array([matcher.calibrated(score) for score in scores])
        print(f"{path.name}: expected calibration error {calibration_error(in_use, right):.3f} over {len(scores)} questions")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
