"""From the model and the core's results to documents: what every command prints as text.

Lookups (``show``, ``dosage``, …) are built from a ``Monograph``; ``search``, ``list``,
``paths``, ``validate`` and ``import`` from what the library, the validator and the
importer return. Every builder returns a ``Doc`` (``document.py``); the writers decide how
it looks.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from ..textutil import gist
from .document import Bullet, Cell, Doc, Heading, Lines, Note, Para, Quote, Table, Title, Warn

if TYPE_CHECKING:  # the model is imported where a lookup's page needs it, not for the others
    from ..importer import ImportReport
    from ..interactions import Evidence, Pair, Report, Subject
    from ..library import Entry, Library
    from ..medlist import MedicineList
    from ..model import FAQ, Item, ItemList, Monograph, SideEffectGroup
    from ..paths import Folder
    from ..search import Hit
    from ..selection import DosingSelection
    from ..validate import Finding


# --------------------------------------------------------------------------- lookups


def header(mono: Monograph) -> Doc:
    """The title line: which product an imported monograph is, its other names, its class."""
    details = []
    if mono.product is not None:
        details.append(mono.product.summary)
    if mono.aliases:
        details.append("also " + ", ".join(mono.aliases))
    if mono.drug_class:
        details.append(mono.drug_class)
    return [Title(mono.title, " · ".join(details))]


def boxed(mono: Monograph) -> Doc:
    """The boxed warnings, one line each (title and gist), before any dose: the most
    important warning travels with the dose, as BNF and Lexicomp put it."""
    from ..model import boxed_title, boxed_warnings

    items = boxed_warnings(mono)
    if not items:
        return []
    doc: Doc = [Heading("Boxed warnings")]
    doc += [Warn(gist(i.text), boxed_title(i.label)) for i in items]
    doc.append(Note(f"The full warnings: medref precautions {mono.name}"))
    return doc


def usage(mono: Monograph) -> Doc:
    doc: Doc = [Para(text) for text in mono.usage.intro]
    doc += [Para(i.text, i.name) for i in mono.usage.indications]
    return doc


def dosage(mono: Monograph, selection: DosingSelection | None = None) -> Doc:
    if selection is None:
        doc: Doc = [Para(text) for text in mono.dosage.intro]
        doc += [Para(b.text, b.label) for b in mono.dosage.blocks]
        doc += [Para(n.text, n.label) for n in mono.dosage.notes]
        return doc
    doc = [Para(b.text, b.label) for b in selection.blocks]
    if selection.notes:
        doc.append(Heading("Applies to every indication"))
        doc += [Para(n.text, n.label) for n in selection.notes]
    return doc


def dosing(mono: Monograph, selection: DosingSelection | None = None) -> Doc:
    """``dosage``'s page: the boxed warnings first, then the dosing (all, or the one
    indication selected, with a note naming what the words also reached)."""
    doc = header(mono) + boxed(mono)
    if selection is None:
        return [*doc, Heading("Dosage"), *dosage(mono)]
    doc.append(Heading(f"Dosage — {selection.indication}"))
    if selection.set_aside:
        also = "; ".join(selection.set_aside)
        doc.append(Note(f"The words also reach {also}, less directly: name it to see its dosing."))
    return doc + dosage(mono, selection)


def side_effects(mono: Monograph, groups: list[SideEffectGroup] | None = None) -> Doc:
    effects = mono.side_effects
    whole = groups is None
    doc: Doc = [Para(t) for t in effects.intro] if whole else []
    for group in effects.groups if groups is None else groups:
        doc.append(Para("", group.label))
        doc += [Bullet(item) for item in group.items]
    if whole:
        doc += [Para(t) for t in effects.outro]
    return doc


def items(section: ItemList) -> Doc:
    doc: Doc = [Para(t) for t in section.intro]
    doc += [_item(i) for i in section.items]
    doc += [Para(t) for t in section.outro]
    return doc


def _item(item: Item) -> Warn | Bullet:
    from ..model import is_boxed_warning

    if is_boxed_warning(item.label):
        return Warn(item.text, item.label or "Boxed Warning")
    return Bullet(item.text, item.label)


def faqs(chosen: list[FAQ]) -> Doc:
    return [Para(f"A: {f.answer}" if f.answer else "", f"Q: {f.question}") for f in chosen]


def sources(mono: Monograph) -> Doc:
    doc: Doc = []
    for source in mono.sources:
        text = source.get("label", "")
        extra = [f"{k} {v}" for k, v in source.items() if k != "label" and v]
        doc.append(Bullet("; ".join(filter(None, [text, *extra]))))
    if mono.last_reviewed:
        doc.append(Note(f"Last reviewed: {mono.last_reviewed}"))
    return doc


def whole(mono: Monograph) -> Doc:
    """The whole monograph, as ``show`` prints it: its boxed warnings, every section, then
    the disclaimer."""
    doc = header(mono) + boxed(mono)
    parts: list[tuple[str, Doc]] = [
        ("Generic Name", [Para(mono.generic_name)] if mono.generic_name else []),
        ("Usage", usage(mono)),
        ("Dosage", dosage(mono)),
        ("Side Effects", side_effects(mono)),
        ("How it Works", items(mono.mechanism)),
        ("Precautions", items(mono.precautions)),
        ("Interactions", items(mono.interactions)),
        ("FAQs", faqs(mono.faqs)),
    ]
    parts += [(e.heading, [Para(i.text, i.label) for i in e.items]) for e in mono.extra_sections]
    parts.append(("Sources", sources(mono)))
    for title, body in parts:
        if body:
            doc += [Heading(title), *body]
    return [*doc, Heading("Disclaimer"), Para(mono.display_disclaimer)]


def section(mono: Monograph, key: str, body: Doc) -> Doc:
    """One section's page: the header, the section's title, its body."""
    from ..model import SECTION_TITLES

    return [*header(mono), Heading(SECTION_TITLES.get(key, key)), *body]


def pointer(name: str) -> Note:
    """The last line of a clinical page on a terminal."""
    return Note(f"Not medical advice. The disclaimer: medref show {name}")


# --------------------------------------------------------------------------- the library


def search(hits: list[Hit]) -> Doc:
    """Hits grouped by drug: the drug's name on its first hit's row only."""
    rows = []
    previous = None
    for hit in hits:
        where = hit.section_title
        spans: tuple[tuple[int, int], ...] = ()
        if hit.label:
            where += " › "
            spans = tuple((s + len(where), e + len(where)) for s, e in hit.label_highlights)
            where += hit.label
        drug = hit.title if hit.path != previous else ""
        previous = hit.path
        rows.append((Cell(drug), Cell(where, spans), Cell(hit.snippet, tuple(hit.highlights))))
    return [Table(("Drug", "Section", "Match"), tuple(rows))]


def listing(entries: Iterable[Entry], *, source: bool) -> Doc:
    """One row per monograph; a Product column when some are imported products."""
    entries = list(entries)
    products = any(e.product for e in entries)
    columns = (
        "Name",
        *(("Product",) if products else ()),
        "Class",
        "Indications",
        *(("Source",) if source else ()),
    )
    rows = []
    for e in entries:
        row = [e.title or e.name, *([e.product or ""] if products else [])]
        row += [e.drug_class or "", ", ".join(e.indications)]
        if source:
            where = e.folder.origin if e.folder.origin == "bundled" else str(e.path)
            if e.overrides:
                where += " (overrides " + ", ".join(str(p) for p in e.overrides) + ")"
            row.append(where)
        rows.append(tuple(Cell(text) for text in row))
    return [Table(columns, tuple(rows))]


def paths(counts: list[tuple[Folder, int | None]], lib: Library) -> Doc:
    rows = tuple(
        (
            Cell(str(i)),
            Cell(f.origin),
            Cell(str(f.path)),
            Cell(str(n) if n is not None else lib.problems.get(f.path, "")),
        )
        for i, (f, n) in enumerate(counts, 1)
    )
    return [Table(("#", "Origin", "Folder", "Monographs"), rows)]


# --------------------------------------------------------------------------- interactions

NOT_PROOF = (
    "no interaction found in the labels medref holds; this is not proof that the combination "
    "is safe"
)
CAUTION = (
    "Not medical advice. medref reads only the labels it holds, in their own words: a pair "
    "with nothing found is not proof that the combination is safe."
)


def severity_name(level: int) -> str:
    from ..severity import level_name

    return level_name(level).capitalize()


def interactions(report: Report, medicines: MedicineList) -> Doc:
    """``interactions``: the pairs the labels name, worst first, each with what its labels
    say; then what was found for the other pairs, and what could not be checked."""
    names = " · ".join(s.title for s in report.subjects)
    doc: Doc = [Title("Interactions", names), Para(interaction_summary(report))]
    for pair in report.pairs:
        doc += _pair(pair)
    doc += _unpaired(report, medicines)
    doc.append(Note(CAUTION))
    return doc


def interaction_summary(report: Report) -> str:
    """One line: how many pairs the labels name, at which levels, and the rest."""
    from collections import Counter

    total = len(report.pairs) + len(report.clear) + len(report.unchecked)
    if not report.pairs:
        text = NOT_PROOF[0].upper() + NOT_PROOF[1:]
        return text + f" ({_count(total, 'pair')} checked)."
    levels = Counter(p.severity for p in report.pairs)
    ordered = sorted(levels.items(), reverse=True)
    counts = ", ".join(f"{n} {severity_name(level).lower()}" for level, n in ordered)
    text = f"{len(report.pairs)} of {_count(total, 'pair')} named in the labels ({counts})"
    if report.clear:
        text += f"; {_count(len(report.clear), 'pair')} with no interaction found"
    if report.unchecked:
        text += f"; {len(report.unchecked)} not checked (no label of either)"
    return text + "."


def _pair(pair: Pair) -> Doc:
    title = f"{severity_name(pair.severity)}: {pair.first.title} + {pair.second.title}"
    doc: Doc = [Heading(title)]
    for evidence in pair.evidence:
        doc += _evidence(evidence)
    return doc


def _evidence(e: Evidence) -> Doc:
    where = e.where.split(" › ")[0] if e.whole_item else e.where
    said = f"{e.label_of.title} label, {where} ({severity_name(e.severity).lower()})"
    doc: Doc = [Para("", said), Quote(e.quote, tuple(e.highlights))]
    if e.dose_change:
        doc.append(Bullet(e.dose_change, "Dose change"))
    doc.append(Bullet(_matched(e), "Names"))
    source = e.label_of.record.source if e.label_of.record else ""
    reviewed = e.label_of.record.reviewed if e.label_of.record else None
    label = "; ".join(filter(None, [source, f"reviewed {reviewed}" if reviewed else ""]))
    doc.append(Bullet(label or "the monograph names no source", "Label"))
    return doc


def _matched(e: Evidence) -> str:
    """How the label names the medicine: "clarithromycin, by name" or "clarithromycin, as
    one of the strong dual CYP3A4 and P-gp inhibitors (class table)"."""
    parts = []
    for match in dict.fromkeys(e.matches):
        if match.how == "name":
            parts.append(f"{e.about.title} by name ({match.words!r})")
        elif match.how == "ingredient":
            parts.append(f"{e.about.title} by its ingredient ({match.words!r})")
        else:
            via = "its monograph's class" if match.class_via == "drug_class" else "class table"
            named = f"{e.about.title} as one of the {match.drug_class}"
            parts.append(f"{named} ({match.words!r}; {via})")
    return "; ".join(dict.fromkeys(parts))


