"""What OpenCC's Simplified -> Traditional conversions would do to each character, read once from OpenCC's own
dictionaries, so that script detection need not load them.

Script detection (:mod:`app.language.chinese_script`) counts *Simplified-only* characters: characters that OpenCC's
``t2s`` keeps and that both ``s2tw`` and ``s2hk`` change. Loading ``s2tw`` and ``s2hk`` costs a worker ~44 MiB
(their phrase table, ``STPhrases``, has ~49,000 phrases), so this module keeps, as data, what those conversions do
character by character and which phrases can change that in context:

- ``changed``, by region (``tw``, ``hk``): characters that the region's conversion changes when no phrase says
  otherwise (OpenCC's character table, ``STCharacters``, then the region's variant table, ``TWVariants`` or
  ``HKVariants``). A character is Simplified-only where both regions change it: 群 is not (Taiwan writes it back);
- ``uncertain``, by region: characters that a regional variant *phrase* (``TWVariantsPhrases``,
  ``HKVariantsPhrases``, mostly Hong Kong place and personal names) may leave as they are where the tables change them,
  or change where the tables do not;
- ``phrases``: for each character, the phrases of ``STPhrases`` (and ``STPhrases_GeneratedFromRegionalPhrases``)
  that may give it another status than the tables do (干 alone becomes 幹, in 干扰素 it stays 干), or change a
  phrase's length.

A character whose phrases do not occur in the text, and that no variant phrase can decide, is counted exactly as the
tables say, whichever way OpenCC segments the text; so :func:`simplified_only_bounds` gives a lower and an upper
bound of the Simplified-only count, equal unless a listed phrase occurs or an uncertain character is there.
``tests/test_script_table.py`` checks the bounds against OpenCC itself.

The table is generated, never edited by hand: ``python -m app.language.script_table`` dumps the dictionaries with
the ``opencc_dict`` tool that OpenCC's wheel ships and writes ``script_table.json``. The file records a SHA-256 of
each dictionary it was read from; when the installed OpenCC's dictionaries differ, :func:`load_table` returns None
and script detection uses OpenCC's conversions alone (right, only heavier), and the test says to regenerate.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import tempfile
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import opencc

TABLE_FILE = Path(__file__).with_name("script_table.json")
OPENCC_DIR = Path(opencc.__file__).parent / "clib"
DICTIONARY_DIR = OPENCC_DIR / "share" / "opencc"
OPENCC_DICT_TOOL = OPENCC_DIR / "bin" / "opencc_dict"
# The dictionaries of OpenCC's s2tw.json and s2hk.json conversion chains (normalisation aside: CJK compatibility
# ideographs are changed by t2s too, so they are never candidates for Simplified-only).
CHARACTERS = "STCharacters"
PHRASES = ("STPhrases", "STPhrases_GeneratedFromRegionalPhrases")
REGIONS = {"tw": ("TWVariants", "TWVariantsPhrases"), "hk": ("HKVariants", "HKVariantsPhrases")}
DICTIONARIES = (CHARACTERS, *PHRASES, *(name for names in REGIONS.values() for name in names))


@dataclass(frozen=True, slots=True)
class ScriptTable:
    """What ``s2tw`` and ``s2hk`` do per character (see the module docstring), by region (``tw``, ``hk``):
    ``changed`` and ``uncertain`` character sets; ``phrases`` maps a Simplified character to the Simplified phrases
    that may convert it otherwise than the character tables do."""

    changed: Mapping[str, frozenset[str]]
    uncertain: Mapping[str, frozenset[str]]
    phrases: Mapping[str, tuple[str, ...]]


def simplified_only_bounds(table: ScriptTable, text: str, simplified: str) -> tuple[int, int]:
    """(lowest, highest) possible count of Simplified-only characters of ``text``, given ``simplified``, its ``t2s``
    conversion position for position. Only characters that ``t2s`` kept can count. Each distinct character's phrases
    are looked for once: ~5 µs for a question, linear in its length times the phrases of its distinct characters."""
    lowest = highest = 0
    in_phrase: dict[str, bool] = {}
    for original, simple in zip(text, simplified, strict=True):
        if original != simple:
            continue
        phrased = in_phrase.get(original)
        if phrased is None:
            phrases = table.phrases.get(original, ())
            phrased = in_phrase[original] = any(phrase in simplified for phrase in phrases)
        if phrased:
            highest += 1  # a phrase may convert it otherwise than the tables do
            continue
        # Simplified-only where both regions change it; certainly not where one region certainly keeps it.
        uncertain = False
        for region in REGIONS:
            if original in table.uncertain[region]:
                uncertain = True
            elif original not in table.changed[region]:
                break
        else:
            highest += 1
            lowest += not uncertain
    return lowest, highest


@lru_cache(maxsize=1)
def load_table() -> ScriptTable | None:
    """The committed table, or None when it was not read from the installed OpenCC's dictionaries (or is missing).

    Costs ~4 ms (hashing ~1 MB of dictionaries, reading ~150 KB of JSON) and ~2 MiB, once per process."""
    try:
        data = json.loads(TABLE_FILE.read_text(encoding="utf-8"))
        installed = dictionary_digests()
    except OSError:  # no table, or an OpenCC that keeps its dictionaries elsewhere (or under other names)
        return None
    if data.get("dictionaries") != installed:
        return None
    return ScriptTable(
        changed={region: frozenset(data["changed"][region]) for region in REGIONS},
        uncertain={region: frozenset(data["uncertain"][region]) for region in REGIONS},
        phrases={char: tuple(phrases) for char, phrases in data["phrases"].items()},
    )


def dictionary_digests() -> dict[str, str]:
    """SHA-256 of each dictionary file the table is read from, by name. Raises OSError when one is missing."""
    return {name: hashlib.sha256((DICTIONARY_DIR / f"{name}.ocd2").read_bytes()).hexdigest() for name in DICTIONARIES}


def read_dictionary(name: str) -> list[tuple[str, str]]:
    """The (key, first value) pairs of OpenCC's dictionary ``name``: OpenCC converts with a key's first value.

    Raises FileNotFoundError when the installed OpenCC has no ``opencc_dict`` tool, CalledProcessError when it fails."""
    if not OPENCC_DICT_TOOL.exists():
        raise FileNotFoundError(f"{OPENCC_DICT_TOOL}: OpenCC's opencc_dict tool is needed to read its dictionaries")
    with tempfile.TemporaryDirectory() as folder:
        text = Path(folder) / f"{name}.txt"
        subprocess.run(
            [str(OPENCC_DICT_TOOL), "-i", str(DICTIONARY_DIR / f"{name}.ocd2"), "-o", str(text), "-f", "ocd2", "-t", "text"],
            check=True, capture_output=True,
        )
        pairs = []
        for line in text.read_text(encoding="utf-8").splitlines():
            key, values = line.split("\t")
            pairs.append((key, values.split(" ")[0]))
        return pairs


def build_table(dictionaries: Mapping[str, Iterable[tuple[str, str]]]) -> ScriptTable:
    """The table from OpenCC's dictionaries (name -> (key, first value) pairs, as :func:`read_dictionary` gives)."""
    characters = _character_table(dictionaries[CHARACTERS])
    variants = {region: _character_table(dictionaries[table]) for region, (table, _) in REGIONS.items()}
    # The Simplified characters OpenCC's character table turns into each character (one it leaves alone, itself).
    sources: defaultdict[str, set[str]] = defaultdict(set)
    for char, traditional in characters.items():
        sources[traditional].add(char)

    def simplified_of(traditional: str) -> set[str]:
        itself = {traditional} if characters.get(traditional, traditional) == traditional else set()
        return sources.get(traditional, set()) | itself

    def converted(char: str, region: str) -> str:
        traditional = characters.get(char, char)
        return variants[region].get(traditional, traditional)

    every_char = set(characters) | {char for table in variants.values() for char in table}
    changed: dict[str, frozenset[str]] = {}
    uncertain: dict[str, frozenset[str]] = {}
    touched: dict[str, set[str]] = {}
    for region, (_, phrase_table) in REGIONS.items():
        changed[region] = frozenset(char for char in every_char if converted(char, region) != char)
        # A variant phrase decides a character otherwise than the tables where its output there is the Simplified
        # character when the tables' is not, or the other way round (or where the phrase changes length).
        unsure: set[str] = set()
        touched[region] = set()  # the Traditional characters such a phrase reads otherwise than the variant table
        for key, value in dictionaries[phrase_table]:
            for position, traditional in enumerate(key):
                if len(value) != len(key) or value[position] != variants[region].get(traditional, traditional):
                    touched[region].add(traditional)
                for char in simplified_of(traditional):
                    by_table = converted(char, region) != char
                    if len(value) != len(key) or (value[position] != char) != by_table:
                        unsure.add(char)
        uncertain[region] = frozenset(unsure)
    phrases: defaultdict[str, set[str]] = defaultdict(set)
    for name in PHRASES:
        for key, value in dictionaries[name]:
            for position, char in enumerate(key):
                # A phrase matters where it can give the character another status than the tables do: its output
                # is, or is not, the Simplified character where the tables' is not, or is; or it is another output
                # than the table's that a variant phrase may read otherwise (the table's own is `uncertain`'s
                # business); or it changes length.
                if len(value) != len(key) or any(
                    (variants[region].get(value[position], value[position]) != char) != (converted(char, region) != char)
                    or (value[position] != characters.get(char, char) and value[position] in touched[region])
                    for region in REGIONS
                ):
                    phrases[char].add(key)
    return ScriptTable(
        changed=changed,
        uncertain=uncertain,
        phrases={char: tuple(sorted(keys)) for char, keys in sorted(phrases.items())},
    )


