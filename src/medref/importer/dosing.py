"""Usage and Dosage: indications, and one dosing block per indication.

The rules ``medref validate`` checks are met by construction rather than hoped for:

- Usage: one labelled paragraph per indication, from the label's numbered subsections
  ("1.1 Rheumatoid Arthritis"), or from a short list of uses, or from the dosing subsections
  that name a use ("2.2 Dosage for Treatment of ADHD", with "ADHD" spelled out from the
  indications text). A label with none of these gets one indication, "Approved Uses" ("Uses"
  on an OTC label), holding the whole indications text.
- Dosage: a dosing subsection becomes a block of each indication its title names, labelled
  with that indication's name (so ``--indication rheumatoid`` finds "2.1 Rheumatoid Arthritis,
  Psoriatic Arthritis, and Ankylosing Spondylitis", and "psoriatic" finds the same text under
  its own name); one whose title names no indication but whose subject the indication's text
  mentions goes to that indication ("Homozygous Familial Hypercholesterolemia" under
  Hyperlipidemia). Others are general notes: their labels carry a word the parser reads as
  "applies to every indication" ("Dosage in Patients with Renal Impairment"; otherwise the
  prefix "General –"). An indication left without a block gets one that says so, and names
  the label's dosing subsections: never another indication's dose.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..parse import GENERAL_NOTE_WORDS, match_indication
from ..textutil import name_key, words
from .label import Label, Section
from .markdown import Md, plain_title, text_of
from .textify import Block, joined, squash

STOP_WORDS = frozenset(
    {
        "and", "or", "of", "the", "in", "for", "with", "to", "a", "an", "on", "by", "at",
        "from", "as", "s", "patients", "patient", "adult", "adults", "treatment", "dosage",
        "dose", "doses", "dosing", "recommended", "use", "usage", "regimen", "therapy",
    }
)  # fmt: skip

_NOT_INDICATION = re.compile(
    r"^(?:important\b|limitations?\s+of\s+use|general\b|usage\s+considerations|"
    r"indications?\s+and\s+usage)",
    re.IGNORECASE,
)

_DOSING_PREFIX = re.compile(
    r"^(?:recommended\s+|usual\s+)?(?:dosage|dosing|doses?)\s+(?:regimen\s+)?(?:for|in)\s+"
    r"(?:the\s+)?(?:treatment\s+of\s+)?(?:patients\s+with\s+)?",
    re.IGNORECASE,
)

_ABBREV = re.compile(r"\(([A-Z][A-Za-z0-9]{1,7})\)\s*$")

_WORD = re.compile(r"[0-9a-z]+")


def text_words(text: str) -> set[str]:
    """The words of a long text, for the heuristics below (no accent folding: cheap)."""
    return set(_WORD.findall(text.casefold()))


def sig_words(text: str) -> set[str]:
    found = {w for w in words(text) if w not in STOP_WORDS and not w.isdigit()}
    return found or set(words(text))


def _abbrev(name: str) -> str:
    match = _ABBREV.search(name)
    return match.group(1).casefold() if match else ""


@dataclass
class Indication:
    name: str
    text: str
    _words: set[str] | None = None

    def text_words(self) -> set[str]:
        if self._words is None:
            self._words = text_words(self.text)
        return self._words

    def named_in(self, title: str) -> bool:
        """Whether a dosing subsection's title names this indication."""
        title_words = set(words(title))
        abbrev = _abbrev(self.name)
        core = sig_words(_ABBREV.sub("", self.name)) if abbrev else sig_words(self.name)
        return (bool(core) and core <= title_words) or bool(abbrev and abbrev in title_words)


def usage_section(md: Md, label: Label, missing: list[str]) -> list[Indication]:
    md.heading("Usage")
    section = label.first("indications")
    purpose = label.first("purpose")
    if purpose is not None:
        md.para(f"Purpose: {text_of(purpose)}")
    if section is None:
        missing.append("indications and usage")
        md.para("The label has no indications section.")
        return []
    indications: list[Indication] = []
    intro: list[str] = []
    for block in section.blocks:
        intro.append(block.text if block.para else f"• {block.text}")
    for sub in section.subs:
        name = plain_title(sub.title)
        text = text_of(sub)
        if not name or _NOT_INDICATION.match(name) or not words(name):
            intro.append(f"{name}: {text}" if name else text)
        else:
            indications.append(Indication(name, text))
    if not indications:
        indications = _listed_uses(section)
        if indications:
            intro = [b.text for b in section.blocks if b.kind != "li"]
    if not indications:
        indications = _uses_from_dosing(label, section)
    if not indications:
        fallback = "Uses" if label.otc else "Approved Uses"
        indications = [Indication(fallback, " ".join(intro) or text_of(section))]
        intro = []
    indications = _distinct(indications)
    for text in intro:
        md.para(text)
    for indication in indications:
        md.para(indication.text, label=indication.name)
    return indications


