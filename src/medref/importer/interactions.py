"""Interactions and Overdosage: the label's drug interactions and overdosage sections.

The Interactions section is read by the interaction checker, so its shape is a contract
(the bundled monographs use it, e.g. monographs/apixaban.md): an optional intro paragraph,
then one list item per interaction, ``* **<the drug or class the label names>:** <what the
label says>``, or ``* <text>`` for a paragraph that names none. The label's wording is kept:
it is quoted to clinicians. What names the drug, in the shapes labels use:

- a subsection title ("7.3 Anticoagulants"; "Aspirin" under an old label's "Drug
  interactions" precaution);
- a table row's first cell ("Monoamine Oxidase Inhibitors (MAOIs)" — Clinical Rationale: …),
  or a row of one cell heading the rows below it (PLR NSAID labels: "Aspirin", then
  "Clinical Impact: …" and "Intervention: …");
- a caption paragraph (an old label's bold "Warfarin"), or a paragraph's lead up to a colon or
  dash ("Glyburide—In a single-dose interaction study …").

Overdosage is written the same way (its subsections, "Symptoms and Signs", "Treatment", as
labelled items).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .label import Label, Section
from .markdown import Md, plain_title
from .textify import Block

# "Glyburide—In a single-dose study …", "ACE-inhibitors: Reports suggest …".
_LED = re.compile(r"^(?P<name>[^.:;—–\[\]]{2,80}?)\s*(?::\s|—|–\s|\s-\s)\s*(?P<rest>\S.*)$")
_TABLE_CAPTION = re.compile(r"^(?:table|see table)\s+\d+\b", re.IGNORECASE)
MAX_NAME_WORDS = 8


@dataclass
class _Item:
    label: str | None
    texts: list[str] = field(default_factory=list)

    def text(self) -> str:
        return " ".join(t for t in self.texts if t)


@dataclass
class _Collector:
    items: list[_Item] = field(default_factory=list)
    group: _Item | None = None  # a heading row, or a caption: the items that follow join it

    def add(self, label: str | None, text: str) -> _Item:
        item = _Item(label, [text] if text else [])
        self.items.append(item)
        return item


# An old-format label whose precautions are not divided into sections (a repackager's
# flattened SPL, an openFDA record without drug_interactions) runs its drug interactions
# into the text ("… at the end of this document. Drug Interactions ACE-inhibitors Reports
# suggest …") or gives them a caption paragraph ("Drug Interactions", then "ACE-inhibitors
# Reports suggest …"), up to the next precautions subsection.
_RUN_IN = re.compile(r"(?:^|(?<=[.:\]])\s+)Drug Interactions:?(?:\s*(?=[A-Z])|\s*$)")
_TITLE = re.compile(r"\s*drug interactions\s*:?\s*", re.IGNORECASE)
_NEXT_PRECAUTION = re.compile(
    r"(?:^|(?<=[.:\]])\s+)(?:Drug/Laboratory Test Interactions|Drug-Laboratory Test Interactions"
    r"|Laboratory Tests|Carcinogenesis|Pregnancy|Usage in Pregnancy|Nursing Mothers"
    r"|Labor and Delivery|Pediatric Use|Geriatric Use|Information for Patients"
    r"|Drug Abuse and Dependence|Hematologic Effects)\b"
)


def hoist_run_in_interactions(label: Label) -> None:
    """Move a precautions (or warnings) text's "Drug Interactions" part (see ``_RUN_IN``)
    to the label's interactions, when it has no drug interactions section of its own."""
    if label.sections.get("interactions"):
        return
    for key in ("precautions", "warnings_precautions", "warnings"):
        for section in label.sections.get(key, []):
            moved = _cut_run_in(section)
            if moved is not None:
                label.sections["interactions"] = [moved]
                return


def _cut_run_in(section: Section) -> Section | None:
    """The section's "Drug Interactions" subsection (one its label gave no code), or the
    run-in part of its own text, cut out of it; None when it has neither."""
    for index, sub in enumerate(section.subs):
        if _TITLE.fullmatch(sub.title):
            return section.subs.pop(index)
    blocks = section.blocks
    for index, block in enumerate(blocks):
        start = _RUN_IN.search(block.text)
        if start is None:
            continue
        before = block.text[: start.start()].strip()
        kept = blocks[:index] + ([block._replace(text=before)] if before else [])
        moved: list[Block] = []
        rest: list[Block] = []
        pieces = [block._replace(text=block.text[start.end() :].strip()), *blocks[index + 1 :]]
        for position, piece in enumerate(pieces):
            end = _NEXT_PRECAUTION.search(piece.text)
            if end is None:
                moved.append(piece)
                continue
            head, tail = piece.text[: end.start()].strip(), piece.text[end.start() :].strip()
            moved += [piece._replace(text=head)] if head else []
            rest = [piece._replace(text=tail), *pieces[position + 1 :]]
            break
        section.blocks = kept + rest
        subs = _run_in_items([b for b in moved if b.text])
        return Section(title="Drug Interactions", subs=subs) if subs else None
    return None


