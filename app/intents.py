"""Questions that are not looked up like the others: emergencies, small talk and personal dosing.

These are deliberate, reviewable rules rather than fuzzy matches: an emergency must never depend on a score.
Patterns run on folded text (NFKC, lower case, Traditional -> Simplified; see :func:`app.normalize.fold`).
"""

from __future__ import annotations

import re
from enum import Enum

from app.normalize import fold


class SmallTalk(str, Enum):
    GREETING = "greeting"
    THANKS = "thanks"
    GOODBYE = "goodbye"


# Acute danger described in the question (both languages). Kept specific: "Can TEN cause breathing problems?"
# asks for information and is answered as a question, while "my son can't breathe" is an emergency.
_EMERGENCY_PATTERNS = [
    r"\b(can ?not|can'?t|cant|unable to|struggling to|hard to|trouble|difficulty|problems?) (breath|breathe|breathing)\b",
    r"\b(not|stopped) breathing\b",
    r"\bshort(ness)? of breath\b",
    r"\b(gasping|choking|wheezing)\b",
    r"\b(throat|tongue|lips?|face) (is |are )?(swelling|swollen|closing)\b",
    r"\b(unconscious|unresponsive|passed out|fainted|collapsed|not waking|won'?t wake|seizure|seizing|convuls\w*)\b",
    r"\bskin\b.{0,30}\b(peeling|coming|falling|sloughing|slipping) off\b",
    r"\b(peeling|coming|falling) off\b.{0,30}\bskin\b",
    r"\b(large|big|huge) (areas?|patches|sheets|pieces) of skin\b",
    r"\b(in sheets|sheets of skin)\b",
    r"\b(high )?fever\b.{0,60}\bblisters?\b",
    r"\bblisters?\b.{0,60}\b(high )?fever\b",
    r"\b(blisters?|sores?)\b.{0,30}\b(mouth|eyes?|lips)\b.{0,40}\b(fever|spreading)\b",
    r"\b(emergency|dying|life.threatening right now)\b",
    r"\b(fever|temperature) of (39|40|41|10[2-6])",
    r"呼吸困难|喘不[上过]气|不能呼吸|无法呼吸|透不过气|憋气|窒息|上不来气",
    r"昏迷|昏倒|晕倒|叫不醒|意识不清|抽搐|休克",
    r"(皮肤|皮)\S{0,6}(大片|成片|整片)\S{0,4}(脱落|剥落|掉)|(大片|成片|整片)\S{0,4}(脱皮|脱落|剥落)",
    r"(高烧|高热|发高烧|发烧|发热)\S{0,20}(水泡|水疱|起泡)|(水泡|水疱|起泡)\S{0,20}(高烧|高热|发烧|发热)",
    r"(喉咙|嗓子|舌头|嘴唇)\S{0,4}(肿|堵)",
    r"急救|紧急|快不行了|救命",
]
_EMERGENCY = re.compile("|".join(f"(?:{pattern})" for pattern in _EMERGENCY_PATTERNS))

_SMALL_TALK: dict[SmallTalk, list[str]] = {
    SmallTalk.GREETING: [
        "hi", "hello", "hey", "hiya", "howdy", "good morning", "good afternoon", "good evening", "greetings",
        "hi there", "hello there", "hey there", "yo", "how are you", "hows it going",
        "你好", "您好", "嗨", "哈喽", "哈啰", "早上好", "上午好", "下午好", "晚上好", "早", "在吗", "在不在", "有人吗",
    ],
    SmallTalk.THANKS: [
        "thanks", "thank you", "thank you very much", "thank you so much", "thanks a lot", "many thanks", "thx", "ty",
        "great thanks", "ok thanks", "cheers", "appreciate it", "much appreciated", "thats helpful", "perfect",
        "谢谢", "谢谢你", "谢谢您", "多谢", "感谢", "非常感谢", "太感谢了", "谢了", "好的谢谢", "明白了谢谢",
    ],
    SmallTalk.GOODBYE: [
        "bye", "goodbye", "bye bye", "see you", "see you later", "good night", "take care", "have a nice day",
        "再见", "拜拜", "晚安", "回头见", "下次见",
    ],
}
_SMALL_TALK_LOOKUP = {phrase: kind for kind, phrases in _SMALL_TALK.items() for phrase in phrases}
_STRIP = re.compile(r"[^\w\s]+|_")
_LEADING_FILLER = re.compile(r"^(?:(?:ok|okay|oh|so|well|and|好的|嗯|哦)\s+)+")
_TRAILING_FILLER = re.compile(r"(?:\s+(?:bot|there|again|all|everyone|啊|呀|哈))+$")

# Personal dosing: a body weight, or "how much/what dose ... for my/me/him/her" style questions.
_PERSONAL_DOSE_PATTERNS = [
    r"\b\d+(\.\d+)?\s?(kg|kgs|kilos?|kilograms?|lbs?|pounds?)\b",
    r"\d+(\.\d+)?\s?(公斤|千克|斤|kg)",
    r"\b(how much|what dose|which dose|how many grams|dosage)\b.{0,40}\b(my|me|i|him|her|son|daughter|child|kid|"
    r"husband|wife|mother|mom|mum|father|dad|baby|patient)\b",
    r"\b(should|do|can) (i|my \w+|he|she|we) (get|take|receive|be given)\b.{0,30}\b(much|dose|grams?)\b",
    r"(我|我的|我家|孩子|儿子|女儿|老公|老婆|妈妈|爸爸|母亲|父亲|老人)\S{0,12}(打多少|用多少|多少剂量|剂量多少|该用多少|要用多少|需要多少)",
    r"(体重|重)\S{0,6}(打|用|给)\S{0,4}多少",
]
_PERSONAL_DOSE = re.compile("|".join(f"(?:{pattern})" for pattern in _PERSONAL_DOSE_PATTERNS))


def is_emergency(question: str) -> bool:
    return _EMERGENCY.search(fold(question)) is not None


def small_talk(question: str) -> SmallTalk | None:
    """The kind of small talk when the whole question is a greeting, thanks or goodbye; else None."""
    text = " ".join(_STRIP.sub(" ", fold(question)).split())
    for candidate in (text, _TRAILING_FILLER.sub("", _LEADING_FILLER.sub("", text))):
        kind = _SMALL_TALK_LOOKUP.get(candidate) or _SMALL_TALK_LOOKUP.get(candidate.replace(" ", ""))
        if kind is not None:
            return kind
    return None


def is_personal_dose(question: str) -> bool:
    return _PERSONAL_DOSE.search(fold(question)) is not None
