"""The clinical vocabulary (``data/concepts.txt``): what words mean when they select a dose.

Concepts have terms (PE, pulmonary embolism, lung clot) and broader concepts (PE is a venous
thromboembolism); intents (treatment, prevention, maintenance) and populations (children,
adults, …) have their words. ``scan`` reads a text into the terms it contains, longest term
first, so "non-Q-wave MI" is one concept and not "MI".

Loaded once per process and only by commands that select by words: a plain lookup never
reads the file (see the startup benchmark).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .textutil import words

VOCABULARY_FILE = Path(__file__).parent / "data" / "concepts.txt"

CONDITION, INTENT, POPULATION = "condition", "intent", "population"

# Suffixes taken off so that inflections meet: depression/depressive, seizure/seizures,
# diabetes/diabetic, hypertension/hypertensive, artery/arterial. Order matters: longest
# first; a stem is never shortened below MIN_STEM letters.
_DERIVATIONAL = ("ations", "ation", "itions", "ition", "ions", "ion", "ives", "ive", "ically",
                 "ical", "ics", "ic", "ally", "al", "ous", "ity")  # fmt: skip
MIN_STEM = 4
GENERIC = 4  # a word in the terms of more concepts than this is too general to point at one


@lru_cache(maxsize=8192)
def stem(word: str) -> str:
    """A light stem of a folded word (not Porter: only what clinical words need)."""
    if len(word) <= MIN_STEM - 1 or not word.isalpha():
        return word
    if word.endswith("ies") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith("sses") or word.endswith(("ches", "shes", "xes", "zes")):
        word = word[:-2]
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    for suffix in _DERIVATIONAL:
        if word.endswith(suffix) and len(word) - len(suffix) >= MIN_STEM:
            word = word[: -len(suffix)]
            break
    if word.endswith("e") and not word.endswith("ae") and len(word) > MIN_STEM:
        word = word[:-1]  # but not a Latin "-ae": "pneumoniae" is not "pneumonia"
    if word.endswith("y") and len(word) > MIN_STEM:
        word = word[:-1] + "i"
    return word


def stems(text: str) -> tuple[str, ...]:
    return tuple(stem(w) for w in words(text))


@dataclass(frozen=True)
class Meaning:
    """What a vocabulary term stands for: concept ids, an intent, a population."""

    concepts: frozenset[int] = frozenset()
    intent: str | None = None
    population: tuple[float, float] | None = None  # (from, to) years, to exclusive


@dataclass
class Vocabulary:
    names: list[str] = field(default_factory=list)  # concept id -> preferred name
    parents: list[set[int]] = field(default_factory=list)
    above: list[frozenset[int]] = field(default_factory=list)  # id -> itself and all broader
    words_of: list[frozenset[str]] = field(default_factory=list)  # id -> its terms' stems
    terms: dict[tuple[str, ...], Meaning] = field(default_factory=dict)
    stopwords: frozenset[str] = frozenset()
    qualifiers: frozenset[str] = frozenset()
    below: list[frozenset[int]] = field(default_factory=list)  # id -> itself and all narrower
    longest: int = 1
    # Terms written in capitals ("ALL", "CAP", "MAC"), folded: in label text they stand for
    # their concept only in capitals ("for All Uses" is no leukaemia). See ``scan_label``.
    capitals: frozenset[str] = frozenset()
    starts: frozenset[str] = frozenset()  # the first stem of every term

    def related(self, a: int, b: int) -> str | None:
        """How concept ``b`` (in a label) stands to ``a`` (asked for): equal, narrower,
        broader, overlapping (they share a narrower concept: MI and ACS share acute MI), or
        None."""
        if a == b:
            return "equal"
        if a in self.above[b]:
            return "narrower"
        if b in self.above[a]:
            return "broader"
        if self.below[a] & self.below[b]:
            return "overlap"
        return None

    def concept(self, name: str) -> int:
        return self.names.index(name)


@dataclass(frozen=True)
class Found:
    """A term found in a text: where it is (word offsets) and what it means."""

    start: int
    end: int
    text: str
    meaning: Meaning


def scan(text: str, vocabulary: Vocabulary | None = None) -> tuple[list[str], list[Found]]:
    """The text's folded words, and the vocabulary terms in it (longest match first)."""
    vocab = vocabulary or load()
    folded = words(text)
    stemmed = [stem(w) for w in folded]
    found: list[Found] = []
    i = 0
    starts = vocab.starts
    while i < len(stemmed):
        if stemmed[i] not in starts:  # no term starts with this word: most of a text
            i += 1
            continue
        for n in range(min(vocab.longest, len(stemmed) - i), 0, -1):
            meaning = vocab.terms.get(tuple(stemmed[i : i + n]))
            if meaning is not None:
                found.append(Found(i, i + n, " ".join(folded[i : i + n]), meaning))
                i += n
                break
        else:
            i += 1
    return folded, found


def scan_label(text: str, vocabulary: Vocabulary | None = None) -> tuple[list[str], list[Found]]:
    """``scan`` for label text, where a term the vocabulary writes in capitals counts only
    when the text writes it so ("ALL", not "for All Uses"; "CAP", not "Safety Cap"). A
    user's query is read with ``scan``: people type abbreviations in lower case."""
    vocab = vocabulary or load()
    folded, found = scan(text, vocab)
    if not any(hit.text in vocab.capitals for hit in found):
        return folded, found
    upper = set(re.findall(r"\b[A-Z][A-Z0-9-]*\b", text))
    kept = [h for h in found if h.text not in vocab.capitals or h.text.upper() in upper]
    return folded, kept


