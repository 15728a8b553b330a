"""Dosage: one dosing block per indication, general notes, and nothing in between.

The dosage section is cut into units: its subsections, each caption inside them (an old
label's bold "Acute Gout", a numbered paragraph "2.3 Acute painful shoulder"), and each
paragraph whose lead names a use ("Rheumatoid arthritis and osteoarthritis: The recommended
dose …", "Psychotic Disorders - 0.05 mg/kg/day"). Each unit then goes to one of three places:

- a **block** of each indication its heading names, read by concept (``ties.py``): "2.2
  Osteoarthritis" belongs to "For relief of the signs and symptoms of osteoarthritis",
  "Juvenile Rheumatoid Arthritis" never to "Rheumatoid Arthritis", "Analgesia" to "Mild to
  Moderate Pain". A heading about people, a regimen or nothing ("Pediatric Patients",
  "Loading Dose", an untitled subsection) goes by the heading it is under, else by the one
  indication its text names, else paragraph by paragraph ("For the relief of osteoarthritis
  the recommended dosage is …"). The block's label keeps the heading's population
  ("Hypertension – Pediatric Patients 6 to 17 Years");
- a **general note**, shown with every indication, only when the heading is about how to
  dose rather than for what (administration, renal or hepatic impairment, missed doses,
  monitoring …), or about people or a regimen and names no use;
- otherwise the unit cannot be tied to one indication safely (its heading names a condition
  no indication has; its text names several uses at once): it is written as plain text of
  the dosage section, which ``medref dosage NAME`` shows whole and no indication's answer
  includes. Another use's dose is never shown for this one.

A heading word the vocabulary does not know counts as a condition only when the label's
Usage uses it too ("Switchover Procedure" and a misspelt "Inital Dosage" are not uses). An
indication left without a block gets one that says so, truthfully: that the label has no
dosing subsection for it, or that none can be tied to it alone, with the subsections'
names. With a single indication every unit but the general ones and those naming another
condition is its block.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field

from ..parse import GENERAL_NOTE_WORDS, match_indication
from ..textutil import fold, words
from ..validate import DOSE
from .label import Label, Section
from .markdown import Md, plain_title
from .textify import Block, joined
from .ties import (
    CONDITION,
    GENERAL,
    PEOPLE,
    REGIMEN,
    About,
    about,
    mentioned,
    related,
    stems_of,
    tie,
)
from .uses import Indication

FALLBACKS = ("Uses", "Approved Uses")
STOP_WORDS = frozenset(
    {
        "and", "or", "of", "the", "in", "for", "with", "to", "a", "an", "on", "by", "at",
        "from", "as", "s", "patients", "patient", "adult", "adults", "treatment", "dosage",
        "dose", "doses", "dosing", "recommended", "use", "usage", "regimen", "therapy",
    }
)  # fmt: skip
# "Rheumatoid arthritis and osteoarthritis: The recommended dose …", "Psychotic
# Disorders - 0.05 mg/kg/day …": a lead naming a use.
_LED = re.compile(r"^(?P<lead>[^.:;]{3,90}?)\s*(?::|\s[-–—]\s)\s*(?P<rest>\S.*)$")
_NUMBERED = re.compile(r"^\d{1,2}\.\d{1,2}(?:\.\d{1,2})?\.?\s+(?=[A-Z])")
MAX_CAPTION_WORDS = 12
MAX_PEOPLE_WORDS = 4  # "Children:", "Adult Patients:", "Loading Dose:"
MAX_NUMBERED_WORDS = 30


@dataclass
class _Uses:
    """The indications, as the units are matched against them."""

    indications: list[Indication]
    _usage: str | None = None
    _headings: dict[str, About] = field(default_factory=dict)
    _texts: dict[int, frozenset[str]] = field(default_factory=dict)

    @classmethod
    def of(cls, indications: list[Indication]) -> _Uses:
        return cls(indications)

    def text_stems(self, index: int) -> frozenset[str]:
        """The stems of an indication's name and Usage text (its first 300 words)."""
        found = self._texts.get(index)
        if found is None:
            indication = self.indications[index]
            words_ = " ".join(indication.text.split()[:300])
            found = self._texts[index] = stems_of(f"{indication.name} {words_}")
        return found

    def known(self, stem: str) -> bool:
        """Whether the Usage section uses a word (its stem is in its folded text: a
        stem found inside a longer word counts, which only makes more headings
        conditions, the safe way)."""
        if self._usage is None:
            self._usage = fold(" ".join(f"{i.name} {i.text}" for i in self.indications))
        return stem in self._usage

    @property
    def abouts(self) -> list[About]:
        return [i.about for i in self.indications]

    @property
    def names(self) -> list[str]:
        return [i.name for i in self.indications]

    def heading(self, text: str) -> About:
        """A heading as a condition only by concepts and by words Usage uses too."""
        known = self._headings.get(text)
        if known is None:
            found = about(text)
            keys = frozenset(k for k in found.keys if self.known(k))
            known = self._headings[text] = dataclasses.replace(found, keys=keys)
        return known


