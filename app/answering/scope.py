"""Is a question within the article's scope, and which entries may answer it?

A confident wrong answer is the worst outcome, so before any entry is scored the question's subjects and aspects
(:mod:`app.answering.understanding`) decide what may answer it:

1. **Another subject** (reason ``other_subject``): a product or a treatment that is not IVIG (anti-D or tetanus
   immunoglobulin, albumin, cyclosporine ...), or another disease when TEN/SJS is not named ("IVIG for ITP dose",
   "lupus and IVIG"; IVIG for low platelets is ITP), or a drug asked about for itself, with none of the article's
   subjects named ("carbamazepine side effects"): the article's dose, timing and side effects are for IVIG in TEN,
   and must not be read as being about anything else; so is a drug's own dose asked beside the disease
   ("allopurinol dose for TEN"). A disease IVIG does not treat, named as what a trigger drug was taken for in a
   question about IVIG or the disease, is context ("took allopurinol for his gout, now IVIG: for how many days?";
   faq/other_subjects.yaml ``treated_by``). A drug asked about as a cause ("Can carbamazepine cause
   TEN?") is the causes entry's question, and one the article's own cases name (their steroids) is not asked about
   for itself. A subject's ``unless`` keys make it the article's question after all (an immune boost against
   infection is IVIG's passive immunity).
2. **An aspect no entry covers** (reason ``uncovered_aspect``): prices, contraindications, which department, diet,
   what IVIG is made of ... (``covered: false`` in faq/aspects.yaml).
3. **The aspect decides the candidates**: when the question asks something (its symptoms, its cause, the dose ...),
   only the entries declaring that aspect may answer, those about the question's own subject first (a definition of
   IVIG is not a definition of TEN); fuzzy matching picks among them and scores the answer. A question that names
   SJS but asks about something the article tells for TEN (its signs, its cause, how rare it is) is matched as a
   question about TEN, and its reply says that the article speaks of TEN. A trigger drug and the disease named with
   nothing else ("lamotrigine toxic epidermal necrolysis") ask about the cause.

What remains is fuzzy matching as before; a low confidence is the third reason for no answer (``low_confidence``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from app.answering.understanding import TEN_NAMES, Reading
from app.content.faq import Content, Drug, OtherSubject

Reason = Literal["other_subject", "uncovered_aspect", "low_confidence"]
# What a question asks when it asks about using IVIG for something: for low platelets alone, that something is ITP.
_USE_OF_IVIG = frozenset({"efficacy", "treatment", "dose", "timing"})
_RAISE_PLATELETS = re.compile(r"\b(raise|raises|raising|increase|boost|go(es)? up|come back up)\b|升|提高|提升")
# Aspects whose answers are about SJS itself (what it is, how it relates to TEN): an SJS question keeps "sjs" there.
_ABOUT_SJS_ITSELF = frozenset({"naming", "comparison", "definition"})
# Aspects of the disease a question naming IVIG alone still asks: what else treats it when IVIG is not enough ("if
# the IVIG doesn't work, what other treatments are there").
_BESIDE_IVIG = frozenset({"treatment"})
# What a drug named without IVIG is asked about for itself, even beside the disease ("allopurinol dose for TEN"); not
# its side effects, which symptoms told in a story read as ("started lamotrigine ... now has a fever and a rash").
_OF_A_DRUG = frozenset({"dose"})
# Aspects only the article itself answers: a drug named there (the steroids of a case report) is not asked about.
_ABOUT_THE_ARTICLE = frozenset({"case_reports", "sources", "reviewer"})


@dataclass(frozen=True, slots=True)
class Scope:
    """What the rules decided: a reason for no answer, or the entries that may answer and the features to match."""

    reason: Reason | None = None
    other: OtherSubject | Drug | None = None  # the other subject recognised (named in the reply, from faq/ data)
    allowed: frozenset[str] | None = None  # entry ids that may answer; None: any entry
    guided: bool = False  # the question's aspects chose ``allowed``
    features: tuple[str, ...] = ()  # what to match on
    sjs_for_ten: bool = False  # an SJS question answered from what the article says of TEN


class ScopeRules:
    """The scope decision, built once from the entries' declared subjects and aspects."""

    def __init__(self, content: Content) -> None:
        self._itp = next(other for other in content.other_subjects if other.key == "itp")
        self._by_aspect: dict[str, set[str]] = {}
        self._subjects: dict[str, frozenset[str]] = {}
        for item in content.entries:
            self._subjects[item.id] = frozenset(item.entry.subjects)
            for aspect in item.entry.aspects:
                self._by_aspect.setdefault(aspect, set()).add(item.id)

    def judge(self, reading: Reading) -> Scope:
        """The :class:`Scope` of a question, by the rules in this module's docstring, in that order."""
        named = reading.names_the_disease
        # A disease IVIG does not treat, named beside a drug that treats it in a question about IVIG or the disease, is
        # what the drug was taken for ("因为痛风吃了别嘌醇, 后来全身脱皮 ... 丙球要打几天"): context, not the subject.
        classes = {drug.drug_class for drug in reading.drugs}
        foreign = [
            other
            for other in reading.others
            if (other.kind != "disease" or not (named or (reading.subjects and classes & set(other.treated_by))))
            and not set(other.unless) & set(reading.features)
        ]
        if foreign:
            return Scope(reason="other_subject", other=foreign[0])
        if reading.drugs and not reading.subjects and reading.aspects != {"cause"} and not reading.aspects & _ABOUT_THE_ARTICLE:
            return Scope(reason="other_subject", other=reading.drugs[0])
        if reading.drugs and "ivig" not in reading.subjects and reading.aspects & _OF_A_DRUG and "cause" not in reading.aspects:
            return Scope(reason="other_subject", other=reading.drugs[0])  # "allopurinol dose for TEN": the drug's dose
        if not named and "thrombocytopenia" in reading.features and (
            (reading.aspects and reading.aspects <= _USE_OF_IVIG)
            or "efficacy" in reading.aspects
            or "onset" in reading.uncovered  # "血小板低打IVIG幾時見效": when IVIG raises the platelets
            or _RAISE_PLATELETS.search(reading.folded)
        ):
            return Scope(reason="other_subject", other=self._itp)  # IVIG for low platelets: that is ITP
        if reading.uncovered:
            return Scope(reason="uncovered_aspect")

        aspects = reading.aspects
        if not aspects and named and reading.names_only and classes - {"other"}:
            aspects = frozenset({"cause"})  # a trigger drug and the disease, nothing else: "lamotrigine TEN"
        sjs_for_ten = (
            "sjs" in reading.subjects
            and not reading.subjects & TEN_NAMES
            and bool(aspects)
            and not aspects & _ABOUT_SJS_ITSELF
        )
        features = reading.focus
        if sjs_for_ten:
            features = tuple(dict.fromkeys("ten" if feature == "sjs" else feature for feature in features))
        if not aspects:
            return Scope(features=features, sjs_for_ten=sjs_for_ten)
        # Per aspect, the entries about the question's own subject if there are any (what IVIG is, not what TEN is).
        preferred = {"sjs"} if sjs_for_ten else set(reading.subjects)
        allowed: set[str] = set()
        for aspect in aspects:
            answering = self._by_aspect.get(aspect, set())
            own = {entry_id for entry_id in answering if self._subjects[entry_id] & preferred}
            if (
                not own
                and reading.subjects == {"ivig"}
                and aspect not in _BESIDE_IVIG
                and not any("service" in self._subjects[e] for e in answering)
            ):
                continue  # IVIG alone with an aspect only the disease has ("Gammagard vs Privigen"): not ours
            allowed |= own or answering
        if not allowed:
            return Scope(reason="uncovered_aspect")
        return Scope(allowed=frozenset(allowed), guided=True, features=features, sjs_for_ten=sjs_for_ten)

    def is_about_ten(self, entry_id: str) -> bool:
        """The entry speaks of TEN (not of SJS itself, nor of IVIG or the service)."""
        subjects = self._subjects.get(entry_id, frozenset())
        return "ten" in subjects and "sjs" not in subjects
