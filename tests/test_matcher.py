"""The matcher: normalisation that real input needs, and agreement with a brute-force loop over all phrasings."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.answering import matcher as matcher_module
from app.answering.normalize import fold
from app.answering.service import FaqService


def brute_force(service: FaqService, question: str) -> dict[str, float]:
    """Score every phrasing with plain loops (no index, no numpy): the reference the matcher must agree with."""
    from rapidfuzz import fuzz

    index = service.index
    features = list(dict.fromkeys(index.normalizer.features(question)))
    total = sum(index.weight(feature) for feature in features)
    query = " ".join(sorted(features))
    best: dict[str, float] = {}
    beta2 = matcher_module.RECALL_BETA_SQUARED
    share = matcher_module.STRING_SIMILARITY_SHARE
    for phrasing, choice in zip(index.phrasings, index.choices, strict=True):
        overlap = sum(index.weights[feature] for feature in features if feature in phrasing.features)
        if not overlap:
            continue
        q, p = overlap / total, overlap / phrasing.weight
        score = (1 + beta2) * q * p / (beta2 * p + q) * (1 - share + share * fuzz.ratio(query, choice) / 100)
        best[phrasing.entry_id] = max(best.get(phrasing.entry_id, 0.0), min(score, 1.0))
    return best


@pytest.mark.parametrize(
    "question",
    ["What are the side effects of IVIG?", "丙球打几天", "TEN 和 SJS 的区别", "platelets", "how much does it cost", "asdf"],
)
def test_indexed_matcher_agrees_with_brute_force(service: FaqService, question: str) -> None:
    expected = brute_force(service, question)
    got = {c.entry_id: c.score for c in service.matcher.match(question).candidates}
    assert got.keys() == expected.keys()
    for entry_id, confidence in expected.items():
        assert got[entry_id] == pytest.approx(confidence, abs=1e-4)
    ranked = [c.score for c in service.matcher.match(question).candidates]
    assert ranked == sorted(ranked, reverse=True)


@pytest.mark.parametrize("question", ["What are the side effects of IVIG?", "丙球打几天", "TEN 和 SJS 的区别", "ivig for lupus dose"])
@pytest.mark.parametrize("limit", [1, 3, 5])
def test_matching_among_some_entries_for_the_best_few_agrees_with_brute_force(
    service: FaqService, question: str, limit: int
) -> None:
    """The scope rules let a question's aspect choose the entries, and a reply wants the best few: both shortcuts
    (the allowed entries' phrasings alone, the entries that cannot reach the best few left out) change nothing."""
    expected = brute_force(service, question)
    features = list(dict.fromkeys(service.index.normalizer.features(question)))
    allowed = frozenset(sorted(expected)[::2])  # every other entry that shares a feature
    for chosen in (allowed, None):
        pool = {e: s for e, s in expected.items() if chosen is None or e in chosen}
        ranked = sorted(pool.items(), key=lambda item: (-item[1], item[0]))[:limit]
        got = service.matcher.match_features(features, question, limit, allowed=chosen).candidates
        assert [c.entry_id for c in got] == [entry_id for entry_id, _ in ranked]
        assert [c.score for c in got] == pytest.approx([score for _, score in ranked], abs=1e-4)
    assert service.matcher.match_features(features, question, limit, allowed=frozenset()).candidates == ()


@pytest.mark.parametrize(
    "variant",
    [
        "WHAT ARE THE SIDE EFFECTS OF IVIG",  # case
        "ｗｈａｔ ａｒｅ ｔｈｅ ｓｉｄｅ ｅｆｆｅｃｔｓ ｏｆ ＩＶＩＧ？",  # full-width
        "what are the side efects of ivig",  # typo
        "side effects of intravenous immunoglobulin!!!",  # glossary synonym, punctuation
        "靜脈注射免疫球蛋白有什麼副作用",  # Traditional Chinese
        "丙球有什么不良反应",  # colloquial Chinese synonyms
        "IVIG 的副作用",  # mixed
    ],
)
def test_real_world_variants_of_one_question_find_the_same_entry(service: FaqService, variant: str) -> None:
    best = service.matcher.match(variant).best
    assert best is not None and best.entry_id == "ivig-side-effects"


def test_traditional_is_folded_to_simplified_with_taiwan_phrasing() -> None:
    assert fold("中毒性表皮壞死鬆解症") == "中毒性表皮坏死松解症"
    assert fold("ＩＶＩＧ") == "ivig"


def test_a_question_with_nothing_to_match_on_has_no_candidates(service: FaqService) -> None:
    result = service.matcher.match("??? !!!")
    assert result.candidates == () and result.best is None


@pytest.mark.parametrize("keyword,entry_id", [("dose", "ivig-dose"), ("副作用", "ivig-side-effects"), ("platelet", "ivig-side-effects"), ("Lyell", "ten-sjs-lyell")])
def test_keyword_queries_rank_their_entry_first(service: FaqService, keyword: str, entry_id: str) -> None:
    assert service.matcher.match(keyword).candidates[0].entry_id == entry_id


@pytest.mark.parametrize(
    "question,entry_id",
    [("中毒性表皮壞死鬆解症係咩嚟㗎？", "what-is-ten"), ("IVIG有冇副作用", "ivig-side-effects"), ("佢哋話係SJS，同TEN有咩分別", "ten-vs-sjs")],
)
def test_cantonese_typed_in_traditional_characters_is_understood(service: FaqService, question: str, entry_id: str) -> None:
    best = service.matcher.match(question).best
    assert best is not None and best.entry_id == entry_id


def test_a_message_that_gives_context_first_is_matched_on_its_question_too(service: FaqService) -> None:
    message = (
        "My mother has been in the hospital for a week, her doctors changed her seizure pills twice and the nurses "
        "keep checking her blood pressure. What are the side effects of IVIG?"
    )
    best = service.matcher.match(message).best
    assert best is not None and best.entry_id == "ivig-side-effects"


@pytest.mark.parametrize(
    "typed,key",
    [
        ("中毒性表皮环死松懈症是啥病", "ten"),  # two sound-alike characters
        ("丙中球蛋白有副作用吗", "ivig"),  # one
        ("史蒂文森约翰逊综合征", "sjs"),  # no hyphen, one character off
        ("皮肤受累多少算史蒂文斯-约翰逊综合征", "sjs"),  # hyphenated inside a longer sentence
    ],
)
def test_chinese_terms_typed_with_a_wrong_character_or_without_a_hyphen_are_recognised(
    service: FaqService, typed: str, key: str
) -> None:
    assert key in service.matcher.query_features(typed)


def test_everyday_english_words_are_not_corrected_as_typos(service: FaqService) -> None:
    features = service.matcher.query_features("I might have TEN, what's the weather like for sympoms")
    assert "fight" not in features and "water" not in features  # "might" and "weather" are words, not typos
    assert "symptom" in features  # "sympoms" is a typo


def test_a_long_sentence_whose_question_comes_last_is_answered(service: FaqService) -> None:
    message = (
        "My father was moved to the burn unit yesterday, his doctors changed his seizure pills twice, "
        "the nurses keep checking his blood pressure and we keep reading about it online, what are the side effects of IVIG"
    )
    best = service.matcher.match(message).best
    assert best is not None and best.entry_id == "ivig-side-effects"


_SEARCH_SCRIPT = """
import json, sys
from app.answering.service import build_service
from app.ops.settings import Settings
service = build_service(Settings())
print(json.dumps([[(c.entry_id, c.score, c.confidence, c.phrasing) for c in service.matcher.match(q).candidates]
                  for q in json.loads(sys.argv[1])]))
"""


def test_search_results_do_not_depend_on_the_process_hash_seed(tmp_path: Path) -> None:
    """Two workers (or two restarts) hash strings differently; the phrasing shown for tied phrasings, and every
    score, must not change with it (each phrasing's weight was once summed in set order)."""
    questions = ["TEN和史蒂文斯-约翰逊综合征是同一种病吗？", "SJS和TEN怎么区分", "TEN 怎么 treat", "重症多形红斑和中毒性表皮坏死松解症怎么区分"]
    outputs = []
    for seed in ("1", "3"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "FAQBOT_DATA_DIR": str(tmp_path / seed)}
        run = subprocess.run(
            [sys.executable, "-c", _SEARCH_SCRIPT, json.dumps(questions)],
            capture_output=True, text=True, env=env, cwd=Path(__file__).parent.parent, check=True, timeout=120,
        )
        outputs.append(json.loads(run.stdout))
    assert outputs[0] == outputs[1]
    assert all(outputs[0])
