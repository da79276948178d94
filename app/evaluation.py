"""Accuracy of the whole reply pipeline on a labelled question set (``tests/eval/questions.yaml``).

Used by the accuracy tests (which fail below the agreed floors) and by ``bench/accuracy.py`` (which reports
the figures and sweeps settings). A question's ``expect`` is an entry id, or ``no_match``, ``small_talk`` or
``emergency``; its ``group`` is ``en``, ``zh``, ``mixed`` or ``zh_hant``.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from app.replies import Composer
from app.settings import PROJECT_ROOT

EVAL_SET = PROJECT_ROOT / "tests" / "eval" / "questions.yaml"
LABELS = ("no_match", "small_talk", "emergency")


@dataclass(frozen=True, slots=True)
class Labelled:
    q: str
    expect: str
    group: str
    tags: tuple[str, ...] = ()


@dataclass
class Outcome:
    question: Labelled
    kind: str
    entry_id: str | None
    confidence: float

    @property
    def correct(self) -> bool:
        expect = self.question.expect
        if expect in LABELS:
            return self.kind == expect
        return self.kind in {"answer", "emergency"} and self.entry_id == expect


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
            "out_of_scope_answered": self.out_of_scope_answered(),
            "small_talk": self.label_accuracy("small_talk"),
            "emergency": self.label_accuracy("emergency"),
            "questions": float(len(self.outcomes)),
        }


def load_eval_set(path: Path = EVAL_SET) -> list[Labelled]:
    with path.open(encoding="utf-8") as stream:
        data = yaml.safe_load(stream)
    return [Labelled(item["q"], item["expect"], item["group"], tuple(item.get("tags", ()))) for item in data["questions"]]


def evaluate(composer: Composer, questions: list[Labelled]) -> Report:
    report = Report()
    for question in questions:
        reply = composer.ask(question.q, "en")
        entry_id = reply.entry.id if reply.entry else None
        report.outcomes.append(Outcome(question, reply.kind, entry_id, reply.confidence))
    return report
