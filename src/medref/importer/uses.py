"""Usage: a label's indications, one labelled paragraph each.

Labels state their uses in several shapes, tried in this order:

- numbered subsections ("1.1 Rheumatoid Arthritis"; openFDA's "1.k" markers);
- captions (an old-format label's bold "Hypertension", "Chronic Stable Angina");
- lists after a sentence that says "indicated", with their sub-leads ("the relief of the
  signs and symptoms of:" • rheumatoid arthritis • osteoarthritis; nested lists under "For
  the management of signs and symptoms of the following:");
- the uses one or more "indicated" sentences name ("… indicated for relief of the signs and
  symptoms of rheumatoid arthritis and osteoarthritis"), split only when every one of them
  is a condition the vocabulary knows (``ties.py``) — a use it does not know would be lost;
- the uses dosing subsection titles name ("2.2 Dosage for Treatment of ADHD", spelled out
  from the indications text);
- the one use "indicated" sentences name, when it is a condition the vocabulary knows and
  they name nothing else ("Type 2 diabetes mellitus", with the whole text).

A label with none of these gets one indication, "Approved Uses" ("Uses" on an OTC label:
Drug Facts list symptoms of one use), holding the whole indications text. An indication is
named by its use without the words every use shares ("For relief of the signs and symptoms
of"), so "rheumatoid arthritis" selects it; its text keeps the label's sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .. import population
from ..parse import GENERAL_NOTE_WORDS
from ..textutil import words
from ..vocabulary import load, scan_label
from .label import Label, Section
from .markdown import Md, plain_title, text_of
from .textify import Block, squash
from .ties import CONDITION, About, about, singular_itis

_NOT_INDICATION = re.compile(
    r"^(?:important\b|limitations?\s+of\s+use|general\b|usage\s+considerations|"
    r"indications?\s+and\s+usage|uses?$|indications?$)",
    re.IGNORECASE,
)
_LIMITS = re.compile(
    r"limitations?\s+of\s+use|not\s+been\s+(?:shown|established|studied|evaluated)|"
    r"\bnot\s+(?:\w+\s+){0,2}indicated|do\s+not\s+substitute|safety\s+and\s+effectiveness",
    re.IGNORECASE,
)
_INDICATED = re.compile(r"(?<!contra)indicated", re.IGNORECASE)
# The words every use of a list shares, taken off its name ("For the relief of the signs
# and symptoms of osteoarthritis" is "Osteoarthritis").
_TERM = r"(?:acute|chronic|short[-\s]term|long[-\s]term)"
_LEAD_WORDS = re.compile(
    r"^(?::\s*|(?:for|in|as|to)\s*:?\s+|the\s+|"
    r"(?:" + _TERM + r"\s+(?:(?:and|or)\s+" + _TERM + r"\s+)?)?"
    r"use\s+(?:in|for)\s+|(?:symptomatic\s+)?relief\s+of\s+|signs\s+and\s+symptoms\s+of\s+|"
    r"(?:treatment|control)\s+of\s+(?:the\s+)?signs\s+and\s+symptoms\s+of\s+|treatment\s+of\s+|"
    r"management\s+of\s+|the\s+following\s*:?\s*)+",
    re.IGNORECASE,
)
# Where a use's name ends and its qualifiers begin.
_CLAUSE_END = re.compile(
    r"\s+(?:in\s+(?:[\w-]+\s+){0,2}?(?:adults?|pediatric|patients?|children|infants|neonates|newborns|people|those|women|men)|who|when|"
    r"which|that|where|due\s+to|including|such\s+as|because|after|following|as\s+an?\s+"
    r"adjunct)\b|\s*[,;:(\[]",
    re.IGNORECASE,
)
_DOSING_PREFIX = re.compile(
    r"^(?:recommended\s+|usual\s+)?(?:dosage|dosing|doses?)\s+(?:regimen\s+)?(?:for|in)\s+"
    r"(?:the\s+)?(?:treatment\s+of\s+)?(?:patients\s+with\s+)?",
    re.IGNORECASE,
)
MAX_NAME_WORDS = 12
_CONNECTORS = frozenset(
    ["of", "and", "or", "in", "for", "with", "to", "the", "a", "an", "by", "at", "from", "as", "on"]
)


@dataclass
class Indication:
    name: str
    text: str
    _about: About | None = field(default=None, repr=False)

    @property
    def about(self) -> About:
        if self._about is None:
            self._about = about(self.name)
        return self._about


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
    intro, indications = _titled(section)
    rx = not label.otc
    for finder in (_captioned, _listed, _numbered_flat, _in_text) if rx else ():
        if indications:
            break
        intro, indications = finder(section)
    if not indications:
        indications = _uses_from_dosing(label, section)
    if not indications and rx:
        intro, indications = _one_use(section)
    if not indications:
        fallback = "Uses" if label.otc else "Approved Uses"
        text = " ".join(intro) or text_of(section)
        if not text:
            missing.append("indications text")
            text = "The label's indications section is empty."
        indications = [Indication(fallback, text)]
        intro = []
    indications = _distinct(indications)
    for text in intro:
        md.para(text)
    for indication in indications:
        md.para(indication.text or indication.name, label=indication.name)
    return indications


def _block_text(block: Block) -> str:
    return f"• {block.text}" if block.kind == "li" else block.text


def _titled(section: Section) -> tuple[list[str], list[Indication]]:
    """Numbered (or titled) subsections: one indication each."""
    intro = [_block_text(b) for b in section.blocks]
    indications: list[Indication] = []
    for sub in section.subs:
        name = plain_title(sub.title)
        text = text_of(sub)
        if not name or _NOT_INDICATION.match(name) or not words(name):
            if text or name:
                intro.append(f"{name}: {text}" if name and text else (text or name))
        else:
            indications.append(Indication(name, text))
    return intro, indications


def _captioned(section: Section) -> tuple[list[str], list[Indication]]:
    """An old-format label's captions: 'Hypertension' (bold), then what it says. A caption
    with nothing under it heads the next ones ('Coronary Artery Disease' over 'Chronic
    Stable Angina'); one that leads a list ('… is indicated:') is a list's lead."""
    intro: list[str] = []
    indications: list[Indication] = []
    current: Indication | None = None
    blocks = section.blocks
    for index, block in enumerate(blocks):
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        name = plain_title(_NUMBERED.sub("", block.text))
        leads_list = following is not None and following.kind == "li"
        if _is_caption(block) and not leads_list and not _INDICATED.search(name):
            current = None
            if _NOT_INDICATION.match(name) or not words(name):
                intro.append(block.text)
            else:
                current = Indication(name, "")
                indications.append(current)
        elif current is not None:
            current.text = squash(f"{current.text} {_block_text(block)}")
        else:
            intro.append(_block_text(block))
    for sub in section.subs:
        intro.append(text_of(sub))
    intro += [i.name for i in indications if not i.text]
    indications = [i for i in indications if i.text]
    if sum(i.about.kind == CONDITION for i in indications) < 2:
        return intro, []
    return intro, indications


_NUMBERED = re.compile(r"^\d{1,2}\.\d{1,2}\.?\s+(?=[A-Z])")


def _is_caption(block: Block) -> bool:
    """A caption, or a paragraph that is a numbered title ('1.1 Osteoarthritis (OA)')."""
    if block.kind == "h":
        return True
    text = block.text
    return (
        block.kind == "p"
        and bool(_NUMBERED.match(text))
        and len(text.split()) <= MAX_NAME_WORDS + 4
        and not text.endswith(".")
    )


def _listed(section: Section) -> tuple[list[str], list[Indication]]:
    """List items after a lead that says 'indicated' (or, once one has, a lead ending in
    a colon: 'the management of:'); an item ending in a colon leads the items nested under
    it, or those after it until one that starts like a use ("For …")."""
    intro: list[str] = []
    uses: list[Indication] = []
    lead: list[str] = []
    said = False
    listing = False  # the list being read is one of uses
    sub_lead: dict[int, str] = {}  # depth -> an item that leads the items below or after it
    previous = ""
    used: set[str] = set()  # leads of lists of uses: in each use's text, not the intro
    for block in _bulleted(section.blocks):
        if block.kind != "li":
            if previous == "li" or not _continues(lead):
                lead = []
            previous = block.kind
            listing = False
            lead.append(block.text)
            intro.append(block.text)
            continue
        if previous != "li":
            text = " ".join(lead).rstrip()
            open_lead = bool(_OPEN_LEAD.search(text))
            listing = (
                open_lead and not _LIMITS.search(text) and bool(_INDICATED.search(text) or said)
            )
            said = said or listing
            sub_lead = {}
            used.update(lead if listing else [])
        previous = "li"
        limits = _LIMITS.search(_PARENS.sub("", block.text))  # not "X (not studied in …)"
        if not listing or limits or _MARKER_ONLY.match(block.text):
            if not _MARKER_ONLY.match(block.text):
                intro.append(_block_text(block))
            continue
        if _USE_START.match(block.text):
            sub_lead = {d: t for d, t in sub_lead.items() if d < block.depth}
        if block.text.rstrip().endswith(":"):
            sub_lead[block.depth] = block.text.rstrip()
            continue
        leads = [*lead, *(sub_lead[d] for d in sorted(sub_lead) if d <= block.depth)]
        name = use_name(block.text)
        if name:
            uses.append(
                Indication(_with_people(name, leads), squash(f"{' '.join(leads)} {block.text}"))
            )
    return ([t for t in intro if t not in used], uses) if uses else ([], [])


# A lead the list completes: "… are indicated for:", "… is indicated in adults for the".
_OPEN_LEAD = re.compile(r"(?::|\b(?:indicated|for|in|of|to|the|as))\s*$", re.IGNORECASE)
# A list item that is only its number or bullet ("1.", "a)").
_MARKER_ONLY = re.compile(r"^\W*(?:\d{1,2}|[a-zA-Z]|[ivx]{1,4})?[.)]?\W*$")
_USE_START = re.compile(r"^(?:for|in|as|to|the|use)\b", re.IGNORECASE)


def _with_people(name: str, leads: list[str]) -> str:
    """A use's name with the people its lead names when the name does not ('Reduction of
    fever (pediatric patients)' under 'In Pediatric Patients, … is indicated:')."""
    if population.of_label(name) is not None:
        return name
    ages = None
    for lead in leads:
        ages = population.of_label(lead.split(",")[0]) or ages
    if ages is None:
        return name
    if ages.children_only:
        return f"{name} (pediatric patients)"
    if all(low >= population.ADULT for low, _high in ages.spans):
        return f"{name} (adults)"
    return name


def _bulleted(blocks: list[Block]) -> list[Block]:
    """Paragraphs written as bullets ('* For relief of …') are list items."""
    return [
        Block("li", b.text[2:].strip(), b.depth) if b.para and b.text[:2] in _BULLETS else b
        for b in blocks
    ]


_BULLETS = ("* ", "• ", "- ", "■ ", "● ", "○ ")


def _continues(lead: list[str]) -> bool:
    """Whether a lead goes on into the next paragraph ('… are indicated for:' then 'the
    relief of the signs and symptoms of:')."""
    return bool(lead) and lead[-1].rstrip().endswith(":")


def use_name(text: str) -> str:
    """A use's name: its words without the lead every use shares, up to its qualifiers
    when it is long ('Reducing the combined risk of death and nonfatal stroke')."""
    text = plain_title(text.strip(" •■-–"))
    name = _LEAD_WORDS.sub("", text).strip() or text
    if len(name.split()) > MAX_NAME_WORDS:
        for match in _CLAUSE_END.finditer(name):
            cut = name[: match.start()].strip()
            if len(cut.split()) >= 3 and about(cut).kind == CONDITION:
                name = cut
                break
    name_words = name.split()
    if len(name_words) > MAX_NAME_WORDS + 2:
        name_words = name_words[:MAX_NAME_WORDS]
        while name_words and name_words[-1].casefold().strip(",;:") in _CONNECTORS:
            name_words.pop()
        name = " ".join(name_words).rstrip(",;:") + " …"
    name = name.rstrip(",;:. ")
    if name.count("(") != name.count(")"):
        name = name.split("(")[0].strip()
    return _capital(name)


def _capital(name: str) -> str:
    """A use's name as a heading: capitalised, a misspelt or Latin plural of a condition
    the vocabulary knows in the singular put right ('rheumatoid arthrites' is a typo in
    real labels), so that its words select it."""
    name = singular_itis(name)
    return name[:1].upper() + name[1:] if name else ""


def _numbered_flat(section: Section) -> tuple[list[str], list[Indication]]:
    """Numbered titles run into the text ('… goals 1.1 Osteoarthritis (OA) Celecoxib is
    indicated …'), as openFDA's text is read."""
    from .openfda import split_numbered

    intro, subs = split_numbered(text_of(section), "1")
    if len(subs) < 2:
        return [], []
    return _titled(Section(title="", blocks=intro, subs=subs))


def _in_text(section: Section) -> tuple[list[str], list[Indication]]:
    """The uses "indicated" sentences name, each a condition the vocabulary knows; the
    other sentences stay as the Usage text. A sentence that names a known use beside one
    the vocabulary does not know is not split (nothing is split then)."""
    found = _sentence_uses(section)
    if found is None or len(found[1]) < 2:
        return [], []
    rest, uses, _unknown = found
    return [" ".join(rest)] if rest else [], uses


def _one_use(section: Section) -> tuple[list[str], list[Indication]]:
    """A label whose "indicated" sentences name one use, a condition the vocabulary knows,
    and nothing it does not: that use, named ("Type 2 diabetes mellitus", not "Approved
    Uses"), with the whole indications text."""
    found = _sentence_uses(section)
    if found is None or len(found[1]) != 1 or found[2]:
        return [], []
    use = found[1][0]
    return [], [Indication(use.name, text_of(section))]


def _sentence_uses(section: Section) -> tuple[list[str], list[Indication], bool] | None:
    """The sentences that name no use, the uses named (one per condition), and whether a
    sentence names a use the vocabulary does not know; None when one sentence names both
    kinds."""
    text = squash(" ".join(_block_text(b) for b in section.all_blocks()))
    sentences = re.split(r"(?<=[.;])\s+(?=[A-Z•])", text)
    uses: dict[frozenset[int], Indication] = {}
    rest: list[str] = []
    unknown = False
    for sentence in sentences:
        said = _INDICATED.search(sentence)
        if said is None or _LIMITS.search(sentence):
            rest.append(sentence)
            continue
        known, strange = _chunks(sentence[said.end() :])
        if known and strange:
            return None
        unknown = unknown or strange
        if not known:
            rest.append(sentence)
        for name, concepts in known:
            if concepts in uses:
                if sentence not in uses[concepts].text:
                    uses[concepts].text = squash(f"{uses[concepts].text} {sentence}")
            else:
                uses[concepts] = Indication(name, sentence)
    return rest, list(uses.values()), unknown


_PROTECT = re.compile(r"signs\s+and\s+symptoms|and/or", re.IGNORECASE)
_STRONG = re.compile(r"\s*(?:,|;|•)\s*")
_AND_OR = re.compile(r"\s+(?:and|or)\s+", re.IGNORECASE)
_CUT = re.compile(
    r"\s+(?:in\s+(?:[\w-]+\s+){0,2}?(?:adults?|pediatric|patients?|children|infants|neonates|newborns|people|those|women|men)|who|when|"
    r"which|that|where|due\s+to|including|such\s+as|because|with|without|whose|"
    r"as\s+an?\s+adjunct)\b.*$|\s*\[see[^\]]*\].*$",
    re.IGNORECASE,
)
_PARENS = re.compile(r"\s*\([^)]*\)")


def _chunks(clause: str) -> tuple[list[tuple[str, frozenset[int]]], bool]:
    """The uses a clause after 'indicated' names that the vocabulary knows, each with its
    concepts, and whether it names one it does not know: split at commas, each part cut
    where its qualifiers begin ("in patients at high risk …"), then split at "and"/"or"."""
    vocab = load()
    clause = _PARENS.sub("", clause)
    protected = _PROTECT.sub(lambda m: m.group(0).replace(" ", "_").replace("/", "_"), clause)
    known: list[tuple[str, frozenset[int]]] = []
    unknown = False
    for part in _STRONG.split(protected):
        part = _CUT.sub("", " " + part.replace("_", " ")).strip(" .")  # " who …" cut too
        part = re.sub(r"^(?:and|or)\s+", "", part, flags=re.IGNORECASE)
        protected_part = _PROTECT.sub(lambda m: m.group(0).replace(" ", "_"), part)
        for piece in _AND_OR.split(protected_part):
            name = _LEAD_WORDS.sub("", piece.replace("_", " ")).strip(" .")
            if not name:
                continue
            found = scan_label(name, vocab)[1]
            concepts = frozenset(c for hit in found for c in hit.meaning.concepts)
            if concepts:
                known.append((use_name(name), concepts))
            elif about(name).keys:
                unknown = True
    return known, unknown


def _distinct(indications: list[Indication]) -> list[Indication]:
    """One indication per set of words: 'Crohn's Disease' and 'Crohns Disease' are one."""
    seen: dict[frozenset[str], Indication] = {}
    for indication in indications:
        key = frozenset(words(indication.name))
        if key in seen:
            if indication.text not in seen[key].text:
                seen[key].text = squash(f"{seen[key].text} {indication.text}")
        else:
            seen[key] = indication
    return list(seen.values())


def _uses_from_dosing(label: Label, section: Section) -> list[Indication]:
    """Uses named by dosing titles ('Dosage for Treatment of Moderate to Severe BED')
    when the indications text has no structure of its own; abbreviations are spelled out
    from the indications text ('Moderate to Severe Binge Eating Disorder (BED)')."""
    dosage = label.first("dosage")
    if dosage is None or not dosage.subs:
        return []
    usage_text = text_of(section)
    usage_words = set(words(usage_text))
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
        rest_words = set(words(rest)) - _CONNECTORS
        if not rest_words or not rest_words <= usage_words:
            continue
        name = _spell_out(rest, usage_text)
        first_word = sorted(rest_words, key=len)[-1]
        sentence = next((s for s in sentences if first_word in words(s)), "")
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
