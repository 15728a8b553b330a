"""What an FDA label says, whatever it came in: the neutral form both readers produce.

``spl.py`` (DailyMed XML) and ``openfda.py`` (openFDA JSON) each turn one label into a
``Label``; ``build.py`` turns a ``Label`` into a monograph. Sections are keyed by what they
are (``indications``, ``dosage``, ``boxed``, …), not by LOINC code or field name, so the
builder has one mapping to get right.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .textify import Block


class ImportProblem(Exception):
    """One input (a file, a zip member, a JSON record) that cannot be imported, and why.

    Not a MedrefError: a problem skips that input and the batch goes on; the summary
    reports it.
    """

    def __init__(
        self, origin: str, reason: str, *, unreadable: bool = True, kind: str = ""
    ) -> None:
        super().__init__(f"{origin}: {reason}")
        self.origin = origin
        self.reason = reason
        # False for a readable document that is simply not a drug label.
        self.unreadable = unreadable
        # What a document for no human patient is ("veterinary label"), for the summary.
        self.kind = kind


@dataclass
class Section:
    title: str  # without its number: "Rheumatoid Arthritis"
    blocks: list[Block] = field(default_factory=list)  # content before any subsection
    subs: list[Section] = field(default_factory=list)
    number: str = ""  # "2.1"
    highlight: list[Block] = field(default_factory=list)  # the Highlights excerpt (SPL)

    def all_blocks(self) -> list[Block]:
        """Every block, subsections' included, each subsection's title as a paragraph."""
        out = list(self.blocks)
        for sub in self.subs:
            sub_blocks = sub.all_blocks()
            if sub.title and sub_blocks and sub_blocks[0].kind == "p":
                first = sub_blocks[0]
                sub_blocks[0] = Block("p", f"{sub.title}: {first.text}", first.depth)
            elif sub.title:
                sub_blocks.insert(0, Block("p", f"{sub.title}:"))
            out.extend(sub_blocks)
        return out


@dataclass
class Label:
    origin: str  # what the summary calls it: "file.xml", "bulk.zip:x/y.xml", "f.json#12"
    fmt: str  # "spl" | "openfda"
    otc: bool = False
    doc_type: str = ""
    doc_title: str = ""
    generic: list[str] = field(default_factory=list)  # as the label names them
    moieties: list[str] = field(default_factory=list)  # active moieties (SPL)
    brands: list[str] = field(default_factory=list)
    substances: list[str] = field(default_factory=list)  # active ingredients ("… sodium")
    unii: list[str] = field(default_factory=list)  # their UNII codes
    routes: list[str] = field(default_factory=list)  # as the label gives them: "ORAL"
    forms: list[str] = field(default_factory=list)  # dosage forms: "TABLET, FILM COATED"
    drug_class: str | None = None
    set_id: str = ""
    version: str = ""
    effective: str = ""  # YYYY-MM-DD
    labeler: str = ""
    sections: dict[str, list[Section]] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)  # notes for the summary

    def first(self, key: str) -> Section | None:
        found = self.sections.get(key)
        return found[0] if found else None

    def add(self, key: str, section: Section) -> None:
        self.sections.setdefault(key, []).append(section)
