"""The interaction checker: what the labels medref holds say about each pair of medicines on
a list.

For every pair, both ways: does either label name the other — by a name it answers to, or a
class it belongs to (the class table, and its monograph's ``drug_class``) — in its
Interactions section, its contraindications, its boxed warnings or its dose adjustment
notes? How serious is it, in the label's own words (``severity.py``), which sentence says
so, and which dose change does it give?

How a label's passage is read (``passages.py`` makes them):

- An item whose *label* names the medicine is about it: the whole item is its evidence and
  its severity is the worst its sentences state.
- A medicine named only in the *text* counts in the sentence (and clause) that names it,
  with that clause's severity; not when the item's label names something else and the
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
  only in a clause about taking it with the label's drug.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from .drugclasses import class_table, member_names
from .mentions import Lexicon, Mention, Term, find, term_key
from .passages import BOXED, CONTRAINDICATIONS, DOSE_NOTES, INTERACTIONS, LabelRecord, Passage
from .severity import CONTRAINDICATED, MENTIONED, Reading, clause, read, sentences
from .textutil import name_key, words

MAX_QUOTE = 600  # longer evidence is quoted by its sentences that matter, with "…"
_ALLERGY = re.compile(r"allerg|hypersensitiv|anaphyla|angioedema|\bhistory of\b", re.I)
_EXAMPLES = re.compile(
    r"\b(?:such as|e\.g\.|i\.e\.|including|for example|for instance|especially|"
    r"particularly|namely)\b",
    re.I,
)
# Outside the Interactions section a medicine counts only in a clause about taking it with
# the label's drug ("together with aliskiren", "treated with lenalidomide and dexamethasone"),
# not in one that names it for another reason ("0.75 mg of dexamethasone is about equal to
# 5 mg of prednisone").
_CUE = re.compile(
    r"\bwith\b|\btogether\b|combin|co-?administ|concomitant|concurrent|\btaking\b|"
    r"\breceiv|\binhibit|\binduc|interact|\bavoid",
    re.I,
)
# "Meloxicam, like other NSAIDs, may …", "as with other NSAIDs": the label's drug compared
# with its class, not the class named as something taken with it.
_COMPARISON = re.compile(
    r"\b(?:like|unlike|as with|as do|as does|similar to)\s+(?:other\s+|all\s+)?$", re.I
)
PARTS = {
    "interactions": "Interactions",
    CONTRAINDICATIONS: "Precautions › Contraindications",
    BOXED: "Boxed warning",
    DOSE_NOTES: "Dosage",
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

    @property
    def key(self) -> str:
        return self.record.name if self.record is not None else name_key(self.title)


@dataclass(frozen=True)
class Match:
    """How a label names a medicine: by a name, or by a class it belongs to."""

    words: str  # the label's words
    how: str  # "name" | "class"
    drug_class: str | None = None
    class_via: str | None = None  # "class table" | "drug_class"


@dataclass
class Evidence:
    label_of: Subject  # whose label says it
    about: Subject  # the medicine it names
    part: str  # passages.INTERACTIONS, CONTRAINDICATIONS, BOXED or DOSE_NOTES
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


@lru_cache(maxsize=1)
def base_lexicon() -> Lexicon:
    """Every class name, alias and member of the class table, as terms."""
    table = class_table()
    lexicon = Lexicon()
    for cls in table.classes.values():
        for name in cls.names:
            lexicon.add(term_key(name), Term("class", cls.name))
        for member in cls.members:
            lexicon.add(term_key(member), Term("medicine", name_key(member)))
    return lexicon


def classes_of(keys: set[str], drug_class: str | None) -> dict[str, str]:
    """The classes a medicine is in: through the class table's members, and the classes
    its monograph's ``drug_class`` names; each with every class that includes it."""
    table = class_table()
    members = member_names()
    found: dict[str, str] = {}
    for key in sorted(keys):
        if key in members:
            for cls in table.classes_of(members[key]):
                for ancestor in table.ancestors(cls):
                    found.setdefault(ancestor, "class table")
    for mention in find(drug_class or "", base_lexicon()):
        if mention.term.kind == "class":
            for ancestor in table.ancestors(mention.term.target):
                found.setdefault(ancestor, "drug_class")
    return found


def labelled_subject(asked: str, record: LabelRecord, path: str) -> Subject:
    keys = {name_key(n) for n in [asked, *record.names]}
    return Subject(
        asked, record.title, keys, classes_of(keys, record.drug_class), "monograph", record, path
    )


def unlabelled_subject(asked: str, known_from: str) -> Subject:
    key = name_key(asked)
    title = member_names().get(key, asked.strip())
    title = title[:1].upper() + title[1:] if title.islower() else title
    return Subject(asked, title, {key}, classes_of({key}, None), known_from)


# --------------------------------------------------------------------------- the check


def check(subjects: list[Subject]) -> Report:
    """Every pair of the list, both ways (see the module comment)."""
    lexicon = base_lexicon().copy()
    for subject in subjects:
        names = [subject.asked, subject.title, *(subject.record.names if subject.record else [])]
        for name in names:
            lexicon.add(term_key(name), Term("medicine", name_key(name)))
    found: dict[tuple[int, int], list[Evidence]] = {}
    for i, label_of in enumerate(subjects):
        if label_of.record is None:
            continue
        for item in _read_label(label_of, subjects, lexicon):
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


