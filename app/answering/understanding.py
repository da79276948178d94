"""Understand a question once: what it is about (its subjects) and what it asks (its aspects).

:meth:`Reader.read` turns a question into a :class:`Reading`, the one normalised representation every later step
uses: the emergency, small-talk and dosing rules (:mod:`app.answering.intents`) read its folded text, the scope check
(:mod:`app.answering.scope`) its subjects and aspects, and the matcher (:mod:`app.answering.matcher`) its features.

* **Subjects.** The article's own (``ten``, with Lyell's syndrome and the SJS/TEN overlap; ``sjs``; ``ivig``), named
  by any glossary variant (faq/glossary.yaml); "this disease" / 这个病 stands for TEN. Other subjects are the
  diseases, products and treatments of faq/other_subjects.yaml and the drugs of faq/drugs.yaml, recognised by their
  names in both languages as whole terms (a longer name wins: "anti-D immunoglobulin" is not IVIG); an
  immunoglobulin named "anti-" something (抗人胸腺细胞免疫球蛋白) is a specific product even when no name is listed.
* **Aspects.** The cues of faq/aspects.yaml, searched in the canonical text (:func:`app.answering.normalize.canonical_text`).
  A long message usually tells its story first and asks last, so what its last question (else its last sentence)
  asks is what the message asks, unless it points back at the story ("He wants a tattoo. Is that safe?"). A name
  alone ("SJS", "丙球") asks what it is, two of the disease's names alone whether they are the same; a drug named
  beside the disease, where the question asks its risk or link, is asked about as a cause; a question for the
  article's cases that also names their details (a dose, the days, that IVIG worked) asks about the cases.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TypeVar

from app.answering.literals import PatternSet
from app.answering.normalize import Normalizer, canonical_text, fold
from app.content.faq import Content, Drug, OtherSubject
from app.language.i18n import HAN_CHARACTERS, has_han

# Glossary keys that name the article's subjects.
_CAPITAL_TEN = re.compile(r"(?<![A-Za-z])TEN(?![A-Za-z])")
SUBJECT_OF_TERM = {"ten": "ten", "lyell": "lyell", "overlap": "overlap", "sjs": "sjs", "ivig": "ivig"}
# The article's disease by any of its names: TEN, its other name, the SJS/TEN overlap, and SJS on the same spectrum.
DISEASE = frozenset({"ten", "lyell", "overlap", "sjs"})
TEN_NAMES = frozenset({"ten", "lyell", "overlap"})
# Words that stand for the article's disease when no name is given ("what causes this disease?").
_THIS_DISEASE = re.compile(
    r"\b(this|the|that|his|her|my) (disease|condition|illness|syndrome|skin condition|skin disease)\b"
    r"|这个病|这种病|这病|此病|该病|这个皮肤病|呢个病"
)
# Where a sentence ends: the last one of a long message is where its question usually is.
# folded: "？" is "?"; not 39.5's point, nor the points inside a name ("I.V.-Globulin", "e.g.")
_SENTENCE_END = re.compile(r"(?<!\d)[.](?![\da-z-])\s*|[!?。;\n]+\s*")
T = TypeVar("T")
_SUBJECT_FEATURES = frozenset(SUBJECT_OF_TERM)
_DEFINITION = frozenset({"definition"})
_NAMING = frozenset({"naming"})
_CAUSE = frozenset({"cause"})
_PREVALENCE = frozenset({"prevalence"})
_SIDE_EFFECTS = frozenset({"side_effects"})
_SYMPTOMS = frozenset({"symptoms"})
_CASE_REPORTS = frozenset({"case_reports"})
_RECOVERY = frozenset({"recovery"})
_DEFINITION_OR_NAMING = frozenset({"definition", "naming"})
# The disease set beside a burn, a scald or a sunburn ("I got scalded and it blistered, how is TEN different?", "晒伤后
# 脱皮了，跟药物过敏的脱皮怎么区分"): what TEN looks like (like a severe hot-water burn) is the symptoms entry's answer;
# telling two of the disease's names apart stays a comparison.
_LIKE_A_BURN = frozenset({"comparison", "naming"})
_BURN = re.compile(r"\b(burn|burns|burned|burnt|sunburns?|sunburned|sunburnt|scalds?|scalded|scalding)\b|烫|晒伤|灼伤")
# What the specialist entry's answer covers of an uncovered aspect: it helps with IVIG prior authorization (approval
# from the insurance), so "can someone help with prior authorization?" is its question even with insurance words.
_COVERED_BY_TERM = {"priorauthorization": frozenset({"insurance"})}
# What a question recalling one of the article's cases says of it (its dose, its days, that IVIG worked): details of
# the case it asks about ("the 400 mg/kg/day for 5 days case, how did that patient do?", "有没有病例是用丙球治好的").
_CASE_DETAILS = frozenset({"dose", "timing", "efficacy", "evidence"})
# A question that points back at what the story before it said ("He now wants a tattoo. Is that safe after TEN?"):
# what the story asks about that no entry covers is what it asks.
_POINTS_BACK = re.compile(
    r"\b(is|would|will|was) (that|it|this) (safe|ok|okay|alright|fine|allowed|a good idea|dangerous|risky)\b"
    r"|(这样|这个|那样|那个)(安全|可以|行|危险)"
)
# What a question naming a drug and the disease asks when it asks the drug's risk, link or how often it does this.
_DRUG_RISK = frozenset({"side_effects", "naming", "prevalence", "cause"})
_HAN_WORD = re.compile(f"[{HAN_CHARACTERS}]{{2,}}")
# An immunoglobulin named "anti-" something (抗人胸腺细胞免疫球蛋白, anti-lymphocyte immunoglobulin) is a specific
# (hyperimmune) product, never IVIG, whether or not faq/other_subjects.yaml lists its name; not 抗体 (antibody),
# 抗炎 (anti-inflammatory), 抗生素 ..., nor 抵抗力 (resistance).
_SPECIFIC_IMMUNOGLOBULIN = re.compile(
    r"(?<![抵对拮])抗(?!体|生素|炎|菌|感染|癫痫|过敏|氧化|凝|肿瘤|病毒药)[^\s的和与及或是在吗呢了,.?!、]{1,10}?(免疫)?球蛋白"
    r"|\banti[- ]?(?!inflammator|bod|biotic|microbial)[a-z]+(?:[- ][a-z]+)? (?:immune globulins?|immunoglobulins?|globulins?)\b"
)
SPECIFIC_IMMUNOGLOBULIN_KEY = "hyperimmune"  # the other subject a reply names for it
DRUG_PREFIX = "drug_"
OTHER_PREFIX = "other_"


@dataclass(frozen=True, slots=True)
class Reading:
    """A question, read once. Never logged: it holds what the user typed."""

    text: str  # as typed
    folded: str  # app.answering.normalize.fold: NFKC, case folded, Simplified, invisible characters removed
    corrected: str  # the folded text with its English typos put right, punctuation kept (for app.answering.triage)
    sounded: str  # its words with Chinese sound-alike characters put right too, as text (for app.answering.triage)
    tokens: tuple[str, ...]  # app.answering.normalize.Normalizer.tokens: words, glossary and lexicon keys, stop words kept
    canonical: str  # the tokens as text, for cues
    features: tuple[str, ...]  # distinct matching features, in order
    focus: tuple[str, ...]  # the features of the sentence that asks (a long message's question) with its subjects
    subjects: frozenset[str]  # the article's subjects named: "ten", "lyell", "overlap", "sjs", "ivig"
    others: tuple[OtherSubject, ...]  # other diseases, products, treatments named
    drugs: tuple[Drug, ...]  # medications named
    aspects: frozenset[str]  # covered aspects asked
    uncovered: frozenset[str]  # uncovered aspects asked
    names_only: bool = False  # nothing but names: the article's subjects and drugs ("lamotrigine TEN")

    @property
    def names_the_disease(self) -> bool:
        """The question names TEN or SJS (by any name, or as "this disease")."""
        return bool(self.subjects & DISEASE)


class Reader:
    """Reads questions; built once at start-up from the content and the normalizer (which knows the lexicon)."""

    def __init__(self, normalizer: Normalizer, content: Content) -> None:
        self.normalizer = normalizer
        self.aspects = content.aspects
        self._drugs = {lexicon_key(drug): drug for drug in content.drugs}
        self._others = {other_key(other): other for other in content.other_subjects}
        self._specific = next((o for o in content.other_subjects if o.key == SPECIFIC_IMMUNOGLOBULIN_KEY), None)
        # A glossary term that is also a drug's name (lamotrigine, pembrolizumab: the article's own case reports)
        # stays a glossary term for matching, and is a drug for the scope rules too.
        drug_names = {fold(name): drug for drug in content.drugs for name in (*drug.en, *drug.zh, *drug.zh_hant)}
        self._drug_terms = {
            term.key: drug_names[fold(variant)]
            for term in content.glossary
            for variant in (*term.en, *term.zh)
            if fold(variant) in drug_names
        }
        # A cue written in Chinese reads the canonical text without spaces ("会引起sjs"); the others read it as is.
        self._by_key = {aspect.key: aspect for aspect in content.aspects}
        # The subjects' names are in nearly every question: a cue that needs one and another word is found by the other.
        self._english_cues = PatternSet(
            {a.key: [c for c in a.cues if not has_han(c)] for a in content.aspects}, common=SUBJECT_OF_TERM
        )
        self._chinese_cues = PatternSet(
            {a.key: [c for c in a.cues if has_han(c)] for a in content.aspects}, common=SUBJECT_OF_TERM
        )

    def read(self, question: str) -> Reading:
        """The :class:`Reading` of ``question`` (any text; empty text reads as nothing)."""
        folded = fold(question)
        corrected, sounded, words, starts = self.normalizer.corrected_at(folded)
        # A message of several sentences is read sentence by sentence (its tokens are theirs, in order), so what its
        # last question asks can be told without reading it twice.
        spans = _sentence_spans(folded)
        number = _CAPITAL_TEN.search(question) is None  # "TEN" in capitals is the disease, "ten days" a number
        by_sentence = [
            tuple(self.normalizer.tokens_of_words(
                [w for w, at in zip(words, starts, strict=True) if begin <= at < end], number))
            for begin, end, _ in spans
        ] if len(spans) > 1 else []
        by_sentence = [_idioms(sentence) for sentence in by_sentence]
        tokens = tuple(t for sentence in by_sentence for t in sentence) if by_sentence else _idioms(tuple(
            self.normalizer.tokens_of_words(words, number)
        ))
        canonical = canonical_text(tokens)
        subjects = {SUBJECT_OF_TERM[token] for token in tokens if token in SUBJECT_OF_TERM}
        features = list(dict.fromkeys(self.normalizer.features_of(tokens)))
        if not subjects and _THIS_DISEASE.search(canonical):  # "what causes this disease?" asks about TEN
            subjects.add("ten")
            features.append("ten")
        drugs = self._drugs_in(tokens)
        others = _distinct([self._others[t] for t in tokens if t in self._others])
        if not others and self._specific is not None and _SPECIFIC_IMMUNOGLOBULIN.search(folded):
            others = (self._specific,)
        # What each sentence asks ("TEN是什么？医院说..." is not "什么医院"), and what the whole message asks: the
        # specific aspects of its sentences, else their generic ones; only when no sentence asks anything by itself,
        # what the message asks across its sentences ("Day 3 of IVIG. Pounding headache": a side effect).
        parts = [self._aspects(sentence) for sentence in by_sentence] if by_sentence else [self._aspects(tokens)]
        chosen = [part for part in parts if (part[0] or part[1]) and not part[2]] or [
            part for part in parts if part[0] or part[1]
        ]
        if not chosen and by_sentence:
            chosen = [self._aspects(tokens)]
        aspects = frozenset().union(*(part[0] for part in chosen))
        uncovered = frozenset().union(*(part[1] for part in chosen))
        told = uncovered  # what the whole message asks that no entry covers
        if not aspects and not uncovered and subjects and set(features) <= _SUBJECT_FEATURES:
            # a name alone ("SJS", "丙球") asks what it is; two of the disease's names alone ("Lyell's = TEN?") ask
            # whether they name the same thing
            aspects = _NAMING if len(subjects & DISEASE) > 1 else _DEFINITION
        focus = features
        asking = tokens  # the tokens of the sentence that asks
        for position in _question_order(by_sentence, spans):  # a long message asks in its last question
            sentence_tokens = by_sentence[position]
            sentence_aspects, sentence_uncovered, generic = parts[position]
            # A story that ends by asking what a name means ("... they called it SJS/TEN overlap. what does overlap
            # mean?", "... they called it Stevens-Johnson. what is that exactly?") asks for its definition: when the
            # question names the subject, or points at the name the story gave ("called it").
            defines = (
                position == len(by_sentence) - 1
                and spans[position][2]
                and sentence_aspects == _DEFINITION
                and (bool(_subjects_in(sentence_tokens)) or any("naming" in part[0] for part in parts[:position]))
            )
            if (sentence_aspects or sentence_uncovered) and (not generic or defines):
                aspects, uncovered, asking = sentence_aspects, sentence_uncovered, sentence_tokens
                # match on what it asks, with the subjects the story named ("she" is the TEN patient)
                named = [feature for feature in features if feature in _SUBJECT_FEATURES]
                focus = list(dict.fromkeys([*self.normalizer.features_of(sentence_tokens), *named]))
                break
        if asking is not tokens and told - uncovered and _POINTS_BACK.search(canonical_text(asking)):
            uncovered = uncovered | told
        if aspects & _LIKE_A_BURN and len(_subjects_in(asking) & DISEASE) < 2 and _BURN.search(canonical_text(asking)):
            aspects = (aspects - _LIKE_A_BURN - _CAUSE) | _SYMPTOMS  # "药物引起的脱皮" names the reaction it is set beside
        for term, covered in _COVERED_BY_TERM.items():
            if term in tokens and uncovered & covered:
                uncovered = uncovered - covered
        if uncovered == _RECOVERY and any("case_reports" in p[0] for p in parts):
            # how one of the article's cases ended ("like the 83 year old in the case report. did his platelets come
            # back?", "那个83岁的病人后来血小板恢复了吗"): the case reports entry tells it
            aspects, uncovered, focus = _CASE_REPORTS, frozenset(), features  # matched on the case the story recalls
        if "prevalence" in aspects and not _subjects_in(asking) & DISEASE and any("side_effects" in p[0] for p in parts):
            # how common a reaction to IVIG is ("running 38.3 after the first bag, is this a common reaction?", "...
            # they said aseptic meningitis. how rare is that?"): the side effects entry says which are rare
            aspects = (aspects - _PREVALENCE) | _SIDE_EFFECTS
        if "case_reports" in aspects and aspects & _CASE_DETAILS:
            # A case recalled by its details asks about the case; but "does IVIG work for pembrolizumab TEN?" names
            # the article's case by its drug to ask whether IVIG works, which the efficacy entry answers.
            aspects = aspects - (_CASE_DETAILS - {"efficacy"} if drugs else _CASE_DETAILS)
        if (
            subjects & DISEASE
            and aspects
            and aspects <= _DRUG_RISK
            and not {"sjs", "ten"} <= subjects
            and self._drugs_in(asking)  # named where it asks, not only in the story before
        ):
            aspects = _CAUSE  # "septra and TEN risk", "nevirapine 和 SJS 有关系吗": the drug as a cause
        return Reading(
            text=question,
            folded=folded,
            corrected=corrected,
            sounded=sounded,
            tokens=tokens,
            canonical=canonical,
            features=tuple(features),
            focus=tuple(focus),
            subjects=frozenset(subjects),
            others=others,
            drugs=drugs,
            aspects=aspects,
            uncovered=uncovered,
            names_only=all(
                feature in _SUBJECT_FEATURES or feature in self._drugs or feature in self._drug_terms for feature in features
            ),
        )

    def _drugs_in(self, tokens: tuple[str, ...]) -> tuple[Drug, ...]:
        """The drugs named in ``tokens``, by their names or as a glossary term that is a drug (lamotrigine)."""
        return _distinct(
            [self._drugs[t] for t in tokens if t in self._drugs] + [self._drug_terms[t] for t in tokens if t in self._drug_terms]
        )

    def _aspects(self, tokens: tuple[str, ...]) -> tuple[frozenset[str], frozenset[str], bool]:
        """(covered, uncovered, generic only) aspects whose cues are in the tokens' text. A generic aspect ("what is
        ...") counts only when nothing more specific is asked and no term other than a subject's name is there:
        "what is granulysin" asks about granulysin, not for a definition of TEN."""
        canonical = canonical_text(tokens)
        keys = self._english_cues.matching(canonical)
        if has_han(canonical):  # Chinese cues need Chinese
            keys |= self._chinese_cues.matching(canonical.replace(" ", ""))
        found = [aspect for key, aspect in self._by_key.items() if key in keys]
        specific = [aspect for aspect in found if not aspect.generic]
        other_terms = any(t in self.normalizer.glossary_keys and t not in SUBJECT_OF_TERM for t in tokens)
        chosen = specific or ([] if other_terms else found)
        return (
            frozenset(aspect.key for aspect in chosen if aspect.covered),
            frozenset(aspect.key for aspect in chosen if not aspect.covered),
            not specific,
        )


# "make a difference" asks whether something helps, not how two things differ (the glossary reads "difference" as its
# key, which would pull the question to the SJS-vs-TEN entry): "does early IVIG make any difference in TEN".
_MAKES = frozenset({"make", "makes", "made", "making"})
_DEGREE = frozenset({"a", "any", "much", "no", "big", "real", "huge", "great", "the"})


def _idioms(tokens: tuple[str, ...]) -> tuple[str, ...]:
    """``tokens`` with "make (a|any|much ...) difference" read as "help"."""
    if "difference" not in tokens:
        return tokens
    read = list(tokens)
    for at, token in enumerate(read):
        if token == "difference":
            before = at - 1
            while before >= 0 and read[before] in _DEGREE and at - before <= 3:
                before -= 1
            if before >= 0 and read[before] in _MAKES:
                read[at] = "help"
    return tuple(read)


def _subjects_in(tokens: tuple[str, ...]) -> set[str]:
    """The article's subjects named in ``tokens``."""
    return {SUBJECT_OF_TERM[token] for token in tokens if token in SUBJECT_OF_TERM}


