"""What a label says about other medicines, as the interaction checker reads it.

A monograph's *label record* holds the passages that can name another medicine — the
Interactions items and paragraphs, the contraindications, the boxed warnings, the dose
adjustment notes and an OTC label's "Do not use", "Ask a doctor before use if" and stomach
bleeding warning points — with the names and class the monograph answers to and which label
it was written from. The catalogue keeps each monograph's record (made where the file is
parsed, at index time) with its *reading* (``readings.py``: the sentences, severities and
mentions of its passages), so a check reads a few small records instead of parsing files or
reading their text again.

It also keeps the *names labels use*: the medicines and classes the Interactions items'
labels name ("Antitubercular drugs (isoniazid)", "Probenecid"), so that ``medref
interactions`` recognises a medicine no monograph is written for. From the text of the
Interactions and contraindications only one-word names in two forms that are surely
medicines: a bracket's examples ("(e.g., rilpivirine, atazanavir)") and what a product
contains ("ergotamine-containing"); any other list in the text is as often symptoms
("facial flushing, nausea, vomiting") as medicines.
"""

from __future__ import annotations

import json
import re
import zlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, NamedTuple

from .textutil import name_key, words

if TYPE_CHECKING:
    from .model import Item, Monograph
    from .readings import LabelReading

INTERACTIONS, CONTRAINDICATIONS, BOXED, DOSE_NOTES, DRUG_FACTS = (
    "interactions",
    "contraindications",
    "boxed warning",
    "dose adjustments",
    "drug facts",
)
# Words that name no medicine (validate warns about an interaction item made only of them).
_GENERIC = """a all an and any are as be can drug drugs e eg for g given including interact
interacting interaction interactions may medication medications medicine medicines of or other
others product products some such taken taking that the these this those together used when
which with your you agent agents substance substances concomitant concomitantly use it its
they them their also not has have been is should tell ask about before doctor pharmacist
containing"""
GENERIC_WORDS = frozenset(_GENERIC.split())
_LIST_SPLIT = re.compile(
    r"[,;:()\[\]]|\b(?:and|or|plus|such as|e\.g\.?|i\.e\.?|including|for example|like|with)\b",
    re.IGNORECASE,
)
_NUMBERING = re.compile(r"^\s*\d+(?:\.\d+)*\s*")
MAX_NAME_WORDS = 3
_CONTRAINDICATION_WORDS = frozenset({"contraindication", "contraindications"})
# OTC Drug Facts say what not to take with the product under these leads, one point per
# bullet ("Do not use: • if you are now taking a prescription MAOI …"); the lead is the
# point's level ("do not use", "ask a doctor"), so each point is read with it.
_DRUG_FACTS_LEAD = re.compile(r"^\s*(?:do not use|ask a doctor)\b", re.IGNORECASE)
BLEEDING_LEAD = "Stomach bleeding warning"
_BLEEDING = re.compile(r"stomach bleeding warning\s*:", re.IGNORECASE)
_BLEEDING_POINTS = re.compile(r"the chance is higher if you\s*:?", re.IGNORECASE)
_NEXT_WARNING = re.compile(r"\b[A-Z][\w ]{0,40}\b(?:warning|alert)\s*:")
_BULLETS = re.compile(r"\s*[\u25a0\u2022\u25cf\u25aa\u25c6]\s*")
# Names in an Interactions or contraindication text that are surely medicines: the examples
# a bracket gives ("(e.g., rilpivirine, atazanavir and nelfinavir)") and what a product
# contains ("rilpivirine-containing products", "ergotamine-containing medication").
_EXAMPLE_LIST = re.compile(
    r"\((?:e\.g\.?,?|eg,?|such as|including|like)\s+([^()]{1,200})\)", re.IGNORECASE
)
_CONTAINING = re.compile(r"\b([a-z][a-z]{3,})-containing\b", re.IGNORECASE)
# A combination's generic name lists its ingredients: "A and B", "A, B, C and D".
_BRACKETED = re.compile(r"\([^()]*\)")
_INGREDIENT_SPLIT = re.compile(r"\s*,\s*(?:and\s+)?|\s+and\s+", re.IGNORECASE)
# Dosage notes about dose changes (where labels put "reduce the dose with strong CYP3A4
# inhibitors"); other notes (renal, hepatic, missed doses) name no medicines to check.
_DOSE_NOTE_WORDS = frozenset(
    {
        "adjustment",
        "adjustments",
        "modification",
        "modifications",
        "interaction",
        "interactions",
        "taking",  # "Dosage in Patients Taking Cyclosporine, Clarithromycin, …"
        "concomitant",
    }
)


