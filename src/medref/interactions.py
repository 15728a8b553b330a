"""The interaction checker: what the labels medref holds say about each pair of medicines on
a list.

For every pair, both ways: does either label name the other — by a name it answers to, or a
class it belongs to (the class table, and its monograph's ``drug_class``) — in its
Interactions section, its contraindications, its boxed warnings, its dose adjustment notes
or (an OTC label) its "Do not use" and "Ask a doctor before use if" points? How serious is
it, in the label's own words (``severity.py``), which sentence says so, and which dose
change does it give?

How a label's passage is read (``passages.py`` makes them):

- An item whose *label* names the medicine is about it: the whole item is its evidence and
  its severity is the worst its sentences state — unless every sentence that names it
  denies an interaction ("Warfarin, Digoxin, …: ketorolac does not alter digoxin protein
  binding"; the item's warning is about the others). A boxed warning's or dose note's
  label listing several topics is not one item: the sentence naming the medicine decides.
- A medicine named only in the *text* counts in the sentence (and clause) that names it,
  with that clause's severity — or, when that sentence only names it, the level of the
  next sentence if it speaks of "such drugs", and of a table row's intervention if it is
  the row's "Examples:"; not when the item's label names something else and the
  text names it only in passing ("heart failure was reported when amphotericin B was
  combined with hydrocortisone", in an item about amphotericin B) rather than as one of its
  examples ("(e.g., ketoconazole)", "such as famotidine"); not in a clause about allergy
  ("a reaction after aspirin or any other NSAID" is no interaction); and a class the
  label's own drug belongs to, named in its text ("corticosteroids can raise blood
  sugar"), is that drug speaking of itself unless the label writes "other".
- A sentence that denies an interaction is no evidence, and one that says the dose stays
  is evidence at the level *mentioned*. Either, naming a medicine by name, makes it an
  exception to its class in that label: the general rule for its class is not applied to
  it ("although clarithromycin is a combined P-gp and strong CYP3A4 inhibitor, no dose
  adjustment is necessary").
- Contraindications passages are contraindications, whatever their wording. Outside the
  Interactions section (contraindications, boxed warnings, dose notes) a medicine counts
  only in a clause about taking it with the label's drug; a Drug Facts point is always
  about what else is taken, and is read with its lead ("Do not use if you are now taking
  a prescription MAOI").
- A combination product answers to each of its ingredients and is in their classes
  (`Subject.ingredients`), except an ingredient the reading label's own drug has too,
  which names it only as "another product containing" it.

What does not depend on the list — each passage's sentences, clauses, severities and the
class table's terms it names — was read when the label was indexed (``readings.py``); a
check adds the list's names (reading again only the sentences that may hold one of them),
looks only at the passages that name a medicine of the list, and decides what counts.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, NamedTuple

from .mentions import Lexicon, Mention, Term, find, folded, needles, tokenize
from .passages import (
    BOXED,
    CONTRAINDICATIONS,
    DOSE_NOTES,
    DRUG_FACTS,
    INTERACTIONS,
    LabelRecord,
    Passage,
)
from .readings import (
    Clause,
    PassageReading,
    Sentence,
    classes_named,
    clause,
    clauses,
    complete,
    own_names,
    read_label,
    severity,
    shifted,
    with_names,
)
from .severity import CONTRAINDICATED, MENTIONED, Reading, read
from .textutil import LazyPattern, name_key, words

if TYPE_CHECKING:
    from .drugclasses import ClassIndex

MAX_QUOTE = 600  # longer evidence is quoted by its sentences that matter, with "…"
_I = re.IGNORECASE
_EXAMPLES = LazyPattern(
    r"\b(?:such as|e\.g\.|i\.e\.|including|for example|for instance|especially|"
    r"particularly|namely)\b",
    _I,
)
# "Meloxicam, like other NSAIDs, may …", "as with other NSAIDs": the label's drug compared
# with its class, not the class named as something taken with it.
# "any other product containing diphenhydramine": a product with the label's own
# ingredient, named as another one.
_CONTAINING = LazyPattern(r"\bother\b[^.;]*\bcontain\w*\s+$|\bcontain\w* (?:any |the )?$", _I)
# A table row's list of the medicines it is about, after its intervention.
_EXAMPLES_ROW = LazyPattern(r"\s*examples?\s*:", _I)
# Parts whose item labels list topics with advice of their own (see `evidence`).
_TOPICAL = (BOXED, DOSE_NOTES)
# The next sentence speaking of what this one named ("When such drugs are administered").
_REFERRING = LazyPattern(
    r"\b(?:such|these|those|this|either|both) (?:\w+ )?(?:drugs?|agents?|medications?|medicines?"
    r"|combinations?|products?|therapies|classes)\b",
    _I,
)
_COMPARISON = LazyPattern(
    r"\b(?:like|unlike|as with|as do|as does|similar to)\s+(?:other\s+|all\s+)?$", _I
)
PARTS = {
    "interactions": "Interactions",
    CONTRAINDICATIONS: "Precautions › Contraindications",
    BOXED: "Boxed warning",
    DOSE_NOTES: "Dosage",
    DRUG_FACTS: "Precautions",
}


@dataclass
class Subject:
    """A medicine on the list: with its label when the library has a monograph for it."""

    asked: str  # as typed
    title: str
    keys: set[str]  # name keys of every name it answers to
    classes: dict[str, str]  # canonical class name -> how: "class table" | "drug_class"
    known_from: str  # "monograph" | "class table" | "label names"
    record: LabelRecord | None = None
    path: str | None = None
    # A combination product's ingredients (name keys): a label naming one of them names
    # the product ("clopidogrel" names a clopidogrel and aspirin kit), unless the label's
    # own drug has it too (see `_as_seen_by`).
    ingredients: set[str] = field(default_factory=set)
    # Ingredients the reading label's own drug has too: they name this product only as
    # "another product containing diphenhydramine" (see `_about`).
    shared: set[str] = field(default_factory=set)

    @property
    def key(self) -> str:
        return self.record.name if self.record is not None else name_key(self.title)


class Match(NamedTuple):
    """How a label names a medicine: by a name, or by a class it belongs to."""

    words: str  # the label's words
    how: str  # "name" | "ingredient" | "class"
    drug_class: str | None = None
    class_via: str | None = None  # "class table" | "drug_class"


@dataclass
class Evidence:
    label_of: Subject  # whose label says it
    about: Subject  # the medicine it names
    part: str  # passages.INTERACTIONS, CONTRAINDICATIONS, BOXED, DOSE_NOTES or DRUG_FACTS
    heading: str | None
    quote: str
    highlights: list[tuple[int, int]]
    severity: int
    matches: list[Match]
    dose_change: str | None = None
    whole_item: bool = False  # the item's label names the medicine

    @property
    def by_class_only(self) -> bool:
        return all(m.how == "class" for m in self.matches)

    @property
    def where(self) -> str:
        where = PARTS.get(self.part, self.part)
        if self.heading and self.part != CONTRAINDICATIONS:
            where += f" › {self.heading}"
        return where


@dataclass
class Pair:
    first: Subject
    second: Subject
    evidence: list[Evidence] = field(default_factory=list)

    @property
    def severity(self) -> int:
        return max(e.severity for e in self.evidence)


@dataclass
class Report:
    subjects: list[Subject]
    pairs: list[Pair]  # with evidence, worst first
    clear: list[tuple[Subject, Subject]]  # checked against a label: nothing found
    unchecked: list[tuple[Subject, Subject]]  # neither has a label in the library
    # (ingredient, product): a medicine that is part of another on the list (omeprazole
    # and "Aspirin and Omeprazole"); the product's label speaks of it as of itself.
    ingredients: list[tuple[Subject, Subject]] = field(default_factory=list)

    @property
    def text_only(self) -> list[Subject]:
        """Medicines without a monograph: checked only against the other labels' text."""
        return [s for s in self.subjects if s.record is None]


