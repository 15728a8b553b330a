"""An openFDA drug label record (``drug/label.json``) to a ``Label``.

Each label section is a field holding a list of strings. In API responses and bulk files the
text is one line with white space collapsed: "2 DOSAGE AND ADMINISTRATION <highlights> 2.1
General Instructions for Use Take VYVANSE … 2.2 Dosage for Treatment of ADHD The …". The
section heading is dropped and the numbered subsections are found again (numbers of this
section, in order, followed by a capital), their titles ending where the sentence starts.
The openFDA pipeline's own text export keeps line breaks; there a subsection title is its
own line and nothing has to be guessed.
"""

from __future__ import annotations

import re
from typing import Any

from ..textutil import name_key
from .label import ImportProblem, Label, Section
from .product import refuse_non_human
from .tables import parse_tables, put_back
from .textify import Block, squash

FIELDS = {
    "boxed_warning": "boxed",
    "indications_and_usage": "indications",
    "dosage_and_administration": "dosage",
    "adverse_reactions": "adverse",
    "mechanism_of_action": "mechanism",
    "contraindications": "contraindications",
    "warnings_and_cautions": "warnings_precautions",
    "warnings_and_precautions": "warnings_precautions",
    "warnings": "warnings",
    "precautions": "precautions",
    "use_in_specific_populations": "specific_populations",
    "pregnancy": "pregnancy",
    "nursing_mothers": "nursing",
    "lactation": "lactation",
    "pediatric_use": "pediatric",
    "geriatric_use": "geriatric",
    "information_for_patients": "counseling",
    "drug_interactions": "interactions",
    "overdosage": "overdosage",
    "purpose": "purpose",
    "active_ingredient": "active_ingredient",
    "do_not_use": "do_not_use",
    "ask_doctor": "ask_doctor",
    "ask_doctor_or_pharmacist": "ask_doctor_pharmacist",
    "when_using": "when_using",
    "stop_use": "stop_use",
    "keep_out_of_reach_of_children": "keep_out_of_reach",
    "pregnancy_or_breast_feeding": "pregnancy_breastfeeding",
    "questions": "questions",
}

# The heading a field's text starts with (after its number), dropped from the text.
_HEADINGS = {
    "boxed": r"boxed\s+warning",
    "indications": r"indications\s*(?:&|and)\s*usage|indications|uses",
    "dosage": r"dosage\s*(?:&|and)\s*administration|directions",
    "adverse": r"adverse\s+reactions",
    "mechanism": r"mechanism\s+of\s+action",
    "contraindications": r"contraindications",
    "warnings_precautions": r"warnings\s*(?:&|and)\s*precautions",
    "warnings": r"warnings?",
    "precautions": r"precautions",
    "specific_populations": r"use\s+in\s+specific\s+populations",
    "pregnancy": r"pregnancy",
    "nursing": r"nursing\s+mothers",
    "lactation": r"lactation",
    "pediatric": r"pediatric\s+use",
    "geriatric": r"geriatric\s+use",
    "counseling": r"patient\s+counsell?ing\s+information|information\s+for\s+patients",
    "interactions": r"drug\s+interactions",
    "overdosage": r"overdosage",
    "purpose": r"purposes?",
    "active_ingredient": r"active\s+ingredients?",
    "do_not_use": r"do\s+not\s+use",
    "ask_doctor": r"ask\s+a\s+doctor\s+before\s+use(?:\s+if)?",
    "ask_doctor_pharmacist": r"ask\s+a\s+doctor\s+or\s+pharmacist\s+before\s+use(?:\s+if)?",
    "when_using": r"when\s+using\s+this\s+product",
    "stop_use": r"stop\s+use\s+and\s+ask\s+a\s+doctor(?:\s+if)?",
    "keep_out_of_reach": r"keep\s+out\s+of\s+reach\s+of\s+children\.?",
    "pregnancy_breastfeeding": r"if\s+pregnant\s+or\s+breast-?\s*feeding,?",
    "questions": r"questions(?:\s+or\s+comments)?\??",
}
# OTC sections whose heading is worth keeping as the label ("Do not use").
_OTC_TITLES = {
    "do_not_use": "Do not use",
    "ask_doctor": "Ask a doctor before use if",
    "ask_doctor_pharmacist": "Ask a doctor or pharmacist before use if",
    "when_using": "When using this product",
    "stop_use": "Stop use and ask a doctor if",
    "keep_out_of_reach": "Keep out of reach of children",
    "pregnancy_breastfeeding": "If pregnant or breast-feeding",
    "questions": "Questions or comments?",
    "purpose": "Purpose",
    "active_ingredient": "Active ingredient",
}
_SECTION_TITLES = {
    "mechanism": "Mechanism of Action",
    "pregnancy": "Pregnancy",
    "nursing": "Nursing Mothers",
    "lactation": "Lactation",
    "pediatric": "Pediatric Use",
    "geriatric": "Geriatric Use",
    "contraindications": "Contraindications",
}
_HEADING_RES = {
    key: re.compile(
        r"^\s*(?:\d{1,2}(?:\.\d{1,2})?\s+)?(?:" + pattern + r")(?![\w-])(?:\s*:)?\s*", re.I
    )
    for key, pattern in _HEADINGS.items()
}
_MAJOR = re.compile(r"^\s*(\d{1,2})\s+[A-Z]")
_MARKER = re.compile(r"(?<![\d.(\[])(\d{1,2})\.(\d{1,2})(?![\d.)\]])\s+(?=[A-Z])")
_LINE_SUB = re.compile(r"^(\d{1,2})\.(\d{1,2})\.?\s+(\S.{0,150})$")
_BRAND_GENERIC = re.compile(r"\b([A-Z][A-Z0-9-]{2,})\s*®?\s*\(([a-z][a-z0-9 ,-]{2,60}?)\)")
_NAME_FIELDS = (
    "description",
    "spl_product_data_elements",
    "package_label_principal_display_panel",
    "indications_and_usage",
    "spl_medguide",
)
_BOXED_TITLE = re.compile(r"^\s*(?:boxed\s+warning:?\s*)?(WARNINGS?\s*:?)\s+", re.I)

