"""Reading a question once: tokens, subjects, aspects; and the prefilter that makes reading cheap."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from app.answering.evaluation import load_eval_set
from app.answering.literals import PatternSet, necessary_clauses, necessary_literals, trie_alternation
from app.answering.normalize import canonical_text, fold
from app.answering.service import FaqService
from app.answering.understanding import SUBJECT_OF_TERM
from app.language.i18n import has_han

EVAL = Path(__file__).parent / "eval"


def test_the_prefiltered_cues_find_exactly_what_searching_every_cue_finds(service: FaqService) -> None:
    """Like rapidfuzz's tests of its fast paths: the Aho-Corasick prefilter must agree with plain re.search."""
    aspects = service.content.aspects
    english = PatternSet({a.key: [c for c in a.cues if not has_han(c)] for a in aspects}, common=SUBJECT_OF_TERM)
    chinese = PatternSet({a.key: [c for c in a.cues if has_han(c)] for a in aspects}, common=SUBJECT_OF_TERM)
    plain = {
        a.key: [re.compile(c) for c in a.cues] for a in aspects
    }
    texts = [
        canonical_text(service.index.normalizer.tokens(item.q))
        for name in ("questions.yaml", "realworld-dev.yaml", "traps-dev.yaml", "blind.yaml")
        for item in load_eval_set(EVAL / name)
    ]
    assert len(texts) > 1000
    for text in texts:
        compact = text.replace(" ", "")
        expected = {
            key
            for key, patterns in plain.items()
            if any(p.search(compact if has_han(p.pattern) else text) for p in patterns)
        }
        assert english.matching(text) | chinese.matching(compact) == expected, text


def test_the_prefiltered_danger_signs_find_exactly_what_searching_every_pattern_finds(service: FaqService) -> None:
    """The emergency rules' signs go through the same prefilter: it must agree with plain re.search there too."""
    from app.answering import triage

    texts = [
        fold(item.q)
        for name in ("emergency-dev.yaml", "emergency-holdout.yaml", "realworld-dev.yaml", "traps-dev.yaml")
        for item in load_eval_set(EVAL / name)
    ]
    assert len(texts) > 500
    for text in texts:
        compact = text.replace(" ", "")
        for prefiltered, chinese in ((triage._ENGLISH_SIGNS, False), (triage._CHINESE_SIGNS, True)):
            target = compact if chinese else text
            plain = {
                sign.name
                for sign in triage._SIGNS
                if any(re.search(p, target) for p in sign.patterns if bool(re.search(f"[{triage._HAN}]", p)) == chinese)
            }
            assert prefiltered.matching(target) == plain, text


@pytest.mark.parametrize(
    "pattern,matching_text",
    [
        (r"\bdose\b", "what dose"),
        (r"副作用|不良反应", "丙球有什么不良反应"),
        (r"\b(how|when) (does|do) it (start|begin)\b", "when does it begin"),
        (r"(?<!\bhow )\bdose\b", "the dose"),
        (r"\b(symptoms?|signs?)\b", "first signs"),
        (r"(药|medication).{0,8}(引起|导致)", "什么药物会引起"),
    ],
)
def test_every_match_holds_one_of_the_necessary_literals(pattern: str, matching_text: str) -> None:
    literals = necessary_literals(pattern)
    assert literals, pattern
    match = re.search(pattern, matching_text)
    assert match is not None
    assert any(literal in match.group(0) for literal in literals), (literals, match.group(0))


@pytest.mark.parametrize(
    "pattern,matching_text",
    [
        (r"\bivig\b.{0,20}\bcosts?\b", "does ivig really costs"),
        (r"(丙球|静丙).{0,8}(多少钱|价格)", "丙球大概多少钱"),
        (r"\b(how|what) (long|many days)\b.{0,10}\b(drip|infusion)", "how long is the infusion"),
    ],
)
def test_every_match_holds_a_literal_of_each_necessary_set(pattern: str, matching_text: str) -> None:
    clauses = necessary_clauses(pattern)
    assert len(clauses) >= 2, clauses
    match = re.search(pattern, matching_text)
    assert match is not None
    assert all(any(literal in match.group(0) for literal in clause) for clause in clauses), (clauses, match.group(0))


def test_a_pattern_that_needs_a_common_word_is_looked_for_by_its_other_words() -> None:
    """"ivig" is in nearly every question: a cue that needs "ivig" and "cost" is searched only where "cost" is."""
    patterns = PatternSet({"price": [r"\bivig\b.{0,20}\bcosts?\b"]}, common=["ivig"])
    assert patterns.matching("how much does ivig cost") == {"price"}
    searched: list[str] = []
    spy = PatternSet({"price": [r"\bivig\b.{0,20}\bcosts?\b"]}, common=["ivig"])
    spy._alternatives = [(name, _Spy(pattern, searched)) for name, pattern in spy._alternatives]  # type: ignore[misc]
    assert spy.matching("what are the side effects of ivig") == set()
    assert searched == []  # "cost" is not there: the expression was not run at all


class _Spy:
    """A compiled pattern that records the texts it is asked to search."""

    def __init__(self, pattern: re.Pattern[str], searched: list[str]) -> None:
        self.pattern, self.searched = pattern, searched

    def search(self, text: str) -> re.Match[str] | None:
        self.searched.append(text)
        return self.pattern.search(text)


@pytest.mark.parametrize("pattern", [r"\d+ ?kg|.{0,3}", r"(a)?b", r"[0-9]+"])
def test_a_pattern_that_can_match_without_a_literal_has_none(pattern: str) -> None:
    assert necessary_literals(pattern) is None