def lexicon_key(drug: Drug) -> str:
    """The token a drug's names become (by its ATC code, unique): ``drug_n03af01`` for carbamazepine."""
    return DRUG_PREFIX + drug.atc.lower()


def other_key(other: OtherSubject) -> str:
    return OTHER_PREFIX + other.key


def lexicon(content: Content) -> dict[str, list[str]]:
    """Every drug's and other subject's names by the token they become (for :meth:`Normalizer.build`)."""
    names: dict[str, list[str]] = {}
    for drug in content.drugs:
        names.setdefault(lexicon_key(drug), []).extend((*drug.en, *drug.zh, *drug.zh_hant))
    for other in content.other_subjects:
        names.setdefault(other_key(other), []).extend((*other.en, *other.zh, *other.zh_hant))
    return names


def drug_classes(content: Content) -> dict[str, str]:
    """Each drug token's feature for matching: the glossary key of its class ("anticonvulsant"), else "medication"."""
    return {
        lexicon_key(drug): drug.drug_class if drug.drug_class != "other" else "medication" for drug in content.drugs
    }


def _distinct(items: list[T]) -> tuple[T, ...]:
    """Items in order, each once (pydantic models with list fields cannot be hashed: compare by identity)."""
    seen: set[int] = set()
    out = []
    for item in items:
        if id(item) not in seen:
            seen.add(id(item))
            out.append(item)
    return tuple(out)


