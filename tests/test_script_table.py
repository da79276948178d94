"""Script detection decides from a table of OpenCC's own dictionaries, as OpenCC itself would wherever the table
settles the count, without ever loading the ~44 MiB Simplified -> Traditional conversions."""

from __future__ import annotations

import random
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.answering.evaluation import EVAL_SET, load_eval_set
from app.language import chinese_script, script_table
from app.language.chinese_script import is_traditional
from app.language.script_table import (
    REGIONS,
    TABLE_FILE,
    ScriptTable,
    fresh_table_json,
    load_table,
    read_dictionary,
    simplified_only_bounds,
)
from app.ops.settings import PROJECT_ROOT


def eval_questions() -> list[str]:
    return [item.q for path in sorted(EVAL_SET.parent.glob("*.yaml")) for item in load_eval_set(path)]


def opencc_decision(text: str) -> bool:
    """is_traditional as OpenCC's full round trip decides it (t2s, then s2tw and s2hk)."""
    counts = chinese_script.script_counts(text)
    return counts.traditional > counts.simplified


@pytest.fixture(scope="module")
def table() -> ScriptTable:
    loaded = load_table()
    assert loaded is not None, "app/language/script_table.json is stale: run python -m app.language.script_table"
    return loaded


def test_the_committed_table_is_what_the_installed_opencc_dictionaries_give() -> None:
    assert TABLE_FILE.read_text(encoding="utf-8") == fresh_table_json(), (
        "app/language/script_table.json is stale: run python -m app.language.script_table"
    )


def random_texts(table: ScriptTable, count: int) -> Iterator[str]:
    """Texts mixing Traditional-only characters, characters the tables change or leave uncertain, shared
    characters, and phrases that convert their characters in context, in Simplified and Traditional."""
    rng = random.Random(20261201)
    changed = sorted(table.changed["tw"] | table.changed["hk"])
    uncertain = sorted(table.uncertain["tw"] | table.uncertain["hk"])
    phrases = sorted({phrase for keys in table.phrases.values() for phrase in keys})
    # Hong Kong and Taiwan variant phrases (place and personal names), as Simplified text that s2hk / s2tw meet.
    variant_phrases = sorted({
        chinese_script._convert(key, "t2s") for _, table_name in REGIONS.values() for key, _ in read_dictionary(table_name)
    })
    traditional = list("體與們說這應該會對還點幾醫藥療劑腎球壞鬆讓過麼嗎裡後發")
    shared = list("丙球打天副作用皮肤TEN 毒性症候群是的了不好")
    for _ in range(count):
        parts = []
        for _ in range(rng.randint(1, 8)):
            pool = rng.choice((changed, uncertain, phrases, variant_phrases, traditional, shared, shared))
            part = rng.choice(pool)
            parts.append(chinese_script._converter("s2twp").convert(part) if pool is phrases and rng.random() < 0.3 else part)
        yield "".join(parts)


def settled(table: ScriptTable, text: str) -> bool:
    """Whether the table decides ``text``'s script by itself, and asserts its bounds hold OpenCC's count."""
    simplified = chinese_script._convert(text, "t2s")
    exact = chinese_script._counts(text, simplified).simplified
    lowest, highest = simplified_only_bounds(table, text, simplified)
    assert lowest <= exact <= highest, (text, lowest, exact, highest)
    traditional = sum(a != b for a, b in zip(text, simplified, strict=True))
    return traditional > highest or traditional <= lowest


def test_on_texts_made_to_be_hard_the_bounds_hold_and_a_settled_decision_is_opencc_s(table: ScriptTable) -> None:
    for text in random_texts(table, 4000):
        if settled(table, text):
            assert is_traditional(text) == opencc_decision(text), text


def test_the_table_settles_nearly_every_real_question_as_opencc_does(table: ScriptTable) -> None:
    traditional = [text for text in eval_questions() if chinese_script._convert(text, "t2s") != text]
    unsettled = [text for text in traditional if not settled(table, text)]
    assert all(is_traditional(text) == opencc_decision(text) for text in traditional if text not in unsettled)
    assert len(traditional) > 800 and len(unsettled) <= 0.01 * len(traditional), unsettled


