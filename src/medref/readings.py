"""How the interaction checker reads a label's passages: made once, when the file is indexed.

What a passage says does not depend on the list being checked: its sentences and their
clauses (between semicolons), the level each states (``severity.py``), whether a clause is
about an allergy ("a reaction after aspirin or any other NSAID") or about taking something
with the label's drug ("together with", "concomitant"), and what it names of the class
table and of the label's own drug (``mentions.py``). The catalogue keeps this *reading*
with the label record, so that a check does only what depends on its list: it reads again
only a sentence that may name one of the list's other medicines (by a name the reading did
not know), and decides which mentions count for which medicine (``interactions.py``).

A reading depends on the class table it was made with (kept as the table file's size and
modification time): one made with another table is made again when it is read.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, NamedTuple

from .mentions import Lexicon, Mention, Term, find, term_key
from .severity import Reading, read, sentences
from .textutil import LazyPattern, name_key

if TYPE_CHECKING:
    from .drugclasses import ClassIndex
    from .passages import LabelRecord, Passage

_I = re.IGNORECASE
_ALLERGY = LazyPattern(
    r"allerg|hypersensitiv|anaphyla|angioedema|\bhistory of\b"
    # aspirin-exacerbated respiratory disease: "in whom aspirin or other NSAIDs induce the
    # syndrome of asthma, rhinitis, and nasal polyps" (an intolerance, not an interaction)
    r"|\bsyndrome of asthma\b|\basthma, rhinitis\b|\baspirin[- ]sensitiv|\baspirin triad\b",
    _I,
)
# Outside the Interactions section a medicine counts only in a clause about taking it with
# the label's drug ("together with aliskiren", "treated with lenalidomide and dexamethasone"),
# not in one that names it for another reason ("0.75 mg of dexamethasone is about equal to
# 5 mg of prednisone").
_CUE = LazyPattern(
    r"\bwith\b|\btogether\b|combin|co-?administ|concomitant|concurrent|\btaking\b|"
    r"\breceiv|\binhibit|\binduc|interact|\bavoid",
    _I,
)


class Clause(NamedTuple):
    """A clause of a sentence, as ``severity.clause`` finds it: from after a semicolon (its
    leading white space skipped) to the next one or the sentence's end."""

    start: int  # offsets into the passage's text
    end: int
    reading: Reading
    allergy: bool  # about an allergy: no interaction counts in it
    cue: bool  # about taking something with the label's drug


class Sentence(NamedTuple):
    start: int  # offsets into the passage's text
    end: int
    mentions: tuple[Mention, ...]  # offsets into the passage's text
    reading: Reading | None = None  # None: not read (see `PassageReading.read`)
    # None: not read (it names nothing but the label's own drug; see `read_passage`)
    clauses: tuple[Clause, ...] | None = None


class PassageReading(NamedTuple):
    heading: tuple[Mention, ...]  # the mentions in the item's label (offsets into it)
    sentences: tuple[Sentence, ...]
    read: bool  # whether its sentences' severities are read (see `read_passage`)


class LabelReading(NamedTuple):
    table: tuple[int, int]  # the class table it was made with (`drugclasses.fingerprint`)
    classes: tuple[str, ...]  # the classes its monograph's drug_class names (and their own)
    passages: tuple[PassageReading, ...]  # one for each of the record's passages


def own_names(record: LabelRecord) -> list[str]:
    """The names a label's reading knows besides the class table's: those its drug answers
    to (as a check adds them for it)."""
    return [record.title, *record.names]


def own_terms(record: LabelRecord) -> frozenset[Term]:
    return frozenset(Term("medicine", name_key(n)) for n in own_names(record))


def with_names(base: Lexicon, names: Iterable[str]) -> Lexicon:
    """The base lexicon with these medicines' names added (as a check adds them)."""
    lexicon = Lexicon(base=base)
    for name in names:
        lexicon.add(term_key(name), Term("medicine", name_key(name)))
    return lexicon


def read_label(record: LabelRecord, index: ClassIndex) -> LabelReading:
    """A label's reading, made with the class table's index."""
    lexicon = with_names(index.lexicon(), own_names(record))
    own = own_terms(record)
    return LabelReading(
        index.identity,
        tuple(classes_named(record.drug_class or "", index)),
        tuple(read_passage(p, lexicon, own) for p in record.passages),
    )


def classes_named(text: str, index: ClassIndex) -> list[str]:
    """The classes a text (a monograph's ``drug_class``) names, each followed by the classes
    that include it."""
    found: dict[str, None] = {}
    for mention in find(text, index.lexicon()):
        if mention.term.kind == "class":
            found.update(dict.fromkeys(index.ancestors[mention.term.target]))
    return list(found)


