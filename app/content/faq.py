"""Load and validate the FAQ content in ``faq/``: sections of entries, references, the glossary, the aspects a
question can ask about, the drugs people name as triggers and the subjects the article does not cover.

A broken file stops start-up with a :class:`ContentError` that names the file and the entry, e.g.
``faq/sections/06-treatment.yaml: entries[2].answer: String should have at least 1 character``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

ENTRY_ID = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
# What an entry is about: TEN, its other name (Lyell's syndrome), the SJS/TEN overlap, SJS, IVIG, or the ``service``
# (the pharmacy and the article itself: the specialist line, the references, the reviewer).
Subject = Literal["ten", "lyell", "overlap", "sjs", "ivig", "service"]
ALLOWED_PLACEHOLDERS = frozenset({"organization", "phone"})
MAX_ANSWER_CHARS = 1_200
_BRACES = re.compile(r"\{([^{}]*)\}")
M = TypeVar("M", bound=BaseModel)
# libyaml's parser when PyYAML was built with it (ten times faster at start-up), else the pure-Python one.
_YAML_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class ContentError(Exception):
    """The content in ``faq/`` is broken; the message names the file and the place."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


def _check_placeholders(text: str) -> str:
    unknown = [name for name in _BRACES.findall(text) if name not in ALLOWED_PLACEHOLDERS]
    if unknown or text.count("{") != text.count("}"):
        raise ValueError(
            f"only the placeholders {{organization}} and {{phone}} may appear in braces, found {unknown or text!r}"
        )
    return text


class Phrasings(_Strict):
    en: list[str] = Field(min_length=1)
    zh: list[str] = Field(min_length=1)

    @field_validator("en", "zh")
    @classmethod
    def _no_blank(cls, values: list[str]) -> list[str]:
        if any(not value.strip() for value in values):
            raise ValueError("a phrasing is empty")
        return values


class Entry(_Strict):
    id: str = Field(pattern=ENTRY_ID)
    question: str = Field(min_length=1, max_length=300)
    answer: str = Field(min_length=1, max_length=MAX_ANSWER_CHARS)
    subjects: list[Subject] = Field(min_length=1)
    aspects: list[str] = Field(min_length=1)  # keys of faq/aspects.yaml that this entry answers
    sources: list[int] = Field(default_factory=list)
    related: list[str] = Field(default_factory=list)
    phrasings: Phrasings

    _placeholders = field_validator("question", "answer")(_check_placeholders)


class Section(_Strict):
    section: str = Field(min_length=1)
    entries: list[Entry] = Field(min_length=1)


class Reference(_Strict):
    id: int = Field(ge=1)
    citation: str = Field(min_length=1)
    url: str = Field(pattern=r"^https://\S+$")


class References(_Strict):
    references: list[Reference] = Field(min_length=1)


class Term(_Strict):
    key: str = Field(pattern=r"^[a-z]+$")
    en: list[str] = Field(default_factory=list)
    zh: list[str] = Field(min_length=1)
    sources: list[str] = Field(default_factory=list)  # where variants that are not the article's own words come from


class Glossary(_Strict):
    terms: list[Term] = Field(min_length=1)


class Aspect(_Strict):
    """Something a question can ask about ("dose", "cause", "price"), recognised by its cues (regular expressions)."""

    key: str = Field(pattern=r"^[a-z_]+$")
    covered: bool = True  # False: no entry answers it, and a question asking only this gets an honest no-match
    generic: bool = False  # True: counts only when no other aspect is found ("what is ..." next to "the dose")
    cues: list[str] = Field(min_length=1)

    @field_validator("cues")
    @classmethod
    def _compiles(cls, cues: list[str]) -> list[str]:
        for cue in cues:
            try:
                re.compile(cue)
            except re.error as exc:
                raise ValueError(f"cue {cue!r} is not a regular expression: {exc}") from None
        return cues


class Aspects(_Strict):
    aspects: list[Aspect] = Field(min_length=1)


