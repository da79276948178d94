"""Sound-alike typos in Chinese: a word typed through a pinyin keyboard with the wrong character picked.

People type Chinese by its sound and pick a character from a list, so the commonest typo is a character that sounds
the same as the right one: 副做用 for 副作用 (fu zuo yong), 正状 for 症状 (zheng zhuang), 记量 for 剂量 (ji liang),
颗粒熔素 for 颗粒溶素. :class:`HomophoneCorrector` compares the pinyin of what was typed (pypinyin's dictionary,
tones ignored, every reading of a character with several) against the pinyin of the words the service knows (the
glossary's terms, the content's words) and puts the known word back when:

* the typed span is not itself a word in use (common in everyday Chinese: wordfreq Zipf of :data:`REAL_WORD_ZIPF`
  or more, or in jieba's dictionary and known to wordfreq): 实验 is not "corrected" to 试验; a word only in jieba's
  dictionary (原音, 往上) is put right only towards one of the service's own terms (原因), never towards an
  ordinary word (网上);
* the span does not cut through a two-character word at either end, the service's or the language's ("机制是" is
  机制 + 是, so "制是" is never read as 只是; "都不一样" ends in 一样, so "不一" is never read as 不宜);
* the known word is clearly more common or is one of the service's own terms, and it keeps at least one of the
  typed characters in place (a typo changes a character, it does not retype a word);
* no character that differs is a function word (是, 的, 了 ...): "病是" is two words, not a typo of 病史.

The vocabulary is built once at start-up; per question only spans that reach a character no known word covers are
looked at, so the cost stays in microseconds.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

import rjieba

# Only pypinyin's dictionary of characters is used (readings in order, the commonest first): its phrase dictionary
# takes 0.2 s and tens of MB to load, for nothing here. Both are pypinyin's documented switches.
os.environ.setdefault("PYPINYIN_NO_PHRASES", "true")
os.environ.setdefault("PYPINYIN_NO_DICT_COPY", "true")
from app.answering.pinyin_data import pinyin_dict  # noqa: E402
from app.answering.word_frequency import zipf

MIN_WORD = 2  # one character alone is too ambiguous to correct by sound
MAX_WORD = 12  # long enough for the glossary's longest terms (中毒性表皮坏死松解症)
REAL_WORD_ZIPF = 3.0  # a typed span at least this common is a real word, not a typo
MAX_READINGS = 16  # pinyin combinations tried for one span (characters with several readings)
# Function characters, Mandarin and Cantonese: a difference there is a word boundary, not a typo.
FUNCTION_CHARACTERS = frozenset("的了是吗呢吧啊呀嘛么在有和与及或也都就还会能要我你他她它这那个些把被给让对从到用"
                                "嚟㗎啦喎咩嘅咗啲喺哋佢冇唔系噉咁啰嘢乜")

_TONE_MARKS = str.maketrans("āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ", "aaaaeeeeiiiioooouuuuvvvvvnnnm")


@lru_cache(maxsize=8192)
def readings(character: str) -> tuple[str, ...]:
    """Every toneless pinyin reading of one character (pypinyin's dictionary); () for a non-Chinese character.

    >>> readings("重"), readings("作")
    (('zhong', 'chong', 'tong'), ('zuo',))
    """
    found = pinyin_dict.get(ord(character))
    if not found:
        return ()
    return tuple(dict.fromkeys(reading.translate(_TONE_MARKS) for reading in found.split(",")))


def word_pinyin(word: str) -> tuple[str, ...]:
    """The toneless pinyin of a known word, each character by its commonest reading (治 is zhi, not its rare chi).

    >>> word_pinyin("副作用")
    ('fu', 'zuo', 'yong')
    """
    return tuple(found[0] for character in word if (found := readings(character)))


@dataclass(frozen=True)
class HomophoneCorrector:
    """Puts known words back where a sound-alike was typed; built once from the service's vocabulary."""

    known: frozenset[str]  # every Chinese word the service knows (not corrected, and the targets)
    by_sound: dict[tuple[str, ...], tuple[str, ...]]  # pinyin -> known words that sound so (best first)
    preferred: frozenset[str]  # the service's own terms: always worth putting back
    real: frozenset[str]  # known words that are words of the language too: a span never cuts through one
    lengths: tuple[int, ...] = ()  # the lengths of the known words, longest first
    starts_with: dict[str, tuple[int, ...]] | None = None  # first character -> lengths of known words, longest first
    starts: frozenset[tuple[int, str]] = frozenset()  # (length, first syllable) of every sound in by_sound
    sizes_by_syllable: dict[str, frozenset[int]] = field(init=False, repr=False)  # the same, by syllable

    def __post_init__(self) -> None:
        sizes: dict[str, set[int]] = {}
        for size, syllable in self.starts:
            sizes.setdefault(syllable, set()).add(size)
        object.__setattr__(self, "sizes_by_syllable", {syllable: frozenset(found) for syllable, found in sizes.items()})

    @classmethod
    def build(cls, words: Iterable[str], terms: Iterable[str] = (), function_words: Iterable[str] = ()) -> HomophoneCorrector:
        """``words``: Chinese words the content uses; ``terms``: glossary and cue terms (preferred targets);
        ``function_words``: words known but never a target (stop words such as 哪些, 什么)."""
        terms = {term for term in terms if MIN_WORD <= len(term) <= MAX_WORD}
        vocabulary = {word for word in words if MIN_WORD <= len(word) <= MAX_WORD} | terms
        by_sound: dict[tuple[str, ...], list[str]] = {}
        for word in sorted(vocabulary, key=lambda w: (w not in terms, -zipf(w), w)):
            sound = word_pinyin(word)  # a known word sounds as it is read in context (治 is zhi, not its rare chi)
            if len(sound) == len(word):
                by_sound.setdefault(sound, []).append(word)
        function_words = frozenset(function_words)
        known = frozenset(vocabulary) | function_words
        return cls(
            known=known,
            by_sound={sound: tuple(found) for sound, found in by_sound.items()},
            preferred=frozenset(terms),
            real=frozenset(word for word in vocabulary if _is_word(word)) | frozenset(terms) | function_words,
            lengths=tuple(sorted({len(word) for word in known if len(word) >= MIN_WORD}, reverse=True)),
            starts_with=_lengths_by_first(known),
            starts=frozenset((len(sound), sound[0]) for sound in by_sound),
        )

    def correct(self, run: str) -> str:
        """``run`` (Chinese characters only) with sound-alike typos of known words replaced.

        A span is tried only when it holds a character no known word covers and does not cut through a
        two-character word at either end; longest spans first, left to right.
        """
        if len(run) < MIN_WORD:
            return run
        unknown, ends = self._unknown(run)
        if not any(unknown):
            return run
        n = len(run)
        # unknown_before[k]: how many of the first k characters are unknown (whether a span holds one, in O(1));
        # pair_at[k]: whether run[k:k+2] is a word (a span may not begin or end in the middle of one).
        unknown_before = list(itertools.accumulate(unknown, initial=0))
        pair_at = [self._pair(run, k) for k in range(n)]
        out: list[str] = []
        i = 0
        while i < n:
            target, size = None, 1
            # Where a known word ends, a word begins: "蛋白|血小版" may start at 血 although 白血 is a word.
            if unknown_before[min(i + MAX_WORD, n)] > unknown_before[i] and (i in ends or i == 0 or not pair_at[i - 1]):
                sizes = self._sizes_for(run[i])  # no known word of another length starts with this sound
                for size in self.lengths:
                    end = i + size
                    if end > n or size not in sizes or unknown_before[end] == unknown_before[i] or pair_at[end - 1]:
                        continue
                    span = run[i:end]
                    if not _in_use(span):  # a rare dictionary word (原音) may still be a typo of one of our terms
                        target = self._target(span, terms_only=_is_word(span))
                        if target is not None:
                            break
            if target is not None:
                out.append(target)
                i += size
            else:
                out.append(run[i])
                i += 1
        return "".join(out)

    def _sizes_for(self, character: str) -> frozenset[int]:
        """The lengths of the known words whose sound can begin as ``character`` is read."""
        return frozenset(size for syllable in readings(character) for size in self.sizes_by_syllable.get(syllable, ()))

    def _pair(self, run: str, at: int) -> bool:
        """Whether the two characters from ``at`` form a word (a span may not begin or end in the middle of one)."""
        pair = run[at : at + 2] if at >= 0 else ""
        return len(pair) == 2 and (pair in self.real or _is_word(pair))

    def _unknown(self, run: str) -> tuple[list[bool], set[int]]:
        """Which characters of the run no known word covers, and where the known words found end."""
        unknown = [True] * len(run)
        ends: set[int] = set()
        starts = self.starts_with or {}
        for start, character in enumerate(run):
            for size in starts.get(character, ()):
                if run[start : start + size] in self.known:
                    unknown[start : start + size] = [False] * size
                    ends.add(start + size)
                    break
        return unknown, ends

    def _target(self, span: str, terms_only: bool = False) -> str | None:
        for sound in _sounds(span):
            for word in self.by_sound.get(sound, ()):
                if terms_only and word not in self.preferred:
                    continue
                same = [a == b for a, b in zip(span, word, strict=True)]
                if not any(same) or any(not s and ch in FUNCTION_CHARACTERS for s, ch in zip(same, span, strict=True)):
                    continue
                if word in self.preferred or zipf(word) >= zipf(span) + 1.0:
                    return word
        return None


# _in_use and _is_word are not cached: a call costs 0.2-0.3 µs (two hash lookups), no more than a cache lookup,
# while a cache of every span of never-repeating questions grew a worker by ~20 MiB (65,536 spans each).
def _in_use(span: str) -> bool:
    """A word in use: common in everyday Chinese, or in jieba's dictionary and known to wordfreq at all."""
    frequency = zipf(span)
    return frequency >= REAL_WORD_ZIPF or (frequency > 0 and rjieba.has_word(span))


def _is_word(span: str) -> bool:
    """A real word as typed: in jieba's dictionary or common in everyday Chinese (so 往上 is never read as 网上,
    nor 原音 as 原因: a real word typed by mistake cannot be told from one meant)."""
    return rjieba.has_word(span) or zipf(span) >= REAL_WORD_ZIPF


def _lengths_by_first(words: Iterable[str]) -> dict[str, tuple[int, ...]]:
    lengths: dict[str, set[int]] = {}
    for word in words:
        if len(word) >= MIN_WORD:
            lengths.setdefault(word[0], set()).add(len(word))
    return {first: tuple(sorted(sizes, reverse=True)) for first, sizes in lengths.items()}


def _sounds(text: str) -> list[tuple[str, ...]]:
    """Every toneless pinyin sequence ``text`` can be read as (at most :data:`MAX_READINGS`)."""
    options = [readings(character) for character in text]
    if not all(options):
        return []
    return list(itertools.islice(itertools.product(*options), MAX_READINGS))