def cue_words(content: Content) -> list[str]:
    """The Chinese words written in the aspects' cues (发病率, 副作用 ...): typed by sound, they are put right too."""
    return [word for aspect in content.aspects for cue in aspect.cues for word in _HAN_WORD.findall(cue)]


def _sentence_spans(text: str) -> list[tuple[int, int, bool]]:
    """(start, end, asks) of each sentence of a folded text; ``asks``: it ends in a question mark."""
    spans: list[tuple[int, int, bool]] = []
    begin = 0
    for match in _SENTENCE_END.finditer(text):
        if match.end() > begin and text[begin : match.start()].strip(" .!?。;"):
            spans.append((begin, match.end(), "?" in text[begin : match.end()].rstrip()[-1:]))
        begin = match.end()
    if text[begin:].strip(" .!?。;"):
        spans.append((begin, len(text), text.rstrip().endswith("?")))
    return spans


def _question_order(sentences: list[tuple[str, ...]], spans: list[tuple[int, int, bool]]) -> list[int]:
    """The sentences' positions in the order a message's question is looked for: the questions (ending in a
    question mark) from the last, then the other sentences from the last; [] for a message of one sentence."""
    if len(sentences) < 2:
        return []
    return sorted(range(len(sentences)), key=lambda i: (not spans[i][2], -i))