class Drug(_Strict):
    """A medication people name, with its WHO ATC code and the article's class it belongs to (or ``other``).

    The link from a drug to a class is a fact from outside the article (the WHO ATC classification); it is used only
    to recognise the drug in a question, never to say anything about the drug in an answer.
    """

    name: str = Field(min_length=1)
    en: list[str] = Field(min_length=1)
    zh: list[str] = Field(default_factory=list)
    zh_hant: list[str] = Field(default_factory=list)
    atc: str = Field(pattern=r"^[A-Z][0-9]{2}[A-Z]{0,2}[0-9]{0,2}$")
    drug_class: Literal["antibiotic", "anticonvulsant", "antigout", "nsaid", "other"] = Field(alias="class")
    sources: list[str] = Field(min_length=1)

    @model_validator(mode="after")
    def _named_in_traditional_too(self) -> Drug:
        """A drug with a Chinese name has a Traditional one: a zh-Hant reply names it without converting text."""
        if self.zh and not self.zh_hant:
            raise ValueError(f"{self.name}: zh_hant is empty; the first zh_hant name is the one a zh-Hant reply uses")
        return self


class EmergencyNumber(_Strict):
    """An emergency (ambulance) number and the region it serves, named in each reply language."""

    key: str = Field(pattern=r"^[a-z]{2,3}$")
    number: str = Field(pattern=r"^[0-9]{3,4}$")
    en: str = Field(min_length=1)
    zh: str = Field(min_length=1)
    zh_hant: str = Field(min_length=1)
    sources: list[str] = Field(min_length=1)


class EmergencyNumbers(_Strict):
    regions: list[EmergencyNumber] = Field(min_length=1)


class Drugs(_Strict):
    source: str = Field(min_length=1)  # where the classes come from
    drugs: list[Drug] = Field(min_length=1)


class OtherSubject(_Strict):
    """A disease, product, treatment or animal patient that is not this article's subject (IVIG for TEN in people),
    with its names. Only a disease can stand beside TEN in a question that is still about TEN."""

    key: str = Field(pattern=r"^[a-z0-9_]+$")
    kind: Literal["disease", "product", "treatment", "animal"]
    en: list[str] = Field(min_length=1)
    zh: list[str] = Field(min_length=1)
    zh_hant: list[str] = Field(min_length=1)  # the first is the one a zh-Hant reply uses
    sources: list[str] = Field(default_factory=list)
    # Glossary keys that make a question naming this subject one the article answers after all: an immune boost
    # "against infection" is the passive immunity IVIG gives TEN patients (``infection``).
    unless: list[str] = Field(default_factory=list)
    # Classes of the drugs that treat this disease (faq/drugs.yaml), for a disease IVIG does not treat: named beside
    # such a drug in a question about IVIG or TEN, it is what the drug was taken for ("因为痛风吃了别嘌醇").
    treated_by: list[Literal["antibiotic", "anticonvulsant", "antigout", "nsaid"]] = Field(default_factory=list)


class OtherSubjects(_Strict):
    subjects: list[OtherSubject] = Field(min_length=1)


@dataclass(frozen=True, slots=True)
class FaqEntry:
    """One FAQ entry with the title of the section it belongs to."""

    section: str
    entry: Entry

    @property
    def id(self) -> str:
        return self.entry.id


@dataclass(frozen=True, slots=True)
class Content:
    """Everything in ``faq/``, validated and cross-checked."""

    entries: tuple[FaqEntry, ...]
    sections: tuple[str, ...]
    references: dict[int, Reference]
    glossary: tuple[Term, ...]
    aspects: tuple[Aspect, ...]
    drugs: tuple[Drug, ...]
    other_subjects: tuple[OtherSubject, ...]
    emergency_numbers: tuple[EmergencyNumber, ...] = ()
    _by_id: dict[str, FaqEntry] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {item.id: item for item in self.entries})

    def entry(self, entry_id: str) -> FaqEntry | None:
        return self._by_id.get(entry_id)


def _read_yaml(path: Path, root: Path) -> Any:
    if not path.is_file():
        raise ContentError(f"{_display(path, root)}: file not found")
    try:
        with path.open(encoding="utf-8") as stream:
            return yaml.load(stream, Loader=_YAML_LOADER)
    except yaml.YAMLError as exc:
        raise ContentError(f"{_display(path, root)}: not valid YAML: {exc}") from exc
    except UnicodeDecodeError as exc:
        raise ContentError(f"{_display(path, root)}: not UTF-8 text: {exc}") from exc


def _display(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root.parent))
    except ValueError:
        return str(path)