_CONNECTORS = {
    "of", "and", "or", "in", "for", "with", "to", "the", "a", "an", "on", "by", "at", "from",
    "due", "vs", "versus", "&", "per", "without", "after", "before", "including",
}  # fmt: skip
_SENTENCE_START = {
    "The", "A", "An", "In", "If", "When", "Take", "Do", "Administer", "Give", "Patients",
    "Because", "This", "These", "There", "It", "See", "Treatment", "Most", "Once", "Each",
    "All", "Initiate", "Start", "Begin", "Avoid", "Consider", "Monitor", "Assess", "Evaluate",
    "For", "Prior", "Following", "No", "Safety", "Studies", "Data",
}  # fmt: skip
MAX_TITLE_WORDS = 12
_NUMBER_NEXT = re.compile(r"^(?:Table|Figure)\s+\d")


def parse_record(record: Any, origin: str) -> Label:
    """One openFDA label record; ``ImportProblem`` when it is not one."""
    if not isinstance(record, dict):
        raise ImportProblem(origin, "not an openFDA label record (not a JSON object)")
    if not any(f in record for f in FIELDS):
        raise ImportProblem(
            origin, "not a drug label: the record has no label sections", unreadable=False
        )
    label = Label(origin=origin, fmt="openfda")
    _identity(label, record)
    refuse_non_human(origin, label.doc_type, "openFDA product type")
    _add_sections(label, record)
    if not any(k in label.sections for k in ("indications", "dosage", "purpose")):
        raise ImportProblem(
            origin, "not a drug label: no indications or dosage section", unreadable=False
        )
    if label.drug_class is None:
        label.drug_class = _class_from_text(label)
    return label


def _identity(label: Label, record: dict[str, Any]) -> None:
    """Names, product, class, set id, version, date and labeler, from the ``openfda`` block
    (or the label's product data elements and text when the block is empty)."""
    meta = record.get("openfda")
    if not isinstance(meta, dict) or not meta:
        meta = {}
        label.missing.append("openfda block")
    product_type = " ".join(_strings(meta.get("product_type")))
    label.doc_type = product_type
    label.otc = "OTC" in product_type.upper() or (
        not product_type and any(k in record for k in ("purpose", "do_not_use", "stop_use"))
    )
    label.generic = _names(meta.get("generic_name"))
    label.brands = _names(meta.get("brand_name"))
    label.substances = _names(meta.get("substance_name"))
    label.unii = _names(meta.get("unii"))
    label.routes = _names(meta.get("route"))
    label.forms = _forms_from_text(record, label.routes)
    if not (label.generic or label.brands or label.substances):
        _names_without_block(label, record)
    classes = _strings(meta.get("pharm_class_epc"))
    if classes:
        label.drug_class = re.sub(r"\s*\[EPC\]\s*$", "", classes[0])
    label.set_id = _text(record.get("set_id")) or _text(_strings(meta.get("spl_set_id"))[:1])
    label.version = _text(record.get("version"))
    effective = _text(record.get("effective_time"))
    if len(effective) >= 8 and effective[:8].isdigit():
        label.effective = f"{effective[:4]}-{effective[4:6]}-{effective[6:8]}"
    label.labeler = _text(_strings(meta.get("manufacturer_name"))[:1])
    for key, what in (("set_id", "set id"), ("effective_time", "effective date")):
        if not record.get(key):
            label.missing.append(what)