def test_a_character_a_phrase_might_convert_otherwise_is_not_counted(table: ScriptTable) -> None:
    # 好困 is 好睏 to s2tw and s2hk, so OpenCC counts the 困 of 困难 as Simplified-only and calls the text a tie
    # (Simplified); the tables leave it uncounted, and the 難 the reader typed makes the text Traditional.
    text = "我快不行了 呼吸好困難"
    simplified = chinese_script._convert(text, "t2s")
    assert simplified_only_bounds(table, text, simplified) == (0, 1)
    assert opencc_decision(text) is False and is_traditional(text) is True
    # 群 is Simplified-only nowhere: Hong Kong writes 羣, Taiwan 群 (the Taiwan name of a syndrome is 症候群).
    assert "群" in table.changed["hk"] and "群" not in table.changed["tw"]
    assert is_traditional("史蒂芬強生症候群要看哪一科") is True


@pytest.mark.parametrize("region", REGIONS)
def test_the_table_knows_both_regions(table: ScriptTable, region: str) -> None:
    assert {"发", "后", "药", "剂"} <= table.changed[region]  # the everyday Simplified characters of a question
    assert "干" in table.changed[region] and "干扰素" in table.phrases["干"]  # 干 alone is 幹; in 干扰素 it stays


def test_a_table_from_other_dictionaries_is_not_used_and_opencc_decides(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    stale = tmp_path / "script_table.json"
    stale.write_text(TABLE_FILE.read_text(encoding="utf-8").replace('"STPhrases": "', '"STPhrases": "0'), encoding="utf-8")
    monkeypatch.setattr(script_table, "TABLE_FILE", stale)
    load_table.cache_clear()
    try:
        assert load_table() is None
        assert is_traditional("靜脈注射免疫球蛋白的副作用是什麼") is True
        assert is_traditional("丙球打几天") is False
    finally:
        load_table.cache_clear()


def test_an_opencc_without_these_dictionaries_falls_back_to_opencc_itself(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(script_table, "DICTIONARY_DIR", tmp_path / "elsewhere")
    load_table.cache_clear()
    try:
        assert load_table() is None
        assert is_traditional("靜脈注射免疫球蛋白的副作用是什麼") is True
    finally:
        load_table.cache_clear()


def test_a_mixed_text_is_counted_character_by_character_as_opencc_does() -> None:
    # 卫 and 证 are Simplified-only in Taiwan and Hong Kong alike (no variant phrase makes them Simplified again),
    # 嗎 is Traditional-only: two to one, Simplified.
    assert opencc_decision("温州卫生院证明了嗎") is False and is_traditional("温州卫生院证明了嗎") is False


def test_only_the_first_characters_of_a_long_text_decide_its_script() -> None:
    """A 16 KiB body of characters that OpenCC's phrases name many times over costs no more than its sample."""
    assert len("副作用是什麼" * 200) >= chinese_script.SCRIPT_SAMPLE
    assert is_traditional("副作用是什麼" * 200 + "里" * 3_000) is True  # 里 is Simplified-only, but comes too late
    assert is_traditional("副作用是什么" * 200 + "麼" * 3_000) is False


MEMORY_PROBE = """
import resource, sys
from app.language.chinese_script import is_traditional
questions = [q for q in sys.stdin.read().split("\\n") if q]
is_traditional("丙球打几天")
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
found = sum(is_traditional(q) for q in questions)
print(found, (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024)
"""


def test_everyday_traditional_questions_do_not_load_the_simplified_to_traditional_dictionaries() -> None:
    """A worker's memory in service (issue 8): OpenCC's s2tw and s2hk cost ~44 MiB once loaded."""
    questions = [q for q in eval_questions() if chinese_script._convert(q, "t2s") != q]
    result = subprocess.run(
        [sys.executable, "-c", MEMORY_PROBE], input="\n".join(questions), capture_output=True, text=True,
        timeout=120, cwd=PROJECT_ROOT, check=True,
    )
    found, grown_mib = result.stdout.split()
    assert int(found) >= 0.9 * len(questions)  # they are Traditional questions, and read as such
    assert float(grown_mib) < 8, f"{grown_mib} MiB"


def test_text_opencc_cannot_take_is_read_whole_not_cut_or_crashed_on() -> None:
    """OpenCC stops at a NUL and cannot encode a lone surrogate: the rest of the text is still read (review)."""
    from app.answering.normalize import fold

    assert fold("靜脈\x00注射免疫球蛋白") == "静脉 注射免疫球蛋白"
    assert fold("\ud800丙球") == "\ufffd丙球"
    assert is_traditional("\ud800靜脈注射免疫球蛋白") is True
