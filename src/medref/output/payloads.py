"""Every ``--json`` payload medref prints, and the JSON Schema of each.

One function per payload, beside its schema; ``docs/json-schema.json`` is generated from
``json_schema()`` (``python docs/generate.py``) and the tests validate every command's
``--json`` output against it. ``SCHEMA_VERSION`` changes whenever a payload's shape does
(adding a field included); the file records it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from ..textutil import gist

if TYPE_CHECKING:
    from ..importer import ImportReport
    from ..interactions import Evidence, Report, Subject
    from ..library import Entry, Library
    from ..medlist import MedicineList
    from ..model import FAQ, Monograph, SideEffectGroup
    from ..paths import Folder
    from ..search import Hit
    from ..selection import DosingSelection
    from ..validate import Finding

SCHEMA_VERSION = 4

Payload = dict[str, Any]

# --------------------------------------------------------------------------- schema helpers

STR: Payload = {"type": "string"}
INT: Payload = {"type": "integer"}
NUM: Payload = {"type": "number"}
BOOL: Payload = {"type": "boolean"}


def _obj(**properties: Payload) -> Payload:
    """An object with exactly these properties, all present."""
    return {
        "type": "object",
        "properties": properties,
        "required": sorted(properties),
        "additionalProperties": False,
    }


def _opt(schema: Payload) -> Payload:
    return {"anyOf": [schema, {"type": "null"}]}


def _arr(schema: Payload) -> Payload:
    return {"type": "array", "items": schema}


def _map(schema: Payload) -> Payload:
    return {"type": "object", "additionalProperties": schema}


LABELLED = _obj(label=_opt(STR), text=STR, line=INT)
ITEM_LIST = _obj(intro=_arr(STR), items=_arr(LABELLED), outro=_arr(STR))
INDICATION = _obj(name=STR, text=STR, line=INT)
USAGE = _obj(intro=_arr(STR), indications=_arr(INDICATION))
BLOCK = _obj(label=STR, indication=STR, text=STR)
NOTE = _obj(label=_opt(STR), text=STR)
GROUP = _obj(label=STR, kind={"enum": ["common", "serious", "other"]}, items=_arr(STR), line=INT)
FAQ_ITEM = _obj(question=STR, answer=STR, line=INT)
BOXED = _obj(title=STR, gist=STR, text=STR)
PRODUCT = _obj(
    generic=STR,
    ingredients=_arr(STR),
    routes=_arr(STR),
    forms=_arr(STR),
    status=STR,
    unii=_arr(STR),
    names=_arr(STR),
)
MONOGRAPH = _obj(
    name=STR,
    title=STR,
    aliases=_arr(STR),
    drug_class=_opt(STR),
    product=_opt(PRODUCT),
    sources=_arr(_map(STR)),
    last_reviewed=_opt(STR),
    generic_name=_opt(STR),
    usage=USAGE,
    dosage=_obj(
        intro=_arr(STR),
        blocks=_arr(_obj(label=STR, text=STR, indication=_opt(STR), line=INT)),
        notes=_arr(LABELLED),
    ),
    side_effects=_obj(intro=_arr(STR), groups=_arr(GROUP), outro=_arr(STR)),
    mechanism=ITEM_LIST,
    precautions=ITEM_LIST,
    interactions=ITEM_LIST,
    faqs=_arr(FAQ_ITEM),
    disclaimer=_opt(STR),
    extra_sections=_arr(_obj(heading=STR, items=_arr(LABELLED), line=INT)),
    extra={"type": "object"},
    section_lines=_map(INT),
    meta_lines=_map(INT),
    schema=INT,
)

# --------------------------------------------------------------------------- lookups


def show(mono: Monograph) -> Payload:
    """``show``: the whole model."""
    return mono.to_dict()


def section(mono: Monograph, key: str) -> Payload:
    """``usage``, ``mechanism``, ``precautions``: one section of the model."""
    return {"drug": mono.name, "title": mono.title, key: mono.to_dict()[key]}


def dosage(mono: Monograph, selection: DosingSelection | None) -> Payload:
    """``dosage``: every block, or (with indication words) the selected indication's."""
    data: Payload = {"drug": mono.name, "title": mono.title, "boxed_warnings": _boxed(mono)}
    if selection is None:
        data.update(
            intro=mono.dosage.intro,
            blocks=[_block(b) for b in mono.dosage.blocks],
            notes=[{"label": n.label, "text": n.text} for n in mono.dosage.notes],
        )
        return data
    data.update(
        indication=selection.indication,
        blocks=[_block(b) for b in selection.blocks],
        notes=[{"label": n.label, "text": n.text} for n in selection.notes],
        also_reached=selection.set_aside,
    )
    return data


def _boxed(mono: Monograph) -> list[Payload]:
    from ..model import boxed_title, boxed_warnings  # here: interactions payloads need no model

    return [
        {"title": boxed_title(i.label), "gist": gist(i.text), "text": i.text}
        for i in boxed_warnings(mono)
    ]


