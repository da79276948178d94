"""How common a word is in everyday English or Chinese (wordfreq's "small" lists, Zipf scale).

Matching weighs a word by how rare it is in the FAQ (inverse document frequency) *and* by how rare it is in the
language at large: "exactly", "keeps saying" or "蔓延到" in a question are everyday words that say little about
which entry is meant, while "lupus", "ibuprofen" or "红斑狼疮" name a subject, and when the FAQ does not know that
subject, the question is probably about something else. wordfreq ships its data inside the package, so nothing is
downloaded at run time; the two lists load in about 0.1 s.
"""

from __future__ import annotations

import math
from functools import lru_cache

from wordfreq import get_frequency_dict

RARE_ZIPF = 3.0  # at or below: a rare word (commonness 0)
COMMON_ZIPF = 5.5  # at or above: an everyday word (commonness 1)


@lru_cache(maxsize=1)
def _lists() -> tuple[dict[str, float], dict[str, float]]:
    return get_frequency_dict("en", wordlist="small"), get_frequency_dict("zh", wordlist="small")


def zipf(word: str) -> float:
    """Zipf frequency of ``word`` (log10 of uses per billion words); 0.0 when it is not in the list."""
    english, chinese = _lists()
    frequency = (english if word.isascii() else chinese).get(word, 0.0)
    return math.log10(frequency * 1e9) if frequency else 0.0


def commonness(word: str) -> float:
    """0.0 for a rare word ... 1.0 for an everyday one.

    >>> commonness("lupus") < 0.2 < 0.8 < commonness("exactly")
    True
    """
    return min(max((zipf(word) - RARE_ZIPF) / (COMMON_ZIPF - RARE_ZIPF), 0.0), 1.0)