class Passage(NamedTuple):
    part: str  # INTERACTIONS, CONTRAINDICATIONS, BOXED, DOSE_NOTES or DRUG_FACTS
    heading: str | None  # the item's label ("Strong CYP3A4 inhibitors (…)"), if it has one
    text: str


@dataclass
class LabelRecord:
    name: str  # the monograph's name in the library (its file stem)
    title: str
    aliases: list[str] = field(default_factory=list)
    generic_name: str | None = None
    drug_class: str | None = None
    source: str = ""  # the label it was written from, as its sources name it
    reviewed: str | None = None
    passages: list[Passage] = field(default_factory=list)
    reading: LabelReading | None = None  # made at index time (``readings.py``)

    @property
    def ingredients(self) -> list[str]:
        """The active ingredients of a combination product, from its generic name
        ("Butalbital, Aspirin, Caffeine and Codeine (as …)"), or its title when it has none;
        none for a single medicine."""
        generic = self.generic_name or self.title
        moieties = _BRACKETED.sub(" ", generic)  # not the "(as …)" salts, "(intravenous)"
        parts = [p.strip() for p in _INGREDIENT_SPLIT.split(moieties)]
        parts = [p for p in parts if name_key(p)]
        return parts if len(parts) > 1 else []

    @property
    def names(self) -> list[str]:
        """Every name the monograph answers to."""
        found = [self.title, self.name, *self.aliases]
        if self.generic_name:
            found.append(self.generic_name)
        return list(dict.fromkeys(n for n in found if name_key(n)))


def label_record(mono: Monograph, name: str | None = None) -> LabelRecord:
    from .model import boxed_title, boxed_warnings

    passages = [Passage(INTERACTIONS, None, t) for t in mono.interactions.intro]
    passages += [Passage(INTERACTIONS, i.label, i.text) for i in mono.interactions.items]
    passages += [Passage(INTERACTIONS, None, t) for t in mono.interactions.outro]
    for item in mono.precautions.items:
        if _CONTRAINDICATION_WORDS & set(words(item.label or "")):
            passages.append(Passage(CONTRAINDICATIONS, item.label, item.text))
    passages += drug_facts(mono.precautions.items)
    passages += [Passage(BOXED, boxed_title(i.label), i.text) for i in boxed_warnings(mono)]
    for note in mono.dosage.notes:
        if _DOSE_NOTE_WORDS & set(words(note.label or "")):
            passages.append(Passage(DOSE_NOTES, note.label, note.text))
    return LabelRecord(
        name=name or mono.name,
        title=mono.title,
        aliases=list(mono.aliases),
        generic_name=mono.generic_name,
        drug_class=mono.drug_class,
        source=source_text(mono.sources),
        reviewed=mono.last_reviewed,
        passages=[p for p in passages if p.text or p.heading],
    )


def drug_facts(items: list[Item]) -> list[Passage]:
    """The points of an OTC label's "Do not use" and "Ask a doctor (or pharmacist) before
    use if" items, one passage each, its text led by the item's label ("Do not use if you
    are now taking a prescription MAOI"): the points follow the label in its own text
    ("■ … ■ …") or as the unlabelled items after it (a nested list). And the points of its
    stomach bleeding warning ("The chance is higher if you: … take a blood thinning
    (anticoagulant) or steroid drug"), in the label's words."""
    found: list[Passage] = []
    lead: str | None = None
    for item in items:
        text = item.text
        bleeding = _BLEEDING.search(f"{item.label or ''}: {text}")
        if bleeding is not None:
            lead, text = BLEEDING_LEAD, _bleeding_points(f"{item.label or ''}: {text}", bleeding)
        elif item.label is not None:
            lead = item.label if _DRUG_FACTS_LEAD.match(item.label) else None
        if lead is None:
            continue
        prefix = "" if lead == BLEEDING_LEAD else f"{lead.rstrip(': ')} "
        for point in _BULLETS.split(text):
            if point.strip():
                found.append(Passage(DRUG_FACTS, lead, f"{prefix}{point.strip()}"))
    return found