def _distinct(indications: list[Indication]) -> list[Indication]:
    """One indication per set of words: 'Crohn's Disease' and 'Crohns Disease' are one."""
    seen: dict[frozenset[str], Indication] = {}
    for indication in indications:
        key = frozenset(words(indication.name))
        if key in seen:
            seen[key].text = squash(f"{seen[key].text} {indication.text}")
        else:
            seen[key] = indication
    return list(seen.values())


def _listed_uses(section: Section) -> list[Indication]:
    """'X is indicated for the treatment of: • ADHD • Binge Eating Disorder' (SPL lists)."""
    uses: list[Indication] = []
    lead = ""
    for block in section.blocks:
        if block.para:
            lead = block.text
            continue
        if block.kind != "li" or block.depth or "indicated" not in lead.casefold():
            continue
        name = plain_title(block.text)
        if 0 < len(name) <= 80 and len(name.split()) <= 10 and not name.endswith("."):
            uses.append(Indication(name, f"{plain_title(lead)} {name}."))
    return uses


def _uses_from_dosing(label: Label, section: Section) -> list[Indication]:
    """Uses named by dosing titles ('Dosage for Treatment of Moderate to Severe BED')
    when the indications text has no structure of its own; abbreviations are spelled out
    from the indications text ('Moderate to Severe Binge Eating Disorder (BED)')."""
    dosage = label.first("dosage")
    if dosage is None or not dosage.subs:
        return []
    usage_text = text_of(section)
    usage_words = text_words(usage_text)
    sentences = re.split(r"(?<=[.;])\s+", usage_text)
    uses: list[Indication] = []
    for sub in dosage.subs:
        title = plain_title(sub.title)
        match = _DOSING_PREFIX.match(title)
        if not match:
            continue
        rest = title[match.end() :].strip()
        if not rest or GENERAL_NOTE_WORDS.intersection(words(rest)):
            continue
        if not sig_words(rest) <= usage_words:
            continue
        name = _spell_out(rest, usage_text)
        first_word = sorted(sig_words(rest), key=len)[-1]
        sentence = next((s for s in sentences if first_word in text_words(s)), "")
        uses.append(Indication(name, plain_title(sentence) + "." if sentence else name))
    return uses


def _spell_out(name: str, text: str) -> str:
    """'Moderate to Severe BED' -> 'Moderate to Severe Binge Eating Disorder (BED)'."""
    out = []
    for word in name.split(" "):
        if 2 <= len(word) <= 6 and word.isupper() and word.isalpha():
            expansion = _expansion(word, text)
            out.append(f"{expansion} ({word})" if expansion else word)
        else:
            out.append(word)
    return " ".join(out)


def _expansion(abbrev: str, text: str) -> str:
    for match in re.finditer(r"\(" + re.escape(abbrev) + r"\)", text):
        before = text[: match.start()].split()
        taken: list[str] = []
        initials = ""
        for word in reversed(before[-12:]):
            bare = word.strip(",;:")
            if not bare:
                break
            if bare[0].isupper():
                taken.insert(0, bare)
                initials = bare[0] + initials
                if initials.upper() == abbrev.upper():
                    return " ".join(taken)
                if len(initials) > len(abbrev):
                    break
            elif bare.casefold() in ("of", "and", "to", "the", "with", "in") and taken:
                taken.insert(0, bare)
            else:
                break
    return ""


@dataclass
class _Dosing:
    """The dosage section sorted out: text before any block, blocks of indications, and
    notes that apply to every indication; each a (label, text) pair, in label order."""

    intro: list[Block] = field(default_factory=list)
    blocks: list[tuple[str, str]] = field(default_factory=list)
    notes: list[tuple[str, str]] = field(default_factory=list)


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
            md.para(block.text if block.para else f"• {block.text}")
        return
    units = [s for s in section.subs if s.title or s.blocks or s.subs]
    dosing = _sort_out(section, units, indications, "Directions" if label.otc else "Dosage")
    _write(md, dosing, units, names, title)


