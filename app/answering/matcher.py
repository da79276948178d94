"""Fuzzy matching of a question against every phrasing of every entry, with a confidence in 0..1.

The score of a phrasing blends two signals:

* **weighted overlap** (an F-measure leaning on the question's side): how much of the question's weight the
  phrasing covers, and how much of the phrasing's weight the question covers, with feature weights from
  :mod:`app.answering.index`. Words that no entry knows ("lupus", "price") keep a high weight, so a question about something
  the article does not cover cannot reach a confident score just by sharing "IVIG". (Typos were already
  corrected by :mod:`app.answering.normalize`, with rapidfuzz, against the content's own words.)
* **string similarity**: rapidfuzz ``token_sort_ratio`` of the joined features against every phrasing at once
  (``process.cdist``), which rewards near-identical wording, Chinese included; it can only lower the overlap
  score, never create one.

An entry's **score** is the best score among its phrasings; it ranks entries and decides close calls. Its
**confidence** is that score calibrated into the probability that the entry is the right answer: a logistic
(Platt) fit of "was the top entry right?" on the evaluation set (``python bench/calibrate.py`` refits it and reports
the calibration error), so 0.9 means right about nine times in ten. The threshold (on the confidence) and the
close-call margin (on the score) are settings.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
from rapidfuzz import fuzz, process

from app.answering.index import Index
from app.answering.normalize import joined

SUBJECT_WEIGHT = 1.65  # a glossary term this common among entries (in half of them or more) names the subject
_CLAUSE_END = re.compile(r"(?<=[.!?。！？;；,，])\s*|\s+(?:and|but|so)\s+")
# Platt calibration of the score, fitted by bench/calibrate.py on tests/eval/questions.yaml.
CALIBRATION_SLOPE = 10.77
CALIBRATION_INTERCEPT = -4.24
# The same for answers whose candidates the question's aspect chose (app.answering.scope), fitted on the same sets.
GUIDED_SLOPE = 8.70
GUIDED_INTERCEPT = -1.87
RECALL_BETA_SQUARED = 2.0  # covering the question matters twice as much as covering the phrasing
STRING_SIMILARITY_SHARE = 0.2  # share of the score that string similarity can take away (bench/accuracy.py)
PRUNE_FROM = 64  # phrasings sharing a feature above which those that cannot be their entry's best are left out
_CHUNK = 32  # phrasings, best first, looked at together when picking each entry's best
MAX_VIEWS = 1024  # sets of allowed entries whose phrasings are kept apart (app.answering.scope makes few)


class _View:
    """Some phrasings of the index: their positions (None: all of them), and each feature's postings among them,
    as indexes into those positions (made the first time a feature is asked for)."""

    __slots__ = ("positions", "_index_postings", "_postings")

    def __init__(self, positions: np.ndarray | None, index_postings: dict[str, np.ndarray]) -> None:
        self.positions = positions
        self._index_postings = index_postings
        self._postings: dict[str, np.ndarray] = {}

    def postings_of(self, feature: str) -> np.ndarray | None:
        everywhere = self._index_postings.get(feature)
        if everywhere is None or self.positions is None:
            return everywhere
        if self.positions.size == 0:
            return None
        found = self._postings.get(feature)
        if found is None:  # the index's postings are sorted, and so are the positions: find one in the other
            at = np.searchsorted(self.positions, everywhere).clip(max=self.positions.size - 1)
            found = self._postings[feature] = at[self.positions[at] == everywhere]
        return found


def calibrated(score: float, guided: bool = False) -> float:
    """The probability that an entry with this score is the right answer (``guided``: chosen among the entries
    the question's aspect allows).

    >>> round(calibrated(1.0), 3), round(calibrated(0.4), 2), round(calibrated(0.1), 2)
    (0.999, 0.52, 0.04)
    """
    slope, intercept = (GUIDED_SLOPE, GUIDED_INTERCEPT) if guided else (CALIBRATION_SLOPE, CALIBRATION_INTERCEPT)
    return 1.0 / (1.0 + math.exp(-(slope * score + intercept)))


class Candidate(NamedTuple):
    """An entry as a match (a named tuple: immutable, and made several times per question)."""

    entry_id: str
    score: float  # the matching score in 0..1: ranks entries, decides close calls
    confidence: float  # the score calibrated into a probability of being the right answer
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
        return second if best.score - second.score < self.close_call_margin else None


class Matcher:
    def __init__(self, index: Index, threshold: float, close_call_margin: float) -> None:
        self.index = index
        self.threshold = threshold
        self.close_call_margin = close_call_margin
        self._views: dict[frozenset[str], _View] = {}
        self._everything = _View(None, index.postings)

    def query_features(self, question: str) -> list[str]:
        """The question's distinct features, in order."""
        return list(dict.fromkeys(self.index.normalizer.features(question)))

    def match(self, question: str, limit: int | None = None) -> MatchResult:
        """Entries ranked by score for a plain text (staff search): no scope rules."""
        return self.match_features(self.query_features(question), question, limit)

    def match_features(
        self,
        features: Sequence[str],
        text: str,
        limit: int | None = None,
        allowed: frozenset[str] | None = None,
        guided: bool = False,
    ) -> MatchResult:
        """Entries ranked by score (only those sharing a feature with the question, and in ``allowed`` when given),
        best first. ``features`` are the question's (:class:`app.answering.understanding.Reading`), ``text`` as typed.

        A long message often gives context first and asks last ("My father is in the burn unit with TEN, the
        team wants IVIG, how long is it given?"): when the whole message finds no confident answer, its last
        clause is matched too, with the subject the context named (the glossary terms most entries share, such
        as TEN and IVIG).
        """
        result = self._match(list(features), limit, allowed, guided)
        if result.best is not None:
            return result
        clauses = [part for part in _CLAUSE_END.split(text) if part and part.strip()]
        if len(clauses) > 1:
            index = self.index
            subject = [f for f in features if f in index.glossary_keys and index.weights.get(f, 99.0) <= SUBJECT_WEIGHT]
            last_features = list(dict.fromkeys([*self.query_features(clauses[-1]), *subject]))
            last = self._match(last_features, limit, allowed, guided)
            if last.best is not None:
                return last
        return result

    def _view(self, allowed: frozenset[str] | None) -> _View:
        """The phrasings of the ``allowed`` entries (all when None); cached: the same sets come back again and again."""
        if allowed is None:
            return self._everything
        view = self._views.get(allowed)
        if view is None:
            entries = [i for i, entry_id in enumerate(self.index.entry_ids) if entry_id in allowed]
            view = _View(np.flatnonzero(np.isin(self.index.entry_of, entries)), self.index.postings)
            if len(self._views) < MAX_VIEWS:
                self._views[allowed] = view
        return view

    def _match(
        self, features: list[str], limit: int | None, allowed: frozenset[str] | None = None, guided: bool = False
    ) -> MatchResult:
        names = tuple(features)
        index = self.index
        # Overlap with each phrasing in view (the allowed entries' only, when the question's aspect chose them).
        view = self._view(allowed)
        matched = np.zeros(len(index.phrasings) if view.positions is None else view.positions.size)
        for feature in features:
            positions = view.postings_of(feature)
            if positions is not None:
                matched[positions] += index.weights[feature]
        in_view = matched.nonzero()[0]  # the method: np.flatnonzero's wrappers cost more than the work here
        if in_view.size == 0:
            return MatchResult((), names, self.threshold, self.close_call_margin)
        touched = in_view if view.positions is None else view.positions[in_view]

        # The F-measure of the two coverages (overlap / the question's weight, overlap / the phrasing's weight),
        # written as one division: (1 + b2) * overlap / (b2 * question weight + phrasing weight).
        beta2 = RECALL_BETA_SQUARED
        question_weight = sum(index.weight(feature) for feature in features)
        f_score = (1 + beta2) * matched[in_view] / (beta2 * question_weight + index.phrasing_weights[touched])
        # String similarity can only take STRING_SIMILARITY_SHARE of a score away, so a phrasing whose overlap score
        # is under (1 - share) x the best of its entry can never be that entry's best: leave it out.
        # For the same reason, when only the best ``limit`` entries are wanted, an entry whose best overlap score is
        # under (1 - share) x the limit-th best entry's cannot be among them: at least ``limit`` entries are sure to
        # score more. Leave its phrasings out too.
        entries = index.entry_of[touched]
        if touched.size > PRUNE_FROM:  # worth it only when many phrasings share a feature
            entry_best = np.zeros(len(index.entry_ids))
            np.maximum.at(entry_best, entries, f_score)
            floor = entry_best[entries]
            if limit is not None and 0 < limit < len(entry_best):
                entry_best.partition(len(entry_best) - limit)  # in place: no longer needed in entry order
                floor = np.maximum(floor, entry_best[len(entry_best) - limit])
            contenders = f_score >= (1 - STRING_SIMILARITY_SHARE) * floor
            touched, f_score, entries = touched[contenders], f_score[contenders], entries[contenders]
        # The choices hold each phrasing's features sorted and joined, so fuzz.ratio of the sorted question is
        # token_sort_ratio without re-sorting every choice on every call.
        choices = index.choice_array[touched].tolist()  # only phrasings that share a feature can score
        similarity = process.cdist(
            [joined(sorted(names))], choices, scorer=fuzz.ratio, processor=None, workers=1, dtype=np.float64
        )[0]
        # Both factors are in 0..1 (an F-measure of two coverages, a similarity in percent), and so is the score.
        score = f_score * (1 - STRING_SIMILARITY_SHARE + STRING_SIMILARITY_SHARE / 100 * similarity)

        # Best phrasing per entry: in order of falling score (ties: the earlier phrasing), each entry's first; only
        # until ``limit`` entries are found and the next score is lower (entries tied with the last one still count).
        order = (-score).argsort(kind="stable")
        seen: set[int] = set()
        best: list[tuple[float, int, int]] = []
        for start in range(0, order.size, _CHUNK):  # a chunk at a time: most questions need only the first
            chunk = order[start : start + _CHUNK]
            for value, entry, position in zip(
                score[chunk].tolist(), entries[chunk].tolist(), touched[chunk].tolist(), strict=True
            ):
                if entry in seen:
                    continue
                if limit is not None and len(best) >= limit and value < best[-1][0]:
                    break
                seen.add(entry)
                best.append((value, entry, position))
            else:
                continue
            break
        best.sort(key=lambda item: (-item[0], index.entry_ids[item[1]]))  # ties: by entry id
        if limit is not None:
            best = best[:limit]
        entry_ids, phrasings = index.entry_ids, index.phrasings
        candidates = tuple([
            Candidate(entry_ids[entry], round(value, 4), round(calibrated(value, guided), 4), phrasings[position].text)
            for value, entry, position in best
        ])
        return MatchResult(candidates, names, self.threshold, self.close_call_margin)