@dataclass
class Unit:
    """A piece of the dosage section: its headings (outermost first) and blocks."""

    titles: list[str]
    blocks: list[Block] = field(default_factory=list)
    number: str = ""

    @property
    def title(self) -> str:
        return self.titles[-1] if self.titles else ""

    def text(self) -> str:
        return joined(self.blocks)

    def display(self, uses: _Uses) -> str:
        """The heading as a label shows it: with the people or regimens it is under."""
        shown = [t for t in self.titles[:-1] if t and uses.heading(t).kind != CONDITION]
        if self.title:
            shown.append(self.title)
        return " – ".join(dict.fromkeys(shown))

    def condition_depth(self, uses: _Uses) -> int:
        """The depth of the innermost heading that names a condition, or -1."""
        for depth in range(len(self.titles) - 1, -1, -1):
            if uses.heading(self.titles[depth]).kind == CONDITION:
                return depth
        return -1


@dataclass
class _Dosing:
    intro: list[str] = field(default_factory=list)  # untitled text, and untied units
    blocks: list[tuple[str, str]] = field(default_factory=list)  # (label, text)
    notes: list[tuple[str, str]] = field(default_factory=list)
    untied: list[str] = field(default_factory=list)  # headings of untied units with doses


def dosage_section(
    md: Md, label: Label, indications: list[Indication], missing: list[str], title: str
) -> None:
    md.heading("Dosage")
    section = label.first("dosage")
    names = [i.name for i in indications]
    if section is None:
        missing.append("dosage and administration")
        md.para("The label has no dosage and administration section.")
        for name in names:
            md.para("The label gives no dosage.", label=name)
        return
    if not indications:
        # No Usage indications: nothing to attach dosing to, so it is all text.
        for block in section.all_blocks():
            md.para(_block_text(block))
        return
    uses = _Uses.of(indications)
    intro, units = cut(section, uses)
    word = "Directions" if label.otc else "Dosage"
    if len(indications) == 1:
        dosing = _single(intro, units, uses, word)
    else:
        dosing = _several(intro, units, uses, word)
    _write(md, dosing, units, names, title)


# --------------------------------------------------------------------------- units


def cut(section: Section, uses: _Uses) -> tuple[list[Block], list[Unit]]:
    """The section's own text before any heading, and its units in label order."""
    units: list[Unit] = []
    if not section.subs:
        section = _numbered(section)
    intro = _split(section.blocks, [], "", units, uses)
    for sub in section.subs:
        _sub_units(sub, [], units, uses)
    return intro, [u for u in units if u.blocks]


def _numbered(section: Section) -> Section:
    """A section whose numbered subsection titles run into its text ("… 2.2 Osteoarthritis
    For OA, the dosage is …"), cut at them as openFDA text is; else the section."""
    from .openfda import split_numbered

    if any(_numbered_title(block) for block in section.blocks):
        return section  # titles in paragraphs of their own: `_caption` reads them whole
    intro, subs = split_numbered(joined(section.blocks), "2")
    if len(subs) < 2:
        return section
    return Section(title=section.title, blocks=intro, subs=subs, number=section.number)


def _numbered_title(block: Block) -> bool:
    """A paragraph that is a numbered subsection title and nothing else ("2.2 Moderate to
    severe rheumatoid arthritis …; and moderate to severe osteoarthritis"): joined with
    the text, its sentence-case words would be cut at the first lower-case one."""
    text = block.text
    return (
        block.kind == "p"
        and not text.endswith(".")
        and _NUMBERED.match(text) is not None
        and len(text.split()) <= MAX_NUMBERED_WORDS
        and DOSE.search(text) is None
    )