@lru_cache(maxsize=1)
def load() -> Vocabulary:
    return parse(VOCABULARY_FILE.read_text(encoding="utf-8"))


_RANGE = re.compile(r"^\s*(?P<terms>.+?)\s*=\s*(?P<low>[\d.]+)\s*-\s*(?P<high>[\d.]*)\s*$")


def parse(text: str) -> Vocabulary:
    """Read the vocabulary file's text (see its header for the format)."""
    vocab = Vocabulary()
    section = ""
    pending: list[tuple[int, list[str]]] = []  # concept id, names of broader concepts
    word_lists: dict[str, set[str]] = {"stopwords": set(), "qualifiers": set()}
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            section = line[1:-1].strip()
        elif section == "conditions":
            pending.append(_condition(vocab, line))
        elif section == "intents":
            names = [t.strip() for t in line.split("|") if t.strip()]
            for term in names:
                _add(vocab, term, Meaning(intent=names[0]))
        elif section == "populations":
            _population(vocab, line, number)
        elif section in word_lists:
            word_lists[section].update(line.split())
        else:
            raise ValueError(f"{VOCABULARY_FILE.name}:{number}: a line outside any section")
    _link(vocab, pending)
    vocab.stopwords = frozenset(stem(w) for w in words(" ".join(word_lists["stopwords"])))
    vocab.qualifiers = frozenset(stem(w) for w in words(" ".join(word_lists["qualifiers"])))
    vocab.words_of = _words_of(vocab)
    vocab.longest = max((len(t) for t in vocab.terms), default=1)
    vocab.starts = frozenset(t[0] for t in vocab.terms)
    return vocab


def _population(vocab: Vocabulary, line: str, number: int) -> None:
    match = _RANGE.match(line)
    if not match:
        raise ValueError(f"{VOCABULARY_FILE.name}:{number}: expected 'terms = FROM-TO'")
    high = float(match["high"]) if match["high"] else float("inf")
    ages = (float(match["low"]), high)
    for term in match["terms"].split("|"):
        _add(vocab, term.strip(), Meaning(population=ages))


def _link(vocab: Vocabulary, pending: list[tuple[int, list[str]]]) -> None:
    """The broader concepts named by ``in:``, and every concept's ancestors and
    descendants."""
    index = {name.casefold(): i for i, name in enumerate(vocab.names)}
    for concept, broader in pending:
        for name in broader:
            if name.casefold() not in index:
                raise ValueError(f"{VOCABULARY_FILE.name}: unknown broader concept {name!r}")
            vocab.parents[concept].add(index[name.casefold()])
    count = len(vocab.names)
    vocab.above = [frozenset(_above(vocab, i)) for i in range(count)]
    below: list[set[int]] = [set() for _ in range(count)]
    for j, above in enumerate(vocab.above):  # inverted, not searched: n² on every load
        for i in above:
            below[i].add(j)
    vocab.below = [frozenset(b) for b in below]


def _words_of(vocab: Vocabulary) -> list[frozenset[str]]:
    """Each concept's term words, less those of many concepts' terms ("disorders",
    "disease"), which say nothing about which one."""
    spelled: list[set[str]] = [set() for _ in vocab.names]
    for key, meaning in vocab.terms.items():
        for concept in meaning.concepts:
            spelled[concept].update(key)
    counts: dict[str, int] = {}
    for spelled_words in spelled:
        for w in spelled_words:
            counts[w] = counts.get(w, 0) + 1
    return [
        frozenset(w for w in s if w not in vocab.stopwords and counts[w] <= GENERIC)
        for s in spelled
    ]


def _condition(vocab: Vocabulary, line: str) -> tuple[int, list[str]]:
    parts = line.split(" ; ")
    terms = [t.strip() for t in parts[0].split("|") if t.strip()]
    broader: list[str] = []
    for part in parts[1:]:
        key, _, value = part.partition(":")
        if key.strip() == "in":
            broader = [b.strip() for b in value.split(",") if b.strip()]
        elif key.strip() == "src":
            break  # the source is documentation
    concept = len(vocab.names)
    vocab.names.append(terms[0])
    vocab.parents.append(set())
    capitals = {t.casefold() for t in terms if t.isupper() and " " not in t}
    vocab.capitals = vocab.capitals | capitals
    for term in terms:
        _add(vocab, term, Meaning(concepts=frozenset([concept])))
    return concept, broader


def _add(vocab: Vocabulary, term: str, meaning: Meaning) -> None:
    """Several lines may give one term meanings (PE is only a concept; thromboprophylaxis
    is a concept and an intent): they are merged."""
    key = stems(term)
    if not key:
        return
    old = vocab.terms.get(key)
    if old is not None:
        meaning = Meaning(
            old.concepts | meaning.concepts,
            old.intent or meaning.intent,
            old.population or meaning.population,
        )
    vocab.terms[key] = meaning


def _above(vocab: Vocabulary, concept: int) -> set[int]:
    seen = {concept}
    todo = [concept]
    while todo:
        for parent in vocab.parents[todo.pop()]:
            if parent not in seen:
                seen.add(parent)
                todo.append(parent)
    return seen
