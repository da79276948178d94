"""Questions that are not looked up like the others: emergencies, small talk and personal dosing.

These are deliberate, reviewable rules rather than fuzzy matches: an emergency must never depend on a score.
Patterns run on folded text (NFKC, lower case, Traditional -> Simplified; see :func:`app.normalize.fold`), which
the caller folds once (:class:`app.understanding.Reading`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from enum import StrEnum



class SmallTalk(StrEnum):
    GREETING = "greeting"
    THANKS = "thanks"
    GOODBYE = "goodbye"


# Acute danger described in the question (both languages). A match is an emergency when it is happening to someone
# ("my son can't breathe", "我爸爸呼吸困难") or is not phrased as a question about risks ("skin peeling off in sheets,
# high fever"); "Can TEN cause breathing problems?" or "IVIG会引起休克吗" ask for information and are answered.
_DANGER_PATTERNS = [
    r"\b(can ?not|can'?t|cant|unable to|struggling to|hard to|trouble|difficulty|problems?) (breath|breathe|breathing)\b",
    r"\b(not|stopped) breathing\b",
    r"\bshort(ness)? of breath\b",
    r"\b(gasping|choking|wheezing)\b",
    r"\b(throat|tongue|lips?|face) (is |are )?(swelling|swollen|closing)\b",
    r"\b(unconscious|unresponsive|passed out|fainted|collapsed|not waking|won'?t wake|seizing|convulsing)\b",
    r"\b(having|had|has|is having) (a )?(seizure|seizures|fit|convulsions?)\b",
    r"\b(can ?not|can'?t|cant|unable to|trouble|difficulty) (swallow|swallowing|open (his|her|my|their) eyes)\b",
    r"\bburning up\b",
    r"\bbarely (stay )?(awake|conscious|responding|breathing)\b",
    r"\b(fever|temperature) of (39|40|41|10[2-6])",
    r"\bstiff neck\b|\bneck (is )?(very |really |so )?(stiff|rigid)\b|\bworst headache\b",
    r"呼吸困难|喘不[上过]气|不能呼吸|无法呼吸|透不过气|憋气|窒息|上不来气",
    r"昏迷|昏倒|晕倒|叫不醒|意识不清|抽搐|休克",
    r"(喉咙|嗓子|舌头|嘴唇)\S{0,4}(肿|堵)",
    r"(咽不下|不能吞咽|无法吞咽|吞不下)",
    r"(烧到|发烧|体温)\S{0,4}(39|40|41)",
    r"(颈|脖子|脖颈)\S{0,3}(硬|僵)",
    r"快不行了|救命",

    r"\bskin\b.{0,30}\b(peeling|coming|falling|sloughing|slipping) off\b",
    r"\b(peeling|coming|falling) off\b.{0,30}\bskin\b",
    r"\b(large|big|huge) (areas?|patches|sheets|pieces) of skin\b",
    r"\b(in sheets|sheets of skin)\b",
    r"\b(high )?fever\b.{0,60}\bblisters?\b",
    r"\bblisters?\b.{0,60}\b(high )?fever\b",
    r"\b(blisters?|sores?)\b.{0,30}\b(mouth|eyes?|lips)\b.{0,40}\b(fever|spreading)\b",
    r"\b(skin|body|he|she|they)\b.{0,30}\b(is|are|keeps|started|starting) (blistering|peeling|sloughing)\b",
    r"\b(rash|blisters?)\b.{0,20}\bspreading (really |very |so )?(fast|quickly)\b",
    r"(皮肤|皮)\S{0,6}(大片|成片|整片)\S{0,4}(脱落|剥落|掉)|(大片|成片|整片)\S{0,4}(脱皮|脱落|剥落)",
    r"(高烧|高热|发高烧|发烧|发热)\S{0,20}(水泡|水疱|起泡)|(水泡|水疱|起泡)\S{0,20}(高烧|高热|发烧|发热)",
    r"(皮疹|疹子|水泡|水疱)\S{0,6}(扩散|蔓延)\S{0,4}(很快|得快|迅速)",
    r"(全身|整个身体|浑身)\S{0,3}(脱皮|掉皮|甩皮|起泡|起水泡|脱落)",
    r"(脱皮|掉皮|甩皮)\S{0,12}(高烧|高热|发烧|发热|烧)|(高烧|高热|发烧|发热)\S{0,12}(脱皮|掉皮|甩皮)",
]
_INFORMATIONAL = (
    r"\b(why|how come|how does|what causes|what makes|risk|risks|chance|chances|likely|possible|common|"
    r"(can|could|does|do|will|would|might|may) (ivig|ten|sjs|it|this|that|the \w+|\w+ing)\b.{0,30}\b(cause|causes|lead|"
    r"make|give|trigger|bring|result))\b|为什么|为何|怎么会|是怎么|原因|原理|会不会|会引起|会导致|能引起|可能会|风险|是否会|常见"
)
_SOMEONE = (
    r"\b(i|im|me|my|mine|we|our|he|hes|him|his|she|shes|her|they|theyre|them|their|son|daughter|husband|wife|mom|"
    r"mum|dad|mother|father|child|kid|baby|grandma|grandpa|grandmother|grandfather|brother|sister|friend)\b|"
    r"我|他|她|孩子|宝宝|儿子|女儿|老公|老婆|爸|妈|老豆|家人|朋友"
)


def _any(patterns: list[str]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{pattern})" for pattern in patterns))


_DANGER = _any(_DANGER_PATTERNS)
_INFORMATIONAL_QUESTION = re.compile(_INFORMATIONAL)
_NAMES_SOMEONE = re.compile(_SOMEONE)

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
    """Whole-word (English) or anywhere (Chinese) alternation, longest phrase first."""
    ordered = sorted(phrases, key=len, reverse=True)
    return re.compile("|".join(rf"(?<![a-z0-9]){re.escape(p)}(?![a-z0-9])" if p.isascii() else re.escape(p) for p in ordered))


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


def is_emergency(folded: str) -> bool:
    """The question (folded: :func:`app.normalize.fold`) describes acute danger happening to someone."""
    text = folded
    if not _DANGER.search(text):
        return False
    return _NAMES_SOMEONE.search(text) is not None or _INFORMATIONAL_QUESTION.search(text) is None


SMALL_TALK_MAX_CHARS = 120


def small_talk(folded: str) -> SmallTalk | None:
    """The kind of small talk when the whole (folded) question is a greeting, thanks or goodbye; else None."""
    if len(folded) > SMALL_TALK_MAX_CHARS:  # a message this long is more than a greeting or thanks
        return None
    text = " ".join(_STRIP.sub(" ", folded).split())
    found = [(match.start(), _SMALL_TALK_LOOKUP[match.group(0)]) for match in _SMALL_TALK_PHRASE.finditer(text)]
    if not found:
        return None
    rest = _SMALL_TALK_PHRASE.sub(" ", text)
    rest = _FILLER.sub(" ", rest)
    return found[0][1] if not rest.strip() else None


def is_personal_dose(folded: str) -> bool:
    """The (folded) question asks for a particular person's dose."""
    return _PERSONAL_DOSE.search(folded) is not None
