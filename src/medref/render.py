"""From the model to output: a small document of blocks, rendered as plain text or JSON.

Commands build a ``Doc`` (a list of blocks: title, heading, paragraph, bullet, note, table)
from the model; ``plain`` renders it without any terminal codes (pipes, ``NO_COLOR``), and
``terminal.py`` renders the same document with Rich. Monograph text is only ever data:
nothing here or there interprets it as markup.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .model import Item, ItemList, Monograph, boxed_title, boxed_warnings, is_boxed_warning
from .textutil import gist

if TYPE_CHECKING:  # the selection engine is only imported when words select
    from .selection import DosingSelection

# A block is a tuple whose first element names its kind:
#   ("title", text, subtitle)        ("heading", text)
#   ("para", label | None, text)     ("bullet", label | None, text)
#   ("warn", label, text)            a boxed warning
#   ("note", text)                   secondary text (dim on a terminal)
#   ("table", columns, rows)         rows of cells; a cell is text or [text, spans]
Block = tuple[Any, ...]
Doc = list[Block]


# --------------------------------------------------------------------------- building


def header(mono: Monograph) -> Doc:
    details = []
    if mono.aliases:
        details.append("also " + ", ".join(mono.aliases))
    if mono.drug_class:
        details.append(mono.drug_class)
    return [("title", mono.title, " · ".join(details))]


def usage(mono: Monograph) -> Doc:
    doc: Doc = [("para", None, text) for text in mono.usage.intro]
    doc += [("para", i.name, i.text) for i in mono.usage.indications]
    return doc


def dosage(mono: Monograph, selection: DosingSelection | None = None) -> Doc:
    if selection is None:
        doc: Doc = [("para", None, text) for text in mono.dosage.intro]
        doc += [("para", b.label, b.text) for b in mono.dosage.blocks]
        doc += [("para", n.label, n.text) for n in mono.dosage.notes]
        return doc
    doc = [("para", b.label, b.text) for b in selection.blocks]
    if selection.notes:
        doc.append(("heading", "Applies to every indication"))
        doc += [("para", n.label, n.text) for n in selection.notes]
    return doc


def side_effects(mono: Monograph, groups: list[Any] | None = None, *, intro: bool = True) -> Doc:
    effects = mono.side_effects
    doc: Doc = [("para", None, t) for t in effects.intro] if intro else []
    for group in groups if groups is not None else effects.groups:
        doc.append(("para", group.label, ""))
        doc += [("bullet", None, item) for item in group.items]
    if intro:
        doc += [("para", None, t) for t in effects.outro]
    return doc


def items(section: ItemList) -> Doc:
    doc: Doc = [("para", None, t) for t in section.intro]
    doc += [_item(i) for i in section.items]
    doc += [("para", None, t) for t in section.outro]
    return doc


def _item(item: Item) -> Block:
    if is_boxed_warning(item.label):
        return ("warn", item.label, item.text)
    return ("bullet", item.label, item.text)


def faqs(faq_list: list[Any]) -> Doc:
    return [("para", f"Q: {f.question}", f"A: {f.answer}" if f.answer else "") for f in faq_list]


def sources(mono: Monograph) -> Doc:
    doc: Doc = []
    for source in mono.sources:
        text = source.get("label", "")
        extra = [f"{k} {v}" for k, v in source.items() if k != "label" and v]
        doc.append(("bullet", None, "; ".join(filter(None, [text, *extra]))))
    if mono.last_reviewed:
        doc.append(("note", f"Last reviewed: {mono.last_reviewed}"))
    return doc


def boxed(mono: Monograph) -> Doc:
    """The boxed warnings, one line each (title and gist), before any dose: the most
    important warning travels with the dose, as BNF and Lexicomp put it."""
    items = boxed_warnings(mono)
    if not items:
        return []
    doc: Doc = [("heading", "Boxed warnings")]
    doc += [("warn", boxed_title(i.label), gist(i.text)) for i in items]
    doc.append(("note", f"The full warnings: medref precautions {mono.name}"))
    return doc


def boxed_json(mono: Monograph) -> list[dict[str, str]]:
    return [
        {"title": boxed_title(i.label), "gist": gist(i.text), "text": i.text}
        for i in boxed_warnings(mono)
    ]


def whole(mono: Monograph) -> Doc:
    """The whole monograph, as ``show`` prints it: its boxed warnings, every section, then
    the disclaimer."""
    doc = header(mono) + boxed(mono)
    parts: list[tuple[str, Doc]] = [
        ("Generic Name", [("para", None, mono.generic_name)] if mono.generic_name else []),
        ("Usage", usage(mono)),
        ("Dosage", dosage(mono)),
        ("Side Effects", side_effects(mono)),
        ("How it Works", items(mono.mechanism)),
        ("Precautions", items(mono.precautions)),
        ("FAQs", faqs(mono.faqs)),
    ]
    parts += [
        (extra.heading, [("para", i.label, i.text) for i in extra.items])
        for extra in mono.extra_sections
    ]
    parts.append(("Sources", sources(mono)))
    for title, body in parts:
        if body:
            doc.append(("heading", title))
            doc += body
    doc.append(("heading", "Disclaimer"))
    doc.append(("para", None, mono.display_disclaimer))
    return doc


def section(mono: Monograph, title: str, body: Doc) -> Doc:
    return [*header(mono), ("heading", title), *body]


def dosing(mono: Monograph, selection: DosingSelection | None = None) -> Doc:
    """``dosage``'s page: the boxed warnings first, then the dosing (all, or the one
    indication selected, with a note naming what the words also reached)."""
    doc = header(mono) + boxed(mono)
    if selection is None:
        return [*doc, ("heading", "Dosage"), *dosage(mono)]
    doc.append(("heading", f"Dosage — {selection.indication}"))
    if selection.set_aside:
        doc.append(
            (
                "note",
                "The words also reach "
                + "; ".join(selection.set_aside)
                + ", less directly: name it to see its dosing.",
            )
        )
    return doc + dosage(mono, selection)


def dosing_json(mono: Monograph, selection: DosingSelection | None) -> dict[str, Any]:
    data: dict[str, Any] = {
        "drug": mono.name,
        "title": mono.title,
        "boxed_warnings": boxed_json(mono),
    }
    if selection is None:
        data.update(
            intro=mono.dosage.intro,
            blocks=[_block_json(b) for b in mono.dosage.blocks],
            notes=[{"label": n.label, "text": n.text} for n in mono.dosage.notes],
        )
        return data
    data.update(
        indication=selection.indication,
        blocks=[_block_json(b) for b in selection.blocks],
        notes=[{"label": n.label, "text": n.text} for n in selection.notes],
        also_reached=selection.set_aside,
    )
    return data


def _block_json(block: Any) -> dict[str, Any]:
    return {"label": block.label, "indication": block.indication or block.label, "text": block.text}


# --------------------------------------------------------------------------- plain text


def plain(doc: Doc) -> str:
    """Render without terminal codes: one line per paragraph, so grep and cut work on it."""
    out: list[str] = []

    def gap() -> None:
        if out and out[-1] != "":
            out.append("")

    previous = ""
    for block in doc:
        kind = block[0]
        if kind == "title":
            gap()
            out.append(block[1])
            out.append("=" * len(block[1]))
            if block[2]:
                out.append(block[2])
        elif kind == "heading":
            gap()
            out.append(block[1])
            out.append("-" * len(block[1]))
        elif kind in ("para", "warn"):
            if previous not in ("heading", "title") and not (kind == previous == "warn"):
                gap()
            label = block[1]
            if kind == "warn":
                label = f"!! {label}"
            out.append(_labelled(label, block[2]))
        elif kind == "bullet":
            out.append("  - " + _labelled(block[1], block[2]))
        elif kind == "note":
            if previous not in ("heading", "title", "note"):
                gap()
            out.append(block[1])
        elif kind == "table":
            gap()
            out.extend(_plain_table(block[1], block[2]))
        previous = kind
    return "\n".join(out).rstrip() + "\n"


def _labelled(label: str | None, text: str) -> str:
    if label and text:
        return f"{label}: {text}"
    if label:
        return f"{label}:"
    return text


def cell_text(cell: Any) -> str:
    return cell if isinstance(cell, str) else str(cell[0])


def _plain_table(columns: list[str], rows: list[list[Any]]) -> list[str]:
    texts = [[cell_text(c) for c in row] for row in rows]
    widths = [len(c) for c in columns]
    for row in texts:
        for i, value in enumerate(row[:-1]):
            widths[i] = max(widths[i], len(value))

    def line(values: list[str]) -> str:
        padded = [v.ljust(widths[i]) for i, v in enumerate(values[:-1])]
        return "  ".join([*padded, values[-1]]).rstrip()

    return [line(columns), line(["-" * w for w in widths[:-1]] + ["-" * len(columns[-1])])] + [
        line(row) for row in texts
    ]


def line_count(text: str) -> int:
    return text.count("\n")
