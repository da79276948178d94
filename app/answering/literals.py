"""Necessary literals of a regular expression: a cheap substring test before the expression runs.

A question is searched for the cues of every aspect (faq/aspects.yaml), dozens of regular expressions, and most of
them cannot match because the question holds none of their words. :func:`necessary_literals` reads an expression's
syntax tree (the standard library's own parser) and returns strings of which any match must contain at least one
("dose", "副作用"), or None when it cannot tell; :class:`PatternSet` finds all of them in a text in one
Aho-Corasick pass and searches only the expressions whose literals are there. The same idea as the "prefilters"
of RE2 and Hyperscan, kept small: a literal run, an alternation of branches that all have literals, a repetition
of at least one, a group. An expression needs several such sets at once (:func:`necessary_clauses`: "ivig" and
"cost"); the prefilter looks for the most selective, avoiding words in nearly every question (the subjects' names).

:func:`trie_alternation` writes a long alternation of literal phrases (small talk, Cantonese words) as a trie, which
Python's ``re`` tries one branch per character instead of one branch per phrase.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import ahocorasick

try:  # Python 3.11+: the parser lives in re._parser
    from re import _constants as sre_constants  # type: ignore[attr-defined]
    from re import _parser as sre_parse  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - older layout
    import sre_constants
    import sre_parse

MIN_LITERAL = 2  # a shorter ASCII literal ("a") is in almost every text: no use as a filter; one Chinese character is


def necessary_literals(pattern: str) -> frozenset[str] | None:
    """Strings of which every match of ``pattern`` contains at least one; None when no such set is known.

    >>> sorted(necessary_literals(r"\\bhow (long|many days)\\b"))
    ['how ']
    >>> sorted(necessary_literals(r"剂量|(打|用)多少(?!天)"))
    ['剂量', '多少']
    >>> necessary_literals(r"\\d+ ?kg|.{0,3}")
    """
    return _best(necessary_clauses(pattern))


def necessary_clauses(pattern: str) -> list[frozenset[str]]:
    """Sets of strings such that every match of ``pattern`` contains a string of *each* set; [] when none is known.

    >>> necessary_clauses(r"\\bivig\\b.{0,20}\\bcosts?")
    [frozenset({'ivig'}), frozenset({'cost'})]
    """
    return _clauses(sre_parse.parse(pattern))


def _best(clauses: list[frozenset[str]]) -> frozenset[str] | None:
    """The set whose shortest string is longest (the first of equals): the most selective of them, as far as
    their spelling tells."""
    best: frozenset[str] | None = None
    for clause in clauses:
        if best is None or min(map(len, clause)) > min(map(len, best)):
            best = clause
    return best


def _clauses(items: object) -> list[frozenset[str]]:
    """Necessary sets of a sequence: its literal runs, and those of its groups, alternations (the best set of
    each branch, joined) and repetitions of at least one."""
    clauses: list[frozenset[str]] = []
    run: list[str] = []

    def flush() -> None:
        if len(run) >= MIN_LITERAL or (run and not run[0].isascii()):  # one Chinese character already says much
            clauses.append(frozenset({"".join(run)}))
        run.clear()

    for op, value in items:  # type: ignore[attr-defined]
        if op is sre_constants.LITERAL:
            run.append(chr(value))
            continue
        flush()  # anything else ends a run of literals (an assertion such as \\b consumes nothing, adds nothing)
        if op is sre_constants.SUBPATTERN:
            clauses.extend(_clauses(value[-1]))
        elif op is sre_constants.BRANCH:
            branches = [_best(_clauses(branch)) for branch in value[1]]
            if all(branches):
                clauses.append(frozenset().union(*branches))  # type: ignore[arg-type]
        elif op in (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT, sre_constants.POSSESSIVE_REPEAT):
            low, _, inner = value
            if low >= 1:
                clauses.extend(_clauses(inner))
    flush()
    return clauses


class PatternSet:
    """Named patterns, each searched only when the text holds one of its necessary literals.

    One Aho-Corasick pass (pyahocorasick, in C) finds every literal of every pattern in the text; only the
    alternatives with a literal there (and those without necessary literals) are searched, each on its own: a name
    matches when one of its alternatives does. The result is the same as searching every pattern
    (tests/test_understanding.py checks it on the evaluation sets), found in a fraction of the time.
    """

    def __init__(self, patterns: dict[str, list[str]], common: Iterable[str] = ()) -> None:
        """``patterns``: name -> its alternatives (regular expressions); a name with none never matches.

        ``common``: words in nearly every text searched (the article's subjects: "ivig", "ten"); an alternative that
        needs one of them and something else too ("ivig" ... "cost") is looked for by the something else, which
        filters; a literal inside a common word ("vig") is as common.
        """
        common = tuple(common)

        def filters(clause: frozenset[str]) -> bool:
            return not any(literal in word for literal in clause for word in common)

        self._alternatives: list[tuple[str, re.Pattern[str]]] = []  # (name, compiled alternative), by position
        always: list[int] = []
        owners: dict[str, set[int]] = {}
        for name, alternatives in patterns.items():
            for alternative in dict.fromkeys(alternatives):
                position = len(self._alternatives)
                self._alternatives.append((name, re.compile(alternative)))
                clauses = necessary_clauses(alternative)
                found = _best([clause for clause in clauses if filters(clause)]) or _best(clauses)
                if found is None:
                    always.append(position)
                    continue
                for literal in found:
                    owners.setdefault(literal, set()).add(position)
        self._always = tuple(always)
        automaton = ahocorasick.Automaton()
        for literal, positions in owners.items():
            automaton.add_word(literal, frozenset(positions))
        self._automaton = automaton
        self._empty = not owners
        if owners:
            automaton.make_automaton()

    def matching(self, text: str) -> set[str]:
        """The names of the patterns found in ``text``."""
        candidates = set(self._always)
        if not self._empty:
            for _, positions in self._automaton.iter(text):
                candidates |= positions
        found: set[str] = set()
        for position in candidates:
            name, pattern = self._alternatives[position]
            if name not in found and pattern.search(text) is not None:
                found.add(name)
        return found


def trie_alternation(phrases: Iterable[str]) -> str:
    """A regular expression matching exactly the ``phrases``, written as a trie: ``hi|hiya|hello`` -> ``h(?:ello|i(?:ya)?)``.

    Python's ``re`` tries the branches of an alternation one by one at every position of the text; a trie tries
    one branch per character. At a position where several phrases match, the longest wins, as in an alternation
    ordered longest first (the greedy optional groups are tried before they are skipped, and given back when what
    follows the expression fails).

    >>> trie_alternation(["hi", "hiya", "hello"])
    'h(?:ello|i(?:ya)?)'
    >>> import re; re.fullmatch(trie_alternation(["a.b", "a"]), "a.b") is not None
    True
    """
    trie: _Trie = {}
    for phrase in phrases:
        node = trie
        for character in phrase:
            node = node.setdefault(character, {})
        node[""] = {}  # the end of a phrase
    return _trie_pattern(trie)


_Trie = dict[str, "_Trie"]  # a character -> the rest; "" marks where a phrase ends


def _trie_pattern(node: _Trie) -> str:
    ends = "" in node
    branches = [re.escape(character) + _trie_pattern(child) for character, child in sorted(node.items()) if character]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if ends:  # a phrase ends here and longer ones go on: the longer first, then nothing
        return ("(?:" + body + ")" if len(branches) == 1 and len(body) > 1 else body) + "?"
    return body
