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
