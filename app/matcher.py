"""Fuzzy matching of a question against every phrasing of every entry, with a confidence in 0..1.

The score of a phrasing blends two signals:

* **weighted overlap** (an F-measure leaning on the question's side): how much of the question's weight the
  phrasing covers, and how much of the phrasing's weight the question covers, with feature weights from
  :mod:`app.index`. Words that no entry knows ("lupus", "price") keep a high weight, so a question about something
  the article does not cover cannot reach a confident score just by sharing "IVIG". (Typos were already
  corrected by :mod:`app.normalize`, with rapidfuzz, against the content's own words.)
* **string similarity**: rapidfuzz ``token_sort_ratio`` of the joined features against every phrasing at once
  (``process.cdist``), which rewards near-identical wording, Chinese included.

An entry's confidence is the best score among its phrasings. The threshold and the close-call margin are settings.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from app.index import Index
from app.normalize import joined

RECALL_BETA_SQUARED = 4.0  # covering the question matters 4x more than covering the phrasing
STRING_SIMILARITY_SHARE = 0.35  # share of the score that string similarity can take away (bench/accuracy.py)


@dataclass(frozen=True, slots=True)
class Candidate:
    entry_id: str
    confidence: float
    phrasing: str  # the phrasing that scored best, for explanations and highlighting


@dataclass(frozen=True, slots=True)
class MatchResult:
    """Entries ranked best first; ``features`` is empty when the question had nothing to match on."""

    candidates: tuple[Candidate, ...]
    features: tuple[str, ...]
    threshold: float
    close_call_margin: float

    @property
    def best(self) -> Candidate | None:
        if self.candidates and self.candidates[0].confidence >= self.threshold:
            return self.candidates[0]
        return None

    @property
    def runner_up(self) -> Candidate | None:
        """The second entry when it scored within the close-call margin of the best."""
        best = self.best
        if best is None or len(self.candidates) < 2:
            return None
        second = self.candidates[1]
        return second if best.confidence - second.confidence < self.close_call_margin else None


class Matcher:
    def __init__(self, index: Index, threshold: float, close_call_margin: float) -> None:
        self.index = index
        self.threshold = threshold
        self.close_call_margin = close_call_margin

    def query_features(self, question: str) -> list[str]:
        """The question's distinct features, in order."""
        return list(dict.fromkeys(self.index.normalizer.features(question)))

    def match(self, question: str, limit: int | None = None) -> MatchResult:
        features = self.query_features(question)
        names = tuple(features)
        if not features:
            return MatchResult((), names, self.threshold, self.close_call_margin)
        index = self.index
        question_weight = sum(index.weight(feature) for feature in features)

        matched: dict[int, float] = defaultdict(float)
        for feature in features:
            for position in index.postings.get(feature, ()):
                matched[position] += index.weights[feature]

        similarity = process.cdist(
            [joined(sorted(names))], index.choices, scorer=fuzz.token_sort_ratio, processor=None, workers=1
        )[0]

        best: dict[str, tuple[float, int]] = {}
        for position, phrasing in enumerate(index.phrasings):
            overlap = matched.get(position, 0.0)
            f_score = 0.0
            if overlap:
                covers_question = overlap / question_weight
                covers_phrasing = overlap / phrasing.weight
                f_score = (
                    (1 + RECALL_BETA_SQUARED)
                    * covers_question
                    * covers_phrasing
                    / (RECALL_BETA_SQUARED * covers_phrasing + covers_question)
                )
            score = f_score * (1 - STRING_SIMILARITY_SHARE + STRING_SIMILARITY_SHARE * float(similarity[position]) / 100)
            current = best.get(phrasing.entry_id)
            if current is None or score > current[0]:
                best[phrasing.entry_id] = (score, position)

        ranked = sorted(best.items(), key=lambda item: (-item[1][0], item[0]))
        if limit is not None:
            ranked = ranked[:limit]
        candidates = tuple(
            Candidate(entry_id, round(min(max(score, 0.0), 1.0), 4), index.phrasings[position].text)
            for entry_id, (score, position) in ranked
        )
        return MatchResult(candidates, names, self.threshold, self.close_call_margin)