# --------------------------------------------------------------------------- subjects


def base_lexicon() -> Lexicon:
    """Every class name, alias and member of the class table, as terms."""
    from .drugclasses import table_index

    return table_index().lexicon()


def classes_of(
    keys: set[str],
    drug_class: str | None,
    index: ClassIndex | None = None,
    drug_classes: list[str] | None = None,
) -> dict[str, str]:
    """The classes a medicine is in: through the class table's members, and the classes
    its monograph's ``drug_class`` names (``drug_classes``, when they were read at index
    time); each with every class that includes it."""
    index = index or _table_index()
    found: dict[str, str] = {}
    for key in sorted(keys):
        for cls in index.classes_of(key):
            found.setdefault(cls, "class table")
    if drug_classes is None:
        drug_classes = classes_named(drug_class or "", index)
    for cls in drug_classes:
        found.setdefault(cls, "drug_class")
    return found


def labelled_subject(
    asked: str, record: LabelRecord, path: str, index: ClassIndex | None = None
) -> Subject:
    index = index or _table_index()
    if record.reading is None or record.reading.table != index.identity:
        record.reading = read_label(record, index)  # made with another class table
    keys = {name_key(n) for n in [asked, *record.names]}
    ingredients = {name_key(n) for n in record.ingredients} - keys
    classes = classes_of(keys | ingredients, record.drug_class, index, list(record.reading.classes))
    return Subject(
        asked, record.title, keys, classes, "monograph", record, path, ingredients=ingredients
    )


