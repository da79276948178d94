"""Questions that are not looked up like the others: small talk and personal dosing (emergencies: app.answering.triage).

These are deliberate, reviewable rules rather than fuzzy matches.
Patterns run on folded text (NFKC, lower case, Traditional -> Simplified; see :func:`app.answering.normalize.fold`), which
the caller folds once (:class:`app.answering.understanding.Reading`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from enum import StrEnum

from app.answering.literals import trie_alternation


class SmallTalk(StrEnum):
    GREETING = "greeting"
    THANKS = "thanks"
    GOODBYE = "goodbye"


_SMALL_TALK: dict[SmallTalk, list[str]] = {
    SmallTalk.GREETING: [
        "hi", "hello", "hey", "hiya", "howdy", "good morning", "good afternoon", "good evening", "greetings",
        "hi there", "hello there", "hey there", "yo", "how are you", "hows it going", "how are you doing",
        "how are you today", "nice to meet you", "are you a bot", "are you a robot", "are you human",
        "are you a real person", "is this a bot", "who are you", "你是机器人吗", "你是谁", "是机器人吗", "是真人吗",
        "早晨", "你好呀", "您好呀",
        "你好", "您好", "嗨", "哈喽", "哈啰", "早上好", "上午好", "下午好", "晚上好", "早", "在吗", "在不在", "有人吗",
    ],
    SmallTalk.THANKS: [
        "thanks", "thank you", "thank you very much", "thank you so much", "thanks a lot", "many thanks", "thx", "ty",
        "cheers", "appreciate it", "much appreciated", "thats helpful", "that was helpful", "very helpful",
        "谢谢", "谢谢你", "谢谢您", "多谢", "感谢", "非常感谢", "太感谢了", "谢了", "好的谢谢", "明白了谢谢",
        "多谢晒", "谢谢晒", "唔该", "唔该晒", "感恩",
    ],
    SmallTalk.GOODBYE: [
        "bye", "goodbye", "bye bye", "see you", "see you later", "good night", "take care", "have a nice day",
        "have a good day", "have a great day",
        "再见", "拜拜", "晚安", "回头见", "下次见", "祝你愉快",
    ],
}
_SMALL_TALK_LOOKUP = {phrase: kind for kind, phrases in _SMALL_TALK.items() for phrase in phrases}


def _alternation(phrases: Iterable[str]) -> re.Pattern[str]:
    """Any of the phrases, the longest where several begin at one place: English ones as whole words, Chinese ones
    anywhere (written as tries, :func:`app.answering.literals.trie_alternation`: one branch tried per character)."""
    phrases = list(phrases)
    english = trie_alternation(p for p in phrases if p.isascii())
    chinese = trie_alternation(p for p in phrases if not p.isascii())
    return re.compile(f"(?<![a-z0-9])(?:{english})(?![a-z0-9])|{chinese}")


_SMALL_TALK_PHRASE = _alternation(_SMALL_TALK_LOOKUP)
_STRIP = re.compile(r"[^\w\s]+|_")
# Words that may surround small talk without making it a question ("ok great, thanks for your help!").
_FILLERS = (
    "ok", "okay", "oh", "so", "well", "and", "great", "good", "perfect", "cool", "awesome", "alright", "nice", "bot",
    "there", "again", "all", "everyone", "for your help", "for the help", "for the information", "for the info",
    "for your time", "for the answer", "for the answers", "for helping", "for everything", "very much", "so much",
    "that really helped", "that helped", "that helps", "really helpful", "helpful", "really", "today", "a lot",
    "you", "so", "very", "that was", "this was", "it was", "that is", "that", "it", "was",
    "好的", "好", "嗯", "哦", "啊", "呀", "哈", "的帮忙", "的帮助", "的解答", "的回答", "帮忙", "帮助", "解答", "了",
    "很有帮助", "有帮助", "好有帮助", "好清楚", "很清楚", "讲得好清楚", "讲得很清楚", "明白了", "知道了", "got it", "i see",
    "understood", "noted",
    # a form of address after thanks or a greeting ("谢谢，医生", "thanks doc") is still small talk
    "doctor", "doc", "dr", "nurse", "pharmacist", "sir", "madam", "maam", "miss", "team", "guys", "folks",
    "医生", "大夫", "护士", "药师", "药剂师", "老师", "先生", "小姐", "女士", "姑娘", "师傅", "专家",
)
_FILLER = _alternation(_FILLERS)

# Personal dosing: a body weight, or "how much/what dose ... for my/me/him/her" style questions.
_PERSONAL_DOSE_PATTERNS = [
    r"\b\d+(\.\d+)?\s?(kg|kgs|kilos?|kilograms?|lbs?|pounds?)\b",
    r"\d+(\.\d+)?\s?(公斤|千克|斤|kg)",
    r"\b(how much|what dose|which dose|how many grams|dosage)\b.{0,40}\b(my|me|i|him|her|son|daughter|child|kid|"
    r"husband|wife|mother|mom|mum|father|dad|baby|patient)\b",
    r"\b(should|do|can) (i|my \w+|he|she|we) (get|take|receive|be given)\b.{0,30}\b(much|dose|grams?)\b",
    r"(我|我的|我家|孩子|儿子|女儿|老公|老婆|妈妈|爸爸|母亲|父亲|老人)\S{0,12}(打多少|用多少|多少剂量|剂量多少|该用多少|要用多少|需要多少)",
    r"体重\S{0,6}(打|用|给)\S{0,4}多少",
]
_PERSONAL_DOSE = re.compile("|".join(f"(?:{pattern})" for pattern in _PERSONAL_DOSE_PATTERNS))


SMALL_TALK_MAX_CHARS = 120
_ASKS = re.compile(
    r"[?？]|\b(what|whats|how|why|when|where|which|who|whom|whose|can|could|should|would|is|are|am|do|does|did|will|"
    r"may|might|shall|any|anything|help me|tell me|explain)\b"
    r"|吗|呢|什么|怎么|为什么|为何|哪|几|多少|是不是|能不能|可不可以|可以|会不会|要不要|有没有|点解|点样|咩|边|乜|几时|係唔係|有冇"
)


def small_talk(folded: str, asks: bool = False) -> SmallTalk | None:
    """The kind of small talk when the whole (folded) question is a greeting, thanks or goodbye; else None.

    ``asks``: the message asks about something the FAQ knows (an aspect such as side effects): then only a message
    that is nothing but small talk and its fillers counts ("thank you, very helpful"), not "thanks, side effects".
    """
    if len(folded) > SMALL_TALK_MAX_CHARS:  # a message this long is more than a greeting or thanks
        return None
    text = " ".join(_STRIP.sub(" ", folded).split())
    found = [(match.start(), _SMALL_TALK_LOOKUP[match.group(0)]) for match in _SMALL_TALK_PHRASE.finditer(text)]
    if not found:
        return None
    rest = _SMALL_TALK_PHRASE.sub(" ", text)
    rest = _FILLER.sub(" ", rest)
    if not rest.strip():
        return found[0][1]
    # Thanks or a goodbye with words that ask nothing ("thanks so much, she's doing much better now", "ok got it,
    # thank you", "谢谢你 讲得好清楚") is still thanks: the caller already knows the message names no subject and
    # asks about no aspect; a question word or mark means there is something to answer.
    closing = [kind for _, kind in found if kind is not SmallTalk.GREETING]
    if closing and not asks and not _ASKS.search(folded):
        return closing[0]
    return None


def is_personal_dose(folded: str) -> bool:
    """The (folded) question asks for a particular person's dose."""
    return _PERSONAL_DOSE.search(folded) is not None
