"""Word frequencies read from wordfreq's data files agree with wordfreq's own API."""

from __future__ import annotations

import math
import subprocess
import sys

import pytest
from wordfreq import get_frequency_dict

from app.answering.word_frequency import WORDLIST, _lists, zipf


@pytest.mark.parametrize("lang,index", [("en", 0), ("zh", 1)])
def test_every_word_has_the_zipf_wordfreq_gives_it(lang: str, index: int) -> None:
    expected = get_frequency_dict(lang, wordlist=WORDLIST)
    ours = _lists()[index]
    assert ours.keys() == expected.keys()
    assert all(math.isclose(9.0 - ours[word] / 100, math.log10(frequency * 1e9), abs_tol=1e-9)
               for word, frequency in expected.items())
    sample = [word for word in list(expected)[:2000:7] if word.isascii() == (lang == "en")]
    assert all(math.isclose(zipf(word), math.log10(expected[word] * 1e9), abs_tol=1e-9) for word in sample)


def test_the_service_never_imports_wordfreq_itself() -> None:
    """Its import costs ~16 MiB a worker (tokenisers the service does not use); the data files are read directly."""
    code = ("import sys; from app.answering.service import build_service; from app.ops.settings import Settings; "
            "build_service(Settings()); print('wordfreq' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    assert result.stdout.strip() == "False"