def _number_of(block: Block) -> str:
    """The number a numbered title paragraph gives itself ("2.3"), or ""."""
    match = _NUMBERED.match(block.text) if block.kind == "p" else None
    return match.group().strip().rstrip(".") if match else ""


def _sub_units(sub: Section, path: list[str], units: list[Unit], uses: _Uses) -> None:
    titles = [*path, plain_title(sub.title)]
    own = Unit(titles, number=sub.number)
    units.append(own)
    own.blocks = _split(sub.blocks, titles, sub.number, units, uses)
    for child in sub.subs:
        _sub_units(child, titles, units, uses)


def _split(
    blocks: list[Block], path: list[str], number: str, units: list[Unit], uses: _Uses
) -> list[Block]:
    """Blocks up to the first caption (returned), then a unit per caption. A paragraph
    led by a use under a caption ("Analgesia: …" under "Pediatric Patients") is a unit
    under that caption, and so are the paragraphs after it that name no other use."""
    head: list[Block] = []
    current = head
    above: list[str] = []  # the caption the paragraphs are under
    led: Unit | None = None  # the unit a led paragraph started
    for index, block in enumerate(blocks):
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        caption, rest, top = _caption(block, following, uses)
        if caption:
            if top:
                above, led = [caption], None
                unit = Unit([*path, caption], number=_number_of(block) or number)
            else:
                unit = led = Unit([*path, *above, caption], number=number)
            units.append(unit)
            current = unit.blocks
            if rest:
                current.append(Block("p", rest, block.depth))
            continue
        if led is not None and _names_other(block.text, led, uses):
            led = None
            unit = Unit([*path, *above, ""], number=number)
            units.append(unit)
            current = unit.blocks
        current.append(block)
    return head


def _caption(block: Block, following: Block | None, uses: _Uses) -> tuple[str, str | None, bool]:
    """A heading inside the text, what follows it in its paragraph, and whether it heads
    what follows (True) or sits under the caption before it: a caption, a numbered title
    or a short paragraph naming a use (rest None); a paragraph's lead naming a use (under
    the caption before it), or naming people or a regimen ("Children: The effective
    antihypertensive dose …": it heads what follows)."""
    text = block.text
    if block.kind == "h" and (following is None or following.kind != "li"):
        return plain_title(text), None, True
    if block.kind != "p" or block.depth:
        return "", None, False
    if not text.endswith("."):  # the cheap tests first: most paragraphs are sentences
        count = len(text.split())
        numbered = count <= MAX_NUMBERED_WORDS and _NUMBERED.match(text) is not None
        short = count <= MAX_CAPTION_WORDS and following is not None and following.kind != "li"
        if (numbered or short) and DOSE.search(text) is None:
            if numbered:
                return plain_title(_NUMBERED.sub("", text)), None, True
            if _names_use(text, uses):
                return plain_title(text), None, True
    match = _LED.match(text)
    if match and len(match.group("lead").split()) <= MAX_CAPTION_WORDS:
        lead = match.group("lead")
        if _names_use(lead, uses):
            return plain_title(lead), match.group("rest"), False
        if len(lead.split()) <= MAX_PEOPLE_WORDS and uses.heading(lead).kind in (PEOPLE, REGIMEN):
            return plain_title(lead), match.group("rest"), True
    return "", None, False


def _names_use(text: str, uses: _Uses) -> bool:
    heading = uses.heading(text)
    real = [i.about for i in uses.indications if i.name not in FALLBACKS]
    return heading.kind == CONDITION and bool(tie(heading, real))


def _names_other(text: str, unit: Unit, uses: _Uses) -> bool:
    """Whether a paragraph after a led one names a use the lead did not."""
    own = set(tie(uses.heading(unit.title), uses.abouts))
    return bool(set(mentioned(text, uses.abouts)) - own)


# --------------------------------------------------------------------------- placing


def _several(intro: list[Block], units: list[Unit], uses: _Uses, word: str) -> _Dosing:
    dosing = _Dosing()
    if not units:
        _place(Unit([], list(intro)), uses, dosing, word, intro_unit=True)
    else:
        dosing.intro = [_block_text(b) for b in intro]
    for unit in units:
        _place(unit, uses, dosing, word)
    return dosing