def unlabelled_subject(asked: str, known_from: str, index: ClassIndex | None = None) -> Subject:
    index = index or _table_index()
    key = name_key(asked)
    title = index.members.get(key, asked.strip())
    title = title[:1].upper() + title[1:] if title.islower() else title
    return Subject(asked, title, {key}, classes_of({key}, None, index), known_from)


def _table_index() -> ClassIndex:
    from .drugclasses import table_index

    return table_index()


# --------------------------------------------------------------------------- the check


def check(subjects: list[Subject], index: ClassIndex | None = None) -> Report:
    """Every pair of the list, both ways (see the module comment)."""
    names = _ListNames(subjects, index or _table_index())
    found: dict[tuple[int, int], list[Evidence]] = {}
    for i, label_of in enumerate(subjects):
        if label_of.record is None:
            continue
        for item in _read_label(label_of, subjects, names):
            j = subjects.index(item.about)
            found.setdefault((min(i, j), max(i, j)), []).append(item)
    return _report(subjects, found)


def ingredient_of(part: Subject, whole: Subject) -> bool:
    """Whether a medicine is an ingredient of another: every word of its name is a word of
    the other's title ("omeprazole" of "Aspirin and Omeprazole")."""
    title = set(words(whole.title))
    return whole.record is not None and any(
        set(words(key)) <= title for key in part.keys if key not in whole.keys
    )


def _report(subjects: list[Subject], found: dict[tuple[int, int], list[Evidence]]) -> Report:
    pairs, clear, unchecked, ingredients = [], [], [], []
    for i, first in enumerate(subjects):
        for j in range(i + 1, len(subjects)):
            second = subjects[j]
            evidence = found.get((i, j))
            if ingredient_of(first, second) or ingredient_of(second, first):
                part, whole = (first, second) if ingredient_of(first, second) else (second, first)
                ingredients.append((part, whole))
                if not evidence:
                    continue
            if evidence:
                evidence.sort(key=lambda e: (-e.severity, e.by_class_only))
                pairs.append(Pair(first, second, evidence))
            elif first.record is None and second.record is None:
                unchecked.append((first, second))
            else:
                clear.append((first, second))
    pairs.sort(key=lambda p: -p.severity)  # stable: list order within a level
    return Report(subjects, pairs, clear, unchecked, ingredients)


class _ListNames:
    """The list's names in the lexicon, and what they change in each label's reading: the
    reading knew the class table's terms and the label's own names; a check knows every
    medicine's. A sentence may be read differently only where it holds every word of a
    name whose terms differ between the two (the scan is exact, so elsewhere it cannot)."""

    def __init__(self, subjects: list[Subject], index: ClassIndex) -> None:
        self.base = index.lexicon()
        self.lexicon = with_names(self.base, [n for s in subjects for n in _names(s)])
        # Each added name's terms in the check, and in a reading that did not know it.
        self._check = {key: self.lexicon.targets(key) for key in self.lexicon.terms}
        self._unknown = {key: self.base.targets(key) for key in self.lexicon.terms}

    def changed(self, label_of: Subject) -> list[_Changed]:
        """The names whose terms the label's reading did not know, that its text may hold."""
        assert label_of.record is not None
        known = with_names(self.base, own_names(label_of.record))
        changed = [
            _Changed(key, needles(key))
            for key, targets in self._check.items()
            if targets != (known.targets(key) if key in known.terms else self._unknown[key])
        ]
        if not changed:
            return []
        texts = [t for p in label_of.record.passages for t in (p.heading, p.text) if t]
        text = folded(" ".join(texts))
        return [c for c in changed if _may_hold(text, [c])]


