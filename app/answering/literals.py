"""Necessary literals of a regular expression: a cheap substring test before the expression runs.

A question is searched for the cues of every aspect (faq/aspects.yaml), dozens of regular expressions, and most of
them cannot match because the question holds none of their words. :func:`necessary_literals` reads an expression's
syntax tree (the standard library's own parser) and returns strings of which any match must contain at least one
("dose", "副作用"), or None when it cannot tell; :class:`PatternSet` finds all of them in a text in one
Aho-Corasick pass and searches only the expressions whose literals are there. The same idea as the "prefilters"
of RE2 and Hyperscan, kept small: a literal run, an alternation of branches that all have literals, a repetition
of at least one, a group.
"""

from __future__ import annotations

import re

import ahocorasick

try:  # Python 3.11+: the parser lives in re._parser
    from re import _constants as sre_constants  # type: ignore[attr-defined]
    from re import _parser as sre_parse  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - older layout
    import sre_constants
    import sre_parse

MIN_LITERAL = 2  # a shorter literal ("a", "吗") is in almost every text: no use as a filter
_ZERO_WIDTH = {sre_constants.AT, sre_constants.ASSERT, sre_constants.ASSERT_NOT}


def necessary_literals(pattern: str) -> frozenset[str] | None:
    """Strings of which every match of ``pattern`` contains at least one; None when no such set is known.

    >>> sorted(necessary_literals(r"\\bhow (long|many days)\\b"))
    ['how ']
    >>> sorted(necessary_literals(r"剂量|(打|用)多少(?!天)"))
    ['剂量', '多少']
    >>> necessary_literals(r"\\d+ ?kg|.{0,3}")
    """
    return _of(sre_parse.parse(pattern))


def _of(items: object) -> frozenset[str] | None:
    """Necessary literals of a sequence: the best of its parts (the set whose shortest literal is longest)."""
    best: frozenset[str] | None = None
    run: list[str] = []

    def consider(found: frozenset[str] | None) -> None:
        nonlocal best
        if found and (best is None or min(map(len, found)) > min(map(len, best))):
            best = found

    def flush() -> None:
        if len(run) >= MIN_LITERAL:
            consider(frozenset({"".join(run)}))
        run.clear()

    for op, value in items:  # type: ignore[attr-defined]
        if op is sre_constants.LITERAL:
            run.append(chr(value))
            continue
        flush()
        if op is sre_constants.SUBPATTERN:
            consider(_of(value[-1]))
        elif op is sre_constants.BRANCH:
            branches = [_of(branch) for branch in value[1]]
            if all(branches):
                consider(frozenset().union(*branches))  # type: ignore[arg-type]
        elif op in (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT, sre_constants.POSSESSIVE_REPEAT):
            low, _, inner = value
            if low >= 1:
                consider(_of(inner))
        elif op in _ZERO_WIDTH:
            continue  # an assertion consumes nothing: it neither adds a literal nor breaks the run's neighbours
    flush()
    return best


class PatternSet:
    """Named patterns, each searched only when the text holds one of its necessary literals.

    One Aho-Corasick pass (pyahocorasick, in C) finds every literal of every pattern in the text; only the patterns
    with a literal there (and those without necessary literals) are searched. The result is the same as searching
    every pattern (tests/test_understanding.py checks it on the evaluation sets), found in a fraction of the time.
    """

    def __init__(self, patterns: dict[str, list[str]]) -> None:
        """``patterns``: name -> its alternatives (regular expressions); a name with none never matches."""
        self._compiled = {
            name: re.compile("|".join(f"(?:{alternative})" for alternative in alternatives))
            for name, alternatives in patterns.items()
            if alternatives
        }
        self._always: set[str] = set()
        automaton = ahocorasick.Automaton()
        owners: dict[str, set[str]] = {}
        for name, alternatives in patterns.items():
            for alternative in alternatives:
                found = necessary_literals(alternative)
                if found is None:
                    self._always.add(name)
                    continue
                for literal in found:
                    owners.setdefault(literal, set()).add(name)
        for literal, names in owners.items():
            automaton.add_word(literal, frozenset(names))
        self._automaton = automaton
        self._empty = not owners
        if owners:
            automaton.make_automaton()

    def matching(self, text: str) -> set[str]:
        """The names of the patterns found in ``text``."""
        candidates = set(self._always)
        if not self._empty:
            for _, names in self._automaton.iter(text):
                candidates |= names
        return {name for name in candidates if self._compiled[name].search(text)}