def _names_without_block(label: Label, record: dict[str, Any]) -> None:
    """A record whose ``openfda`` block names nothing: the product data elements' names
    ("Vyvanse lisdexamfetamine dimesylate LISDEXAMFETAMINE DIMESYLATE …"), else a
    "HUMIRA (adalimumab)" in the text."""
    elements = " ".join(_strings(record.get("spl_product_data_elements")))
    brand, generic = names_from_elements(elements)
    if not generic:
        brand, generic = _names_from_text(record)
    if generic:
        label.generic = [generic]
        label.missing.append("openfda drug names")
    if brand and name_key(brand) != name_key(generic):
        label.brands = [brand]


_GLUED = re.compile(r"(?<=[a-z])(?=[A-Z][a-z])")  # "Pain ReliefExtra Strength"
MAX_GENERIC_WORDS = 16


def names_from_elements(text: str) -> tuple[str, str]:
    """The brand and generic name at the start of ``spl_product_data_elements``.

    The field runs the product's name, its generic name, then each active ingredient (the
    substance, then its moiety), then the inactive ones: the generic name is the first run
    of words whose first ingredient the next words name again ("lisdexamfetamine
    dimesylate LISDEXAMFETAMINE DIMESYLATE"); what comes before it is the brand.
    """
    text_words = _GLUED.sub(" ", text[:2000]).split()
    folded = [w.strip(",;.()").casefold() for w in text_words]
    for start in range(min(len(folded), MAX_GENERIC_WORDS)):
        if not folded[start][:1].isalpha():
            continue
        for end in range(start + 1, min(len(folded), start + MAX_GENERIC_WORDS + 1)):
            first = _first_ingredient(text_words[start:end])
            if folded[end : end + len(first)] == [w.strip(",;.()").casefold() for w in first]:
                generic = " ".join(text_words[start:end]).strip(" ,;")
                brand = " ".join(text_words[:start]).strip(" ,;")
                return brand or generic, generic
    return "", ""


def _first_ingredient(generic: list[str]) -> list[str]:
    """'Dextroamphetamine Saccharate, Amphetamine Aspartate, …' -> its first two words."""
    for index, word in enumerate(generic):
        if word.endswith((",", ";")):
            return generic[: index + 1]
        if index and word.casefold() in ("and", "&", "with"):
            return generic[:index]
    return generic


# Dosage form words in the text of an openFDA record (which has no form field): the SPL
# form each stands for, the first one found in the package label, the dosage forms
# section or the description.
_FORM_WORDS = re.compile(
    r"\b(?P<word>liqui-?gels?|liquid[- ]gels?|softgels?|gelcaps?|chewable|caplets?|tablets?|"
    r"capsules?|suspension|syrup|elixir|oral solution|solution|drops|liquid|injection|"
    r"injectable|patch(?:es)?|gels?|cream|ointment|lotion|spray|suppositor(?:y|ies)|powder)\b",
    re.IGNORECASE,
)
_EXTENDED = re.compile(r"\b(?:[Ee]xtended[- ][Rr]elease|EXTENDED[- ]RELEASE|ER|XR)\b")
_FORM_OF = {
    "liqui": "CAPSULE, LIQUID FILLED",
    "liquid gel": "CAPSULE, LIQUID FILLED",
    "liquid-gel": "CAPSULE, LIQUID FILLED",
    "softgel": "CAPSULE, LIQUID FILLED",
    "gelcap": "CAPSULE",
    "chewable": "TABLET, CHEWABLE",
    "caplet": "TABLET",
    "tablet": "TABLET",
    "capsule": "CAPSULE",
    "oral solution": "SOLUTION",
    "drop": "SOLUTION",
    "injectable": "INJECTION",
    "suppositor": "SUPPOSITORY",
}
_FORM_FIELDS = (
    "package_label_principal_display_panel",
    "dosage_forms_and_strengths",
    "description",
    "dosage_and_administration",  # "take 4 to 8 tablets": an OTC label's last hint
)


