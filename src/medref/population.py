"""Who a dose is for: age ranges read from dosing labels and from the words a user types.

A dosing label names its population in words and ages: "(Adults)", "(Pediatric Patients 6
Years and Older)", "(Birth to Under 18 Years)", "(Adults and Children 12 Years and Over)",
"Acute STEMI – Under 75 Years (Adults)". ``of_label`` reads that as age ranges in years;
``of_query`` reads "children", "elderly", "age 8", "6 months", "under 12". Group words have
default ranges (data/concepts.txt); an explicit age next to a group overrides the default on
that side ("Infants Under 2 Years" is 0–2, not 0–1).

The parts of a label (its main text, what follows a dash, each parenthesis) are intersected
("Under 75 Years" and "(Adults)" is 18–75); the groups and ages within one part are united
("Adults and Children 12 Years and Over" is 12 and older).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from . import vocabulary as vocab_module
from .vocabulary import Vocabulary, stem

INF = math.inf
ADULT = 18.0

_TIME = r"(?:years?|yrs?|y|months?|mos?|weeks?|wks?|days?)"
_NUM = r"(?P<{}>(?<![\d.])\d{{1,3}}(?:\.\d+)?(?![\d.]))"
# A number that is a weight, a dose or a count is not an age.
_NOT_AGE = r"(?!\s*(?:kg|g|mg|mcg|lbs?|ml|l\b|%|cm|m2|mm|units?|mg/|doses?|days?\s+of))"


def _age(name: str) -> str:
    return _NUM.format(name) + rf"\s*(?P<{name}_unit>{_TIME})?" + _NOT_AGE


_OPEN = r"(?P<open>under\s+|less\s+than\s+|<\s*)?"
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("birth", re.compile(r"\bbirth\s+(?:to|through|-|–)\s*" + _OPEN + _age("b"))),
    ("range", re.compile(_age("a") + r"\s*(?:to|through|-|–)\s*" + _OPEN + _age("b"))),
    ("from", re.compile(_age("a") + r"\s*(?:of\s+age\s+)?(?:and|or)\s+(?:older|over|above)\b")),
    ("from", re.compile(_NUM.format("a") + r"\s*\+")),
    ("from", re.compile(r"\b(?:over|older\s+than|above|at\s+least|>=?|≥)\s*" + _age("a"))),
    ("to", re.compile(r"\b(?:under|less\s+than|younger\s+than|below|<)\s*" + _age("b"))),
    ("point", re.compile(r"\bage[ds]?\s+" + _age("a"))),
    ("point", re.compile(_NUM.format("a") + r"\s*-?\s*(?P<a_unit>" + _TIME + r"|yo)\b"
                         r"(?:\s*-?\s*old)?")),
]  # fmt: skip
_UNITS = {"y": 1.0, "m": 1 / 12, "w": 1 / 52, "d": 1 / 365}
_SEGMENT = re.compile(
    r"\s*(?:,|;|&|/|\band\b(?!\s+(?:older|over|above))|\bor\b(?!\s+(?:older|over|above)))\s*"
)
_WORD = re.compile(r"[0-9a-z]+")


@dataclass(frozen=True)
class Ages:
    """A union of age ranges in years, each [low, high)."""

    spans: tuple[tuple[float, float], ...]

    def overlaps(self, other: Ages) -> bool:
        return any(a < d and c < b for a, b in self.spans for c, d in other.spans)

    def within(self, other: Ages) -> bool:
        return all(any(c <= a and b <= d for c, d in other.spans) for a, b in self.spans)

    @property
    def children_only(self) -> bool:
        return all(high <= ADULT for _low, high in self.spans)

    def describe(self) -> str:
        return ", ".join(_describe(low, high) for low, high in self.spans)


def _describe(low: float, high: float) -> str:
    def age(value: float) -> str:
        if value >= 1:
            return f"{value:g} year{'s' if value != 1 else ''}"
        months = round(value * 12)
        return f"{months:g} month{'s' if months != 1 else ''}"

    if high == INF:
        return f"{age(low)} and older" if low else "any age"
    if low == 0:
        return f"under {age(high)}"
    return f"{age(low)} to under {age(high)}"


@dataclass
class _Span:
    start: int  # character offsets in the text
    end: int
    low: float | None
    high: float | None


def _unit(text: str | None) -> float:
    if not text or text == "yo":
        return 1.0
    return _UNITS.get(text[0], 1.0)


def _explicit(text: str) -> list[_Span]:
    """The explicit ages in a text, left to right, none overlapping another."""
    found: list[_Span] = []
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(text):
            if any(s.start < m.end() and m.start() < s.end for s in found):
                continue
            d = m.groupdict()
            unit_b = _unit(d.get("b_unit"))
            unit_a = _unit(d.get("a_unit")) if d.get("a_unit") else unit_b
            a = float(d["a"]) * unit_a if d.get("a") else None
            b = float(d["b"]) * unit_b if d.get("b") else None
            open_high = bool(d.get("open"))
            low: float | None
            high: float | None
            if kind == "birth":
                low, high = 0.0, (b or 0) + (0 if open_high else unit_b)
            elif kind == "range":
                low, high = a, (b or 0) + (0 if open_high else unit_b)
            elif kind == "from":
                low, high = a, None
            elif kind == "to":
                low, high = None, b
            else:  # one age: that year (or month) of life
                low, high = a, (a or 0) + unit_a
            found.append(_Span(m.start(), m.end(), low, high))
    found.sort(key=lambda s: s.start)
    return found


def _groups(text: str, taken: list[_Span], vocab: Vocabulary) -> list[_Span]:
    """Population words ("children", "older adults") outside the explicit ages."""
    tokens = [
        (m.start(), m.end(), stem(m.group()))
        for m in _WORD.finditer(text)
        if not any(s.start <= m.start() < s.end for s in taken)
    ]
    out: list[_Span] = []
    i = 0
    while i < len(tokens):
        for n in range(min(vocab.longest, len(tokens) - i), 0, -1):
            meaning = vocab.terms.get(tuple(t[2] for t in tokens[i : i + n]))
            if meaning is not None and meaning.population is not None:
                low, high = meaning.population
                out.append(_Span(tokens[i][0], tokens[i + n - 1][1], low, high))
                i += n
                break
        else:
            i += 1
    return out


def _part(text: str, vocab: Vocabulary) -> Ages | None:
    """One part of a label (no dashes or parentheses): its groups and ages, united."""
    spans: list[tuple[float, float]] = []
    for segment in _SEGMENT.split(text):
        ages = _explicit(segment)
        groups = _groups(segment, ages, vocab)
        if not groups:
            spans += [(a.low or 0.0, a.high or INF) for a in ages]
            continue
        for group in groups:
            low, high = group.low or 0.0, group.high or INF
            for age in ages:  # "Children 2 to 12 Years": the ages refine the group
                low = age.low if age.low is not None else low
                high = age.high if age.high is not None else high
            spans.append((low, high))
    return Ages(tuple(sorted(set(spans)))) if spans else None


def _intersect(a: Ages, b: Ages) -> Ages:
    spans = {
        (max(l1, l2), min(h1, h2))
        for l1, h1 in a.spans
        for l2, h2 in b.spans
        if max(l1, l2) < min(h1, h2)
    }
    return Ages(tuple(sorted(spans)))


def of_label(label: str, vocabulary: Vocabulary | None = None) -> Ages | None:
    """The ages a dosing label is for, or None when it does not say."""
    vocab = vocabulary or vocab_module.load()
    text = label.casefold()
    parts = re.findall(r"\(([^()]*)\)", text)
    parts += re.split(r"\s+[–—-]\s+|:", re.sub(r"\([^()]*\)", " ", text))
    result: Ages | None = None
    for part in parts:
        ages = _part(part, vocab)
        if ages is not None:
            result = ages if result is None else _intersect(result, ages)
    return result


def of_query(words_typed: str, vocabulary: Vocabulary | None = None) -> tuple[Ages | None, str]:
    """The ages a query asks about, and the query without the words that said so."""
    vocab = vocabulary or vocab_module.load()
    text = words_typed.casefold()
    ages = _explicit(text)
    groups = _groups(text, ages, vocab)
    if not ages and not groups:
        return None, words_typed
    rest = text
    for span in sorted([*ages, *groups], key=lambda s: -s.start):
        rest = rest[: span.start] + " " + rest[span.end :]
    if ages:
        # "children age 8": an explicit age is what was asked; the group adds nothing.
        spans = [(a.low or 0.0, a.high or INF) for a in ages]
    else:
        spans = [(g.low or 0.0, g.high or INF) for g in groups]
    return Ages(tuple(sorted(set(spans)))), rest