def _unpaired(report: Report, medicines: MedicineList) -> Doc:
    doc: Doc = []
    if report.clear and report.pairs:
        pairs = "; ".join(f"{a.title} + {b.title}" for a, b in report.clear)
        doc.append(Para(f"{pairs}: {NOT_PROOF}.", "Nothing found"))
    for part, whole in report.ingredients:
        text = f"{part.title} is an ingredient of {whole.title}: the same medicine twice."
        doc.append(Para(text, "Same ingredient"))
    if report.unchecked:
        pairs = "; ".join(f"{a.title} + {b.title}" for a, b in report.unchecked)
        doc.append(Para(f"{pairs}: neither has a label in the library.", "Not checked"))
    if report.text_only:
        names = ", ".join(_text_only(s) for s in report.text_only)
        doc.append(Para(names, "Checked only against the other labels' text (no monograph)"))
    for asked, first, title in medicines.duplicates:
        doc.append(Para(f"{asked!r} is {title}, like {first!r}: checked once.", "Listed twice"))
    return doc


def _text_only(subject: Subject) -> str:
    if subject.known_from == "class table":
        return f"{subject.title} (in the class table)"
    return f"{subject.title} (named by a label)"


# --------------------------------------------------------------------------- authoring


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def validation(count: int, findings: list[Finding]) -> Doc:
    errors = sum(1 for f in findings if f.level == "error")
    summary = (
        f"{_count(count, 'monograph')} checked: {_count(errors, 'error')}, "
        f"{_count(len(findings) - errors, 'warning')}"
    )
    return [Lines((*(str(f) for f in findings), summary))]