def _forms_from_text(record: dict[str, Any], routes: list[str]) -> list[str]:
    for field in _FORM_FIELDS:
        for text in _strings(record.get(field))[:2]:
            found = _FORM_WORDS.search(text[:1500])
            if found is None:
                continue
            word = found.group("word").casefold().rstrip("s") or found.group("word").casefold()
            form = next((f for k, f in _FORM_OF.items() if word.startswith(k)), word.upper())
            if form.startswith("GEL") and any(r.upper() == "ORAL" for r in routes):
                form = "CAPSULE"  # "rapid release gels" taken by mouth are gel capsules
            if _EXTENDED.search(text[:1500]):
                form += ", EXTENDED RELEASE"
            return [form]
    return []


def _add_sections(label: Label, record: dict[str, Any]) -> None:
    texts: dict[str, str] = {}
    fields: dict[str, str] = {}
    for field, key in FIELDS.items():
        if key in texts:
            continue  # warnings_and_cautions and warnings_and_precautions: the first
        text = "\n\n".join(_strings(record.get(field))).strip()
        if text:
            texts[key] = text
            fields[key] = field
    if label.otc and "warnings" in texts:
        texts["warnings"] = _without_parts(texts["warnings"], texts)
    for key, text in texts.items():
        section = _boxed(text) if key == "boxed" else _section(key, text)
        markups = _strings(record.get(f"{fields[key]}_table"))
        if markups and key != "boxed":
            # The tables' flattened text, put back as rows (tables.py).
            put_back(section, parse_tables(markups))
        if section.blocks or section.subs:
            label.add(key, section)


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [v for v in value if isinstance(v, str)]
    return []


def _text(value: Any) -> str:
    strings = _strings(value)
    if strings:
        return squash(strings[0])
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return ""


def _names(value: Any) -> list[str]:
    names: list[str] = []
    for name in _strings(value):
        name = squash(name)
        if name and name not in names:
            names.append(name)
    return names


def _names_from_text(record: dict[str, Any]) -> tuple[str, str]:
    """'HUMIRA (adalimumab) is …': a brand and generic name when the record names none."""
    for field in _NAME_FIELDS:
        for text in _strings(record.get(field))[:3]:
            match = _BRAND_GENERIC.search(text[:4000])
            if match:
                return match.group(1), match.group(2).strip()
    return "", ""


def _class_from_text(label: Label) -> str | None:
    from .spl import class_phrase

    section = label.first("indications")
    if section is None:
        return None
    for block in section.blocks[:3]:
        found = class_phrase(block.text, label.brands)
        if found:
            return found
    return None


def _without_parts(warnings: str, texts: dict[str, str]) -> str:
    """An OTC "warnings" field repeats the separate fields (do not use, stop use, …)."""
    flat = squash(warnings)
    for key in _OTC_TITLES:
        part = texts.get(key)
        if part and key not in ("purpose", "active_ingredient", "questions"):
            flat = flat.replace(squash(part), " ")
    return squash(flat)


# --------------------------------------------------------------------------- sections


def _strip_heading(key: str, text: str) -> str:
    pattern = _HEADING_RES.get(key)
    match = pattern.match(text) if pattern is not None else None
    return text[match.end() :] if match else text


def _section(key: str, text: str) -> Section:
    title = _OTC_TITLES.get(key) or _SECTION_TITLES.get(key, "")
    major_match = _MAJOR.match(text)
    major = major_match.group(1) if major_match else ""
    body = _strip_heading(key, text)
    if "\n" in body.strip():
        intro, subs = _split_lines(body, major)
    else:
        intro, subs = split_numbered(squash(body), major)
    section = Section(title=title, blocks=intro, subs=subs)
    return section


