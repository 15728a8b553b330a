"""A ``Label`` to a monograph in medref's format (docs/monograph-format.md).

``build`` writes every required section (Usage, Dosage, Side Effects, Precautions), saying so
when the label lacks one, and the others the label has (How it Works, Interactions,
Overdosage, FAQs). Usage is in ``uses``, Dosage in ``dosing``, Side Effects in ``effects``,
Interactions and Overdosage in ``interactions``; the rest is here.
"""

from __future__ import annotations

import re

from ..descriptive import is_descriptive
from ..textutil import name_key, words
from .dosing import dosage_section
from .effects import side_effects_section
from .interactions import hoist_run_in_interactions, interactions_section, overdosage_section
from .label import Label, Section
from .markdown import Draft, Md, plain_title, safe_label, safe_text, text_of, title_case
from .names import brand_names, moiety_title
from .product import Identity, identify
from .textify import Block, joined
from .uses import usage_section

DISCLAIMER = (
    "Imported automatically from the official FDA label named in the sources; not reviewed "
    "by a person. This information is for educational purposes only and is not a substitute "
    "for professional medical advice. Always consult your doctor or pharmacist before "
    "starting, stopping or changing any medication."
)

DAILYMED = "https://dailymed.nlm.nih.gov/dailymed/lookup.cfm?setid={}"

# Words that say nothing about which use a dosing title is about.


def build(label: Label) -> Draft:
    title, others = moiety_title(label)
    if not title:
        from .label import ImportProblem

        raise ImportProblem(label.origin, "no drug name in the label", unreadable=False)
    key = name_key(title)
    uses = _uses_text(label)
    aliases, generic_brands = brand_names(label, title, uses)
    missing = list(label.missing)
    md = Md()
    md.heading("Generic Name")
    generic = label.generic[0] if label.generic else ""
    if is_descriptive(generic, uses, title):
        generic = ""  # "Inflammation Reduction Pack" is no generic name
    if generic and name_key(generic) != key:
        md.para(f"{title} (as {generic})")
    else:
        md.para(title)

    indications = usage_section(md, label, missing)
    dosage_section(md, label, indications, missing, title)
    side_effects_section(md, label, missing)
    _mechanism(md, label, missing)
    hoist_run_in_interactions(label)  # before the precautions are written: moved, not copied
    _precautions(md, label, missing)
    interactions_section(md, label)
    overdosage_section(md, label)
    _faqs(md, label)
    md.para(DISCLAIMER, label="Disclaimer")

    source = _source(label, title, generic)
    return Draft(
        title=title,
        key=key,
        aliases=aliases,
        identity=_identity(label, title),
        generic=title,
        names=_unique_names([title, *others, *generic_brands]),
        labeler=label.labeler,
        drug_class=label.drug_class or _otc_class(label),
        source=source,
        last_reviewed=label.effective,
        body=md.text(),
        origin=label.origin,
        effective=label.effective,
        version=label.version,
        set_id=label.set_id,
        missing=missing,
    )


def _unique_names(names: list[str]) -> list[str]:
    seen: dict[str, str] = {}
    for name in names:
        if name_key(name):
            seen.setdefault(name_key(name), name)
    return list(seen.values())


def _uses_text(label: Label) -> str:
    """What the label says the drug is for: its symptoms are no brand names."""
    sections = [*label.sections.get("indications", []), *label.sections.get("purpose", [])]
    return " ".join(text_of(s) for s in sections[:3])


def _identity(label: Label, title: str) -> Identity:
    return identify(
        substances=label.substances or label.generic[:1] or [title],
        unii=label.unii,
        generic=title,
        routes=label.routes,
        forms=label.forms,
        otc=label.otc,
    )


def _source(label: Label, title: str, generic: str) -> dict[str, str]:
    brand = label.brands[0] if label.brands else ""
    name = f"{brand.upper()} ({generic or title})" if brand else (generic or title)
    kind = "OTC Drug Facts label" if label.otc else "US prescribing information"
    where = "DailyMed SPL" if label.fmt == "spl" else "openFDA drug label"
    return {
        "label": f"{name}, {kind} ({where})",
        "publisher": label.labeler,
        "revised": label.effective[:7],
        "url": DAILYMED.format(label.set_id) if label.set_id else "",
        "set_id": label.set_id,
        "version": label.version,
        "effective": label.effective,
        "labeler": label.labeler,
    }


