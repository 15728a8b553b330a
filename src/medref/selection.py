"""Selecting by meaning: the words a user types, read against dosing blocks and FAQs.

A query is read into condition terms (concepts from the vocabulary, or plain words), intents
(treatment, prevention, maintenance) and ages (``population.py``). A dosing block is a
*candidate* when every condition term reaches its indication's name or its label — as the
same concept, a narrower or broader one (VTE covers DVT and PE), the same word stem (not
inside another, unrelated condition's name: "rheumatoid arthritis" does not reach "Juvenile
Rheumatoid Arthritis"), a word of a concept's terms ("embolism" reaches "PE"), or a prefix of
three letters or more — or, for all but one term, the indication's Usage text; when its stated
intent does not contradict the one asked; and, with ages asked, when its population overlaps
them.

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
from .views import dosing_indications
from .vocabulary import Vocabulary, load, scan, stem

if TYPE_CHECKING:
    from .model import FAQ, DosingBlock, Item, Monograph

MIN_PREFIX = 3  # 'myel' may stand for 'myeloma'; 'my' may not

# How a term reaches a text, from most to least specific.
EQUAL, NARROWER, OVERLAP, WORD, PARTIAL, BROADER, PREFIX, WEAK, ABSENT = (
    "equal",
    "narrower",
    "overlap",  # the concepts share a narrower one: MI and ACS share acute MI
    "word",
    "partial",  # a word of one of the concept's terms: "embolism" for a label saying "PE"
    "broader",
    "prefix",
    "weak",  # only in the indication's Usage text
    "absent",  # an optional word (a qualifier: recurrent, acute, …) the label lacks
)
_LEVEL = {
    EQUAL: 3,
    WORD: 3,
    NARROWER: 2,
    OVERLAP: 2,
    PARTIAL: 2,
    BROADER: 1,
    PREFIX: 1,
    WEAK: 0,
    ABSENT: 0,
}
EXACT, LOOSE = 3, 1  # a label naming what was asked sets aside one reached only loosely


@dataclass(frozen=True)
class Term:
    """A condition term of a query: a vocabulary concept, or a plain word. An optional one
    (a qualifier) narrows the choice but never rules an indication out."""

    text: str
    stems: tuple[str, ...]
    concepts: frozenset[int] = frozenset()
    optional: bool = False


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
        optional = clinical and stem(word) in vocab.qualifiers
        query.terms.append(Term(word, (stem(word),), optional=optional))
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
    if term.concepts and text.concepts and best is None:
        # Both name conditions, and not related ones: the words are part of another
        # condition's name ("rheumatoid arthritis" in "Juvenile Rheumatoid Arthritis").
        return None
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
    explicit: int  # words the block's own part of its label names (choice within an indication)
    intent: frozenset[str]  # its stated intent, else the one asked
    concepts: set[int]
    ages_fit: bool = True
    mentioned_only: bool = False  # its Usage text alone has the words
    mentioned_exactly: bool = False  # ... as the same concept or word, every one


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


def block_ages(block: DosingBlock) -> Ages | None:
    return population.of_label(block.label) or population.of_label(indication_of(block))


@dataclass
class _Readings:
    """Every way the words reach a monograph's dosing blocks (see the module comment)."""

    query: Query
    found: list[_Candidate]  # every block the words reach, its Usage text included
    reached: list[_Candidate]  # ... by its own name or label
    kept: list[_Candidate]  # ... the candidates left after specificity
    aside: list[str]  # indications set aside for a more specific one
    named: bool  # the words spell out one indication's whole name

    @property
    def chosen(self) -> list[str]:
        return list(dict.fromkeys(c.indication for c in self.kept))


