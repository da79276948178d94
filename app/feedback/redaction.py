"""Remove identifiers from a question before it is stored, in English and Chinese.

What is found and replaced by a placeholder (``[email]``, ``[url]``, ``[phone]``, ``[date]``, ``[number]``,
``[name]``, ``[organization]``), in this order:

* **e-mail addresses** and **URLs** (with a scheme, ``www.``, or a bare domain under a common top-level domain);
* **phone numbers**: Google's libphonenumber rules (the ``phonenumbers`` package) for the United States, mainland
  China, Hong Kong and Taiwan, international ``+`` numbers included;
* **dates**: numeric (``03/05/2024``, ``2024-03-05``), with English month names (``March 5``, ``5th of March
  2024``, ``March 2024``) and Chinese (``2024年3月5日``, ``3月5号``, ``三月五日``); a year on its own is kept;
* **ID-like numbers**: any run of five or more digits, with letters or separators around it (record numbers,
  ``123-45-6789``, identity card numbers ending in ``X``, passport and insurance numbers);
* **names**: in Chinese, the person names (``nr``) and organisation names (``nt``, e.g. a hospital) that jieba's
  dictionary and tagger find (``rjieba.tag``, offline), except the glossary's own terms ("史蒂文斯-约翰逊" is a
  disease); in both languages, a name after a cue ("my name is …", "Dr. …", "my son …", "我叫…", "…先生").

What is **not** covered, plainly: English names without a cue ("Can John take IVIG?" keeps "John"): no well-kept
library finds them offline here. Presidio's PERSON recogniser needs a spaCy language model, which is published
only as a GitHub release and cannot be installed from PyPI; its other recognisers are regular expressions much like
these, without Chinese. Street addresses and places are kept. So the widget still asks people not to type names.
The canary set in ``tests/test_redaction.py`` is the proof of what is covered, against the real database.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

import phonenumbers
import rjieba

PHONE_REGIONS = ("US", "CN", "HK", "TW")
# Full-width digits, letters and the signs of addresses and numbers, as ASCII (Chinese punctuation stays as it is).
_FULL_WIDTH = {code: unicodedata.normalize("NFKC", chr(code)) for code in range(0xFF01, 0xFF5F) if chr(code) not in "，！？；：（）"}

_EMAIL = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}")
_TLDS = "com|org|net|edu|gov|info|io|me|co|us|uk|cn|hk|tw|sg|ca|au|health|app"
_URL = re.compile(
    rf"(?i)(?:\b(?:https?|ftp)://|\bwww\.)[^\s<>\"'，。！？；、）)]+"
    rf"|\b[a-z0-9](?:[a-z0-9\-]*[a-z0-9])?(?:\.[a-z0-9\-]+)*\.(?:{_TLDS})\b(?:/[^\s<>\"'，。！？；、）)]*)?"
)
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|"
    r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_CN_NUM = "〇零一二三四五六七八九十两"
_DATE = re.compile(
    "|".join(
        [
            r"(?<!\d)(?:\d{4}[/.\-]\d{1,2}[/.\-]\d{1,2}|\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2,4})(?!\d)",  # 2024-03-05, 03/05/2024, 5.3.24
            rf"\b{_MONTH}\s+{_DAY}\b(?:,?\s+\d{{4}})?",  # March 5, March 5th, 2024
            rf"\b{_DAY}\s+(?:of\s+)?{_MONTH}(?:,?\s+\d{{4}})?",  # 5 March 2024, 5th of March
            rf"\b{_MONTH}\s+(?:of\s+)?\d{{4}}\b",  # March 2024
            r"(?<!\d)\d{1,2}/\d{1,2}(?!\d)",  # 3/5
            rf"(?:\d{{2,4}}|[{_CN_NUM}]{{2,4}})\s*年\s*(?:\d{{1,2}}|[{_CN_NUM}]{{1,3}})\s*月(?:\s*(?:\d{{1,2}}|[{_CN_NUM}]{{1,3}})\s*[日号號])?",
            rf"(?:\d{{1,2}}|[{_CN_NUM}]{{1,3}})\s*月\s*(?:\d{{1,2}}|[{_CN_NUM}]{{1,3}})\s*[日号號]",
        ]
    ),
    re.IGNORECASE,
)
# Five or more digits in one token, with letters or separators inside or around it: an identifier of some kind.
_ID_LIKE = re.compile(r"(?<![A-Za-z0-9])[A-Za-z]{0,4}[\-#:]?\d(?:[\d\-./]|\s(?=\d))*[A-Za-z]{0,2}(?![A-Za-z0-9])")
_MIN_ID_DIGITS = 5
_LETTERED_ID = re.compile(r"(?<![A-Za-z0-9])(?:[A-Za-z]{1,4}[\-#:]?\d[\d\-]*[A-Za-z]{0,2}|\d[\d\-]*[A-Za-z]{1,2})(?![A-Za-z0-9])")

_EN_STOP = r"(?!(?:and|or|but|the|a|an|is|was|has|had|have|who|with|from|at|in|on|to|of|for|my|i|it|he|she|they)\b)"
_EN_NAME = rf"{_EN_STOP}[A-Za-z][A-Za-z'’\-]+(?:\s+{_EN_STOP}[A-Z][A-Za-z'’\-]+)?"
_EN_NAME_CUES = re.compile(
    "|".join(
        [
            rf"(?i:\b(?:my|his|her|their|our)\s+name\s+is|\bname\s*:|\bi\s+am\s+called|\bi'?m\s+called|\bcall\s+me|\bnamed|\bthis\s+is)\s+(?P<a>{_EN_NAME})",
            r"(?i:\b(?:dr|mr|mrs|ms|miss|prof|doctor|nurse)\b\.?)\s+(?P<b>[A-Z][A-Za-z'’\-]+(?:\s+[A-Z][A-Za-z'’\-]+)?)",
            r"(?i:\bmy\s+(?:son|daughter|wife|husband|mother|mom|mum|father|dad|child|kid|baby|brother|sister|"
            r"friend|grandson|granddaughter|grandmother|grandfather|partner|patient)),?\s+(?P<c>[A-Z][a-z'’\-]+(?:\s+[A-Z][a-z'’\-]+)?)",
            r"(?i:\bi\s+am|\bi'?m)\s+(?P<d>[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)(?=\s*(?:[,.;!?]|$|\s+and\b|\s+from\b))",
        ]
    )
)
_HAN = "\u3400-\u4dbf\u4e00-\u9fff"
_ZH_TITLES_PREFIX = ("王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何",
                     "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾", "肖", "田",
                     "董", "袁", "潘", "于", "蒋", "蔡", "余", "杜", "叶", "程", "苏", "魏", "吕", "丁", "任", "沈", "姚",
                     "卢", "姜", "崔", "钟", "谭", "陆", "汪", "范", "金", "石", "廖", "贾", "夏", "韦", "付", "方", "白",
                     "邹", "孟", "熊", "秦", "邱", "江", "尹", "薛", "闫", "段", "雷", "侯", "龙", "史", "陶", "黎", "贺",
                     "顾", "毛", "郝", "龚", "邵", "万", "钱", "严", "覃", "武", "戴", "莫", "孔", "向", "汤", "欧阳")


_SURNAME = "(?:" + "|".join(sorted(_ZH_TITLES_PREFIX, key=len, reverse=True)) + ")"
_ZH_NAME_CUES = re.compile(
    rf"(?:我叫|我的名字(?:是|叫)|名字(?:是|叫)|姓名(?:是|叫)?[:：]?|本人(?:是|叫)|他叫|她叫|孩子叫|儿子叫|女儿叫)\s*(?P<a>[{_HAN}]{{2,3}})"
    rf"|(?P<b>{_SURNAME}[{_HAN}]{{0,2}}?)(?=先生|女士|小姐|太太|医生|医师|大夫|护士|教授|老师)"
)


class Redactor:
    """Finds and replaces identifiers; built once at start-up with the glossary terms that are never names."""

    def __init__(self, keep_terms: Iterable[str] = ()) -> None:
        self.keep_terms = tuple(sorted({term for term in keep_terms if term}, key=len, reverse=True))

    def redact(self, text: str) -> str:
        """``text`` with every identifier found replaced by its placeholder (full-width digits and letters count).

        >>> Redactor().redact("Email me at jo@example.com or call 415-555-0123 before March 5")
        'Email me at [email] or call [phone] before [date]'
        >>> Redactor().redact("我叫王小明，电话13812345678，2024年3月5日入院")
        '我叫[name]，电话[phone]，[date]入院'
        """
        text = text.translate(_FULL_WIDTH)
        text = _EMAIL.sub("[email]", text)
        text = _URL.sub("[url]", text)
        text = _DATE.sub("[date]", text)
        text = _LETTERED_ID.sub(_id_like, text)  # before phones: "A12345678" is a record number, not a phone
        text = self._phones(text)
        text = _ID_LIKE.sub(_id_like, text)
        text = _EN_NAME_CUES.sub(_replace_named_group, text)
        text = _ZH_NAME_CUES.sub(_replace_zh_cue, text)
        return self._tagged_names(text)

    def _phones(self, text: str) -> str:
        spans: list[tuple[int, int]] = []
        for region in PHONE_REGIONS:
            for match in phonenumbers.PhoneNumberMatcher(text, region, leniency=phonenumbers.Leniency.POSSIBLE):
                spans.append((match.start, match.end))
        return _replace_spans(text, spans, "[phone]")

    def _tagged_names(self, text: str) -> str:
        """Chinese person and organisation names by jieba's tagger, glossary terms excepted."""
        if not re.search(f"[{_HAN}]", text):
            return text
        protected = [(m.start(), m.end()) for term in self.keep_terms for m in re.finditer(re.escape(term), text)]
        out: list[str] = []
        position = 0
        for word, tag in rjieba.tag(text):
            start, end = position, position + len(word)
            position = end
            inside_term = any(start < stop and end > begin for begin, stop in protected)
            is_name = tag.startswith("nr") and re.fullmatch(f"[{_HAN}]+", word) is not None and not inside_term
            if is_name or (tag == "nt" and not inside_term):
                if is_name and out and out[-1][-1:] in _ZH_TITLES_PREFIX:  # "叫林" + "秀英": the surname went left
                    out[-1] = out[-1][:-1]
                out.append("[name]" if is_name else "[organization]")
            else:
                out.append(word)
        return "".join(out)


def _replace_spans(text: str, spans: list[tuple[int, int]], placeholder: str) -> str:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    for start, end in reversed(merged):
        text = text[:start] + placeholder + text[end:]
    return text


def _id_like(match: re.Match[str]) -> str:
    token = match.group(0)
    return "[number]" if sum(char.isdigit() for char in token) >= _MIN_ID_DIGITS else token


def _replace_named_group(match: re.Match[str]) -> str:
    name = next(group for group in ("a", "b", "c", "d") if match.group(group))
    start, end = match.span(name)
    whole_start = match.start()
    return match.group(0)[: start - whole_start] + "[name]" + match.group(0)[end - whole_start :]


def _replace_zh_cue(match: re.Match[str]) -> str:
    group = "a" if match.group("a") else "b"  # b: a surname before a title ("李医生"), never "请问医生"
    start, end = match.span(group)
    whole_start = match.start()
    return match.group(0)[: start - whole_start] + "[name]" + match.group(0)[end - whole_start :]