def _block(block: Any) -> Payload:
    return {"label": block.label, "indication": block.indication or block.label, "text": block.text}


def side_effects(mono: Monograph, groups: list[SideEffectGroup]) -> Payload:
    return {"drug": mono.name, "title": mono.title, "groups": [asdict(g) for g in groups]}


def faqs(mono: Monograph, chosen: list[FAQ]) -> Payload:
    return {"drug": mono.name, "title": mono.title, "faqs": [asdict(f) for f in chosen]}


# --------------------------------------------------------------------------- the library


def search(query: str, hits: list[Hit]) -> Payload:
    return {
        "query": query,
        "hits": [
            {
                "drug": h.drug,
                "title": h.title,
                "section": h.section,
                "section_title": h.section_title,
                "label": h.label,
                "snippet": h.snippet,
                "highlights": [list(span) for span in h.highlights],
                "score": round(h.score, 4),
                "exact": h.exact,
                "path": h.path,
            }
            for h in hits
        ],
    }


def listing(entries: Iterable[Entry]) -> list[Payload]:
    return [
        {
            "name": e.name,
            "title": e.title,
            "aliases": e.aliases,
            "drug_class": e.drug_class,
            "product": e.product,
            "indications": e.indications,
            "path": str(e.path),
            "origin": e.folder.origin,
            "overrides": [str(p) for p in e.overrides],
        }
        for e in entries
    ]


def paths(counts: list[tuple[Folder, int | None]], lib: Library) -> list[Payload]:
    return [
        {
            "path": str(f.path),
            "origin": f.origin,
            "monographs": n,
            "problem": lib.problems.get(f.path),
        }
        for f, n in counts
    ]


# --------------------------------------------------------------------------- interactions


def interactions(report: Report, medicines: MedicineList) -> Payload:
    """``interactions`` with two or more names: every pair, what the labels say of it."""
    from ..severity import level_name
    from .build import CAUTION, interaction_summary

    def pair_names(pairs: list[tuple[Subject, Subject]]) -> list[list[str]]:
        return [[a.key, b.key] for a, b in pairs]

    return {
        "medicines": [_medicine(s, medicines) for s in report.subjects],
        "pairs": [
            {
                "medicines": [p.first.key, p.second.key],
                "titles": [p.first.title, p.second.title],
                "severity": level_name(p.severity),
                "evidence": [_evidence(e) for e in p.evidence],
            }
            for p in report.pairs
        ],
        "no_interaction_found": pair_names(report.clear),
        "not_checked": pair_names(report.unchecked),
        "checked_against_text_only": [s.key for s in report.text_only],
        "same_ingredient": [
            {"ingredient": part.key, "of": whole.key} for part, whole in report.ingredients
        ],
        "duplicates": [
            {"asked": asked, "same_as": first, "title": title}
            for asked, first, title in medicines.duplicates
        ],
        "summary": interaction_summary(report),
        "caution": CAUTION,
    }


def _medicine(subject: Subject, medicines: MedicineList) -> Payload:
    from ..drugclasses import table_index

    sources = (medicines.classes or table_index()).sources
    return {
        "asked": subject.asked,
        "name": subject.key,
        "title": subject.title,
        "monograph": subject.record is not None,
        "known_from": subject.known_from,
        "path": subject.path,
        "classes": [
            {"name": name, "via": via, "source": sources.get(name, "")}
            for name, via in subject.classes.items()
        ],
    }


def _evidence(e: Evidence) -> Payload:
    from ..severity import level_name

    record = e.label_of.record
    return {
        "label_of": e.label_of.key,
        "label_title": e.label_of.title,
        "part": e.part,
        "heading": e.heading,
        "where": e.where,
        "quote": e.quote,
        "highlights": [list(span) for span in e.highlights],
        "severity": level_name(e.severity),
        "dose_change": e.dose_change,
        "matched": [
            {"words": m.words, "how": m.how, "class": m.drug_class, "class_via": m.class_via}
            for m in dict.fromkeys(e.matches)
        ],
        "source": record.source if record else "",
        "reviewed": record.reviewed if record else None,
    }


# --------------------------------------------------------------------------- authoring


def validation(count: int, findings: list[Finding]) -> Payload:
    errors = sum(1 for f in findings if f.level == "error")
    return {
        "files": count,
        "errors": errors,
        "warnings": len(findings) - errors,
        "findings": [
            {"path": str(f.path), "line": f.line, "level": f.level, "message": f.message}
            for f in findings
        ],
    }


def import_report(report: ImportReport) -> Payload:
    return {
        "directory": str(report.directory),
        "labels": report.labels,
        "written": [str(report.directory / name) for name in report.written],
        "replaced": report.replaced,
        "merged": report.merged,
        "skipped": dict(report.skipped),
        "not_labels": report.not_labels,
        "not_human": dict(sorted(report.not_human.items())),
        "unreadable": report.problem_count,
        "problems": [{"input": o, "problem": r} for o, r in report.problems],
        "missing": dict(report.missing.most_common()),
    }