def _place(unit: Unit, uses: _Uses, dosing: _Dosing, word: str, intro_unit: bool = False) -> None:
    text = unit.text()
    if not text:
        return
    chosen, general = _owners(unit, uses)
    if chosen:
        for index in chosen:
            label = _block_label(uses, index, unit.display(uses), len(chosen))
            dosing.blocks.append((label, text))
    elif general:
        dosing.notes.append((_note_label(unit, uses, word, intro_unit), text))
    elif not _by_paragraph(unit, uses, dosing):
        _untie(dosing, unit.display(uses), text)


def _owners(unit: Unit, uses: _Uses) -> tuple[list[int], bool]:
    """The indications a unit belongs to; or none, and whether it is a general note."""
    depth = unit.condition_depth(uses)
    if depth >= 0:
        return _tied_or_mentioned(Unit(unit.titles[: depth + 1]), uses), False
    if uses.heading(unit.title).kind == GENERAL:
        return [], True
    found = mentioned(unit.text(), uses.abouts)
    if len(found) == 1:
        return found, False
    return [], not found


def _tied_or_mentioned(unit: Unit, uses: _Uses) -> list[int]:
    """The indications a unit's heading names, with the people and regimens it is under
    ("Pediatric Patients – Analgesia"); else the one whose Usage text names what the
    heading is about ("Homozygous Familial Hypercholesterolemia" under Hyperlipidemia)."""
    heading = uses.heading(unit.display(uses))
    tied = tie(heading, uses.abouts, uses.text_stems)
    if tied:
        return tied
    in_text = [
        index
        for index, indication in enumerate(uses.indications)
        if _in_usage_text(heading, indication)
    ]
    return in_text if len(in_text) == 1 else []


def _in_usage_text(heading: About, indication: Indication) -> bool:
    text = about_text(indication.text)
    if heading.concepts:
        return heading.concepts <= text.concepts
    return bool(heading.keys) and heading.keys <= text.stems


def about_text(text: str) -> About:
    """A Usage text read whole (``about`` reads a heading's first words)."""
    return about(" ".join(text.split()[:60]))


def _by_paragraph(unit: Unit, uses: _Uses, dosing: _Dosing) -> bool:
    """A unit whose text names several uses, paragraph by paragraph ("For the relief of
    osteoarthritis the recommended dosage is …"): each paragraph whose opening names uses
    (and whose rest names no other) is their block; a paragraph naming none that follows
    one is its continuation if it states no dose; the rest stays text. False when no
    paragraph names a use that way."""
    pieces: list[tuple[list[int], list[str]]] = []  # (owners, texts)
    for block in unit.blocks:
        text = _block_text(block)
        owners = _opening_owners(block, uses)
        if owners:
            pieces.append((owners, [text]))
        elif (
            pieces
            and pieces[-1][0]
            and not mentioned(block.text, uses.abouts)
            and not DOSE.search(text)
        ):
            pieces[-1][1].append(text)
        else:
            pieces.append(([], [text]))
    if not any(owners for owners, _t in pieces):
        return False
    heading = unit.display(uses)
    for owners, texts in pieces:
        text = " ".join(texts)
        if not owners:
            _untie(dosing, heading, text)
        for index in owners:
            dosing.blocks.append((_block_label(uses, index, heading, len(owners)), text))
    return True


def _opening_owners(block: Block, uses: _Uses) -> list[int]:
    """The uses a dosing paragraph opens with, up to its first dose ("For treatment of
    pain or primary dysmenorrhea the recommended dosage is 50 mg"), or a table row its
    first cell names ("Healing of Erosive or Ulcerative GERD — Dosage: 20 mg …"), read as
    a heading (the most specific uses), when the rest names no other use."""
    text = block.text
    first = DOSE.search(text)
    if first is None:
        return []
    opening = block.lead if block.kind == "row" and block.lead else text[: first.start()]
    rest = text[len(opening) :] if opening == block.lead else text[first.start() :]
    owners = tie(uses.heading(opening), uses.abouts, uses.text_stems)
    if not owners:
        return []
    # Another use named in the rest ("…; for RA, 150 mg") makes the paragraph several uses';
    # a use of the same condition (other GERD uses in a GERD row) does not.
    own = {c for i in owners for c in uses.abouts[i].concepts}
    others = [
        i
        for i in mentioned(rest, uses.abouts)
        if i not in owners and not uses.abouts[i].concepts & own
    ]
    return [] if others else owners