class _Changed(NamedTuple):
    key: tuple[str, ...]
    needles: list[str]  # `mentions.needles`: a quick test before tokenizing


def _names(subject: Subject) -> list[str]:
    record_names = subject.record.names if subject.record else []
    return [subject.asked, subject.title, *record_names]


def _may_hold(text: str, changed: list[_Changed]) -> bool:
    """Whether a folded text may hold one of the changed names (see ``_ListNames``)."""
    return any(all(n in text for n in c.needles) for c in changed)


def _read_again(text: str, changed: list[_Changed], lexicon: Lexicon) -> list[Mention] | None:
    """The mentions in a text (a sentence, an item's label), read with the list's names
    when its words include every word of a changed name; None when they do not."""
    tokens = tokenize(text)
    found = {t.word for t in tokens}
    if any(found.issuperset(c.key) for c in changed):
        return find(text, lexicon, tokens)
    return None


def _read_label(label_of: Subject, subjects: list[Subject], names: _ListNames) -> list[Evidence]:
    """The evidence one label gives about the other medicines. A medicine the label names by
    name in a sentence denying an interaction or keeping the dose is an exception: what its
    other passages say of its class is not applied to it (what the same passage says is)."""
    assert label_of.record is not None and label_of.record.reading is not None
    # Each other medicine as this label reads it, and the medicine itself (for the report).
    views = {
        id(view): (view, s)
        for s in subjects
        if s is not label_of and not ingredient_of(s, label_of)
        for view in [_as_seen_by(s, label_of)]
    }
    wanted = [(view, _terms(view)) for view, _s in views.values()]
    changed = names.changed(label_of)
    found: list[tuple[int, Evidence]] = []
    exceptions: dict[str, set[int]] = {}
    passages = zip(label_of.record.passages, label_of.record.reading.passages, strict=True)
    for index, (passage, reading) in enumerate(passages):
        if changed:
            reading = _with_names(passage, reading, changed, names.lexicon)
        named = {m.term for m in reading.heading}
        named.update(m.term for s in reading.sentences for m in s.mentions)
        relevant = [other for other, terms in wanted if not named.isdisjoint(terms)]
        if not relevant:
            continue  # names no medicine of the list: no evidence, no exception
        reader = _PassageReader(passage, complete(passage, reading), label_of)
        for other in relevant:
            item = reader.evidence(other)
            if item is not None:
                item.about = views[id(other)][1]
                found.append((index, item))
        for key in reader.exceptions(relevant):
            exceptions.setdefault(key, set()).add(index)
    return [
        item
        for index, item in found
        if not (item.by_class_only and exceptions.get(item.about.key, {index}) - {index})
    ]


def _as_seen_by(other: Subject, label_of: Subject) -> Subject:
    """The medicine as a label reads it: the ingredients the label's own drug has too set
    apart (in YOSPRALA's label, aspirin and omeprazole, "aspirin" is about itself, not
    about a clopidogrel and aspirin kit, unless it says "another product containing")."""
    if not other.ingredients:
        return other
    own = label_of.keys | label_of.ingredients
    return dataclasses.replace(
        other, ingredients=other.ingredients - own, shared=other.ingredients & own
    )


def _terms(subject: Subject) -> set[Term]:
    """The terms that name a medicine: its names' keys, its ingredients, its classes."""
    names = subject.keys | subject.ingredients | subject.shared
    terms = {Term("medicine", key) for key in names}
    return terms | {Term("class", cls) for cls in subject.classes}


def _with_names(
    passage: Passage, reading: PassageReading, changed: list[_Changed], lexicon: Lexicon
) -> PassageReading:
    """The passage's reading with the list's names: its label and each sentence that holds
    every word of a name the reading did not know, read again with the check's lexicon."""
    heading = passage.heading or ""
    mentions = reading.heading
    if _may_hold(folded(heading), changed):
        again = _read_again(heading, changed, lexicon)
        mentions = tuple(again) if again is not None else mentions
    text = folded(passage.text)
    if not _may_hold(text, changed):
        return reading._replace(heading=mentions)
    sentences = []
    for sentence in reading.sentences:
        start, end = sentence.start, sentence.end
        again = None
        if _may_hold(text[start:end], changed):
            again = _read_again(passage.text[start:end], changed, lexicon)
        if again is not None:
            sentence = sentence._replace(mentions=tuple(shifted(again, start)))
        sentences.append(sentence)
    return reading._replace(heading=mentions, sentences=tuple(sentences))


