"""Selecting by meaning: the words a user types, read against dosing blocks and FAQs.

A query is read into condition terms (concepts from the vocabulary, or plain words), intents
(treatment, prevention, maintenance) and ages (``population.py``). A dosing block is a
*candidate* when every condition term reaches its indication's name or its label — as the
same concept, a narrower or broader one (VTE covers DVT and PE), the same word stem, a word of
a concept's terms ("embolism" reaches "PE"), or a prefix of three letters or more — or, for
all but one term, the indication's Usage text; when its stated intent does not contradict the
one asked; and, with ages asked, when its population overlaps them.

The safety rule: every indication a reading reaches is a candidate. One indication: it is
printed. Several: ``IndicationError`` lists every indication with dosing, the matched ones
marked. The one exception is specificity, the way a label itself is written: a candidate that
is reached only through a broader concept or a prefix is set aside when another indication is
reached more specifically for the same intent ("dysmenorrhea" prints "Primary Dysmenorrhea",
not "Mild to Moderate Pain"; "PE treatment" prints "Pulmonary Embolism Treatment", not the
children's "Venous Thromboembolism"). What is set aside is named in the output, never hidden.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from . import population
from .errors import SelectionError, UsageError
from .population import Ages
from .textutil import name_key, words
from .vocabulary import Vocabulary, load, scan, stem

if TYPE_CHECKING:
    from .model import FAQ, DosingBlock, Item, Monograph

MIN_PREFIX = 3  # 'myel' may stand for 'myeloma'; 'my' may not

# How a term reaches a text, from most to least specific.
EQUAL, NARROWER, WORD, BROADER, PARTIAL, PREFIX, WEAK = (
    "equal",
    "narrower",
    "word",
    "broader",
    "partial",  # a word of one of the concept's terms: "embolism" for a label saying "PE"
    "prefix",
    "weak",  # only in the indication's Usage text
)
_LEVEL = {EQUAL: 3, WORD: 3, NARROWER: 2, BROADER: 1, PARTIAL: 1, PREFIX: 1, WEAK: 0}
EXACT, LOOSE = 3, 1  # a label naming what was asked sets aside one reached only loosely


@dataclass(frozen=True)
class Term:
    """A condition term of a query: a vocabulary concept, or a plain word."""

    text: str
    stems: tuple[str, ...]
    concepts: frozenset[int] = frozenset()


@dataclass
class Query:
    text: str
    terms: list[Term] = field(default_factory=list)
    intents: frozenset[str] = frozenset()
    ages: Ages | None = None
    population_words: str = ""

    @property
    def empty(self) -> bool:
        return not (self.terms or self.intents or self.ages)


@dataclass
class Profile:
    """What a text says, for matching: its words, stems, concepts and intents."""

    words: list[str]
    stems: set[str]
    concepts: set[int]
    concept_words: set[str]  # the stems of every term of its concepts
    intents: frozenset[str]


def read(text: str, vocab: Vocabulary | None = None, *, clinical: bool = True) -> Query:
    """Read a query. ``clinical`` False reads every word as a condition term (FAQs)."""
    vocab = vocab or load()
    query = Query(text)
    rest = text
    if clinical:
        query.ages, rest = population.of_query(text, vocab)
        if query.ages is not None:
            query.population_words = query.ages.describe()
    folded, found = scan(rest, vocab)
    covered: set[int] = set()
    intents: set[str] = set()
    for hit in found:
        meaning = hit.meaning
        if clinical and meaning.intent:
            intents.add(meaning.intent)
        if meaning.concepts:
            query.terms.append(Term(hit.text, tuple(stem(w) for w in hit.text.split()),
                                    meaning.concepts))  # fmt: skip
        if meaning.concepts or (clinical and (meaning.intent or meaning.population)):
            covered.update(range(hit.start, hit.end))
    for index, word in enumerate(folded):
        if index in covered or stem(word) in vocab.stopwords:
            continue
        query.terms.append(Term(word, (stem(word),)))
    query.intents = frozenset(intents)
    return query


def profile(text: str, vocab: Vocabulary | None = None) -> Profile:
    vocab = vocab or load()
    folded, found = scan(text, vocab)
    concepts: set[int] = set()
    intents: set[str] = set()
    for hit in found:
        concepts |= hit.meaning.concepts
        if hit.meaning.intent:
            intents.add(hit.meaning.intent)
    concept_words: set[str] = set()
    for concept in concepts:
        concept_words |= vocab.words_of[concept]
    return Profile(folded, {stem(w) for w in folded}, concepts, concept_words, frozenset(intents))


def reach(term: Term, text: Profile, vocab: Vocabulary) -> str | None:
    """How a query term reaches a text: the most specific way, or None."""
    best: str | None = None
    for asked in term.concepts:
        for there in text.concepts:
            how = vocab.related(asked, there)
            if how is not None and (best is None or _LEVEL[how] > _LEVEL[best]):
                best = how
    if best is not None and _LEVEL[best] >= _LEVEL[NARROWER]:
        return best
    if all(s in text.stems for s in term.stems):
        return WORD
    if not term.concepts and term.stems[0] in text.concept_words:
        return PARTIAL
    if best is not None:
        return best
    word = term.text
    prefix = len(term.stems) == 1 and len(word) >= MIN_PREFIX and not word.isdigit()
    if prefix and any(w.startswith(word) for w in text.words):
        return PREFIX
    return None


# --------------------------------------------------------------------------- dosing


@dataclass
class DosingSelection:
    indication: str
    blocks: list[DosingBlock]
    notes: list[Item]  # general notes that apply to every indication
    set_aside: list[str] = field(default_factory=list)  # indications also reached, not shown


@dataclass
class _Candidate:
    block: DosingBlock
    indication: str
    reaches: list[str]
    explicit: int  # query words the block's own label names (within-indication choice)
    intent: frozenset[str]  # its stated intent, else the one asked


class IndicationError(SelectionError):
    """The words select no indication, or several: lists them all, the matched marked."""

    def __init__(
        self, message: str, indications: list[str], matched: list[str], hint: str = ""
    ) -> None:
        marked = [f"*{name}" if name in matched else name for name in indications]
        label = "its indications with dosing"
        if matched:
            label += " (* = matches)"
        super().__init__(message + (f"; {hint}" if hint else ""), marked, label)
        self.indications = indications
        self.matched = matched


def indication_of(block: DosingBlock) -> str:
    """The indication a block belongs to; a block with no Usage indication stands alone."""
    return block.indication or block.label


def dosing_indications(mono: Monograph) -> list[str]:
    """The indications that have dosing, in file order, each once."""
    return list(dict.fromkeys(indication_of(b) for b in mono.dosage.blocks))


def block_ages(block: DosingBlock) -> Ages | None:
    return population.of_label(block.label) or population.of_label(indication_of(block))


def select_dosing(mono: Monograph, words_typed: str) -> DosingSelection:
    """The dosing blocks of the one indication the words select, and the general notes."""
    vocab = load()
    query = read(words_typed, vocab)
    if query.empty:
        raise UsageError(f"{words_typed!r} has no words to match")
    usage = {i.name: profile(f"{i.name} {i.text}", vocab) for i in mono.usage.indications}
    candidates: list[_Candidate] = []
    wrong_age: list[str] = []
    for block in mono.dosage.blocks:
        found = _match(query, block, usage.get(indication_of(block)), vocab)
        if isinstance(found, _Candidate):
            candidates.append(found)
        elif found == "age":
            wrong_age.append(indication_of(block))
    named = _named(words_typed, candidates)
    kept, aside = (named, []) if named else _specific(candidates)
    chosen = list(dict.fromkeys(c.indication for c in kept))
    everything = dosing_indications(mono)
    if len(chosen) == 1:
        blocks = _best_blocks([c for c in kept if c.indication == chosen[0]])
        return DosingSelection(chosen[0], blocks, list(mono.dosage.notes), aside)
    if chosen:
        matched = [*chosen, *aside]
        raise IndicationError(
            f"{words_typed!r} could mean {len(matched)} indications of {mono.title}",
            everything,
            matched,
            "add a word to choose one",
        )
    if wrong_age and query.ages is not None:
        where = list(dict.fromkeys(wrong_age))
        raise IndicationError(
            f"{mono.title} gives no dosing for ages {query.ages.describe()} under "
            + " or ".join(where),
            everything,
            where,
            "the dosing blocks there are for: " + _populations(mono, where),
        )
    raise IndicationError(
        f"{mono.title} has no dosing for an indication matching {words_typed!r}", everything, []
    )


def _match(
    query: Query, block: DosingBlock, usage: Profile | None, vocab: Vocabulary
) -> _Candidate | str | None:
    """The block as a candidate; "age" when only its population is wrong; else None."""
    indication = indication_of(block)
    own = profile(f"{indication} {block.label}", vocab)
    reaches: list[str] = []
    for term in query.terms:
        how = reach(term, own, vocab)
        if how is None and usage is not None and reach(term, usage, vocab) is not None:
            how = WEAK
        if how is None:
            return None
        reaches.append(how)
    if reaches and all(r == WEAK for r in reaches):
        return None
    explicit = sum(1 for r in reaches if r != WEAK)
    if query.intents and own.intents:
        if not own.intents & query.intents:
            return None
        explicit += 1
    if query.ages is not None:
        ages = block_ages(block)
        if ages is None or not ages.overlaps(query.ages):
            return "age"
        explicit += ages.within(query.ages)
    return _Candidate(block, indication, reaches, explicit, own.intents or query.intents)


def _named(words_typed: str, candidates: list[_Candidate]) -> list[_Candidate]:
    """The candidates of the indication whose whole name (or one of whose block labels)
    the words spell out, if any: a user who types a name exactly has chosen it."""
    typed = words(words_typed)
    for exact in (
        [c for c in candidates if words(c.indication) == typed],
        [c for c in candidates if words(c.block.label) == typed],
    ):
        if exact:
            return [c for c in candidates if c.indication == exact[0].indication]
    return []


def _specific(candidates: list[_Candidate]) -> tuple[list[_Candidate], list[str]]:
    """Set aside candidates another indication reaches more specifically, for the same
    intent (see the module comment); returns the rest and the set-aside indications."""
    kept: list[_Candidate] = []
    aside: list[str] = []
    for c in candidates:
        dominated = any(
            o.indication != c.indication
            and o.intent == c.intent
            and all(_LEVEL[a] >= _LEVEL[b] for a, b in zip(o.reaches, c.reaches, strict=True))
            and any(
                _LEVEL[a] == EXACT and _LEVEL[b] <= LOOSE
                for a, b in zip(o.reaches, c.reaches, strict=True)
            )
            for o in candidates
        )
        if dominated:
            aside.append(c.indication)
        else:
            kept.append(c)
    chosen = {c.indication for c in kept}
    return kept, [a for a in dict.fromkeys(aside) if a not in chosen]


def _best_blocks(candidates: list[_Candidate]) -> list[DosingBlock]:
    """Within one indication, the blocks whose labels name the most of the words."""
    most = max(c.explicit for c in candidates)
    return [c.block for c in candidates if c.explicit == most]


def _populations(mono: Monograph, indications: list[str]) -> str:
    parts = []
    for block in mono.dosage.blocks:
        if indication_of(block) in indications:
            ages = block_ages(block)
            parts.append(f"{block.label} ({ages.describe() if ages else 'ages not stated'})")
    return "; ".join(parts)


def complete_indications(mono: Monograph, incomplete: str) -> list[str]:
    """Indication names for shell completion: those starting with the words typed, and
    those the words reach by meaning ("pe" offers pulmonary-embolism-treatment)."""
    prefix = name_key(incomplete)
    names = dosing_indications(mono)
    offered = [name_key(n) for n in names if name_key(n).startswith(prefix)]
    if words(incomplete):
        vocab = load()
        query = read(incomplete, vocab)
        for block in mono.dosage.blocks:
            usage = None
            found = _match(query, block, usage, vocab)
            if isinstance(found, _Candidate):
                offered.append(name_key(found.indication))
    return list(dict.fromkeys(offered))


# --------------------------------------------------------------------------- FAQs


def select_faqs(faqs: Sequence[FAQ], words_typed: str) -> list[FAQ]:
    """FAQs whose question the words reach (all of them); else those whose question and
    answer do."""
    vocab = load()
    query = read(words_typed, vocab, clinical=False)
    if not query.terms:
        raise UsageError(f"{words_typed!r} has no words to match")
    for text_of in (lambda f: f.question, lambda f: f"{f.question} {f.answer}"):
        hits = [
            f for f in faqs if all(reach(t, profile(text_of(f), vocab), vocab) for t in query.terms)
        ]
        if hits:
            return hits
    return []