def _otc_class(label: Label) -> str | None:
    """An OTC label's Purpose ("Pain reliever") is the closest it has to a class; without
    the heading the text may repeat ("Purpose Pain reliever"), and not when it is another
    section's text ("USES Boils, Abscess" in a Purpose field)."""
    purpose = label.first("purpose")
    if purpose is None:
        return None
    text = _PURPOSE_HEADING.sub("", joined(purpose.all_blocks())).strip()
    if not text or len(text) > 80 or _OTHER_HEADING.match(text):
        return None
    return text


_PURPOSE_HEADING = re.compile(r"^\s*purposes?\b[\s:.-]*", re.IGNORECASE)
_OTHER_HEADING = re.compile(r"(?:uses?|indications?|directions|warnings?)\b", re.IGNORECASE)


# --------------------------------------------------------------------------- How it Works


def _mechanism(md: Md, label: Label, missing: list[str]) -> None:
    section = label.first("mechanism")
    if section is None:
        missing.append("mechanism of action")
        return
    md.heading("How it Works")
    _items(md, "Mechanism of Action", section)
    md.end_list()


def _items(md: Md, label: str | None, section: Section, sub_prefix: str = "") -> None:
    """A section as list items: its own text under ``label`` (with the titles of empty
    subsections, and the text of untitled ones), one labelled item per caption in it (an
    old label's bold "Hepatotoxicity"), then one per titled subsection, recursively."""
    blocks = list(section.blocks)
    titled: list[Section] = []
    pending = list(section.subs)
    while pending:
        sub = pending.pop(0)
        if plain_title(sub.title):
            if sub.blocks or sub.subs:
                titled.append(sub)
            else:
                blocks.append(Block("p", plain_title(sub.title)))  # "4.1 Active liver disease"
            continue
        blocks += sub.blocks
        pending[:0] = sub.subs
    groups: list[tuple[str | None, list[Block]]] = [(label, [])]
    for block in blocks:
        if block.kind == "h":
            groups.append((sub_prefix + plain_title(block.text), []))
        else:
            groups[-1][1].append(block)
    alone = len(groups) == 1 and not titled  # a section with nothing but its own text
    for group_label, group in groups:
        if group or (alone and group_label is not None):
            _block_items(md, group_label, group)
    for sub in titled:
        _items(md, sub_prefix + plain_title(sub.title), sub, sub_prefix)


def _block_items(md: Md, label: str | None, blocks: list[Block]) -> None:
    """Blocks as an item under ``label``: the paragraphs before the first list item, then
    the list items under it and what follows them, in the label's order, so that a bullet
    is never moved away from the sentence that leads it."""
    first = next((i for i, b in enumerate(blocks) if b.kind == "li"), len(blocks))
    paragraphs = [b.text for b in blocks[:first]]
    text = (
        "; ".join(p.rstrip(".;") for p in paragraphs)
        if _all_short(paragraphs) and first == len(blocks)
        else " ".join(paragraphs)
    )
    if label is not None:
        md.item(text, label=label)
    elif paragraphs:
        md.item(text)
    for block in blocks[first:]:
        md.item(block.text, depth=block.depth + 1 if block.kind == "li" else 0)


def _all_short(paragraphs: list[str]) -> bool:
    """Bare subsection titles read as a list: 'Active liver disease; Hypersensitivity'."""
    return len(paragraphs) > 1 and all(len(p) <= 120 and not p.endswith(".") for p in paragraphs)


# --------------------------------------------------------------------------- Precautions