def test_a_reading_names_subjects_drugs_and_other_subjects(service: FaqService) -> None:
    reader = service.composer.reader
    reading = reader.read("Can Tegretol cause Stevens-Johnson syndrome in my son?")
    assert reading.subjects == {"sjs"} and [d.atc for d in reading.drugs] == ["N03AF01"]
    assert reading.aspects == {"cause"}
    other = reader.read("IVIG 治川崎病要打几天")
    assert [o.key for o in other.others] == ["kawasaki"] and other.subjects == {"ivig"}
    assert reader.read("anti-D immunoglobulin dose").subjects == frozenset()  # the longer name wins over IVIG's


def test_a_long_message_is_read_for_what_its_last_question_asks(service: FaqService) -> None:
    reader = service.composer.reader
    story = (
        "我老公在皮肤科住院，医生说是重症药疹，今天开始打静注人免疫球蛋白，说要连打几天。护士说一天的量按体重算。"
        "我想问一下，这个一般要打多少天？"
    )
    assert reader.read(story).aspects == {"timing"}
    asked_first = "医生为什么给我妈用球蛋白？她是药物过敏掉皮"
    assert reader.read(asked_first).aspects == {"efficacy"}


@pytest.mark.parametrize(
    "question,subject",
    [
        ("TNE是什么病", "ten"),  # realworld-check: TEN typed with two letters swapped
        ("what is ETN exactly", "ten"),
        ("SSJ first symptoms", "sjs"),
        ("IGV dose for TEN", "ivig"),
    ],
)
def test_a_three_letter_name_typed_with_two_letters_swapped_is_read_as_the_name(
    service: FaqService, question: str, subject: str
) -> None:
    assert subject in service.composer.reader.read(question).subjects


@pytest.mark.parametrize("question", ["the net result of IVIG", "is it a pet allergy", "ent doctor"])
def test_real_three_letter_words_are_not_read_as_swapped_names(service: FaqService, question: str) -> None:
    assert not service.composer.reader.read(question).subjects - {"ivig"}


def test_every_chinese_word_a_cue_looks_for_survives_reading(service: FaqService) -> None:
    """Cues read the canonical text, where a glossary term is its key ("输液" is ``infusion``, "联系" is
    ``talkto``): a cue that looks for the term's own characters can never match, so it must name the key."""
    normalizer = service.index.normalizer
    dead = []
    for aspect in service.content.aspects:
        for cue in aspect.cues:
            for word in re.findall(r"[\u3400-\u9fff]{2,}", cue):
                keys = {t for t in normalizer.tokens(word) if t in normalizer.glossary_keys}
                if keys - set(re.findall(r"[a-z]+", cue)):
                    dead.append((aspect.key, word, sorted(keys)))
    assert not dead


def test_a_segmentation_scrap_keeps_only_its_known_word(service: FaqService) -> None:
    """rjieba glues an adverb to its neighbour ("哪些药才会这样": 药才; "越早越好": 早越): the scrap is not an unknown
    word of the question (which would weigh as much as "lupus"), only its known character counts."""
    features = service.index.normalizer.features("一般是吃了哪些药才会这样")
    assert "药" in features and "药才" not in features
    assert "早越" not in service.index.normalizer.features("是不是开始得越早越好")
    assert not service.index.normalizer.features("想问问")  # a filler, like 请问


def test_points_inside_a_name_do_not_end_a_sentence(service: FaqService) -> None:
    reading = service.composer.reader.read("I.V.-Globulin S 用嚟醫毒性表皮壞死溶解症有冇效")
    assert reading.subjects == {"ivig", "ten"}
    story = service.composer.reader.read("My dad has TEN. How long is IVIG given?")
    assert story.aspects == {"timing"}


def test_an_immunoglobulin_named_anti_something_is_another_product(service: FaqService) -> None:
    reader = service.composer.reader
    for question in ("抗人淋巴细胞免疫球蛋白的用量", "马抗人胸腺细胞免疫球蛋白副作用", "anti-lymphocyte immunoglobulin dose"):
        assert [o.key for o in reader.read(question).others] == ["hyperimmune"], question
    for question in ("丙球里的抗体和免疫球蛋白有什么关系", "anti-inflammatory effect of immunoglobulin", "IVIG antibodies"):
        assert not reader.read(question).others, question


def test_a_cue_reads_across_sentences_only_when_no_sentence_asks_by_itself(service: FaqService) -> None:
    reader = service.composer.reader
    assert not reader.read("TEN是什么？医院说要打丙球").uncovered  # not "什么医院" (which hospital)
    assert reader.read("Day 3 of IVIG. Pounding headache, throwing up").aspects == {"side_effects"}


def _longest_first(phrases: list[str]) -> re.Pattern[str]:
    """The plain way to find any of ``phrases``: an alternation ordered longest first."""
    return re.compile("|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True)))


@pytest.mark.parametrize(
    "phrases",
    [
        ["hi", "hiya", "hi there", "hello", "how are you", "how are you doing", "thanks", "thank you"],
        ["谢谢", "谢谢你", "谢了", "多谢", "多谢晒", "唔该", "唔该晒", "几多", "几时", "几耐"],
        ["a.b", "a", "a+", "(x)", "a.b.c"],  # characters that mean something in a regular expression
    ],
)
def test_a_trie_alternation_finds_what_the_longest_first_alternation_finds(phrases: list[str]) -> None:
    texts = [" ".join(phrases), "".join(phrases), "say hiya there, thank you!", "多谢晒你，唔该", "a.b.c a+ (x) a.b"]
    texts += [a + b for a in phrases for b in phrases]
    trie = re.compile(trie_alternation(phrases))
    plain = _longest_first(phrases)
    for text in texts:
        assert [m.span() for m in trie.finditer(text)] == [m.span() for m in plain.finditer(text)], text