# --------------------------------------------------------------------------- the schema

LOOKUP = {"drug": STR, "title": STR}
SEVERITY = {"enum": ["contraindicated", "avoid", "dose change", "monitor", "mentioned"]}
SPANS = _arr({"type": "array", "items": INT, "minItems": 2, "maxItems": 2})
PAIR = {"type": "array", "items": STR, "minItems": 2, "maxItems": 2}
PAIR_NAMES = _arr(PAIR)
EVIDENCE = _obj(
    label_of=STR,
    label_title=STR,
    part={
        "enum": [
            "interactions",
            "contraindications",
            "boxed warning",
            "dose adjustments",
            "drug facts",
        ]
    },
    heading=_opt(STR),
    where=STR,
    quote=STR,
    highlights=SPANS,
    severity=SEVERITY,
    dose_change=_opt(STR),
    matched=_arr(
        _obj(
            words=STR,
            how={"enum": ["name", "ingredient", "class"]},
            class_via=_opt({"enum": ["class table", "drug_class"]}),
            **{"class": _opt(STR)},
        )
    ),
    source=STR,
    reviewed=_opt(STR),
)
MEDICINE = _obj(
    asked=STR,
    name=STR,
    title=STR,
    monograph=BOOL,
    known_from={"enum": ["monograph", "class table", "label names"]},
    path=_opt(STR),
    classes=_arr(_obj(name=STR, via={"enum": ["class table", "drug_class"]}, source=STR)),
)
SCHEMAS: dict[str, Payload] = {
    "show": MONOGRAPH,
    "usage": _obj(**LOOKUP, usage=USAGE),
    "mechanism": _obj(**LOOKUP, mechanism=ITEM_LIST),
    "precautions": _obj(**LOOKUP, precautions=ITEM_LIST),
    "dosage": {
        "oneOf": [
            _obj(
                **LOOKUP,
                boxed_warnings=_arr(BOXED),
                intro=_arr(STR),
                blocks=_arr(BLOCK),
                notes=_arr(NOTE),
            ),
            _obj(
                **LOOKUP,
                boxed_warnings=_arr(BOXED),
                indication=STR,
                blocks=_arr(BLOCK),
                notes=_arr(NOTE),
                also_reached=_arr(STR),
            ),
        ]
    },
    "side-effects": _obj(**LOOKUP, groups=_arr(GROUP)),
    "interactions": {
        "oneOf": [
            _obj(**LOOKUP, interactions=ITEM_LIST),
            _obj(
                medicines=_arr(MEDICINE),
                pairs=_arr(
                    _obj(
                        medicines=PAIR,
                        titles=PAIR,
                        severity=SEVERITY,
                        evidence=_arr(EVIDENCE),
                    )
                ),
                no_interaction_found=PAIR_NAMES,
                not_checked=PAIR_NAMES,
                checked_against_text_only=_arr(STR),
                same_ingredient=_arr(_obj(ingredient=STR, of=STR)),
                duplicates=_arr(_obj(asked=STR, same_as=STR, title=STR)),
                summary=STR,
                caution=STR,
            ),
        ]
    },
    "faqs": _obj(**LOOKUP, faqs=_arr(FAQ_ITEM)),
    "search": _obj(
        query=STR,
        hits=_arr(
            _obj(
                drug=STR,
                title=STR,
                section=STR,
                section_title=STR,
                label=_opt(STR),
                snippet=STR,
                highlights=_arr({"type": "array", "items": INT, "minItems": 2, "maxItems": 2}),
                score=NUM,
                exact=BOOL,
                path=STR,
            )
        ),
    ),
    "list": _arr(
        _obj(
            name=STR,
            title=_opt(STR),
            aliases=_arr(STR),
            drug_class=_opt(STR),
            product=_opt(STR),
            indications=_arr(STR),
            path=STR,
            origin=STR,
            overrides=_arr(STR),
        )
    ),
    "paths": _arr(_obj(path=STR, origin=STR, monographs=_opt(INT), problem=_opt(STR))),
    "validate": _obj(
        files=INT,
        errors=INT,
        warnings=INT,
        findings=_arr(_obj(path=STR, line=INT, level={"enum": ["error", "warning"]}, message=STR)),
    ),
    "import": _obj(
        directory=STR,
        labels=INT,
        written=_arr(STR),
        replaced=INT,
        merged=INT,
        skipped=_map(INT),
        not_labels=INT,
        not_human=_map(INT),
        unreadable=INT,
        problems=_arr(_obj(input=STR, problem=STR)),
        missing=_map(INT),
    ),
}


def json_schema() -> Payload:
    """The JSON Schema of every command's ``--json`` output, one definition per command."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://example.invalid/medref/json-schema.json",
        "title": "medref --json output",
        "description": "One definition per command, under $defs; generated from "
        "src/medref/output/payloads.py by docs/generate.py.",
        "version": SCHEMA_VERSION,
        "$defs": SCHEMAS,
    }