def import_summary(report: ImportReport) -> Doc:
    first = (
        f"{_count(report.labels, 'label')} read: {_count(len(report.written), 'monograph')} "
        f"written to {report.directory}"
    )
    if report.replaced:
        first += f" ({report.replaced} replaced)"
    if report.merged:
        first += (
            f", {_count(report.merged, 'label')} merged into a monograph of the same generic "
            "(its newest label's text, every brand an alias)"
        )
    lines = [first + "."]
    skipped = [f"{n} {why}" for why, n in report.skipped.items()]
    if report.not_labels:
        skipped.append(f"{report.not_labels} not {_plural(report.not_labels, 'a drug label')}")
    for what, n in sorted(report.not_human.items()):
        skipped.append(f"{n} {what}{'' if n == 1 else 's'} (not for people)")
    if report.problem_count:
        skipped.append(f"{report.problem_count} unreadable")
    if skipped:
        lines.append("Skipped: " + "; ".join(skipped) + ".")
    if report.missing:
        parts = [f"{what} ({n})" for what, n in report.missing.most_common()]
        lines.append("Not in every label (imported without it): " + ", ".join(parts) + ".")
    return [Lines(tuple(lines))]


def _plural(n: int, one: str) -> str:
    return one if n == 1 else one.removeprefix("a ") + "s"