class _PassageReader:
    """One passage of a label, read once for every medicine of the list."""

    def __init__(self, passage: Passage, reading: PassageReading, label_of: Subject) -> None:
        self.passage = passage
        self.label_of = label_of
        self.heading = passage.heading or ""
        self.heading_mentions = reading.heading
        self.sentences: tuple[Sentence, ...] = reading.sentences
        self.spans = [(s.start, s.end) for s in reading.sentences]
        self.readings = [severity(s) for s in reading.sentences]
        self._clauses: dict[int, tuple[Clause, ...]] = {}
        # An item whose label names something besides its own drug is about that thing.
        others = {
            m.term for m in self.heading_mentions if _names_other(m, label_of, in_heading=True)
        }
        self.heading_names_other = bool(others)
        self.drug_facts = passage.part == DRUG_FACTS
        self.heading_names_several = len(others) > 1

    def evidence(self, other: Subject) -> Evidence | None:
        heading = [(m, x) for m in self.heading_mentions if (x := _about(m, other, self.heading))]
        if heading and self.passage.part in _TOPICAL and self.heading_names_several:
            # A boxed warning's title lists every topic of a long text ("…; RISKS FROM
            # CONCOMITANT USE WITH BENZODIAZEPINES; …; ULTRA-RAPID METABOLISM …"), and a
            # dose note's several medicines each with its own advice ("Dosage in Patients
            # Taking Cyclosporine, Clarithromycin, …"): the sentence that names the
            # medicine says how serious it is, not the worst sentence about another — when
            # it says something ("limited to 20 mg"), not only names it. (Not an
            # Interactions item: "CYP2C19 inhibitors (omeprazole, esomeprazole): Avoid; …
            # Omeprazole did so even 12 hours apart" is about all it names.)
            own = self._in_text(other, named_in_heading=True)
            if own is not None and own.severity > MENTIONED:
                return own
            return self._whole_item(other, heading)
        if heading:
            return self._whole_item(other, heading)
        return self._in_text(other)

    def exceptions(self, others: list[Subject]) -> set[str]:
        """The medicines named by name in a sentence denying an interaction or keeping the
        dose, or in the label of an item whose sentences all do."""
        found: set[str] = set()
        quiet = bool(self.readings) and all(r.level is None or r.no_change for r in self.readings)
        for other in others:
            named = quiet and any(_by_name(m, other) for m in self.heading_mentions)
            for sentence, reading in zip(self.sentences, self.readings, strict=True):
                if reading.level is None or reading.no_change:
                    named = named or any(_by_name(m, other) for m in sentence.mentions)
            if named:
                found.add(other.key)
        return found

    def _whole_item(self, other: Subject, heading: list[tuple[Mention, Match]]) -> Evidence | None:
        """The item's label names the medicine: the whole item is about it."""
        counted = [
            (span, r)
            for span, r in zip(self.spans, self.readings, strict=True)
            if r.level is not None
        ]
        if self.spans and not counted:
            return None  # every sentence denies an interaction
        naming = [
            r
            for s, r in zip(self.sentences, self.readings, strict=True)
            if _names_by_name(s, other)
        ]
        if naming and all(r.level is None for r in naming):
            # "Warfarin, Digoxin, …: Ketorolac does not alter digoxin protein binding. …
            # patients taking anticoagulants should be closely monitored": every sentence
            # that names it denies an interaction; the item's warning is about the others.
            return None
        severity = max((r.level or MENTIONED for _span, r in counted), default=MENTIONED)
        if self.passage.part == CONTRAINDICATIONS:
            severity = CONTRAINDICATED
        text = self.passage.text
        wanted = {span for span, r in counted if r.level == severity or r.dose}
        for span, sentence in zip(self.spans, self.sentences, strict=True):
            if any(_about(m, other, text) for m in sentence.mentions):
                wanted.add(span)
        quote, pieces = _quote(self.heading, text, self.spans, wanted)
        highlights = [(m.start, m.end) for m, _match in heading]
        for sentence in self.sentences:
            highlights += _placed([m for m in sentence.mentions if _about(m, other, text)], pieces)
        doses = [text[start:end] for (start, end), r in counted if r.dose]
        return Evidence(
            self.label_of,
            other,
            self.passage.part,
            self.passage.heading,
            quote,
            highlights,
            severity,
            [match for _m, match in heading],
            " ".join(doses) or None,
            whole_item=True,
        )

    def _in_text(self, other: Subject, named_in_heading: bool = False) -> Evidence | None:
        """The medicine named in the text: the sentence that states the most about it."""
        best: tuple[int, int, Reading, str, list[Mention], list[Match], tuple[int, int]] | None
        best = None
        for index, sentence in enumerate(self.sentences):
            if self.readings[index].level is None:
                continue
            chosen = [
                (m, x)
                for m in sentence.mentions
                if (x := self._counts(m, other, index, named_in_heading))
            ]
            if not chosen:
                continue
            reading, clause_text = self._clause_reading(chosen[0][0], index)
            reading, clause_text, last = self._referred(reading, clause_text, index)
            reading, clause_text, first = self._row(reading, clause_text, index)
            level = reading.level
            if level is not None and (best is None or level > best[0]):
                found = ([m for m, _ in chosen], [x for _, x in chosen])
                best = (level, index, reading, clause_text, *found, (first, last))
        if best is None:
            return None
        level, index, reading, clause_text, mentions, matches, (first, last) = best
        if self.passage.part == CONTRAINDICATIONS:
            level = CONTRAINDICATED
        start, end = self.spans[first][0], self.spans[last][1]
        quote = self.passage.text[start:end]
        highlights = [(m.start - start, m.end - start) for m in mentions]
        part, heading = self.passage.part, self.passage.heading
        dose = clause_text if reading.dose else None
        return Evidence(
            self.label_of, other, part, heading, quote, highlights, level, matches, dose
        )

    def _row(self, reading: Reading, text: str, index: int) -> tuple[Reading, str, int]:
        """The "Examples:" of a table row ("Clinical Impact: … Intervention: Consider more
        frequent monitoring of these patients. Examples: Topiramate, zonisamide …") are
        what the row is about: the row's worst sentence (its intervention), its text, and
        where the evidence starts."""
        start, end = self.spans[index]
        if reading.level != MENTIONED or not _EXAMPLES_ROW.compiled.match(
            self.passage.text[start:end]
        ):
            return reading, text, index
        stated = [(r.level, i) for i, r in enumerate(self.readings[:index]) if r.level]
        if not stated:
            return reading, text, index
        worst = max(stated)[1]
        low, high = self.spans[worst]
        return self.readings[worst], self.passage.text[low:high], worst

    def _referred(self, reading: Reading, text: str, index: int) -> tuple[Reading, str, int]:
        """A sentence that only names a medicine, followed by one that says what to do about
        "such drugs" ("These drugs include the thiazides … When such drugs are administered
        to a patient receiving metformin, the patient should be closely observed"): the
        next sentence's reading, its text, and where the evidence ends."""
        following = index + 1
        if reading.level != MENTIONED or reading.no_change or following >= len(self.spans):
            return reading, text, index
        start, end = self.spans[following]
        after = self.readings[following]
        if (after.level or MENTIONED) <= MENTIONED or not _REFERRING.search(
            self.passage.text[start:end]
        ):
            return reading, text, index
        return after, self.passage.text[start:end], following

    def _counts(
        self, mention: Mention, other: Subject, index: int, named_in_heading: bool = False
    ) -> Match | None:
        """Whether a mention in the text counts as the label naming the medicine (see the
        module comment)."""
        text = self.passage.text
        match = _about(mention, other, text)
        if match is None:
            return None
        found = self._clause(mention, index)
        if found.allergy:
            return None
        if self.passage.part not in (INTERACTIONS, DRUG_FACTS) and not found.cue:
            return None  # a warning or a dose note naming it for another reason
        own_class = mention.term.target in self.label_of.classes
        if match.how == "class" and own_class and not mention.other and not self.drug_facts:
            # the label's drug speaking of its own class (a Drug Facts point is always
            # about what else is taken: "if you are taking sedatives or tranquilizers")
            return None
        if _COMPARISON.search(text[found.start : mention.start]):
            return None
        start = self.spans[index][0]
        if (
            self.heading_names_other
            and not named_in_heading
            and not _example(text[start : mention.start])
        ):
            return None
        return match

    def _clause(self, mention: Mention, index: int) -> Clause:
        """The clause of its sentence that holds a mention (``severity.clause``)."""
        parts = self._sentence_clauses(index)
        first = next(c for c in parts if c.end >= mention.start)
        last = next(c for c in parts if c.end >= mention.end)
        if first is last:
            return first
        # A name with a semicolon in it: the clauses it spans, as one.
        text = self.passage.text[first.start : last.end]
        return clause(first.start, last.end, read(text), text)

    def _sentence_clauses(self, index: int) -> tuple[Clause, ...]:
        """A sentence's clauses: read when it was indexed, or now (one that named only the
        label's own drug then)."""
        sentence = self.sentences[index]
        if sentence.clauses is not None:
            return sentence.clauses
        if index not in self._clauses:
            text, reading = self.passage.text, self.readings[index]
            self._clauses[index] = clauses(text, sentence.start, sentence.end, reading)
        return self._clauses[index]

    def _clause_reading(self, mention: Mention, index: int) -> tuple[Reading, str]:
        """The clause's reading and text; the sentence's when the clause itself states no
        level."""
        found = self._clause(mention, index)
        reading = found.reading
        sentence = self.readings[index]
        stated = reading.level != MENTIONED or reading.no_change
        if stated or (sentence.level or 0) <= MENTIONED:
            return reading, self.passage.text[found.start : found.end].strip()
        start, end = self.spans[index]
        return sentence, self.passage.text[start:end]