def _boxed(text: str) -> Section:
    """'WARNING: ABUSE AND DEPENDENCE CNS stimulants …': the title is the capitals."""
    flat = squash(text)
    match = _BOXED_TITLE.match(flat)
    title = ""
    if match:
        rest = flat[match.end() :].split(" ")
        words: list[str] = []
        for word in rest:
            letters = [c for c in word if c.isalpha()]
            if (letters and all(c.isupper() for c in letters)) or (not letters and word):
                words.append(word)
            else:
                break
        if words and len(words) < len(rest) and not rest[len(words)][:1].isupper():
            words.pop()  # "… DEPENDENCE CNS stimulants": CNS starts the sentence
        title = " ".join(words).strip(" :;,")
        body = " ".join(rest[len(words) :]) if title else flat
        if title:
            # The Highlights' copy of the box follows the full text in API records.
            repeat = body.find(f"{match.group(1).strip()} {title}")
            if repeat > 0:
                body = body[:repeat]
    else:
        body = _strip_heading("boxed", flat)
    return Section(title=title, blocks=[Block("p", squash(body))] if squash(body) else [])


def _split_lines(text: str, major: str) -> tuple[list[Block], list[Section]]:
    """The pipeline's text export: one line per paragraph, subsection titles alone."""
    intro: list[Block] = []
    subs: list[Section] = []
    for raw in text.split("\n"):
        line = squash(raw)
        if not line:
            continue
        match = _LINE_SUB.match(line)
        if match and (not major or match.group(1) == major) and not line.endswith("."):
            subs.append(Section(title=match.group(3), number=f"{match.group(1)}.{match.group(2)}"))
            continue
        (subs[-1].blocks if subs else intro).append(Block("p", line))
    return intro, subs


def split_numbered(text: str, major: str) -> tuple[list[Block], list[Section]]:
    """One line of text: find "N.k Title" markers of this section, in increasing order."""
    if not major:
        return ([Block("p", text)] if text else []), []
    starts: list[tuple[int, int, str]] = []  # (start, end of number, "N.k")
    last = 0
    for match in _MARKER.finditer(text):
        if match.group(1) != major:
            continue
        minor = int(match.group(2))
        if not last < minor <= last + 3:
            continue
        starts.append((match.start(), match.end(), f"{major}.{minor}"))
        last = minor
    if not starts:
        return ([Block("p", text)] if text else []), []
    intro_text = text[: starts[0][0]].strip()
    intro = [Block("p", intro_text)] if intro_text else []
    subs: list[Section] = []
    for index, (_start, end, number) in enumerate(starts):
        stop = starts[index + 1][0] if index + 1 < len(starts) else len(text)
        title, body = _title_and_body(text[end:stop].strip())
        subs.append(Section(title=title, number=number, blocks=[Block("p", body)] if body else []))
    return intro, subs


def _title_and_body(text: str) -> tuple[str, str]:
    """'Dosage for Treatment of ADHD The recommended starting dose …' -> title, body.

    The title is the run of capitalised words (and small connecting words); the capitalised
    word just before the first lower-case word starts the sentence, not the title.
    """
    words = text.split(" ")
    taken: list[str] = []
    stopped = False
    for index, word in enumerate(words[: MAX_TITLE_WORDS + 1]):
        bare = word.strip("(),:;.")
        if index and taken and bare == taken[0].strip("(),:;."):
            stopped = True  # "Pregnancy Pregnancy Category C": the title is not repeated
            break
        if index and bare in ("Table", "Figure") and _NUMBER_NEXT.match(" ".join(words[index:])):
            stopped = True  # "… with VYVANSE Table 5: Effect of …": a table's caption starts
            break
        if bare[:1].isupper() or bare[:1].isdigit() or bare.casefold() in _CONNECTORS:
            taken.append(word)
            if word.endswith(":"):
                break
        else:
            stopped = True
            break
    if len(taken) > MAX_TITLE_WORDS:
        taken = taken[:MAX_TITLE_WORDS]
        stopped = True
    if stopped and len(taken) < len(words):
        while taken and taken[-1].strip("(),:;.").casefold() in _CONNECTORS:
            taken.pop()
        next_word = words[len(taken)].strip("(),:;.[]") if len(taken) < len(words) else ""
        if len(taken) > 1 and next_word[:1].islower() and not taken[-1].endswith(":"):
            taken.pop()
        while len(taken) > 1 and taken[-1].strip("(),:;.") in _SENTENCE_START:
            taken.pop()
        while taken and taken[-1].strip("(),:;.").casefold() in _CONNECTORS:
            taken.pop()
    title = " ".join(taken).strip().rstrip(":").strip()
    body = " ".join(words[len(taken) :]).strip()
    if body.startswith(":"):
        body = body[1:].strip()
    return title, body
