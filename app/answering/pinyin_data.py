"""pypinyin's dictionary of characters, read from pypinyin's own data file without importing pypinyin.

:mod:`app.answering.homophones` reads each character's pinyin from pypinyin's character dictionary: code point ->
its readings with tones, commonest first, comma-separated (``pinyin_dict[ord("重")] == "zhòng,chóng,tóng"``).
Importing :mod:`pypinyin.pinyin_dict` brings the whole package with it (converters, styles, segmenters) and keeps a
string of readings for each of its ~42,000 characters, though only ~8,600 of them differ. This module reads the same
file (``pinyin_dict.json``, shipped inside the installed package, as :mod:`pypinyin.pinyin_dict` does) into an equal
dictionary that keeps one string per distinct reading: ~4 MiB less in each worker, and no import of the package.
``tests/test_homophones.py`` checks that it equals pypinyin's own dictionary and that the service never imports
pypinyin.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from typing import Any

DATA_FILE = "pinyin_dict.json"


def data_file() -> Path | None:
    """The path of pypinyin's character dictionary inside the installed package; None if it ships none."""
    spec = importlib.util.find_spec("pypinyin")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("pypinyin is not installed")
    path = Path(next(iter(spec.submodule_search_locations))) / DATA_FILE
    return path if path.is_file() else None


def load_pinyin_dict() -> dict[int, str]:
    """Code point -> readings, equal to :data:`pypinyin.pinyin_dict.pinyin_dict`, one string per distinct reading."""
    path = data_file()
    raw: dict[Any, str]
    if path is not None:
        with path.open(encoding="utf-8") as stream:
            raw = json.load(stream)  # {"37325": "zhòng,chóng,tóng", ...}: keys are decimal code points
    else:  # a pypinyin that keeps its dictionary as Python code: read it from there
        from pypinyin.pinyin_dict import pinyin_dict as raw
    same: dict[str, str] = {}
    return {int(code): same.setdefault(readings, readings) for code, readings in raw.items()}


pinyin_dict: dict[int, str] = load_pinyin_dict()
