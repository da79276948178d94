"""The search index: every phrasing of every entry, in both languages, normalised once at start-up.

An entry's phrasings are its English question, its Chinese question (from the zh catalog), and the alternative
phrasings listed in ``faq/``. Each phrasing is stored as normalised features (see :mod:`app.answering.normalize`) and as the
joined feature string that rapidfuzz scores against. Feature weights are inverse document frequencies over entries,
so a word that names one entry ("platelet") counts for more than one that every entry shares ("ivig").
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from app.answering.normalize import DERIVED, Normalizer, joined
from app.answering.word_frequency import commonness
from app.content.faq import Content

# A word no entry knows weighs more than the rarest known word: it is most likely what the question is about
# ("can IVIG treat lupus?"), so a question cannot reach a confident score while its subject is unknown.
UNKNOWN_WEIGHT_FACTOR = 1.6
# A bigram cut from a longer Chinese word ("~小板" of "血小板") is a partial match: it counts for this much of
# its inverse document frequency, so that one word does not weigh as three.
DERIVED_WEIGHT = 0.3
# An everyday word ("exactly", "keeps", "身体") weighs up to this much less than a rare one, known or not
# (app.answering.word_frequency): it says little about what the question is about.
COMMON_DISCOUNT = 0.8


def language_weight(feature: str, glossary_keys: frozenset[str]) -> float:
    """How much of a feature's weight survives its commonness in everyday language (glossary terms keep all)."""
    if feature in glossary_keys or feature.startswith(DERIVED) or feature[0].isdigit():
        return 1.0
    return 1.0 - COMMON_DISCOUNT * commonness(feature)


@dataclass(frozen=True, slots=True)
class Phrasing:
    entry_id: str
    text: str
    features: frozenset[str]
    weight: float  # sum of the features' weights


@dataclass(frozen=True)
class Index:
    """Phrasings with their features, an inverted index over features, and feature weights."""

    normalizer: Normalizer
    entry_ids: tuple[str, ...]
    phrasings: tuple[Phrasing, ...]
    choices: tuple[str, ...]  # joined features of each phrasing, for rapidfuzz
    choice_array: np.ndarray  # the same as an array of objects, to take many at once by position
    postings: dict[str, np.ndarray]  # feature -> indexes of phrasings that contain it
    phrasing_weights: np.ndarray  # each phrasing's total feature weight
    entry_of: np.ndarray  # each phrasing's position in entry_ids
    weights: dict[str, float]  # feature -> inverse document frequency over entries
    unknown_weight: float  # the weight of a feature that no entry knows: as rare as can be
    glossary_keys: frozenset[str]

    def weight(self, feature: str) -> float:
        known = self.weights.get(feature)
        if known is not None:
            return known
        return self.unknown_weight * language_weight(feature, self.glossary_keys)


def entry_texts(content: Content, translate_zh: Callable[[str], str]) -> dict[str, list[str]]:
    """Every text an entry is matched on: both canonical questions and all phrasings, duplicates removed."""
    texts: dict[str, list[str]] = {}
    for item in content.entries:
        entry = item.entry
        candidates = [entry.question, translate_zh(entry.question), *entry.phrasings.en, *entry.phrasings.zh]
        texts[entry.id] = list(dict.fromkeys(text.strip() for text in candidates if text.strip()))
    return texts


def vocabulary_texts(content: Content, translate_zh: Callable[[str], str]) -> list[str]:
    """All the text the service knows: phrasings, questions and answers in both languages."""
    texts = [text for phrasings in entry_texts(content, translate_zh).values() for text in phrasings]
    for item in content.entries:
        texts += [item.entry.answer, translate_zh(item.entry.answer)]
    return texts


def build_index(content: Content, normalizer: Normalizer, translate_zh: Callable[[str], str]) -> Index:
    texts = entry_texts(content, translate_zh)
    featured: list[tuple[str, str, frozenset[str]]] = []
    entry_features: dict[str, set[str]] = defaultdict(set)
    for entry_id, phrasings in texts.items():
        for text in phrasings:
            features = frozenset(normalizer.features(text))
            if features:
                featured.append((entry_id, text, features))
                entry_features[entry_id] |= features
        # The answer's words (both languages) are known vocabulary, not "out of scope", though not matched on.
        entry = content.entry(entry_id)
        assert entry is not None
        entry_features[entry_id] |= set(normalizer.features(entry.entry.answer))
        entry_features[entry_id] |= set(normalizer.features(translate_zh(entry.entry.answer)))

    count = len(texts)
    document_frequency: dict[str, int] = defaultdict(int)
    for known in entry_features.values():
        for feature in known:
            document_frequency[feature] += 1
    glossary_keys = normalizer.glossary_keys
    weights = {
        feature: (DERIVED_WEIGHT if feature.startswith(DERIVED) else language_weight(feature, glossary_keys))
        * (math.log((count + 1) / (df + 1)) + 1.0)
        for feature, df in document_frequency.items()
    }
    unknown_weight = UNKNOWN_WEIGHT_FACTOR * (math.log(count + 1) + 1.0)

    rows = tuple(
        Phrasing(entry_id, text, features, sum(weights[feature] for feature in sorted(features)))
        for entry_id, text, features in featured
    )
    entry_position = {entry_id: position for position, entry_id in enumerate(texts)}
    choices = tuple(joined(sorted(row.features)) for row in rows)
    postings: dict[str, list[int]] = defaultdict(list)
    for position, row in enumerate(rows):
        for feature in row.features:
            postings[feature].append(position)
    return Index(
        normalizer=normalizer,
        entry_ids=tuple(texts),
        phrasings=rows,
        choices=choices,
        choice_array=np.array(choices, dtype=object),
        postings={feature: np.array(positions, dtype=np.intp) for feature, positions in postings.items()},
        phrasing_weights=np.array([row.weight for row in rows], dtype=np.float64),
        entry_of=np.array([entry_position[row.entry_id] for row in rows], dtype=np.intp),
        weights=weights,
        unknown_weight=unknown_weight,
        glossary_keys=glossary_keys,
    )
