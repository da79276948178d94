"""What the content team reviews, computed from the feedback database: nothing here writes to ``faq/``.

* :func:`question_groups`: consented questions that found no answer or whose answer did not help, grouped by
  similar wording (rapidfuzz ``token_set_ratio`` over rapidfuzz's default processing: case, punctuation), each
  group newest first or most frequent first;
* :func:`entry_helpfulness`: per entry, how often its answer helped;
* :func:`no_match_rates`: per UTC day and language, the share of replies that were "no match";
* :func:`export_csv`: the feedback rows as CSV (cells that a spreadsheet would run as a formula are quoted);
* :func:`phrasing_line`: the ready-to-paste YAML line that adds a question as a phrasing of an entry.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Literal

from rapidfuzz import fuzz, process, utils

from app.feedback.storage import FeedbackRow, Store, utcnow
from app.language.i18n import LANGS, has_han

GROUP_SIMILARITY = 75.0  # token_set_ratio (0-100) from which two questions are "the same question"
MAX_REVIEWED = 2_000  # the newest questions considered for grouping
Sort = Literal["newest", "frequent"]


@dataclass
class QuestionGroup:
    """Questions with similar wording; ``id`` is the newest one's feedback id (stable while it exists)."""

    id: int
    question: str
    questions: list[FeedbackRow] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.questions)

    @property
    def newest(self) -> datetime:
        return max(row.created_at for row in self.questions)

    @property
    def langs(self) -> list[str]:
        return sorted({row.lang for row in self.questions})

    @property
    def entries_reached(self) -> list[str]:
        return sorted({row.entry_id for row in self.questions if row.entry_id})

    @property
    def no_match(self) -> int:
        return sum(row.kind == "no_match" for row in self.questions)


def needs_review(row: FeedbackRow) -> bool:
    """A consented question that found no answer, or whose answer did not help."""
    return row.question is not None and (row.kind == "no_match" or not row.helpful)


def group_questions(rows: list[FeedbackRow], similarity: float = GROUP_SIMILARITY) -> list[QuestionGroup]:
    """Greedy grouping, newest first: a question joins the first group whose first question it resembles.

    >>> from app.feedback.storage import utcnow
    >>> row = lambda i, q: FeedbackRow(i, utcnow(), "en", "no_match", None, 0.1, None, False, q)
    >>> [g.count for g in group_questions([row(3, "Can IVIG be given at home?"), row(2, "can ivig be given at home"),
    ...                                    row(1, "Is IVIG covered by insurance?")])]
    [2, 1]
    """
    groups: list[QuestionGroup] = []
    keys: list[str] = []
    for row in rows:
        assert row.question is not None
        key = utils.default_process(row.question)
        best = process.extractOne(key, keys, scorer=fuzz.token_set_ratio, processor=None, score_cutoff=similarity) if keys else None
        if best is None:
            groups.append(QuestionGroup(id=row.id, question=row.question, questions=[row]))
            keys.append(key)
        else:
            groups[best[2]].questions.append(row)
    return groups


def question_groups(store: Store, sort: Sort = "newest") -> list[QuestionGroup]:
    rows = [row for row in store.feedback_rows(with_question=True, limit=MAX_REVIEWED) if needs_review(row)]
    groups = group_questions(rows)
    if sort == "frequent":
        groups.sort(key=lambda group: (-group.count, -group.newest.timestamp()))
    else:
        groups.sort(key=lambda group: (-group.newest.timestamp(), -group.count))
    return groups


@dataclass(frozen=True)
class Helpfulness:
    entry_id: str
    helpful: int
    unhelpful: int

    @property
    def total(self) -> int:
        return self.helpful + self.unhelpful

    @property
    def rate(self) -> float:
        return self.helpful / self.total if self.total else 0.0


def entry_helpfulness(store: Store) -> list[Helpfulness]:
    """Entries with feedback, least helpful first (then the most rated first)."""
    items = [Helpfulness(entry_id, yes, no) for entry_id, yes, no in store.helpfulness()]
    return sorted(items, key=lambda item: (item.rate, -item.total, item.entry_id))


@dataclass(frozen=True)
class DayRate:
    day: date
    lang: str
    replies: int
    no_match: int

    @property
    def rate(self) -> float:
        return self.no_match / self.replies if self.replies else 0.0


def no_match_rates(store: Store, days: int = 30, today: date | None = None) -> dict[str, list[DayRate]]:
    """For each language, one :class:`DayRate` per UTC day of the last ``days`` days (zero when nobody asked)."""
    today = today or utcnow().date()
    first = today - timedelta(days=days - 1)
    counts = {(day, lang): (total, misses) for day, lang, total, misses in
              store.daily_replies(datetime.combine(first, datetime.min.time()))}
    return {
        lang: [DayRate(day, lang, *counts.get((day, lang), (0, 0))) for day in (first + timedelta(n) for n in range(days))]
        for lang in LANGS
    }


CSV_COLUMNS = ("received_utc", "lang", "kind", "entry_id", "confidence", "reason", "helpful", "question")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text  # a spreadsheet must not run it


def export_csv(store: Store) -> str:
    """Every feedback row (questions identifiers-free, as stored), newest first."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for row in store.feedback_rows():
        writer.writerow([_cell(value) for value in (
            row.created_at.isoformat(timespec="seconds"), row.lang, row.kind, row.entry_id,
            f"{row.confidence:.4f}", row.reason, "yes" if row.helpful else "no", row.question,
        )])
    return buffer.getvalue()


def phrasing_language(question: str) -> str:
    return "zh" if has_han(question) else "en"


def phrasing_line(question: str) -> str:
    """The YAML list item to paste under the entry's ``phrasings.<lang>`` (a JSON string is valid YAML).

    >>> phrasing_line('can I get "IVIG" at home?')
    '        - "can I get \\\\"IVIG\\\\" at home?"'
    """
    return "        - " + json.dumps(" ".join(question.split()), ensure_ascii=False)


def entry_file(content_dir: Path, entry_id: str) -> str | None:
    """The content file that holds the entry (read only: content changes go through git), relative to its folder."""
    needle = re.compile(rf"^\s*-\s*id:\s*['\"]?{re.escape(entry_id)}['\"]?\s*$", re.MULTILINE)
    for path in sorted((content_dir / "sections").glob("*.yaml")):
        if needle.search(path.read_text(encoding="utf-8")):
            return f"{content_dir.name}/sections/{path.name}"
    return None