def _bleeding_points(text: str, warning: re.Match[str]) -> str:
    """What follows "The chance is higher if you:" in a stomach bleeding warning, up to the
    next warning ("Heart attack and stroke warning:"); not its first sentence ("This
    product contains an NSAID"), which is about the product itself."""
    rest = text[warning.end() :]
    start = _BLEEDING_POINTS.search(rest)
    if start is None:
        return ""
    rest = rest[start.end() :]
    after = _NEXT_WARNING.search(rest)
    return rest[: after.start()] if after else rest


def source_text(sources: list[dict[str, str]]) -> str:
    """The first source, as one line: its label, who published it, and its date."""
    if not sources:
        return ""
    first = sources[0]
    parts = [first.get("label", "")]
    who = first.get("publisher") or first.get("labeler")
    when = first.get("revised") or first.get("effective")
    parts += [who] if who else []
    parts += [f"revised {when}"] if when else []
    text = "; ".join(p for p in parts if p)
    if len(sources) > 1:
        text += f" (and {len(sources) - 1} more source{'s' if len(sources) > 2 else ''})"
    return text


_FIELDS = ("name", "title", "aliases", "generic_name", "drug_class", "source", "reviewed")


def encode(record: LabelRecord) -> bytes:
    from .readings import to_data

    data = {key: getattr(record, key) for key in _FIELDS}
    data["passages"] = [list(p) for p in record.passages]
    data["reading"] = to_data(record.reading) if record.reading is not None else None
    return zlib.compress(json.dumps(data, separators=(",", ":")).encode(), 1)


def decode(blob: bytes) -> LabelRecord:
    data = json.loads(zlib.decompress(blob))
    data["passages"] = [Passage(*p) for p in data.get("passages") or []]
    if data.get("reading") is not None:
        from .readings import from_data

        data["reading"] = from_data(data["reading"])
    return LabelRecord(**data)


def names_used(record: LabelRecord) -> list[str]:
    """The name keys of what the Interactions items' labels name: each label cut at its
    list marks (commas, brackets, "and", "such as", …) into pieces of at most three words
    that are not only generic words ("other drugs") and hold no number ("1 g a day")."""
    found: dict[str, None] = {}
    for passage in record.passages:
        if passage.part not in (INTERACTIONS, CONTRAINDICATIONS):
            continue
        if passage.part == INTERACTIONS and passage.heading:
            for piece in _LIST_SPLIT.split(_NUMBERING.sub("", passage.heading)):
                key = _name_piece(piece)
                if key:
                    found[key] = None
        found.update(dict.fromkeys(_names_in_text(f"{passage.heading or ''} {passage.text}")))
    return list(found)


def _names_in_text(text: str) -> list[str]:
    """The one-word names a text gives as a bracket's examples or as what a product
    contains (see ``_EXAMPLE_LIST``); longer pieces of an example list may be phrases
    ("(e.g., in elderly patients)"), not names."""
    pieces = [m.group(1) for m in _CONTAINING.finditer(text)]
    for listed in _EXAMPLE_LIST.finditer(text):
        pieces += _LIST_SPLIT.split(listed.group(1))
    found = []
    for piece in pieces:
        piece_words = words(piece)
        if len(piece_words) == 1 and piece_words[0].isalpha() and len(piece_words[0]) > 3:
            key = _name_piece(piece)
            if key:
                found.append(key)
    return found


def _name_piece(piece: str) -> str | None:
    piece_words = words(piece)
    while piece_words and piece_words[0] in GENERIC_WORDS:  # "other drugs containing …"
        piece_words = piece_words[1:]
    while piece_words and piece_words[-1] in GENERIC_WORDS:  # "… -containing products"
        piece_words = piece_words[:-1]
    if not piece_words or len(piece_words) > MAX_NAME_WORDS:
        return None
    if all(w in GENERIC_WORDS for w in piece_words) or any(w.isdigit() for w in piece_words):
        return None
    return name_key(" ".join(piece_words))
