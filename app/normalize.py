"""Text normalisation shared by the index (at build time) and the matcher (per query).

One function, :meth:`Normalizer.features`, turns any text into the tokens that matching compares:

1. Unicode NFKC (full-width letters, digits and punctuation become ASCII) and case folding;
2. Traditional Chinese -> Simplified (OpenCC ``t2s``);
3. glossary synonyms -> one canonical token each ("Lyell's syndrome", "中毒性表皮坏死松解症" -> ``ten``);
4. punctuation removed; English split into words, stop words dropped;
5. Chinese (which has no spaces) cut into features by one of two strategies, chosen by measurement
   (``bench/accuracy.py --chinese both``; setting ``FAQBOT_CHINESE_FEATURES``):
   ``words``: segmented into words by rjieba (jieba's dictionary, in Rust), stop words dropped, and each remaining
   word of three or more characters also split into character bigrams (so a typo in a long word still matches);
   ``bigrams``: stop words cut out by a regex, then overlapping character bigrams of what remains.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import opencc
import rjieba

from app.content import Term

# Words that carry no meaning for telling FAQ entries apart.
ENGLISH_STOPWORDS = frozenset(
    """
    a an the is are was were be been being am do does did doing done have has had having i me my mine we our us you
    your he him his she her they them their it its this that these those there here what whats which who whom whose
    how when where why can could would should will shall may might must of in on at to for from by with about as
    into onto than then so and or but if also any some just very much many more most tell explain know please get
    give go going let lets want need like there s t im ive id dont doesnt isnt cant
    """.split()
)
# Chinese function words and question particles, removed before bigrams are made (longest first).
CHINESE_STOPWORDS = tuple(
    sorted(
        """
        什么是 是什么 什么 怎么样 怎么 怎样 如何 为什么 为何 哪些 哪个 哪里 请问 请 一下 我们 你们 他们 我的 你的 他的
        她的 吗 呢 吧 啊 呀 嘛 的 了 是 和 与 及 或 在 有 没有 会 能 可以 要 我 你 他 她 它 这 那 个 些 就 都 也 还 对 给 让
        被 把 从 到 用 么 想 知道 问 告诉 关于 一个 这个 那个 需要 应该
        """.split(),
        key=len,
        reverse=True,
    )
)

_HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_HAN_RUN = re.compile(f"[{_HAN}]+")
_TOKEN = re.compile(f"[{_HAN}]+|[a-z0-9]+(?:\\.[0-9]+)?")
_APOSTROPHES = re.compile(r"['’`´]")


@lru_cache(maxsize=1)
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def fold(text: str) -> str:
    """Steps 1-2: NFKC, case folding, Traditional -> Simplified, apostrophes dropped ("Lyell's" -> "lyells")."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = _APOSTROPHES.sub("", text)
    return _t2s().convert(text)


def _bigrams(run: str) -> list[str]:
    return [run] if len(run) == 1 else [run[i : i + 2] for i in range(len(run) - 1)]


def _word_features(run: str) -> list[str]:
    features: list[str] = []
    for word in rjieba.cut(run):
        if word in _CHINESE_STOPWORD_SET:
            continue
        features.append(word)
        if len(word) >= 3:
            features.extend(_bigrams(word))
    return features


_CHINESE_STOPWORD_SET = frozenset(CHINESE_STOPWORDS)
CHINESE_STRATEGIES = ("words", "bigrams")


@dataclass(frozen=True)
class Normalizer:
    """Turns text into matching features; built once from the glossary."""

    synonyms: re.Pattern[str] | None
    canonical: dict[str, str]
    chinese_stopwords: re.Pattern[str]
    chinese: str = "words"

    @classmethod
    def from_glossary(cls, terms: Iterable[Term], chinese: str = "words") -> Normalizer:
        if chinese not in CHINESE_STRATEGIES:
            raise ValueError(f"chinese features must be one of {CHINESE_STRATEGIES}, not {chinese!r}")
        canonical: dict[str, str] = {}
        for term in terms:
            for variant in (*term.en, *term.zh):
                folded = " ".join(_TOKEN.findall(fold(variant))) if not _HAN_RUN.fullmatch(fold(variant)) else fold(variant)
                if folded:
                    canonical[folded] = term.key
        alternatives = []
        for variant in sorted(canonical, key=len, reverse=True):
            escaped = r"\s+".join(re.escape(word) for word in variant.split())
            # English variants must stand as whole words; Chinese ones are found anywhere in a run.
            alternatives.append(escaped if _HAN_RUN.fullmatch(variant) else rf"(?<![a-z0-9]){escaped}(?![a-z0-9])")
        pattern = re.compile("|".join(alternatives)) if alternatives else None
        stop = re.compile("|".join(re.escape(word) for word in CHINESE_STOPWORDS))
        return cls(synonyms=pattern, canonical=canonical, chinese_stopwords=stop, chinese=chinese)

    def canonical_terms(self, text: str) -> list[str]:
        """Glossary keys named in ``text``, in order."""
        if self.synonyms is None:
            return []
        spaced = " ".join(_TOKEN.findall(fold(text)))
        return [self._key(match.group(0)) for match in self.synonyms.finditer(spaced)]

    def _key(self, variant: str) -> str:
        return self.canonical[" ".join(variant.split())]

    def features(self, text: str) -> list[str]:
        """The tokens matching compares: canonical terms, English words, Chinese character bigrams."""
        spaced = " ".join(_TOKEN.findall(fold(text)))
        if self.synonyms is not None:
            spaced = self.synonyms.sub(lambda match: f" {self._key(match.group(0))} ", spaced)
        tokens: list[str] = []
        for token in spaced.split():
            if _HAN_RUN.fullmatch(token):
                if self.chinese == "words":
                    tokens.extend(_word_features(token))
                    continue
                for run in self.chinese_stopwords.split(token):
                    if run:
                        tokens.extend(_bigrams(run))
            elif token not in ENGLISH_STOPWORDS:
                tokens.append(token)
        return tokens


def joined(tokens: Sequence[str]) -> str:
    return " ".join(tokens)