_PRECAUTION_KEYS = (
    ("contraindications", "Contraindications"),
    ("warnings_precautions", "Warnings and Precautions"),
    ("warnings", "Warnings"),
    ("precautions", "Precautions"),
    ("do_not_use", "Do not use"),
    ("ask_doctor", "Ask a doctor before use if"),
    ("ask_doctor_pharmacist", "Ask a doctor or pharmacist before use if"),
    ("when_using", "When using this product"),
    ("stop_use", "Stop use and ask a doctor if"),
    ("pregnancy_breastfeeding", "If pregnant or breast-feeding"),
    ("keep_out_of_reach", "Keep out of reach of children"),
    ("specific_populations", "Use in Specific Populations"),
)

_POPULATION_KEYS = (
    ("pregnancy", "Pregnancy"),
    ("lactation", "Lactation"),
    ("nursing", "Nursing Mothers"),
    ("pediatric", "Pediatric Use"),
    ("geriatric", "Geriatric Use"),
)


def _precautions(md: Md, label: Label, missing: list[str]) -> None:
    md.heading("Precautions")
    wrote = False
    for boxed in label.sections.get("boxed", []):
        boxed = _titled_box(boxed)
        title = title_case(re.sub(r"^\s*WARNINGS?\s*:?\s*", "", boxed.title, flags=re.I))
        box_label = f"Boxed Warning – {title}" if title else "Boxed Warning"
        # One item: the parser lists boxed warnings first, and separate list items of a
        # box would be moved away from it.
        md.item(text_of(boxed), label=box_label)
        wrote = True
    if "boxed" not in label.sections and not label.otc:
        missing.append("boxed warning")
    for key, name in _PRECAUTION_KEYS:
        for section in label.sections.get(key, []):
            own = name if label.otc or not section.title else title_case(section.title)
            if key == "specific_populations":
                own = title_case(section.title) or name
            if _is_boxed_label(own):
                own = name
            prefix = "Contraindication – " if key == "contraindications" else ""
            _items(md, own, section, prefix)
            wrote = True
    if not any(k in label.sections for k in ("specific_populations", "precautions")):
        for key, name in _POPULATION_KEYS:
            for section in label.sections.get(key, []):
                _items(md, title_case(section.title) or name, section)
                wrote = True
    if not any(k in label.sections for k, _n in _PRECAUTION_KEYS):
        missing.append("warnings and precautions")
    md.end_list()
    if not wrote:
        md.para("The label has no warnings, precautions or contraindications section.")


def _titled_box(boxed: Section) -> Section:
    """An untitled box whose first line is its title ("WARNING: LACTIC ACIDOSIS", a
    caption), titled by it."""
    first = boxed.blocks[0] if boxed.blocks else None
    if boxed.title or first is None or first.kind != "h":
        return boxed
    if not re.match(r"^\s*WARNINGS?\b", first.text, flags=re.I):
        return boxed
    return Section(title=first.text, blocks=boxed.blocks[1:], subs=boxed.subs)


def _is_boxed_label(text: str) -> bool:
    return words(text)[:2] == ["boxed", "warning"]


# --------------------------------------------------------------------------- FAQs


def _faqs(md: Md, label: Label) -> None:
    pairs: list[tuple[str, str]] = []
    section = label.first("counseling")
    if section is not None:
        intro = joined(section.blocks)
        if intro:
            pairs.append(("What does the label advise patients?", intro))
        for sub in section.subs:
            title = plain_title(sub.title)
            answer = text_of(Section(title="", blocks=sub.blocks, subs=sub.subs))
            if not answer:
                continue
            if title:
                about = " ".join(
                    w.lower() if w[:1].isupper() and w[1:].islower() else w for w in title.split()
                )
                pairs.append((f"What should patients know about {about}?", answer))
            else:
                pairs.append(("What else does the label advise patients?", answer))
    questions = label.first("questions")
    if questions is not None:
        answer = text_of(questions)
        if answer:
            pairs.append((questions.title or "Questions or comments?", answer))
    if not pairs:
        return
    md.heading("FAQs")
    for question, answer in pairs:
        # "… A: …" inside a question would end it early when the file is read back.
        question = re.sub(r"(?<=\s)A\s*[:.]", "A", safe_label(question))
        if not question.endswith("?"):
            question += "?"
        md.lines.append(f"* **Q: {question}** A: {safe_text(answer, item=True)}")
    md.end_list()