def _sort_out(
    section: Section, units: list[Section], indications: list[Indication], label_word: str
) -> _Dosing:
    names = [i.name for i in indications]
    single = len(indications) == 1 and names[0] in ("Uses", "Approved Uses")
    dosing = _Dosing(intro=list(section.blocks))
    if not units:
        text = joined(dosing.intro)
        if single:
            dosing.blocks.append((f"{label_word} for All {names[0]}", text))
        elif len(indications) == 1:
            dosing.blocks.append((names[0], text))
        else:
            dosing.notes.append((f"General – {label_word} and Administration", text))
        dosing.intro = []
    for unit in units:
        unit_title = plain_title(unit.title)
        text = text_of(Section(title="", blocks=unit.blocks, subs=unit.subs))
        if not text:
            continue  # a heading with nothing under it
        if not unit_title:
            if dosing.blocks or dosing.notes:
                dosing.notes.append((f"General – {label_word}", text))
            else:
                dosing.intro.append(Block("p", text))
            continue
        _place(dosing, unit_title, text, indications, single)
    return dosing


def _place(
    dosing: _Dosing, unit_title: str, text: str, indications: list[Indication], single: bool
) -> None:
    """One titled dosing subsection: a block of each indication its title names or its
    subject belongs to, else a note for every indication."""
    names = [i.name for i in indications]
    named = [i for i in indications if i.named_in(unit_title)] if not single else []
    if named:
        for indication in named:
            label = _block_label(indication.name, unit_title, names, len(named))
            dosing.blocks.append((label, text))
        return
    if single:
        if _is_general(unit_title, names):
            dosing.notes.append((unit_title, text))
        else:
            dosing.blocks.append((f"{names[0]} – {unit_title}", text))
        return
    mentioned = _mentioned_in(unit_title, indications)
    if mentioned is not None:
        dosing.blocks.append((_block_label(mentioned.name, unit_title, names, 1), text))
    elif _is_general(unit_title, names):
        dosing.notes.append((unit_title, text))
    else:
        dosing.notes.append((f"General – {unit_title}", text))


def _write(md: Md, dosing: _Dosing, units: list[Section], names: list[str], title: str) -> None:
    for block in dosing.intro:
        md.para(block.text if block.para else f"• {block.text}")
    dosed = {match_indication(lbl, names) for lbl, _t in dosing.blocks}
    subsections = "; ".join(f"{u.number} {plain_title(u.title)}".strip() for u in units if u.title)
    for lbl, text in dosing.blocks:
        md.para(text, label=lbl)
    for name in names:
        if name not in dosed:
            where = f": {subsections}" if subsections else ""
            md.para(
                "The label gives no dosing subsection for this use. Its dosing subsections"
                f"{where} (medref dosage {name_key(title)} shows them all).",
                label=name,
            )
    for lbl, text in dosing.notes:
        md.para(text, label=lbl)


def _block_label(name: str, unit_title: str, names: list[str], count: int) -> str:
    """The indication's name, or the subsection's title when it adds something and names
    no other indication (so that --indication words select one indication)."""
    extra = set(words(unit_title)) - set(words(name)) - STOP_WORDS
    if count > 1 or not extra:
        return name
    if set(words(name)) <= set(words(unit_title)):
        candidate = unit_title
    else:
        candidate = f"{name} – {unit_title}"
    others = [n for n in names if n != name]
    if match_indication(candidate, names) == name and not any(
        sig_words(o) <= set(words(candidate)) for o in others
    ):
        return candidate
    return name


def _is_general(unit_title: str, names: list[str]) -> bool:
    """Whether the parser will read this label as a general note (and not a block)."""
    return bool(GENERAL_NOTE_WORDS.intersection(words(unit_title))) and (
        match_indication(unit_title, names) is None
    )


def _mentioned_in(unit_title: str, indications: list[Indication]) -> Indication | None:
    """The one indication whose text mentions what a dosing title is about."""
    wanted = sig_words(unit_title) - GENERAL_NOTE_WORDS
    if len(wanted) < 2:
        return None
    best: list[tuple[float, Indication]] = []
    for indication in indications:
        have = indication.text_words()
        share = len(wanted & have) / len(wanted)
        if share >= 0.75:
            best.append((share, indication))
    best.sort(key=lambda pair: -pair[0])
    if len(best) == 1 or (len(best) > 1 and best[0][0] > best[1][0]):
        return best[0][1]
    return None
