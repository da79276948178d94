"""How common a word is in everyday English or Chinese (wordfreq's "small" lists, Zipf scale).

Matching weighs a word by how rare it is in the FAQ (inverse document frequency) *and* by how rare it is in the
language at large: "exactly", "keeps saying" or "蔓延到" in a question are everyday words that say little about
which entry is meant, while "lupus", "ibuprofen" or "红斑狼疮" name a subject, and when the FAQ does not know that
subject, the question is probably about something else.

The lists are wordfreq's own data files, shipped inside the package (nothing is downloaded), read in wordfreq's
documented "cBpack" format (:func:`wordfreq.read_cBpack`: gzipped msgpack, a header, then one list of words per
centibel of frequency). They are read here without importing :mod:`wordfreq` itself, whose import brings its
tokenisers (langcodes, regex, ftfy) and costs each worker about 16 MiB that the service never uses;
tests/test_word_frequency.py checks that the values agree with :func:`wordfreq.get_frequency_dict`.
"""

from __future__ import annotations

import gzip
import importlib.util
from functools import lru_cache
from pathlib import Path

import msgpack

RARE_ZIPF = 3.0  # at or below: a rare word (commonness 0)
COMMON_ZIPF = 5.5  # at or above: an everyday word (commonness 1)
WORDLIST = "small"


def data_file(lang: str) -> Path:
    """The path of wordfreq's ``small`` list for ``lang`` ("en" or "zh") inside the installed package."""
    spec = importlib.util.find_spec("wordfreq")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("wordfreq is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "data" / f"{WORDLIST}_{lang}.msgpack.gz"


def read_centibels(path: Path) -> dict[str, int]:
    """Word -> its frequency in centibels below 1 (a cBpack's bucket index: 300 is once per 1,000 words).

    Raises ValueError when the file is not a cBpack version 1 (as :func:`wordfreq.read_cBpack` does).
    """
    with gzip.open(path, "rb") as packed:
        data = msgpack.load(packed, raw=False)
    header = data[0]
    if not isinstance(header, dict) or header.get("format") != "cB" or header.get("version") != 1:
        raise ValueError(f"{path}: not a cBpack version 1 (header {header!r})")
    return {word: index for index, bucket in enumerate(data[1:]) for word in bucket}


@lru_cache(maxsize=1)
def _lists() -> tuple[dict[str, int], dict[str, int]]:
    return read_centibels(data_file("en")), read_centibels(data_file("zh"))


def zipf(word: str) -> float:
    """Zipf frequency of ``word`` (log10 of uses per billion words); 0.0 when it is not in the list.

    >>> round(zipf("the"), 2) > 7 > 0 == zipf("zzqxj")
    True
    """
    english, chinese = _lists()
    centibels = (english if word.isascii() else chinese).get(word)
    return 9.0 - centibels / 100 if centibels is not None else 0.0


def commonness(word: str) -> float:
    """0.0 for a rare word ... 1.0 for an everyday one.

    >>> commonness("lupus") < 0.2 < 0.8 < commonness("exactly")
    True
    """
    return min(max((zipf(word) - RARE_ZIPF) / (COMMON_ZIPF - RARE_ZIPF), 0.0), 1.0)