def _about(mention: Mention, other: Subject, text: str) -> Match | None:
    """How a mention names the medicine, if it does."""
    term = mention.term
    words = text[mention.start : mention.end]
    if term.kind == "medicine" and term.target in other.keys:
        return Match(words, "name")
    if term.kind == "medicine" and term.target in other.ingredients:
        return Match(words, "ingredient")
    another = _CONTAINING.search(text[max(0, mention.start - 80) : mention.start])
    if term.kind == "medicine" and term.target in other.shared and another:
        return Match(words, "ingredient")
    if term.kind == "class" and term.target in other.classes:
        return Match(words, "class", term.target, other.classes[term.target])
    return None


def _names_by_name(sentence: Sentence, other: Subject) -> bool:
    return any(_by_name(m, other) for m in sentence.mentions)


def _by_name(mention: Mention, other: Subject) -> bool:
    term = mention.term
    return term.kind == "medicine" and (
        term.target in other.keys or term.target in other.ingredients
    )


def _names_other(mention: Mention, label_of: Subject, *, in_heading: bool) -> bool:
    term = mention.term
    if term.kind == "medicine":
        return term.target not in label_of.keys
    return in_heading or mention.other or term.target not in label_of.classes


def _example(before: str) -> bool:
    """Whether what comes before a mention in its sentence introduces examples: an open
    bracket, or "such as", "e.g.", "including" in the same clause."""
    tail = before[before.rfind(";") + 1 :]
    return tail.count("(") > tail.count(")") or bool(_EXAMPLES.search(tail))


Piece = tuple[int, int, int]  # a stretch of the text (start, end) and where it is in a quote


def _quote(
    heading: str, text: str, spans: list[tuple[int, int]], wanted: set[tuple[int, int]]
) -> tuple[str, list[Piece]]:
    """The evidence as quoted: the item's label and its text or, when that is long, the
    sentences that matter joined by "…"."""
    prefix = f"{heading}: " if heading and text else heading
    if len(prefix) + len(text) <= MAX_QUOTE or not wanted:
        return prefix + text, [(0, len(text), len(prefix))]
    out, pieces, cursor = prefix, [], 0
    for start, end in spans:
        if (start, end) not in wanted:
            continue
        if start > cursor:
            out += "… " if out == prefix else " … "
        elif out != prefix:
            out += " "
        pieces.append((start, end, len(out)))
        out += text[start:end]
        cursor = end
    if cursor < len(text):
        out += " …"
    return out, pieces


def _placed(mentions: list[Mention], pieces: list[Piece]) -> list[tuple[int, int]]:
    """The mentions' offsets in a quote made of these pieces of the text."""
    placed = []
    for m in mentions:
        for start, end, at in pieces:
            if start <= m.start and m.end <= end:
                placed.append((at + m.start - start, at + m.end - start))
    return placed
