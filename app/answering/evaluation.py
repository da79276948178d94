"""Accuracy of the whole reply pipeline on a labelled question set (``tests/eval/questions.yaml``).

Used by the accuracy tests (which fail below the agreed floors) and by ``bench/accuracy.py`` (which reports
the figures and sweeps settings). A question's ``expect`` is an entry id, or ``no_match``, ``small_talk`` or
``emergency``; its ``group`` is ``en``, ``zh``, ``mixed`` or ``zh_hant``. Optional fields: ``accept``, other entries
that answer the question defensibly (counted as right), and for ``no_match`` the ``reason`` it should give
(``other_subject``, ``uncovered_aspect``).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import yaml

from app.answering.replies import Composer
from app.answering.service import FaqService
from app.ops.settings import PROJECT_ROOT

EVAL_SET = PROJECT_ROOT / "tests" / "eval" / "questions.yaml"
# The sets the matcher's settings and calibration were tuned on; the others are for checking.
TUNING_SETS = tuple(PROJECT_ROOT / "tests" / "eval" / name for name in ("questions.yaml", "realworld-dev.yaml", "traps-dev.yaml"))
LABELS = ("no_match", "small_talk", "emergency")
GROUPS = ("en", "zh", "mixed", "zh_hant")


@dataclass(frozen=True, slots=True)
class Labelled:
    q: str
    expect: str
    group: str
    tags: tuple[str, ...] = ()
    accept: tuple[str, ...] = ()
    reason: str | None = None

    @property
    def right_entries(self) -> tuple[str, ...]:
        return (self.expect, *self.accept)


@dataclass
class Outcome:
    question: Labelled
    kind: str
    entry_id: str | None
    confidence: float
    reason: str | None = None

    @property
    def correct(self) -> bool:
        expect = self.question.expect
        if expect in LABELS:
            return self.kind == expect
        # a false emergency alarm is a failure too
        return self.kind == "answer" and self.entry_id in self.question.right_entries


@dataclass
class Report:
    outcomes: list[Outcome] = field(default_factory=list)

    def in_scope(self, groups: tuple[str, ...]) -> list[Outcome]:
        return [o for o in self.outcomes if o.question.expect not in LABELS and o.question.group in groups]

    def accuracy(self, groups: tuple[str, ...]) -> float:
        chosen = self.in_scope(groups)
        return sum(o.correct for o in chosen) / len(chosen) if chosen else 1.0

    def label_accuracy(self, label: str) -> float:
        chosen = [o for o in self.outcomes if o.question.expect == label]
        return sum(o.correct for o in chosen) / len(chosen) if chosen else 1.0

    def out_of_scope_answered(self) -> float:
        """Share of out-of-scope questions that got a confident answer (the worst kind of mistake)."""
        chosen = [o for o in self.outcomes if o.question.expect == "no_match"]
        return sum(o.kind == "answer" for o in chosen) / len(chosen) if chosen else 0.0

    def false_alarms(self) -> float:
        """Share of questions that are not emergencies but got the emergency reply."""
        chosen = [o for o in self.outcomes if o.question.expect != "emergency"]
        return sum(o.kind == "emergency" for o in chosen) / len(chosen) if chosen else 0.0

    def failures(self) -> list[Outcome]:
        return [o for o in self.outcomes if not o.correct]

    def summary(self) -> dict[str, float]:
        counts: dict[str, int] = defaultdict(int)
        for outcome in self.outcomes:
            counts[outcome.question.group] += 1
        return {
            "in_scope_top1_en": self.accuracy(("en",)),
            "in_scope_top1_zh": self.accuracy(("zh",)),
            "in_scope_top1_mixed": self.accuracy(("mixed",)),
            "in_scope_top1_zh_hant": self.accuracy(("zh_hant",)),
            "in_scope_top1_zh_mixed_hant": self.accuracy(("zh", "mixed", "zh_hant")),
            "in_scope_top1_all": self.accuracy(GROUPS),
            "out_of_scope_answered": self.out_of_scope_answered(),
            "small_talk": self.label_accuracy("small_talk"),
            "emergency": self.label_accuracy("emergency"),
            "false_alarms": self.false_alarms(),
            "questions": float(len(self.outcomes)),
        }


def load_eval_set(path: Path = EVAL_SET) -> list[Labelled]:
    with path.open(encoding="utf-8") as stream:
        data = yaml.safe_load(stream)
    return [
        Labelled(
            item["q"],
            item["expect"],
            item["group"],
            tuple(item.get("tags", ())),
            tuple(item.get("accept", ())),
            item.get("reason"),
        )
        for item in data["questions"]
    ]


def evaluate(composer: Composer, questions: list[Labelled]) -> Report:
    report = Report()
    for question in questions:
        reply = composer.ask(question.q, "en")
        entry_id = reply.entry.id if reply.entry else None
        report.outcomes.append(Outcome(question, reply.kind, entry_id, reply.confidence, getattr(reply, "reason", None)))
    return report


def top_scores(service: FaqService, path: Path, guided: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """Each question's top matching score along the reply's own path (the scope rules first), and whether that top
    entry is right; only the questions whose candidates the scope rules left open (``guided=False``) or chose by
    the question's aspect (``guided=True``). Emergencies, small talk and questions the rules decline are left out.
    """
    composer = service.composer
    scores, right = [], []
    for question in load_eval_set(path):
        if question.expect in ("small_talk", "emergency"):
            continue
        reading = composer.reader.read(question.q)
        scope = composer.scope.judge(reading)
        if scope.reason is not None or scope.guided != guided:
            continue
        candidates = composer.matcher.match_features(
            scope.features, reading.text, allowed=scope.allowed, guided=scope.guided
        ).candidates
        scores.append(candidates[0].score if candidates else 0.0)
        right.append(float(bool(candidates) and candidates[0].entry_id in question.right_entries))
    return np.array(scores), np.array(right)


def fit_calibration(scores: np.ndarray, right: np.ndarray, steps: int = 20_000) -> tuple[float, float]:
    """Platt scaling: the slope and intercept of the logistic curve that best predicts ``right`` from ``scores``."""
    slope, intercept = 1.0, 0.0
    for _ in range(steps):  # gradient descent on the log loss: small data, no extra dependency
        p = 1.0 / (1.0 + np.exp(-(slope * scores + intercept)))
        slope -= 0.5 * float(np.mean((p - right) * scores))
        intercept -= 0.5 * float(np.mean(p - right))
    return slope, intercept


def calibration_error(probabilities: np.ndarray, right: np.ndarray, bins: int = 10) -> float:
    """Expected calibration error: the gap between confidence and accuracy, averaged over equal-width bins."""
    edges = np.linspace(0.0, 1.0, bins + 1)
    error = 0.0
    for low, high in zip(edges[:-1], edges[1:], strict=True):
        chosen = (probabilities >= low) & (probabilities < high if high < 1.0 else probabilities <= high)
        if chosen.any():
            error += chosen.mean() * abs(probabilities[chosen].mean() - right[chosen].mean())
    return float(error)