def select_dosing(mono: Monograph, words_typed: str) -> DosingSelection:
    """The dosing blocks of the one indication the words select, and the general notes."""
    vocab = load()
    readings = _readings(mono, words_typed, vocab)
    chosen, kept = readings.chosen, readings.kept
    other_ages = _other_ages(readings.query, chosen, kept, readings.reached, vocab)
    # Indications whose Usage text alone mentions the words: never selected, but named; and
    # when the one chosen fits the words only loosely, as much a reading as it is.
    mentioned = [
        c.indication
        for c in readings.found
        if c.mentioned_only and c.ages_fit and c.indication not in chosen
    ]
    rivals = []
    if not readings.named and _loose(kept):
        rivals = [c.indication for c in readings.found if c.mentioned_exactly and c.ages_fit]
    if len(chosen) == 1 and not other_ages and not rivals:
        blocks = kept if readings.named else _best_blocks(kept)
        also = list(dict.fromkeys([*readings.aside, *mentioned]))
        return DosingSelection(chosen[0], [c.block for c in blocks], list(mono.dosage.notes), also)
    raise _refusal(mono, words_typed, readings, [*other_ages, *rivals], other_ages)


def _readings(mono: Monograph, words_typed: str, vocab: Vocabulary) -> _Readings:
    query = read(words_typed, vocab)
    if query.empty:
        raise UsageError(f"{words_typed!r} has no words to match")
    usage = {i.name: profile(f"{i.name} {i.text}", vocab) for i in mono.usage.indications}
    found = [
        c
        for b in mono.dosage.blocks
        if (c := _match(query, b, usage.get(indication_of(b)), vocab)) is not None
    ]
    reached = [c for c in found if not c.mentioned_only]
    candidates = [c for c in reached if c.ages_fit]
    kept, aside = _specific(candidates)
    named = _named(words_typed, candidates)
    if named:  # the whole name typed: that indication, all its blocks
        kept = named
        others = dict.fromkeys([*aside, *_indications(candidates)])
        aside = [a for a in others if a != named[0].indication]
    return _Readings(query, found, reached, kept, aside, bool(named))


def _refusal(
    mono: Monograph, words_typed: str, readings: _Readings, more: list[str], other_ages: list[str]
) -> IndicationError:
    """Why the words select no one indication: every indication with dosing, the ones the
    words reach marked."""
    everything = dosing_indications(mono)
    ages = readings.query.ages
    if readings.chosen:
        matched = list(dict.fromkeys([*readings.chosen, *readings.aside, *more]))
        hint = "add a word to choose one"
        if other_ages and ages is not None:
            hint = (
                f"{' and '.join(other_ages)} gives no dosing for ages {ages.describe()}; "
                "add a word to choose"
            )
        return IndicationError(
            f"{words_typed!r} could mean {len(matched)} indications of {mono.title}",
            everything,
            matched,
            hint,
        )
    reached = readings.reached
    if reached and ages is not None and any(not c.ages_fit for c in reached):
        where = list(dict.fromkeys(c.indication for c in reached))
        return IndicationError(
            f"{mono.title} gives no dosing for ages {ages.describe()} under " + " or ".join(where),
            everything,
            where,
            "the dosing blocks there are for: " + _populations(mono, where),
        )
    return IndicationError(
        f"{mono.title} has no dosing for an indication matching {words_typed!r}", everything, []
    )


def _match(
    query: Query, block: DosingBlock, usage: Profile | None, vocab: Vocabulary
) -> _Candidate | None:
    """The block as a candidate (``ages_fit`` False when only its ages are wrong), or None."""
    indication = indication_of(block)
    own = profile(f"{indication} {block.label}", vocab)
    reaches: list[str] = []
    exact_text = True
    for term in query.terms:
        how = reach(term, own, vocab)
        if how is None and usage is not None:
            in_text = reach(term, usage, vocab)
            if in_text is not None and _LEVEL[in_text] >= _LEVEL[NARROWER]:
                how = WEAK
                exact_text = exact_text and in_text in (EQUAL, WORD)
        if how is None and not term.optional:
            return None
        reaches.append(how or ABSENT)
    if query.terms and all(r == ABSENT for r in reaches):
        return None  # it has none of the words, only lacks the optional ones
    mentioned_only = bool(query.terms) and all(_LEVEL[r] == 0 for r in reaches)
    if query.intents and own.intents and not own.intents & query.intents:
        return None
    ages_fit = True
    if query.ages is not None:
        ages = block_ages(block)
        ages_fit = ages is not None and ages.overlaps(query.ages)
    explicit = _explicit(query, block, indication, vocab)
    return _Candidate(
        block,
        indication,
        reaches,
        explicit,
        own.intents or query.intents,
        own.concepts,
        ages_fit,
        mentioned_only,
        mentioned_only and exact_text,
    )


