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
from array import array
from bisect import bisect_left
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any, TypeVar, overload

DATA_FILE = "pinyin_dict.json"
_T = TypeVar("_T")


def data_file() -> Path | None:
    """The path of pypinyin's character dictionary inside the installed package; None if it ships none."""
    spec = importlib.util.find_spec("pypinyin")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("pypinyin is not installed")
    path = Path(next(iter(spec.submodule_search_locations))) / DATA_FILE
    return path if path.is_file() else None


class CharacterReadings(Mapping[int, str]):
    """Code point -> its readings (``"zhòng,chóng,tóng"``), read-only, in two arrays and a tuple of distinct readings.

    >>> readings = CharacterReadings([(0x91CD, "zhòng,chóng,tóng"), (0x4F5C, "zuò"), (0x505A, "zuò")])
    >>> readings.get(0x91CD), readings.get(ord("a")), len(readings), readings == {0x4F5C: "zuò", 0x505A: "zuò", 0x91CD: "zhòng,chóng,tóng"}
    ('zhòng,chóng,tóng', None, 3, True)
    """

    __slots__ = ("_codes", "_which", "_readings")

    def __init__(self, pairs: Iterable[tuple[int, str]]) -> None:
        distinct: dict[str, int] = {}
        items = sorted(pairs)
        self._codes = array("I", [code for code, _ in items])
        self._which = array("I", [distinct.setdefault(readings, len(distinct)) for _, readings in items])
        self._readings = tuple(distinct)

    @overload
    def get(self, code: int, /) -> str | None: ...

    @overload
    def get(self, code: int, default: str | _T, /) -> str | _T: ...

    def get(self, code: int, default: object = None, /) -> object:
        if not isinstance(code, int):
            return default
        at = bisect_left(self._codes, code)
        if at < len(self._codes) and self._codes[at] == code:
            return self._readings[self._which[at]]
        return default

    def __getitem__(self, code: int) -> str:
        found = self.get(code)
        if found is None:
            raise KeyError(code)
        return found

    def __iter__(self) -> Iterator[int]:
        return iter(self._codes)

    def __len__(self) -> int:
        return len(self._codes)


def load_pinyin_dict() -> CharacterReadings:
    """Code point -> readings, equal to :data:`pypinyin.pinyin_dict.pinyin_dict`."""
    path = data_file()
    raw: dict[Any, str]
    if path is not None:
        with path.open(encoding="utf-8") as stream:
            raw = json.load(stream)  # {"37325": "zhòng,chóng,tóng", ...}: keys are decimal code points
    else:  # a pypinyin that keeps its dictionary as Python code: read it from there
        from pypinyin.pinyin_dict import pinyin_dict as raw
    return CharacterReadings((int(code), readings) for code, readings in raw.items())


pinyin_dict: CharacterReadings = load_pinyin_dict()
