"""What a heading is about, read with the dose-selection vocabulary, and which of a label's
indications a dosing heading or text belongs to.

A label names a use one way in Indications ("For relief of the signs and symptoms of
osteoarthritis") and another in Dosage ("2.2 Osteoarthritis"); matching words fails both ways
(the first has words the second lacks; "Juvenile Rheumatoid Arthritis" has every word of
"Rheumatoid Arthritis" and is another disease). So both are read as ``medref dosage`` reads a
user's words (``vocabulary.py``, ``data/concepts.txt``): conditions as concepts, with their
broader and narrower ones; intents (treatment, prevention, maintenance); populations as ages
(``population.py``). Words the vocabulary does not know are compared as words.

``tie`` decides which indications a dosing heading names: by concept when both name one
(never by words then: JRA is not RA), else by their key words; then the most specific ties
win (a heading naming a concept exactly over one reaching it through a broader or narrower
concept; an indication the heading covers whole over one it covers in part; the same intents
and ages over others). ``mentioned`` finds the indications a text names exactly, for headings
that name no condition ("Adults", "Recommended Dosage", an untitled subsection).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from .. import population
from ..parse import GENERAL_NOTE_WORDS
from ..population import Ages
from ..textutil import words
from ..vocabulary import Vocabulary, load, scan_label, stem

CONDITION, GENERAL, PEOPLE, REGIMEN, NOTHING = "condition", "general", "people", "regimen", ""


def _stems(text: str) -> frozenset[str]:
    return frozenset(stem(w) for w in text.split())


# Words that say nothing about which condition a heading is about.
_FILLER = _stems(
    "relief relieve relieving sign signs symptom symptoms management manage "
    "managing dosage dosages dose doses dosing dosed recommended recommendation usual "
    "starting start initial initiation patient patients adult adults use uses usage "
    "indicated indication indications therapy treatment treatments regimen regimens "
    "following the for of and or in with to a an on by at from as its their who is are be "
    "which that this these those other than including include includes such e g i "
    "information guidelines recommendations schedule table oral orally tablet tablets "
    "capsule capsules daily day once twice times per mg only alone combination "
    "monotherapy adjunct adjunctive"
)
# Headings about how, not for what: general notes ("Renal Impairment", "Administration").
_GENERAL = frozenset(stem(w) for w in GENERAL_NOTE_WORDS) | _stems(
    "important instruction instructions consideration considerations modification "
    "modifications modify interruption interrupt discontinuation discontinue "
    "discontinuing stopping switching switch preparation prepare reconstitution dilution "
    "storage handling concomitant coadministration interaction interactions laboratory "
    "test tests testing safety overdosage precaution precautions insufficiency function "
    "clearance creatinine dialysis hemodialysis status impaired special populations "
    "population specific risk factors cyp2c9 cyp2d6 cyp3a4 metabolizer metabolizers "
    "poor genotype weight body administered administer administering take taking food "
    "meals meal swallow crushing crush mixing mix mixed"
)
# Headings that name a way of dosing, not a use ("Loading Dose", "Titration").
_REGIMEN = _stems(
    "loading load titration titrate titrating tapering taper induction consolidation "
    "continuation conversion converting convert escalation increase increasing reduction "
    "reduce reducing weekly monthly intermittent continuous single multiple maximum "
    "minimum range ranges strength strengths formulation formulations regimen regimens "
    "course courses cycle cycles duration"
)
# After these, a condition is what happens, not what the dose is for ("Alternative Regimen
# in Case of Intolerable Headaches").
_CIRCUMSTANCE = _stems("case event intolerable intolerance intolerant")
_PLURAL_ITIS = re.compile(r"\b(\w{3,}?)it(?:ides|es)\b", re.IGNORECASE)


@dataclass(frozen=True)
class About:
    """What a heading (or a text) says: conditions, other key words, intents, ages."""

    concepts: frozenset[int]
    keys: frozenset[str]  # stems of words that are no concept, filler, population or intent
    stems: frozenset[str]  # stems of every word
    intents: frozenset[str]
    ages: Ages | None
    general: bool  # it names an adjustment, a route, a test: how to dose, not for what
    regimen: bool  # it names a way of dosing

    @property
    def kind(self) -> str:
        if self.concepts:
            return CONDITION
        if self.general:
            return GENERAL
        if self.keys:
            return CONDITION
        if self.ages is not None:
            return PEOPLE
        if self.regimen or self.intents:
            return REGIMEN
        return NOTHING


def about(text: str) -> About:
    """What a heading or an indication's name says (its first 400 characters)."""
    return _about(text[:400])


@lru_cache(maxsize=1024)
def _about(text: str) -> About:
    vocab = load()
    text = _PLURAL_ITIS.sub(lambda m: _itis(m, vocab), text)
    folded, found = scan_label(text, vocab)
    concepts: set[int] = set()
    intents: set[str] = set()
    covered: set[int] = set()
    stems = [stem(w) for w in folded]
    circumstance = next((i for i, s in enumerate(stems) if s in _CIRCUMSTANCE), len(stems))
    for hit in found:
        if hit.meaning.concepts and hit.start < circumstance:
            concepts |= hit.meaning.concepts
        if hit.meaning.intent:
            intents.add(hit.meaning.intent)
        covered.update(range(hit.start, hit.end))
    rest = {
        s
        for i, s in enumerate(stems)
        if i not in covered and not s.isdigit() and len(s) > 1 and s not in vocab.stopwords
    }
    general = bool(rest & _GENERAL)
    regimen = bool(rest & _REGIMEN)
    keys = rest - _FILLER - _GENERAL - _REGIMEN - vocab.qualifiers
    ages = population.of_label(text, vocab)
    return About(
        frozenset(concepts),
        frozenset(keys),
        frozenset(stems),
        frozenset(intents),
        ages,
        general,
        regimen,
    )