def _untie(dosing: _Dosing, heading: str, text: str) -> None:
    """Text tied to no one use: the dosage section's plain text."""
    if DOSE.search(text):
        dosing.untied.append(heading or "Dosage text")
    dosing.intro.append(f"{heading}: {text}" if heading else text)


def _single(intro: list[Block], units: list[Unit], uses: _Uses, word: str) -> _Dosing:
    """One indication: every unit is its block, but the general ones (notes) and those
    naming a condition it does not have (not tied)."""
    dosing = _Dosing()
    name = uses.names[0]
    fallback = name in FALLBACKS
    head = joined(intro)
    if not units or DOSE.search(head):
        # The text before any heading is the one use's dosing too ("Adults and children
        # 12 years and over: take 2 tablets …" before "Children under 12 years: ask a doctor").
        label = f"{word} for All {name}" if fallback else name
        dosing.blocks.append((label, head))
    else:
        dosing.intro = [_block_text(b) for b in intro]
    for unit in units:
        text = unit.text()
        if not text:
            continue
        shown = unit.display(uses)
        depth = unit.condition_depth(uses)
        if depth < 0 and uses.heading(unit.title).kind == GENERAL:
            dosing.notes.append((_note_label(unit, uses, word, False), text))
        elif fallback:
            dosing.blocks.append((f"{name} – {shown}" if shown else name, text))
        elif depth < 0 or _tied_or_mentioned(Unit(unit.titles[: depth + 1]), uses):
            dosing.blocks.append((_block_label(uses, 0, shown, 1), text))
        else:
            _untie(dosing, shown, text)
    return dosing


# --------------------------------------------------------------------------- labels


def _block_label(uses: _Uses, index: int, heading: str, count: int) -> str:
    """The indication's name, or the heading when it adds something (its population, a
    regimen) and names no other condition (so that indication words select one
    indication, and validate finds no other use's condition in it)."""
    indication = uses.indications[index]
    name = indication.name
    extra = set(words(heading)) - set(words(name)) - STOP_WORDS
    if count > 1 or not extra:
        return name
    heading_concepts = about(heading).concepts
    own = about(name).concepts | about_text(indication.text).concepts
    if heading_concepts and not related(heading_concepts, own):
        return name
    candidate = heading if set(words(name)) <= set(words(heading)) else f"{name} – {heading}"
    names = uses.names
    others = [n for n in names if n != name]
    if match_indication(candidate, names) == name and not any(
        set(words(o)) - STOP_WORDS <= set(words(candidate)) for o in others
    ):
        return candidate
    return name


def _note_label(unit: Unit, uses: _Uses, word: str, intro_unit: bool) -> str:
    """A label the parser reads as a general note: the heading, when it says what it is
    about in a word it knows ("Renal Impairment"), else prefixed "General –"."""
    heading = unit.display(uses)
    if not heading:
        return f"General – {word} and Administration" if intro_unit else f"General – {word}"
    general = GENERAL_NOTE_WORDS.intersection(words(heading))
    if general and match_indication(heading, uses.names) is None:
        return heading
    return f"General – {heading}"


def _block_text(block: Block) -> str:
    return f"• {block.text}" if block.kind == "li" else block.text


# --------------------------------------------------------------------------- writing


def _write(md: Md, dosing: _Dosing, units: list[Unit], names: list[str], title: str) -> None:
    for text in dosing.intro:
        md.para(text)
    dosed = {match_indication(lbl, names) for lbl, _t in dosing.blocks}
    headings = [f"{u.number} {u.title}".strip() for u in units if u.title]
    subsections = "; ".join(dict.fromkeys(headings))
    for lbl, text in dosing.blocks:
        md.para(text, label=lbl)
    where = f": {subsections}" if subsections else ""
    for name in names:
        if name in dosed:
            continue
        if dosing.untied:
            said = "The label gives no dosing subsection that can be tied to this use alone."
        else:
            said = "The label gives no dosing subsection for this use."
        md.para(
            # Not the monograph's name: import settles it only when it has seen every
            # product of the medicine ("ibuprofen" may become "ibuprofen-oral").
            f"{said} Its dosing subsections{where} (without --indication, medref dosage "
            "shows them all).",
            label=name,
        )
    for lbl, text in dosing.notes:
        md.para(text, label=lbl)