def _explicit(query: Query, block: DosingBlock, indication: str, vocab: Vocabulary) -> int:
    """How many of the words the block's own part of its label names, beyond its
    indication's name: "hip replacement" names the hip regimen, "primary hypothyroidism"
    the primary one, "maintenance" the maintenance regimen. A block whose label adds nothing
    but ages is the indication's general regimen and answers to the name's words too
    (dexamethasone's "allergic" shows both Allergic States blocks). Ages never narrow:
    every block whose ages overlap the question is shown ("epilepsy children" shows the
    3-to-11 block and the 12-and-older one, which a 14-year-old needs)."""
    part_text = _own_part(block.label, indication)
    rest = population.of_query(part_text, vocab)[1]
    general = all(stem(w) in vocab.stopwords for w in words(rest))
    part, name = profile(part_text, vocab), profile(indication, vocab)
    count = 0
    for term in query.terms:
        if general and reach(term, name, vocab) is not None:
            count += len(term.stems)
            continue
        # Each word of the term the part has counts ("mechanical valve" names the mechanical
        # valves' regimens more than the bioprosthetic one); the concept itself, all of them.
        how = reach(term, part, vocab)
        if how is not None and _LEVEL[how] >= _LEVEL[NARROWER]:
            count += len(term.stems)
        else:
            count += sum(1 for s in term.stems if s in part.stems and s not in vocab.stopwords)
    intents = part.intents | (name.intents if general else frozenset())
    return count + bool(query.intents & intents)


def _own_part(label: str, indication: str) -> str:
    """What a block's label says beyond its indication's name ("Hip Replacement (Adults)"
    of "DVT Prophylaxis after Hip or Knee Replacement – Hip Replacement (Adults)")."""
    label_words, name_words = words(label), words(indication)
    if label_words[: len(name_words)] == name_words:
        return " ".join(label_words[len(name_words) :])
    return " ".join(w for w in label_words if w not in set(name_words))


def _other_ages(
    query: Query,
    chosen: list[str],
    kept: list[_Candidate],
    reached: list[_Candidate],
    vocab: Vocabulary,
) -> list[str]:
    """Indications the condition words reach that only the ages ruled out, and that the one
    chosen does not cover: "diabetes children" must not print type 1 dosing when type 2,
    dosed for adults only, is as much a reading. ("PE children" may print the children's
    venous thromboembolism block: VTE covers the adults' PE indications.)"""
    if len(chosen) != 1 or query.ages is None or not query.terms:
        return []
    covering = {c for k in kept for c in k.concepts}
    out: list[str] = []
    for other in reached:
        if other.ages_fit or other.indication in chosen or other.indication in out:
            continue
        if all(_LEVEL[r] <= _LEVEL[BROADER] for r in other.reaches):
            continue  # reached only loosely: not a reading worth refusing for
        covered = any(
            vocab.related(theirs, ours) in ("equal", "broader")
            for theirs in other.concepts
            for ours in covering
        )
        if not covered:
            out.append(other.indication)
    return out


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


def _best_blocks(candidates: list[_Candidate]) -> list[_Candidate]:
    """Within one indication (the candidates are all of one), the blocks whose labels name
    the most of the words."""
    most = max(c.explicit for c in candidates)
    return [c for c in candidates if c.explicit == most]


def _indications(candidates: list[_Candidate]) -> list[str]:
    return list(dict.fromkeys(c.indication for c in candidates))


def _loose(kept: list[_Candidate]) -> bool:
    """Whether the chosen blocks fit the words only loosely (a broader concept, a prefix):
    an indication whose Usage text names the words exactly is then as much a reading
    (aspirin's "arthritis": anti-inflammatory rheumatologic dosing, or the OTC use for
    minor arthritis pain)."""
    return all(_LEVEL[r] <= _LEVEL[BROADER] for c in kept for r in c.reaches)


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
            found = _match(query, block, None, vocab)
            if found is not None and found.ages_fit:
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
