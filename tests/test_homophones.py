"""Sound-alike Chinese typos (a pinyin keyboard's wrong pick) are put right against the service's own words."""

from __future__ import annotations

import subprocess
import sys

import pytest

from app.answering.pinyin_data import pinyin_dict
from app.answering.service import FaqService


@pytest.mark.parametrize(
    "typed,meant",
    [
        ("丙球副做用", "sideeffect"),  # 副作用
        ("TEN的正状有哪些", "症状"),  # 症状
        ("丙球记量多少", "dose"),  # 剂量
        ("中毒性表皮坏死松节症是什么", "ten"),  # 松解症
        ("颗粒熔素是什么", "granulysin"),  # 颗粒溶素
        # right after a known word whose last character makes a word with the typo's first (蛋白|血小版: 白血)
        ("打完球蛋白血小版低正常吗", "thrombocytopenia"),  # 血小板
        ("丙种球蛋白血小版低", "thrombocytopenia"),
    ],
)
def test_a_word_typed_with_a_same_sound_character_is_read_as_the_known_word(
    service: FaqService, typed: str, meant: str
) -> None:
    assert meant in service.index.normalizer.tokens(typed)


@pytest.mark.parametrize(
    "text,kept",
    [
        ("IVIG治療TEN的作用機制是什麼", ["机制", "是", "什么"]),  # "制是" is not a typo of 只是: it cuts through 机制
        ("有没有小孩得了TEN", ["有没有", "child"]),  # "有小" is not 有效: 小孩 is a word
        ("TEN 係咩病嚟㗎", ["病"]),  # a Cantonese particle (嚟) is not a wrong character of 病例
        ("这个实验是什么", ["实验"]),  # a real word is never "corrected" to a sound-alike (试验)
    ],
)
def test_real_words_and_word_boundaries_are_left_alone(service: FaqService, text: str, kept: list[str]) -> None:
    tokens = service.index.normalizer.tokens(text)
    assert all(word in tokens for word in kept), tokens


def test_invisible_characters_inside_a_word_do_not_split_it(service: FaqService) -> None:
    for invisible in ("\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"):
        assert service.index.normalizer.tokens(f"丙{invisible}球有什么副作用")[0] == "ivig"
        assert "sideeffect" in service.index.normalizer.tokens(f"side eff{invisible}ects of IVIG")


def test_cantonese_glued_to_its_verb_is_read_as_mandarin(service: FaqService) -> None:
    assert "多久" in service.index.normalizer.tokens("丙球打幾耐")


def test_the_character_dictionary_is_pypinyins_own() -> None:
    """Read from pypinyin's data file (app/answering/pinyin_data.py): every character with the same readings."""
    from pypinyin.pinyin_dict import pinyin_dict as pypinyins

    assert pinyin_dict == pypinyins
    assert pinyin_dict[ord("重")] == "zhòng,chóng,tóng"


def test_the_service_never_imports_pypinyin_itself() -> None:
    """The package (converters, styles, segmenters) and a string per character cost a worker ~4 MiB for nothing."""
    code = ("import sys; from app.answering.service import build_service; from app.ops.settings import Settings; "
            "build_service(Settings()); print(sorted(name for name in sys.modules if name.startswith('pypinyin')))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    assert result.stdout.strip() == "[]"
