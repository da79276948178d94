"""Compose the reply to a question: decide its kind, attach the answer, suggestions and the disclaimer.

This is where the medical disclaimer is attached to every reply of the service (:meth:`Composer.disclaimer`),
where emergencies, small talk and personal dosing take precedence over matching, where the scope rules
(:mod:`app.answering.scope`) turn a question about another subject or an uncovered aspect into an honest "no match", and
where a low confidence does the same; a "no match" says why, what the FAQ covers, and gives the phone line, with
the closest entries as suggestions.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import cast

from app.answering.intents import SmallTalk, is_personal_dose, small_talk
from app.answering.matcher import Candidate, Matcher, MatchResult
from app.answering.normalize import fold
from app.answering.schemas import AskResponse, EntryRef, EntryView, Kind, MatchedEntry, Reason, Source
from app.answering.scope import Scope, ScopeRules
from app.answering.triage import triage
from app.answering.understanding import Reader, Reading
from app.content.faq import Content, ContentError, Drug, EmergencyNumber, FaqEntry, OtherSubject
from app.language import messages
from app.language.i18n import LANGS, Lang, Translator
from app.ops.settings import Settings

DOSE_ENTRY_ID = "ivig-dose"
SPECIALIST_ENTRY_ID = "talk-to-specialist"
EMERGENCY_ENTRY_IDS = frozenset({"ten-symptoms", "ten-complications"})  # the only answers shown under an alarm
STARTER_ENTRY_IDS = ("what-is-ten", "does-ivig-help", "ivig-side-effects", "talk-to-specialist")
SUGGESTION_FLOOR = 0.2  # a no-match suggests only entries whose matching score is at least this
_SMALL_TALK_REPLY = {
    SmallTalk.GREETING: messages.GREETING,
    SmallTalk.THANKS: messages.THANKS,
    SmallTalk.GOODBYE: messages.GOODBYE,
}


@dataclass(frozen=True)
class Composer:
    content: Content
    translator: Translator
    matcher: Matcher
    settings: Settings
    reader: Reader
    scope: ScopeRules
    _texts: dict[tuple[Lang, str], str] = field(init=False, repr=False, compare=False)
    _sources: dict[str, tuple[Source, ...]] = field(init=False, repr=False, compare=False)
    _regions: dict[str, EmergencyNumber] = field(init=False, repr=False, compare=False)
    _refs: dict[tuple[str, Lang], EntryRef] = field(init=False, repr=False, compare=False)
    _cache: OrderedDict[tuple[str, Lang], AskResponse] | None = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        missing = [entry_id for entry_id in (DOSE_ENTRY_ID, SPECIALIST_ENTRY_ID, *STARTER_ENTRY_IDS) if not self.content.entry(entry_id)]
        if missing:
            raise ContentError(f"faq/sections: the replies need the entries {missing}, which are missing")
        # Texts without per-reply values and the entries' references are the same for every reply: made once.
        object.__setattr__(self, "_texts", {})
        object.__setattr__(self, "_sources", {})
        object.__setattr__(self, "_refs", {})
        object.__setattr__(self, "_cache", OrderedDict() if self.settings.reply_cache_size else None)
        regions = {region.key: region for region in self.content.emergency_numbers}
        object.__setattr__(self, "_regions", regions)
        for lang in LANGS:
            keys = self.settings.emergency_regions.get(lang)
            unknown = [key for key in keys or () if key not in regions]
            if not keys or unknown:
                raise ContentError(
                    f"FAQBOT_EMERGENCY_REGIONS must name, for {lang!r}, regions of faq/emergency_numbers.yaml "
                    f"({', '.join(sorted(regions))}); {'unknown: ' + ', '.join(unknown) if unknown else 'none given'}"
                )

    # -- text in a language -------------------------------------------------------------------------------------
    def text(self, lang: Lang, message: str, **values: str) -> str:
        """Translate ``message`` and fill in the organisation, phone and emergency number (and ``values``)."""
        if not values:
            cached = self._texts.get((lang, message))
            if cached is None:
                cached = self._texts[(lang, message)] = self._format(lang, message)
            return cached
        return self._format(lang, message, **values)

    def _format(self, lang: Lang, message: str, **values: str) -> str:
        defaults = {
            "organization": self.settings.organization,
            "phone": self.settings.phone,
            "emergency_number": self.emergency_numbers(lang),
        }
        return self.translator.gettext(lang, message).format(**(defaults | values))

    def emergency_lines(self, lang: Lang) -> list[tuple[str, str]]:
        """(region, number) of each emergency number the language names (FAQBOT_EMERGENCY_REGIONS), the first the
        one to dial first: ``[("United States", "911")]``; for Chinese also the local numbers (120, 999, 119)."""
        name = {"en": "en", "zh": "zh", "zh-Hant": "zh_hant"}[lang]
        return [(getattr(self._regions[key], name), self._regions[key].number) for key in self.settings.emergency_regions[lang]]

    def emergency_numbers(self, lang: Lang) -> str:
        """The emergency numbers of :meth:`emergency_lines` as text: "911 (United States)", "美国 911；中国大陆 120"."""
        item = self.translator.gettext(lang, messages.EMERGENCY_NUMBER_ITEM)
        separator = "; " if lang == "en" else "；"
        return separator.join(item.format(region=region, number=number) for region, number in self.emergency_lines(lang))

    def disclaimer(self, lang: Lang) -> str:
        return self.text(lang, messages.DISCLAIMER)

    def entry_ref(self, item: FaqEntry, lang: Lang) -> EntryRef:
        """An entry named by its question in ``lang`` (made once per entry and language: it never changes)."""
        found = self._refs.get((item.id, lang))
        if found is None:
            found = self._refs[(item.id, lang)] = EntryRef(id=item.id, question=self.text(lang, item.entry.question))
        return found

    def sources(self, item: FaqEntry) -> list[Source]:
        found = self._sources.get(item.id)
        if found is None:
            found = self._sources[item.id] = tuple(
                Source(**self.content.references[number].model_dump()) for number in item.entry.sources
            )
        return list(found)

    def entry_view(self, item: FaqEntry, lang: Lang) -> EntryView:
        related = [self.content.entry(entry_id) for entry_id in item.entry.related]
        return EntryView(
            id=item.id,
            section=self.text(lang, item.section),
            question=self.text(lang, item.entry.question),
            answer=self.text(lang, item.entry.answer),
            sources=self.sources(item),
            related=[self.entry_ref(other, lang) for other in related if other is not None],
        )

    # -- replies ------------------------------------------------------------------------------------------------
    def ask(self, question: str, lang: Lang) -> AskResponse:
        """The reply to one question, in ``lang``.

        FAQ traffic repeats itself ("IVIG side effects"), so the latest FAQBOT_REPLY_CACHE_SIZE replies are kept by
        the question as folded (case, width, script, invisible characters) and language; a reply depends on nothing
        else. The cache lives in this process only and holds no more than the replies themselves.
        """
        key = self._cache_key(question, lang)
        reply = self._cached(key)
        if reply is None:
            reply = self._remember(key, self.reply(self.reader.read(question), lang))
        return reply

    def ask_many(self, questions: Sequence[tuple[str, Lang]]) -> list[AskResponse | Exception]:
        """The replies to several (question, lang) pairs, in order: the same replies as :meth:`ask` gives one by one,
        worked out a stage at a time (every question read, then every reply composed), which keeps each stage's code
        in the CPU's caches (:mod:`app.web.ask_batcher`). A question whose reading or reply raises gets the exception
        in its place; the others are answered all the same."""
        keys = [self._cache_key(question, lang) for question, lang in questions]
        results: list[AskResponse | Exception | None] = [self._cached(key) for key in keys]
        readings: dict[int, Reading] = {}
        for at, (question, _) in enumerate(questions):
            if results[at] is None:
                try:
                    readings[at] = self.reader.read(question)
                except Exception as exc:  # this question's failure, not its neighbours'
                    results[at] = exc
        for at, reading in readings.items():
            try:
                results[at] = self._remember(keys[at], self.reply(reading, questions[at][1]))
            except Exception as exc:
                results[at] = exc
        return cast(list[AskResponse | Exception], results)  # every place is filled: cached, read and replied, or failed

    def cached(self, question: str, lang: Lang) -> AskResponse | None:
        """The cached reply to ``question`` in ``lang``, if there is one (see :meth:`ask`)."""
        return self._cached(self._cache_key(question, lang))

    def _cache_key(self, question: str, lang: Lang) -> tuple[str, Lang] | None:
        return None if self._cache is None else (fold(question), lang)

    def _cached(self, key: tuple[str, Lang] | None) -> AskResponse | None:
        if key is None or self._cache is None:
            return None
        reply = self._cache.get(key)
        if reply is not None:
            self._cache.move_to_end(key)
        return reply

    def _remember(self, key: tuple[str, Lang] | None, reply: AskResponse) -> AskResponse:
        if key is not None and self._cache is not None:
            self._cache[key] = reply
            if len(self._cache) > self.settings.reply_cache_size:
                self._cache.popitem(last=False)
        return reply

    def reply(self, reading: Reading, lang: Lang) -> AskResponse:
        """The reply to a question already read (:class:`app.answering.understanding.Reading`), in ``lang``."""
        if triage(reading.corrected, reading.sounded, drug_named=bool(reading.drugs)).emergency:
            return self._emergency(reading, lang)
        # A message that names a subject or asks something is a question, whatever greeting it starts with.
        kind = None if reading.subjects else small_talk(reading.folded, asks=bool(reading.aspects or reading.uncovered))
        if kind is not None:
            return self._reply(lang, "small_talk", self.text(lang, _SMALL_TALK_REPLY[kind]), None, 1.0, self._starters())
        scope = self.scope.judge(reading)
        result = self._match(reading, scope)
        if scope.reason is not None:
            return self._no_match(result, lang, 0.0, scope.reason, scope)
        if (not reading.aspects or "dose" in reading.aspects) and is_personal_dose(reading.folded):
            return self._personal_dose(lang)
        best = result.best
        if best is None:
            confidence = result.candidates[0].confidence if result.candidates else 0.0
            return self._no_match(result, lang, confidence, "low_confidence", scope)
        return self._answer(result, best, lang, scope)

    def _match(self, reading: Reading, scope: Scope) -> MatchResult:
        # A reply uses the best entry, a close runner-up and suggestions: no more candidates than that are ranked.
        limit = self.settings.max_suggestions + 2
        if scope.reason is not None:  # no answer; the closest entries are still offered as suggestions
            return self.matcher.match_features(reading.features, reading.text, limit)
        return self.matcher.match_features(scope.features, reading.text, limit, allowed=scope.allowed, guided=scope.guided)

    def _reply(
        self,
        lang: Lang,
        kind: Kind,
        reply: str,
        item: FaqEntry | None,
        confidence: float,
        suggestions: list[FaqEntry],
        reason: Reason | None = None,
    ) -> AskResponse:
        seen = {item.id} if item is not None else set()
        unique: list[FaqEntry] = []
        for other in suggestions:  # in order, without repeats or the answered entry itself
            if other.id not in seen:
                seen.add(other.id)
                unique.append(other)
        matched = None
        if item is not None:
            matched = MatchedEntry.model_construct(
                id=item.id, question=self.text(lang, item.entry.question), sources=self.sources(item)
            )
        # Built from the service's own checked data: constructed without validating it again on every reply.
        return AskResponse.model_construct(
            lang=lang,
            kind=kind,
            reply=reply,
            entry=matched,
            confidence=round(confidence, 4),
            reason=reason,
            suggestions=[self.entry_ref(other, lang) for other in unique[: self.settings.max_suggestions]],
            disclaimer=self.disclaimer(lang),
        )

    def _entry(self, entry_id: str) -> FaqEntry:
        item = self.content.entry(entry_id)
        if item is None:
            raise KeyError(entry_id)
        return item

    def _related(self, item: FaqEntry) -> list[FaqEntry]:
        return [self._entry(entry_id) for entry_id in item.entry.related]

    def _starters(self) -> list[FaqEntry]:
        return [self._entry(entry_id) for entry_id in STARTER_ENTRY_IDS]

    def _answer(self, result: MatchResult, best: Candidate, lang: Lang, scope: Scope) -> AskResponse:
        item = self._entry(best.entry_id)
        reply = self.text(lang, item.entry.answer)
        if scope.sjs_for_ten and self.scope.is_about_ten(item.id):
            reply = f"{self.text(lang, messages.SJS_AS_TEN)}\n\n{reply}"
        suggestions = self._related(item)
        runner_up = result.runner_up
        if runner_up is not None:
            other = self._entry(runner_up.entry_id)
            reply = f"{reply}\n\n{self.text(lang, messages.CLOSE_CALL, question=self.text(lang, other.entry.question))}"
            suggestions = [other, *suggestions]
        return self._reply(lang, "answer", reply, item, best.confidence, suggestions)

    def _no_match(self, result: MatchResult, lang: Lang, confidence: float, reason: Reason, scope: Scope) -> AskResponse:
        if reason == "other_subject" and scope.other is not None:
            why = self.text(lang, messages.NO_MATCH_OTHER_SUBJECT, subject=subject_name(scope.other, lang))
        elif reason == "uncovered_aspect":
            why = self.text(lang, messages.NO_MATCH_UNCOVERED_ASPECT)
        else:
            why = self.text(lang, messages.NO_MATCH)
        sentence_gap = " " if lang == "en" else ""  # Chinese puts no space between sentences
        reply = sentence_gap.join((why, self.text(lang, messages.FAQ_COVERS), self.text(lang, messages.ASK_A_PERSON)))
        if reason == "low_confidence":
            reply = why
        close = [self._entry(c.entry_id) for c in result.candidates if c.score >= SUGGESTION_FLOOR]
        return self._reply(lang, "no_match", reply, None, confidence, close or self._starters(), reason)

    def _personal_dose(self, lang: Lang) -> AskResponse:
        item = self._entry(DOSE_ENTRY_ID)
        reply = f"{self.text(lang, messages.PERSONAL_DOSE)}\n\n{self.text(lang, item.entry.answer)}"
        return self._reply(lang, "answer", reply, item, 1.0, self._related(item))

    def _emergency(self, reading: Reading, lang: Lang) -> AskResponse:
        """The alarm, then at most the symptoms or complications entry when the message matches it; the specialist
        line as the only suggestion. Nothing else under an alarm: only what helps now."""
        reply = self.text(lang, messages.EMERGENCY)
        best = self.matcher.match_features(reading.features, reading.text, 1, allowed=EMERGENCY_ENTRY_IDS).best
        item = self._entry(best.entry_id) if best is not None else None
        if item is not None:
            reply = f"{reply}\n\n{self.text(lang, item.entry.answer)}"
        return self._reply(lang, "emergency", reply, item, 1.0, [self._entry(SPECIALIST_ENTRY_ID)])


def subject_name(subject: OtherSubject | Drug, lang: Lang) -> str:
    """How a reply names another subject: its first name in the reply's language (faq/ data, never user text)."""
    if lang == "zh-Hant" and subject.zh_hant:
        return subject.zh_hant[0]
    if lang == "zh" and subject.zh:
        return subject.zh[0]
    return subject.name if isinstance(subject, Drug) else subject.en[0]