def _read_label(label_of: Subject, subjects: list[Subject], lexicon: Lexicon) -> list[Evidence]:
    """The evidence one label gives about the other medicines. A medicine the label names by
    name in a sentence denying an interaction or keeping the dose is an exception: what its
    other passages say of its class is not applied to it (what the same passage says is)."""
    assert label_of.record is not None
    others = [s for s in subjects if s is not label_of and not ingredient_of(s, label_of)]
    found: list[tuple[int, Evidence]] = []
    exceptions: dict[str, set[int]] = {}
    for index, passage in enumerate(label_of.record.passages):
        reader = _PassageReader(passage, label_of, lexicon)
        for other in others:
            item = reader.evidence(other)
            if item is not None:
                found.append((index, item))
        for key in reader.exceptions(others):
            exceptions.setdefault(key, set()).add(index)
    return [
        item
        for index, item in found
        if not (item.by_class_only and exceptions.get(item.about.key, {index}) - {index})
    ]


class _PassageReader:
    """One passage of a label, read once for every medicine of the list."""

    def __init__(self, passage: Passage, label_of: Subject, lexicon: Lexicon) -> None:
        self.passage = passage
        self.label_of = label_of
        self.heading = passage.heading or ""
        self.heading_mentions = find(self.heading, lexicon)
        self.spans = sentences(passage.text)
        self.sentence_mentions = [
            [_shifted(m, start) for m in find(passage.text[start:end], lexicon)]
            for start, end in self.spans
        ]
        self.readings = [read(passage.text[start:end]) for start, end in self.spans]
        # An item whose label names something besides its own drug is about that thing.
        self.heading_names_other = any(
            _names_other(m, label_of, in_heading=True) for m in self.heading_mentions
        )

    def evidence(self, other: Subject) -> Evidence | None:
        heading = [(m, x) for m in self.heading_mentions if (x := _about(m, other, self.heading))]
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
            for reading, mentions in zip(self.readings, self.sentence_mentions, strict=True):
                if reading.level is None or reading.no_change:
                    named = named or any(_by_name(m, other) for m in mentions)
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
        severity = max((r.level or MENTIONED for _span, r in counted), default=MENTIONED)
        if self.passage.part == CONTRAINDICATIONS:
            severity = CONTRAINDICATED
        text = self.passage.text
        wanted = {span for span, r in counted if r.level == severity or r.dose}
        for span, mentions in zip(self.spans, self.sentence_mentions, strict=True):
            if any(_about(m, other, text) for m in mentions):
                wanted.add(span)
        quote, pieces = _quote(self.heading, text, self.spans, wanted)
        highlights = [(m.start, m.end) for m, _match in heading]
        for mentions in self.sentence_mentions:
            highlights += _placed([m for m in mentions if _about(m, other, text)], pieces)
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

    def _in_text(self, other: Subject) -> Evidence | None:
        """The medicine named in the text: the sentence that states the most about it."""
        best: tuple[int, int, Reading, str, list[Mention], list[Match]] | None = None
        for index, mentions in enumerate(self.sentence_mentions):
            if self.readings[index].level is None:
                continue
            chosen = [(m, x) for m in mentions if (x := self._counts(m, other, index))]
            if not chosen:
                continue
            reading, clause_text = self._clause_reading(chosen[0][0], index)
            level = reading.level
            if level is not None and (best is None or level > best[0]):
                found = ([m for m, _ in chosen], [x for _, x in chosen])
                best = (level, index, reading, clause_text, *found)
        if best is None:
            return None
        level, index, reading, clause_text, mentions, matches = best
        if self.passage.part == CONTRAINDICATIONS:
            level = CONTRAINDICATED
        start, end = self.spans[index]
        quote = self.passage.text[start:end]
        highlights = [(m.start - start, m.end - start) for m in mentions]
        part, heading = self.passage.part, self.passage.heading
        dose = clause_text if reading.dose else None
        return Evidence(
            self.label_of, other, part, heading, quote, highlights, level, matches, dose
        )

    def _counts(self, mention: Mention, other: Subject, index: int) -> Match | None:
        """Whether a mention in the text counts as the label naming the medicine (see the
        module comment)."""
        text = self.passage.text
        match = _about(mention, other, text)
        if match is None:
            return None
        left, right = clause(text, mention.start, mention.end, self.spans[index])
        if _ALLERGY.search(text[left:right]):
            return None
        if self.passage.part != INTERACTIONS and not _CUE.search(text[left:right]):
            return None  # a warning or a dose note naming it for another reason
        own_class = mention.term.target in self.label_of.classes
        if match.how == "class" and own_class and not mention.other:
            return None  # the label's drug speaking of its own class
        if _COMPARISON.search(text[left : mention.start]):
            return None
        start = self.spans[index][0]
        if self.heading_names_other and not _example(text[start : mention.start]):
            return None
        return match

    def _clause_reading(self, mention: Mention, index: int) -> tuple[Reading, str]:
        """The clause's reading and text; the sentence's when the clause itself states no
        level."""
        text = self.passage.text
        left, right = clause(text, mention.start, mention.end, self.spans[index])
        reading = read(text[left:right])
        sentence = self.readings[index]
        stated = reading.level != MENTIONED or reading.no_change
        if stated or (sentence.level or 0) <= MENTIONED:
            return reading, text[left:right].strip()
        start, end = self.spans[index]
        return sentence, text[start:end]


def _shifted(mention: Mention, offset: int) -> Mention:
    return Mention(mention.term, mention.start + offset, mention.end + offset, mention.other)


def _about(mention: Mention, other: Subject, text: str) -> Match | None:
    """How a mention names the medicine, if it does."""
    term = mention.term
    words = text[mention.start : mention.end]
    if term.kind == "medicine" and term.target in other.keys:
        return Match(words, "name")
    if term.kind == "class" and term.target in other.classes:
        return Match(words, "class", term.target, other.classes[term.target])
    return None


def _by_name(mention: Mention, other: Subject) -> bool:
    return mention.term.kind == "medicine" and mention.term.target in other.keys


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