def _character_table(pairs: Iterable[tuple[str, str]]) -> dict[str, str]:
    """A character dictionary as a mapping. Raises ValueError on a key longer than one character."""
    table = {}
    for key, value in pairs:
        if len(key) != 1:
            raise ValueError(f"character dictionary entry {key!r} is not one character")
        table[key] = value
    return table


def table_json(table: ScriptTable, digests: Mapping[str, str]) -> str:
    """The table as ``script_table.json`` stores it (sorted, one phrase list per line: diffs stay readable)."""
    phrases = ",\n".join(
        f"    {json.dumps(char, ensure_ascii=False)}: {json.dumps(list(keys), ensure_ascii=False)}"
        for char, keys in table.phrases.items()
    )
    return (
        "{\n"
        f'  "generated_by": "python -m app.language.script_table (OpenCC {opencc.__version__})",\n'
        f'  "dictionaries": {json.dumps(dict(digests), sort_keys=True)},\n'
        f'  "changed": {_by_region(table.changed)},\n'
        f'  "uncertain": {_by_region(table.uncertain)},\n'
        f'  "phrases": {{\n{phrases}\n  }}\n'
        "}\n"
    )


def _by_region(sets: Mapping[str, frozenset[str]]) -> str:
    return json.dumps({region: "".join(sorted(sets[region])) for region in REGIONS}, ensure_ascii=False)


def fresh_table_json() -> str:
    """``script_table.json`` as the installed OpenCC's dictionaries give it."""
    table = build_table({name: read_dictionary(name) for name in DICTIONARIES})
    return table_json(table, dictionary_digests())


def main() -> int:
    """Write ``script_table.json`` from the installed OpenCC; exit code 0."""
    TABLE_FILE.write_text(fresh_table_json(), encoding="utf-8")
    print(f"wrote {TABLE_FILE}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