def singular_itis(text: str) -> str:
    """'rheumatoid arthrites' -> 'rheumatoid arthritis' (see ``_itis``)."""
    vocab = load()
    return _PLURAL_ITIS.sub(lambda m: _itis(m, vocab), text)


def _itis(match: re.Match[str], vocab: Vocabulary) -> str:
    """'arthrites', 'arthritides' -> 'arthritis' (a misspelled or Latin plural the
    vocabulary knows in the singular)."""
    singular = f"{match.group(1)}itis"
    return singular if (stem(singular.casefold()),) in vocab.terms else match.group(0)


@dataclass(frozen=True)
class _Fit:
    rank: int  # 3 the same concept, 2 a broader or narrower one, 1 words
    cover: float  # the share of the indication's conditions and words the heading names
    intent: int  # 1 when both state the same intents ("Maintenance of Healing …"), or neither
    ages: int  # 1 when the ages agree (both stated and overlapping, or neither stated)


def tie(
    heading: About,
    indications: list[About],
    texts: Callable[[int], frozenset[str]] | None = None,
) -> list[int]:
    """The indexes of the indications a dosing heading names, the most specific only.

    ``texts(i)`` gives the stems of indication ``i``'s Usage text: of several that name the
    heading's condition alike, one whose name says what the heading does not ("Adjuvant
    Treatment of GIST") and whose text says nothing of what the heading adds ("Metastatic
    and/or Unresectable GIST") is not the heading's."""
    if heading.kind != CONDITION:
        return []
    fits: dict[int, _Fit] = {}
    for index, indication in enumerate(indications):
        fit = _fit(heading, indication)
        if fit is not None:
            fits[index] = fit
    if not fits:
        return []
    rank = max(f.rank for f in fits.values())
    fits = {i: f for i, f in fits.items() if f.rank == rank}
    if len(fits) > 1 and texts is not None and heading.keys:
        kept = {
            i: f for i, f in fits.items() if not _contradicts(heading, indications[i], texts(i))
        }
        if not kept:
            return []  # each of them says something else: none is safely the heading's
        fits = kept
    best = max((f.cover, f.intent, f.ages) for f in fits.values())
    return [i for i, f in fits.items() if (f.cover, f.intent, f.ages) == best]


def _contradicts(heading: About, indication: About, text: frozenset[str]) -> bool:
    """The indication's name says what the heading does not, and its text none of what
    the heading says beyond its condition."""
    return bool(indication.keys - heading.stems) and not heading.keys & (text | indication.stems)


def _fit(heading: About, indication: About) -> _Fit | None:
    if heading.intents and indication.intents and not heading.intents & indication.intents:
        return None
    if heading.ages and indication.ages and not heading.ages.overlaps(indication.ages):
        return None
    ages = int((heading.ages is None) == (indication.ages is None))
    intent = int(heading.intents == indication.intents)
    vocab = load()
    if heading.concepts and indication.concepts:
        relations = {
            (theirs, vocab.related(ours, theirs))
            for ours in heading.concepts
            for theirs in indication.concepts
        }
        related = {theirs for theirs, how in relations if how in ("equal", "narrower", "broader")}
        if not related:
            return None  # both name conditions, and not the same ones: words do not count
        rank = 3 if any(how == "equal" for _t, how in relations) else 2
        named = len(related) + len(indication.keys & heading.stems)
        total = len(indication.concepts) + len(indication.keys)
        return _Fit(rank, named / total, intent, ages)
    if indication.keys and indication.keys <= heading.stems:
        return _Fit(1, 1.0, intent, ages)
    if heading.keys and heading.keys <= indication.stems:
        total = len(indication.concepts) + len(indication.keys)
        cover = len(heading.keys & indication.keys) / total if total else 0.0
        return _Fit(1, cover, intent, ages)
    return None


def mentioned(text: str, indications: list[About]) -> list[int]:
    """The indexes of the indications a text names: one of its conditions exactly, or
    (an indication the vocabulary does not know) all of its key words."""
    vocab = load()
    text = _PLURAL_ITIS.sub(lambda m: _itis(m, vocab), text)
    folded, found = scan_label(text, vocab)
    concepts = {c for hit in found for c in hit.meaning.concepts}
    stems = {stem(w) for w in folded}
    out = []
    for index, indication in enumerate(indications):
        if indication.concepts:
            if indication.concepts & concepts:
                out.append(index)
        elif indication.keys and indication.keys <= stems:
            out.append(index)
    return out


def names_condition(label: str) -> frozenset[int]:
    """The condition concepts a label names (``medref validate`` checks them)."""
    return about(label).concepts


def related(ours: frozenset[int], theirs: frozenset[int]) -> bool:
    vocab = load()
    return any(
        vocab.related(a, b) in ("equal", "narrower", "broader", "overlap")
        for a in ours
        for b in theirs
    )


def stems_of(text: str) -> frozenset[str]:
    return frozenset(stem(w) for w in words(text))