def read_passage(passage: Passage, lexicon: Lexicon, own: frozenset[Term]) -> PassageReading:
    """A passage's mentions; its severities when it names something besides the label's
    own drug, and the clauses of each sentence that does. The rest is read only by a check
    that needs it (``complete``, ``clauses``): a label names its own drug in most of its
    sentences, and another medicine by a name the class table does not know (a name only
    the check's list gives) in few."""
    text = passage.text
    found = [
        Sentence(start, end, tuple(shifted(find(text[start:end], lexicon), start)))
        for start, end in sentences(text)
    ]
    reading = PassageReading(tuple(find(passage.heading or "", lexicon)), tuple(found), False)
    if not _names_other(reading.heading, own) and not any(
        _names_other(s.mentions, own) for s in reading.sentences
    ):
        return reading
    return complete(passage, reading, own)


def complete(
    passage: Passage, reading: PassageReading, own: frozenset[Term] | None = None
) -> PassageReading:
    """The passage with every sentence's severity read (and, given the label's own terms,
    the clauses of each sentence that names something else)."""
    if reading.read:
        return reading
    text = passage.text
    found = []
    for sentence in reading.sentences:
        start, end = sentence.start, sentence.end
        severity = read(text[start:end])
        parts = None
        if own is not None and _names_other(sentence.mentions, own):
            parts = clauses(text, start, end, severity)
        found.append(sentence._replace(reading=severity, clauses=parts))
    return PassageReading(reading.heading, tuple(found), True)


def severity(sentence: Sentence) -> Reading:
    """A sentence's reading (of a passage ``complete`` made)."""
    assert sentence.reading is not None, "the passage's severities are not read"
    return sentence.reading


def _names_other(mentions: Iterable[Mention], own: frozenset[Term]) -> bool:
    return any(m.term not in own for m in mentions)


def clauses(text: str, start: int, end: int, reading: Reading) -> tuple[Clause, ...]:
    """The sentence's clauses (``reading``: the sentence's, the clause's when it is the
    whole sentence)."""
    found = []
    left = start
    while True:
        semicolon = text.find(";", left, end)
        right = end if semicolon < 0 else semicolon
        while left < right and text[left].isspace():
            left += 1
        piece = text[left:right]
        same = left == start and right == end
        found.append(clause(left, right, reading if same else read(piece), piece))
        if semicolon < 0:
            return tuple(found)
        left = semicolon + 1


def clause(start: int, end: int, reading: Reading, text: str) -> Clause:
    """A clause of ``text`` (its words), with its reading."""
    return Clause(start, end, reading, bool(_ALLERGY.search(text)), bool(_CUE.search(text)))


def shifted(mentions: Iterable[Mention], offset: int) -> list[Mention]:
    return [Mention(m.term, m.start + offset, m.end + offset, m.other) for m in mentions]


# --------------------------------------------------------------------------- stored form
# Compact JSON (lists, a reading as one number), kept inside the label record's blob.

_NO_LEVEL = 5  # a reading's level code when the sentence denies an interaction


def _reading_code(r: Reading) -> int:
    level = _NO_LEVEL if r.level is None else r.level
    return level | (8 if r.no_change else 0) | (16 if r.dose else 0)


def _reading(code: int) -> Reading:
    level = code & 7
    return Reading(None if level == _NO_LEVEL else level, bool(code & 8), bool(code & 16))


def _mention_data(m: Mention) -> list[Any]:
    return [m.term.kind, m.term.target, m.start, m.end, int(m.other)]


def _mention(data: list[Any]) -> Mention:
    return Mention(Term(data[0], data[1]), data[2], data[3], bool(data[4]))


def _clause_data(c: Clause) -> list[int]:
    return [c.start, c.end, _reading_code(c.reading), c.allergy + 2 * c.cue]


def _clause(data: list[int]) -> Clause:
    start, end, code, flags = data
    return Clause(start, end, _reading(code), bool(flags & 1), bool(flags & 2))


def _sentence_data(s: Sentence) -> list[Any]:
    code = _reading_code(s.reading) if s.reading is not None else None
    clauses: Any = None
    if s.clauses is not None:
        clauses = [_clause_data(c) for c in s.clauses]
        if len(s.clauses) == 1 and s.clauses[0][:3] == (s.start, s.end, s.reading):
            clauses = clauses[0][3]  # the whole sentence is its clause: only its flags
    return [s.start, s.end, [_mention_data(m) for m in s.mentions], code, clauses]


def _sentence(data: list[Any]) -> Sentence:
    start, end, mentions, code, clauses = data
    if isinstance(clauses, int):
        clauses = [[start, end, code, clauses]]
    return Sentence(
        start,
        end,
        tuple(_mention(m) for m in mentions),
        _reading(code) if code is not None else None,
        tuple(_clause(c) for c in clauses) if clauses is not None else None,
    )


def to_data(reading: LabelReading) -> list[Any]:
    passages = [
        [[_mention_data(m) for m in p.heading], [_sentence_data(s) for s in p.sentences], p.read]
        for p in reading.passages
    ]
    return [list(reading.table), list(reading.classes), passages]


def from_data(data: list[Any]) -> LabelReading:
    table, classes, passages = data
    found = tuple(
        PassageReading(
            tuple(_mention(m) for m in heading), tuple(_sentence(s) for s in sentences), done
        )
        for heading, sentences, done in passages
    )
    return LabelReading((table[0], table[1]), tuple(classes), found)