def _run_in_items(blocks: list[Block]) -> list[Section]:
    """The moved paragraphs as items: a caption paragraph ("Aspirin", a flattened table's
    row heading) and the paragraphs after it are one item under it; any other paragraph is
    an item of its own, about the drug its run-in title names ("ACE-inhibitors Reports
    suggest …", "Antacids The concomitant …"), not one item about them all."""
    items: list[Section] = []
    under: Section | None = None
    for block in blocks:
        if _TABLE_CAPTION.match(block.text):
            continue  # "Table 2: Clinically Significant Drug Interactions with Diclofenac"
        if _caption_paragraph(block):
            under = Section(title=block.text)
            items.append(under)
        elif under is not None:
            under.blocks.append(block)
        else:
            items.append(Section(title="", blocks=[block]))
    return items


def _caption_paragraph(block: Block) -> bool:
    text = block.text.strip()
    return (
        block.kind == "p"
        and len(text.split()) <= MAX_NAME_WORDS
        and text[:1].isupper()
        and not text.endswith((".", ":", "!", "?"))
    )


def interactions_section(md: Md, label: Label) -> None:
    """``### Interactions`` from the label's drug interactions sections, if it has one."""
    _write(md, "Interactions", label.sections.get("interactions", []))


def overdosage_section(md: Md, label: Label) -> None:
    """``### Overdosage`` from the label's overdosage section, if it has one."""
    _write(md, "Overdosage", label.sections.get("overdosage", []))


def _write(md: Md, heading: str, sections: list[Section]) -> None:
    collector = _Collector()
    for section in sections:
        _collect(section, collector, None)
    items = [i for i in collector.items if i.text() or i.label]
    items = [i for i in items if i.text()]
    if not items:
        return
    md.heading(heading)
    if items[0].label is None and len(items) > 1:
        md.para(items.pop(0).text())
    for item in items:
        md.item(item.text(), label=item.label)
    md.end_list()


def _collect(section: Section, out: _Collector, title: str | None) -> None:
    """A section's blocks as items (untitled paragraphs under ``title``), then its
    subsections', each under its own title."""
    out.group = None
    own: _Item | None = None  # the item the section's untitled paragraphs go to
    blocks = section.blocks
    for index, block in enumerate(blocks):
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        if block.kind == "row":
            _row(block, following, out)
            continue
        if block.kind == "h":
            out.group = out.add(block.text.rstrip(":").strip(), "")
            continue
        if _TABLE_CAPTION.match(block.text) and following is not None:
            continue  # "Table 3: Clinically Significant Drug Interactions with X"
        text = f"• {block.text}" if block.kind == "li" and out.group is not None else block.text
        if out.group is not None:
            out.group.texts.append(text)
            continue
        led = _led(block.text)
        if led is not None:
            out.add(*led)
        elif own is not None:
            own.texts.append(text)
        else:
            own = out.add(title, text)
    for sub in section.subs:
        sub_title = plain_title(sub.title) or title
        _collect(sub, out, sub_title)
        out.group = None


def _row(block: Block, following: Block | None, out: _Collector) -> None:
    """A table row: an item of its first cell, a heading row of the rows below it, or a
    line of the heading row above it."""
    if not block.lead:
        if following is not None and following.kind == "row" and following.lead:
            out.group = out.add(block.text.rstrip(":").strip(), "")
        else:
            out.group = None
            out.add(None, block.text)
        return
    body = block.text[len(block.lead) :].lstrip(" —|")
    if out.group is not None:
        lead = block.lead if block.lead.endswith(":") else f"{block.lead}:"
        out.group.texts.append(f"{lead} {body}")
    else:
        out.add(block.lead.rstrip(":").strip(), body)


def _led(text: str) -> tuple[str, str] | None:
    """'Aspirin: When …' -> ('Aspirin', 'When …'): a paragraph that starts by naming a
    drug or class (a few words, no sentence) before a colon or a dash."""
    match = _LED.match(text)
    if not match:
        return None
    name = match.group("name").strip()
    if len(name.split()) > MAX_NAME_WORDS or not name[:1].isalpha():
        return None
    return name, match.group("rest")