def _validate(model: type[M], data: Any, path: Path, root: Path) -> M:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        problems = []
        for error in exc.errors(include_input=False, include_url=False):
            where = "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in error["loc"])
            problems.append(f"{_display(path, root)}: {where.lstrip('.') or 'file'}: {error['msg']}")
        raise ContentError("\n".join(problems)) from None


def load_content(root: Path) -> Content:
    """Read ``root`` (the ``faq/`` folder) and return the validated content."""
    if not root.is_dir():
        raise ContentError(f"{root}: content folder not found (setting FAQBOT_CONTENT_DIR)")
    files = sorted((root / "sections").glob("*.yaml"))
    if not files:
        raise ContentError(f"{_display(root / 'sections', root)}: no section files (*.yaml)")

    refs_path = root / "references.yaml"
    references = {ref.id: ref for ref in _validate(References, _read_yaml(refs_path, root), refs_path, root).references}
    glossary_path = root / "glossary.yaml"
    glossary = _validate(Glossary, _read_yaml(glossary_path, root), glossary_path, root).terms
    aspects_path = root / "aspects.yaml"
    aspects = _validate(Aspects, _read_yaml(aspects_path, root), aspects_path, root).aspects
    drugs_path = root / "drugs.yaml"
    drugs = _validate(Drugs, _read_yaml(drugs_path, root), drugs_path, root).drugs
    others_path = root / "other_subjects.yaml"
    other_subjects = _validate(OtherSubjects, _read_yaml(others_path, root), others_path, root).subjects
    covered = {aspect.key for aspect in aspects if aspect.covered}
    emergency_numbers = load_emergency_numbers(root)

    entries: list[FaqEntry] = []
    sections: list[str] = []
    where: dict[str, str] = {}
    for path in files:
        section = _validate(Section, _read_yaml(path, root), path, root)
        sections.append(section.section)
        for position, entry in enumerate(section.entries):
            place = f"{_display(path, root)}: entries[{position}] ({entry.id})"
            if entry.id in where:
                raise ContentError(f"{place}: id already used at {where[entry.id]}")
            where[entry.id] = place
            missing = [source for source in entry.sources if source not in references]
            if missing:
                raise ContentError(f"{place}.sources: no reference numbered {missing} in references.yaml")
            unknown_aspects = [key for key in entry.aspects if key not in covered]
            if unknown_aspects:
                raise ContentError(f"{place}.aspects: {unknown_aspects} are not covered aspects of aspects.yaml")
            entries.append(FaqEntry(section=section.section, entry=entry))

    for item in entries:
        unknown = [related for related in item.entry.related if related not in where or related == item.id]
        if unknown:
            raise ContentError(f"{where[item.id]}.related: no other entry with id {unknown}")
    _check_glossary(glossary, glossary_path, root)
    keys = {term.key for term in glossary}
    for other in other_subjects:
        if set(other.unless) - keys:
            raise ContentError(
                f"{_display(others_path, root)}: {other.key}.unless: {sorted(set(other.unless) - keys)} are not glossary keys"
            )
    answered = {key for item in entries for key in item.entry.aspects}
    unanswered = sorted(covered - answered)
    if unanswered:
        raise ContentError(f"{_display(aspects_path, root)}: no entry answers the covered aspects {unanswered}")
    return Content(
        entries=tuple(entries),
        sections=tuple(sections),
        references=references,
        glossary=tuple(glossary),
        aspects=tuple(aspects),
        drugs=tuple(drugs),
        other_subjects=tuple(other_subjects),
        emergency_numbers=tuple(emergency_numbers),
    )


def load_emergency_numbers(content_dir: Path) -> list[EmergencyNumber]:
    """The regions of ``faq/emergency_numbers.yaml`` alone (the error path reads them without the rest of the content).

    Raises :class:`ContentError` naming the file when it is missing or invalid.
    """
    root = Path(content_dir)
    path = root / "emergency_numbers.yaml"
    return _validate(EmergencyNumbers, _read_yaml(path, root), path, root).regions


def _check_glossary(terms: list[Term], path: Path, root: Path) -> None:
    owner: dict[str, str] = {}
    for term in terms:
        for variant in (*term.en, *term.zh):
            folded = variant.casefold()
            if folded in owner and owner[folded] != term.key:
                raise ContentError(
                    f"{_display(path, root)}: variant {variant!r} belongs to both {owner[folded]!r} and {term.key!r}"
                )
            owner[folded] = term.key
