"""Text normalisation shared by the index (at build time) and the matcher (per query).

:meth:`Normalizer.features` turns any text into the tokens that matching compares:

1. invisible format characters removed (zero-width space and joiners, word joiner, BOM, soft hyphen, direction
   marks: they split words), Unicode NFKC (full-width letters, digits and punctuation become ASCII) and case
   folding;
2. Traditional Chinese -> Simplified, Taiwan phrasing included (OpenCC ``tw2sp``: 軟體 -> 软件); Cantonese words
   are read as their Mandarin equivalents (點解 -> 为什么, 幾多日 -> 多少天; :data:`CANTONESE`): words of two or more
   characters before segmentation, so that one glued to its verb is still found (打幾耐 -> 打多久), single
   characters after it, where they stand alone;
   Chinese typed by sound with a wrong character is put right against the service's own words
   (:mod:`app.answering.homophones`: 副做用 -> 副作用);
3. English words the content does not know, and that are not everyday English words either (wordfreq), are
   corrected to the closest known word with rapidfuzz (optimal string alignment distance of 1 edit, 2 from nine
   letters on: "necrolisis" -> "necrolysis", "sympoms" -> "symptoms"), so typos reach the glossary; a stricter
   rule than a similarity ratio, which reads "weather" as "water" and "lupus" as "plus"; a word of three letters
   only when it is a name of the glossary or the lexicons with two neighbouring letters swapped ("TNE" -> "TEN");
4. glossary synonyms -> one canonical token each ("intravenous immunoglobulin", "丙球" -> ``ivig``), except "ten"
   used as a number ("ten days", "top ten"; never "TEN" in capitals: :func:`_counts_something`); the result
   of steps 1-4 is the question's **tokens** (:meth:`Normalizer.tokens`), which rules read as text
   (:func:`canonical_text`);
5. punctuation removed, English stop words dropped (question words such as "how", "why", "when" are kept:
   "how does IVIG work" and "does IVIG work" are different questions), English plurals folded to the singular
   ("platelets" -> "platelet"; a deliberately light rule rather than a stemmer, so that the folded word is still
   a word whose everyday frequency can be looked up);
6. Chinese, which has no spaces, is cut into features by one of two strategies, chosen by measurement
   (``python bench/accuracy.py --chinese both``; setting ``FAQBOT_CHINESE_FEATURES``):
   ``words``: rjieba (jieba's dictionary, in Rust) segments it, stop words are dropped, and a word of three or
   more characters also yields its character bigrams, marked ``~`` and weighted lightly (:mod:`app.answering.index`);
   a word the content does not know is replaced by those of its bigrams that it does know plus the rest of it,
   so "血小板变低" still meets "血小板", and an unknown single character (a verb, a particle) is dropped;
   ``bigrams``: stop words are cut out by a regex, then overlapping character bigrams of what remains.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache

import numpy as np
import opencc
import rjieba
from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from app.answering.homophones import FUNCTION_CHARACTERS, HomophoneCorrector
from app.answering.literals import trie_alternation
from app.answering.word_frequency import zipf
from app.content.faq import Term
from app.language.chinese_script import convertible
from app.language.i18n import HAN_CHARACTERS

# Words that carry no meaning for telling FAQ entries apart.
ENGLISH_STOPWORDS = frozenset(
    """
    a an the is are was were be been being am do does did doing done have has had having i me my mine we our us you
    your he him his she her they them their it its this that these those there here what whats which whom whose
    can could would should will shall may might must of in on at to for from by with about as into onto than then so
    and or but if also any some just very more most tell explain know please get give go going let lets want need
    like s t im ive id dont doesnt isnt cant hi hello hey ok okay um uh really actually maybe
    mom mum dad mother father son daughter wife husband brother sister grandma grandpa
    grandmother grandfather family friend parent parents article page website site info information question
    questions answer feel feeling felt normal usually during show shows showing up make makes made happen happens
    thing things stuff something anything way kind sort lot lots bit still yet ever even already now right sure
    """.split()
)
# Chinese function words and question particles (removed before bigrams in "bigrams" mode: longest first).
CHINESE_STOPWORDS = tuple(
    sorted(
        """
        什么是 是什么 什么 怎么样 怎样 哪些 哪个 哪里 请问 请 一下 我们 你们 他们 我的 你的 他的 她的 吗 呢 吧 啊 呀 嘛 的 了 是 和 与 及 或
        在 有 没有 会 能 可以 要 我 你 他 她 它 这 那 个 些 就 都 也 还 对 给 让 被 把 从 到 用 么 想 知道 问 告诉 关于 一个
        这个 那个 需要 应该 您 啥 得 着 过 很 呐 里 后来 以后 之后 大概 那种 这种 算是 别的 人 一般 通常 是否
        问问 想问问 想问 问下 想问下 问一问
        妈 妈妈 我妈 爸 爸爸 我爸 父亲 母亲 儿子 女儿 老公 老婆 丈夫 妻子 家人 家里人 老人 朋友
        我要 我想 想要 能不能 可不可以 会不会 不会 有没有 是不是 这篇 这篇文章 篇文章 文章 本文 网页 请问一下 一下子 正常
        """.split(),
        key=len,
        reverse=True,
    )
)
# Cantonese, as Hong Kong users type it (after Traditional -> Simplified), to the Mandarin the content is written in:
# word by word after segmentation, so "系" (係, "is") is mapped only where it stands alone, never inside "关系".
CANTONESE = {
    "系": "是", "系咪": "是不是", "系唔系": "是不是", "咩": "什么", "乜嘢": "什么", "乜": "什么", "嘢": "东西",
    "点解": "为什么", "点样": "怎样", "点": "怎么", "点算": "怎么办", "几多": "多少", "几耐": "多久", "几时": "什么时候",
    "边个": "谁", "边度": "哪里", "佢": "他", "佢哋": "他们", "哋": "们", "冇": "没有", "唔": "不", "咗": "了", "紧": "",
    "打紧": "打", "嘅": "的", "喺": "在", "啲": "些", "俾": "给", "畀": "给", "睇": "看", "揾": "找", "搵": "找",
    "倾": "谈", "讲": "说", "话": "说", "而家": "现在", "仲": "还", "甩": "掉", "老豆": "爸爸", "阿妈": "妈妈",
    "同": "和", "分别": "区别", "日": "天", "嚟": "来", "细路仔": "小孩", "细路": "小孩", "㗎": "", "啦": "", "啰": "", "喎": "", "呢度": "这里",
    "呢": "这", "呢个": "这个", "呢篇": "这篇", "点计": "怎么算", "有冇": "有没有", "得唔得": "可不可以", "识": "会",
    "边间": "哪间", "边家": "哪家", "边啲": "哪些", "边种": "哪种", "边位": "哪位", "边科": "哪科", "边一": "哪一",
    "边": "哪", "入面": "里面", "使唔使": "需不需要",
    # 黎 is typed for 嚟 in Hong Kong's written Cantonese ("係咩病黎㗎"), never to be read as a sound-alike typo (病例)
    "黎㗎": "来", "黎架": "来", "黎嘅": "来的", "黎既": "来的",
    "揸车": "开车", "好返": "好了", "食": "吃", "食返": "再吃",
}
TYPO_MIN_LENGTH = 4  # shorter English words are too easily confused to correct (but see ACRONYM_LENGTH)
ACRONYM_LENGTH = 3  # a word this long is put right only when two neighbouring letters of a name were swapped (TNE)
REAL_WORD_ZIPF = 3.0  # an English word at least this frequent in everyday use is not corrected as a typo
CHINESE_TYPO_MIN_LENGTH = 4  # glossary terms this long (and text this long) are looked up despite a wrong character
CHINESE_TYPO_CUTOFF = 80.0  # rapidfuzz partial_ratio: one wrong character in five, two in ten


def typo_budget(word: str) -> int:
    """Edits (OSA distance: insert, delete, substitute, swap) allowed when correcting ``word``."""
    return 2 if len(word) >= 9 else 1


_HAN = HAN_CHARACTERS
_HAN_RUN = re.compile(f"[{_HAN}]+")
_TOKEN = re.compile(f"[{_HAN}]+|[a-z0-9]+(?:\\.[0-9]+)?")
_APOSTROPHES = re.compile(r"['’`´]")
_HAN_JOINER = re.compile(f"(?<=[{_HAN}])[-‐‑–—·・](?=[{_HAN}])")
# Format characters that are invisible but split words: soft hyphen, Mongolian vowel separator, zero-width space,
# non-joiner and joiner, direction marks and embeddings, word joiner and invisible operators, BOM.
_INVISIBLE = re.compile("[\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u206a-\u206f\ufeff]")
# Cantonese words of two or more characters, replaced in the text before segmentation (longest first).
_CANTONESE_PHRASE = re.compile(trie_alternation(word for word in CANTONESE if len(word) > 1))
CHINESE_STRATEGIES = ("words", "bigrams")
_CHINESE_STOPWORD_SET = frozenset(CHINESE_STOPWORDS)
# Characters that mark an unknown two-character word as a segmentation scrap: the function characters, and the
# adverbs rjieba glues to a neighbour ("药才", "早越").
_SCRAP_CHARACTERS = FUNCTION_CHARACTERS | frozenset("才越再又")


@lru_cache(maxsize=1)
def _to_simplified() -> opencc.OpenCC:
    return opencc.OpenCC("tw2sp")


# "ten" as a number, when it is not written "TEN" (the caller says so): in "top ten", before a unit or a count ("ten
# days", "ten mg", "ten ways to ..."), or before a count noun and "of" ("ten signs of dehydration"); "TEN patients",
# "about TEN", "TEN signs to look out for" stay the disease
_UNIT_AFTER = frozenset({"days", "weeks", "months", "years", "hours", "minutes", "seconds", "times", "percent", "mg", "g",
                         "grams", "kg", "kilos", "ml", "doses", "pills", "tablets", "bags", "vials",
                         "ways", "things", "tips", "reasons", "facts", "steps", "questions", "foods", "minute",
                         "day", "year", "hour", "pounds", "lbs", "sessions", "infusions", "yearsold"})
_COUNT_OF = frozenset({"signs", "symptoms", "types", "kinds", "causes", "examples", "rules", "myths"})


def _counts_something(tokens: Sequence[str], i: int) -> bool:
    """Whether ``tokens[i]`` ("ten") is the number: after "top", before a unit (``_UNIT_AFTER``), or before a count
    noun (``_COUNT_OF``) and "of"."""
    before = tokens[i - 1] if i > 0 else ""
    after = tokens[i + 1] if i + 1 < len(tokens) else ""
    then = tokens[i + 2] if i + 2 < len(tokens) else ""
    return before == "top" or after in _UNIT_AFTER or (after in _COUNT_OF and then == "of")


def fold(text: str) -> str:
    """Steps 1-2: invisible characters removed, NFKC, case folding, Traditional -> Simplified, apostrophes dropped ("Lyell's" -> "lyells"),
    hyphens and middle dots between Chinese characters dropped ("史蒂文斯-约翰逊" -> "史蒂文斯约翰逊")."""
    text = unicodedata.normalize("NFKC", _INVISIBLE.sub("", text)).casefold()
    text = _APOSTROPHES.sub("", text)
    if text.isascii():  # no Chinese to convert or join
        return text
    return _HAN_JOINER.sub("", _to_simplified().convert(convertible(text)))


def words(text: str) -> list[str]:
    """Folded text as a list of ASCII words and runs of Chinese characters."""
    return _TOKEN.findall(fold(text))


DERIVED = "~"  # marks a bigram cut from a longer word: a partial match, weighted lightly
_KEEP_FINAL_S = ("ss", "us", "is", "os", "as")


def singular(word: str) -> str:
    """English plural -> singular, for the common regular cases.

    >>> [singular(w) for w in ("platelets", "therapies", "rashes", "lupus", "diagnosis", "cells", "sepsis")]
    ['platelet', 'therapy', 'rash', 'lupus', 'diagnosis', 'cell', 'sepsis']
    """
    if len(word) <= 3 or not word.endswith("s") or word.endswith(_KEEP_FINAL_S) or not word.isalpha():
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("shes", "ches", "xes", "zes", "sses")):
        return word[:-2]
    return word[:-1]


def _bigrams(run: str) -> list[str]:
    return [run] if len(run) == 1 else [run[i : i + 2] for i in range(len(run) - 1)]


def is_chinese(feature: str) -> bool:
    return _is_han(feature.removeprefix(DERIVED))


def _is_han(token: str) -> bool:
    if not token or token[0] < "\u3400":  # an ASCII word or key: the common case, told without a regex
        return False
    return _HAN_RUN.fullmatch(token) is not None


@dataclass(frozen=True)
class Normalizer:
    """Turns text into matching features; built once from the glossary and the content's own words."""

    phrases: dict[str, str]  # glossary variant as space-joined tokens ("toxic epidermal necrolysis") -> key
    han_terms: dict[str, str]  # glossary variant that is one run of Chinese ("丙种球蛋白") -> key
    chinese_stopwords: re.Pattern[str]
    chinese: str = "words"
    english_words: frozenset[str] = frozenset()  # every English word of the content, for typo correction
    correctable: dict[int, tuple[str, ...]] = field(default_factory=dict)  # by length: words to correct towards
    chinese_words: frozenset[str] = frozenset()  # every Chinese feature of the content
    homophones: HomophoneCorrector | None = None  # sound-alike typos put right against the known Chinese words
    aliases: dict[str, str] = field(default_factory=dict)  # lexicon key -> the feature it stands for in matching
    glossary_keys: frozenset[str] = field(init=False, repr=False)
    _han_lengths: list[int] = field(init=False, repr=False)
    _long_han_terms: tuple[str, ...] = field(init=False, repr=False)
    _long_lengths: list[int] = field(init=False, repr=False)
    _long_term_lengths: np.ndarray = field(init=False, repr=False)
    _long_term_floor: np.ndarray = field(init=False, repr=False)  # characters a term needs in a text to be typed there
    _mixed: dict[str, list[tuple[str, str]]] = field(init=False, repr=False)
    _phrase_sizes: dict[str, tuple[int, ...]] = field(init=False, repr=False)
    _starts: dict[str, tuple[int, ...]] = field(init=False, repr=False)
    _long_starts: dict[str, tuple[int, ...]] = field(init=False, repr=False)
    _characters: dict[str, tuple[np.ndarray, np.ndarray]] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "glossary_keys", frozenset((*self.phrases.values(), *self.han_terms.values())))
        object.__setattr__(self, "_han_lengths", sorted({len(t) for t in self.han_terms}, reverse=True))
        object.__setattr__(self, "_long_han_terms", tuple(t for t in self.han_terms if len(t) >= CHINESE_TYPO_MIN_LENGTH))
        object.__setattr__(self, "_long_lengths", [size for size in self._han_lengths if size >= CHINESE_TYPO_MIN_LENGTH])
        # The lengths of the terms that begin with each character, longest first: most characters begin none.
        starts: dict[str, set[int]] = {}
        for term in self.han_terms:
            starts.setdefault(term[0], set()).add(len(term))
        object.__setattr__(self, "_starts", {c: tuple(sorted(sizes, reverse=True)) for c, sizes in starts.items()})
        object.__setattr__(
            self,
            "_long_starts",
            {c: tuple(size for size in sizes if size >= CHINESE_TYPO_MIN_LENGTH) for c, sizes in self._starts.items()},
        )
        # For each character, the long terms that contain it and how often: a question's characters tell cheaply
        # which terms could be in it at all, before rapidfuzz aligns them.
        counts: dict[str, dict[int, int]] = {}
        for position, term in enumerate(self._long_han_terms):
            for character in term:
                counts.setdefault(character, {}).setdefault(position, 0)
                counts[character][position] += 1
        object.__setattr__(
            self,
            "_characters",
            {c: (np.array(list(by.keys()), dtype=np.intp), np.array(list(by.values()))) for c, by in counts.items()},
        )
        object.__setattr__(self, "_long_term_lengths", np.array([len(term) for term in self._long_han_terms]))
        object.__setattr__(self, "_long_term_floor", self._long_term_lengths * CHINESE_TYPO_CUTOFF / 100)
        # Variants of English words then Chinese ("fc 受体"): by their English words, their Chinese part longest first.
        mixed: dict[str, list[tuple[str, str]]] = {}
        for phrase, key in self.phrases.items():
            *head, last = phrase.split(" ")
            if head and _is_han(last) and not any(_is_han(word) for word in head):
                mixed.setdefault(" ".join(head), []).append((last, key))
        object.__setattr__(self, "_mixed", {head: sorted(found, key=lambda f: -len(f[0])) for head, found in mixed.items()})
        # The lengths (in words) of the phrases and mixed variants' heads that begin with each word, longest first:
        # most words begin none, and are looked up once instead of once per length.
        sizes: dict[str, set[int]] = {}
        for phrase in (*self.phrases, *self._mixed):
            words_of = phrase.split(" ")
            sizes.setdefault(words_of[0], set()).add(len(words_of))
        object.__setattr__(self, "_phrase_sizes", {word: tuple(sorted(found, reverse=True)) for word, found in sizes.items()})

    @classmethod
    def build(
        cls,
        terms: Iterable[Term],
        texts: Iterable[str],
        chinese: str = "words",
        cue_terms: Iterable[str] = (),
        lexicon: Mapping[str, Iterable[str]] | None = None,
        aliases: Mapping[str, str] | None = None,
    ) -> Normalizer:
        """A normalizer for this glossary that knows the words of ``texts`` (all phrasings, questions, answers).

        ``lexicon``: further names that become one token each, by key (drugs and other subjects: ``drug_n03af01``
        for "carbamazepine", "卡马西平"); where a name is also a glossary variant, the glossary wins. ``aliases``:
        the feature a lexicon key stands for in matching (a drug's class: ``anticonvulsant``). ``cue_terms``:
        further Chinese words the service's rules look for (aspect cues); sound-alike typos are put right towards
        them as towards the glossary's terms.
        """
        if chinese not in CHINESE_STRATEGIES:
            raise ValueError(f"FAQBOT_CHINESE_FEATURES must be one of {CHINESE_STRATEGIES}, not {chinese!r}")
        terms = list(terms)
        named = [*((key, list(names)) for key, names in (lexicon or {}).items()), *((t.key, [*t.en, *t.zh]) for t in terms)]
        phrases: dict[str, str] = {}
        han_terms: dict[str, str] = {}
        for key, variants in named:  # lexicon first: a glossary variant of the same spelling replaces it
            for variant in variants:
                tokens = words(variant)
                if tokens and all(_is_han(token) for token in tokens):
                    # "史蒂文斯-约翰逊综合征" is also typed without its hyphen: match the characters alone.
                    han_terms["".join(tokens)] = key
                    if len(tokens) > 1:
                        phrases[" ".join(tokens)] = key
                elif tokens:
                    phrases[" ".join(tokens)] = key
        stop = re.compile("|".join(re.escape(word) for word in CHINESE_STOPWORDS))
        bare = cls(phrases=phrases, han_terms=han_terms, chinese_stopwords=stop, chinese=chinese, aliases=dict(aliases or {}))

        texts = [*texts, *(variant for _, variants in named for variant in variants)]
        english = {word for text in texts for word in words(text) if not _is_han(word)}
        chinese_known = {
            feature for text in texts if not text.isascii() for feature in bare.features(text) if is_chinese(feature)
        }
        return replace(
            bare,
            english_words=frozenset(english),
            correctable=_by_length(
                w for w in english if len(w) >= TYPO_MIN_LENGTH and not w[0].isdigit() and w not in ENGLISH_STOPWORDS
            ),
            chinese_words=frozenset(chinese_known),
            homophones=HomophoneCorrector.build(
                (word for word in chinese_known if not word.startswith(DERIVED)),
                [*han_terms, *(fold(term) for term in cue_terms if _is_han(fold(term)))],
                CHINESE_STOPWORDS,
            ),
        )

    def _glossary(self, tokens: list[str], ten_may_be_a_number: bool = True) -> list[str]:
        """Replace glossary variants by their keys: longest phrase of whole tokens first; in Chinese, longest term.

        A variant that mixes scripts ("Fc 受体", "IV型超敏反应") is also found when its Chinese part only begins a run
        of Chinese ("IVIG和Fc受体是什么关系": the run is "受体是什么关系").
        """
        tokens = list(tokens)
        out: list[str] = []
        i = 0
        while i < len(tokens):
            for size in self._phrase_sizes.get(tokens[i], ()):
                if i + size > len(tokens):
                    continue
                head = " ".join(tokens[i : i + size])
                mixed = self._mixed.get(head) if i + size < len(tokens) and _is_han(tokens[i + size]) else None
                found = next(((han, key) for han, key in mixed if tokens[i + size].startswith(han)), None) if mixed else None
                if found is not None:  # the longer, mixed variant first: "lyell 综合征" before "lyell"
                    out.append(found[1])
                    tokens[i + size] = tokens[i + size][len(found[0]) :]
                    i += size if tokens[i + size] else size + 1
                    break
                key = self.phrases.get(head)
                if key == "ten" and size == 1 and ten_may_be_a_number and _counts_something(tokens, i):
                    key = "10"  # "ten days", "top ten", "ten signs of dehydration": the number, not the disease
                if key is not None:
                    out.append(key)
                    i += size
                    break
            else:
                if tokens[i]:
                    out.extend(self._han_glossary(tokens[i]) if _is_han(tokens[i]) else [tokens[i]])
                i += 1
        return out

    def _han_glossary(self, run: str) -> list[str]:
        """Glossary terms in a run of Chinese: exact long terms, then long terms typed with a typo, then short ones."""
        pieces = self._han_exact(run, self._long_lengths)
        pieces = [token for piece in pieces for token in self._han_typos(piece)]
        return [token for piece in pieces for token in self._han_exact(piece, self._han_lengths)]

    def _han_exact(self, run: str, lengths: list[int]) -> list[str]:
        if run in self.glossary_keys:
            return [run]
        starts = self._long_starts if lengths is self._long_lengths else self._starts
        out: list[str] = []
        plain = start = 0
        while start < len(run):
            for size in starts.get(run[start], ()):  # only the lengths of terms that begin with this character
                key = self.han_terms.get(run[start : start + size])
                if key is not None:
                    if plain < start:
                        out.append(run[plain:start])
                    out.append(key)
                    start += size
                    plain = start
                    break
            else:
                start += 1
        if plain < len(run):
            out.append(run[plain:])
        return out

    def _han_typos(self, text: str) -> list[str]:
        """Long glossary terms in ``text``, also when typed with a wrong character or two ("中毒性表皮环死松懈症").

        rapidfuzz finds the closest term of at least four characters that fits in ``text``
        (``partial_ratio`` >= 80: one wrong character in five, two in ten) and where it stands.
        """
        if text in self.glossary_keys or len(text) < CHINESE_TYPO_MIN_LENGTH:
            return [text] if text else []
        # A term can score 80 only if 80% of its characters are in the text: count them through the character index.
        found_in = [self._characters[character] for character in set(text) if character in self._characters]
        if not found_in:
            return [text]
        present = np.bincount(  # how many of each term's characters the text has (a count per term, in one pass)
            np.concatenate([terms for terms, _ in found_in]),
            weights=np.concatenate([counts for _, counts in found_in]),
            minlength=len(self._long_han_terms),
        )
        possible = ((present >= self._long_term_floor) & (self._long_term_lengths <= len(text))).nonzero()[0]
        if possible.size == 0:
            return [text]
        choices = [self._long_han_terms[i] for i in possible.tolist()]
        found = process.extract(
            text, choices, scorer=fuzz.partial_ratio, processor=None, score_cutoff=CHINESE_TYPO_CUTOFF, limit=None
        )
        if not found:
            return [text]
        # The most characters right first; a term read over a function word the text has instead ("感染和休克" is
        # infection and shock, not 感染性休克) is a phrase of two words, not a typo.
        for term, _, _ in sorted(found, key=lambda match: -len(match[0]) * match[1]):
            where = fuzz.partial_ratio_alignment(term, text, processor=None)
            assert where is not None  # extract() just scored this term above the cutoff
            if any(character in FUNCTION_CHARACTERS and character not in term
                   for character in text[where.dest_start : where.dest_end]):
                continue
            before, after = text[: where.dest_start], text[where.dest_end :]
            return [*self._han_typos(before), self.han_terms[term], *self._han_typos(after)]
        return [text]

    def _correct(self, word: str) -> str:
        if len(word) == ACRONYM_LENGTH:
            return self._swapped_name(word)
        if word in self.english_words or len(word) < TYPO_MIN_LENGTH or word[0].isdigit() or not self.correctable:
            return word
        if word in ENGLISH_STOPWORDS or zipf(word) >= REAL_WORD_ZIPF:  # a real word ("might", "weather"), not a typo
            return word
        budget = typo_budget(word)
        # Only words whose length is within the edit budget can be close enough: look at those alone.
        nearby = [w for size in range(len(word) - budget, len(word) + budget + 1) for w in self.correctable.get(size, ())]
        found = process.extractOne(word, nearby, scorer=OSA.distance, processor=None, score_cutoff=budget)
        return found[0] if found is not None else word

    def _swapped_name(self, word: str) -> str:
        """A three-letter word typed with two neighbouring letters swapped, put right only towards a name of the
        glossary or the lexicons ("tne" -> "ten", "jss" -> "sjs"): short words are too easily confused for any other
        edit, and a swap of two letters is the commonest slip in an acronym. A word the content knows, or an
        everyday English word, is never changed."""
        if word in self.english_words or not word.isalpha() or zipf(word) >= REAL_WORD_ZIPF:
            return word
        found = {swap for swap in (word[1] + word[0] + word[2], word[0] + word[2] + word[1]) if swap in self.phrases}
        return found.pop() if len(found) == 1 else word

    def tokens(self, text: str) -> list[str]:
        """Steps 1-4, stop words kept: ASCII words (typos corrected), glossary keys, and Chinese words (segmented,
        Cantonese read as Mandarin, sound-alike typos put right). Rules read them as text (:func:`canonical_text`).

        >>> Normalizer.build([], ["side effects"]).tokens("What are the SIDE efects?")
        ['what', 'are', 'the', 'side', 'effects']
        """
        return self.tokens_of_folded(fold(text))

    def tokens_of_folded(self, folded: str) -> list[str]:
        """:meth:`tokens` of a text already folded (:func:`fold`): a caller that folds once saves the second pass."""
        return self.tokens_of_words(self.corrected(folded)[2])

    def corrected(self, folded: str) -> tuple[str, str, list[str]]:
        """See :meth:`corrected_at` (without the words' places)."""
        typed, sounded, words, _ = self.corrected_at(folded)
        return typed, sounded, words

    def corrected_at(self, folded: str) -> tuple[str, str, list[str], list[int]]:
        """Steps 2-3 on folded text: (the text with its English typos put right; the same with Chinese sound-alikes
        put right too; the words), punctuation and spacing kept in both texts.

        Rules that read whole sentences (emergency triage) read both texts: a sound-alike guess that helps ("水跑" ->
        水泡) can also spoil a description ("条颈好硬" -> 条更好硬), so the first keeps Chinese as typed;
        :meth:`tokens_of_words` takes the words.

        The fourth element is where each word begins in ``folded`` (to tell the sentences of a message apart).

        >>> Normalizer.build([], ["blisters and fever"]).corrected("blistrs, feveer!")
        ('blisters, fever!', 'blisters, fever!', ['blisters', 'fever'])
        """
        words: list[str] = []
        starts: list[int] = []
        typed: list[str] = []  # each word as the first text keeps it

        def put_right(match: re.Match[str]) -> str:
            word = match.group(0)
            starts.append(match.start())
            if _is_han(word):
                words.append(self._sound_alike(word))
                typed.append(word)
            else:
                words.append(self._correct(word))
                typed.append(words[-1])
            return words[-1]

        sounded = _TOKEN.sub(put_right, folded)
        pieces = iter(typed)
        return _TOKEN.sub(lambda _: next(pieces), folded), sounded, words, starts

    def _sound_alike(self, run: str) -> str:
        """A run of Chinese with its Cantonese words read as Mandarin and its sound-alike typos put right."""
        run = _CANTONESE_PHRASE.sub(_mandarin, run)
        return self.homophones.correct(run) if self.homophones is not None else run

    def tokens_of_words(self, corrected: list[str], ten_may_be_a_number: bool = True) -> list[str]:
        """Step 4 on words already put right: glossary keys, Chinese segmented. ``ten_may_be_a_number``: false when
        the question wrote "TEN" in capitals (the disease, whatever surrounds it: :func:`_counts_something`)."""
        tokens: list[str] = []
        for token in self._glossary(corrected, ten_may_be_a_number):
            if self.chinese == "words" and _is_han(token):
                tokens.extend(self._segment(token))
            elif token:
                tokens.append(token)
        return tokens

    def features(self, text: str) -> list[str]:
        """The tokens matching compares: canonical terms, English words, Chinese words and bigrams."""
        return self.features_of(self.tokens(text))

    def features_of(self, tokens: Iterable[str]) -> list[str]:
        """Step 5-6 on :meth:`tokens`: stop words dropped, plurals folded, Chinese words and their bigrams."""
        features: list[str] = []
        for token in tokens:
            if not _is_han(token):
                if token in self.glossary_keys:
                    features.append(self.aliases.get(token, token))
                elif token not in ENGLISH_STOPWORDS:
                    features.append(singular(token))
            elif self.chinese == "words":
                features.extend(self._chinese_word_features(token))
            else:
                for run in self.chinese_stopwords.split(token):
                    if run:
                        features.extend(_bigrams(run))
        return features

    def _segment(self, run: str) -> list[str]:
        """A run of Chinese cut into words (rjieba), Cantonese words read as Mandarin, glossary words as keys."""
        out: list[str] = []
        for word in rjieba.cut(run):
            word = CANTONESE.get(word, word)
            if word in self.han_terms:  # a Cantonese word can stand for a glossary term (分别 -> 区别)
                out.append(self.han_terms[word])
            elif word:
                out.append(word)
        return out

    def _chinese_word_features(self, word: str) -> list[str]:
        """One Chinese word's features: itself if the content knows it, else what of it the content knows."""
        if word in _CHINESE_STOPWORD_SET:
            return []
        pieces = [DERIVED + piece for piece in _bigrams(word)] if len(word) >= 3 else []
        if not self.chinese_words or word in self.chinese_words:
            return [word, *pieces]
        if len(word) == 1:
            return []  # an unknown single character says little: a verb or a particle
        if len(word) == 2:  # an unknown word may name what the question is about, unless it is a segmentation scrap
            if not _SCRAP_CHARACTERS & set(word):
                return [word]
            # a scrap glued across a word boundary ("哪些药才会": 药才, "越早越好": 早越): its known word, if any
            return [char for char in word if char not in _SCRAP_CHARACTERS and char in self.chinese_words]
        # unknown to the content: what of it the content knows, and the rest as an unknown feature
        known = [i for i, piece in enumerate(pieces) if piece in self.chinese_words]
        covered = {i for k in known for i in (k, k + 1)}
        features = [pieces[i] for i in known]
        rest = "".join(char for i, char in enumerate(word) if i not in covered)
        if len(rest) > 1:
            features.append(rest)
        return features


def _mandarin(match: re.Match[str]) -> str:
    return CANTONESE[match.group(0)]


def canonical_text(tokens: Sequence[str]) -> str:
    """Tokens as one string for rules to read: a space around every ASCII token, none between Chinese words.

    >>> canonical_text(["ten", "的", "症状", "有", "哪些", "sideeffect"])
    'ten 的症状有哪些 sideeffect'
    """
    out: list[str] = []
    previous_han = False
    for token in tokens:
        han = _is_han(token)
        if out and not (han and previous_han):
            out.append(" ")
        out.append(token)
        previous_han = han
    return "".join(out)


def _by_length(words: Iterable[str]) -> dict[int, tuple[str, ...]]:
    grouped: dict[int, list[str]] = {}
    for word in sorted(words):
        grouped.setdefault(len(word), []).append(word)
    return {size: tuple(group) for size, group in grouped.items()}


def joined(tokens: Sequence[str]) -> str:
    return " ".join(tokens)
