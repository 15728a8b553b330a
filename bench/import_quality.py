#!/usr/bin/env python3
"""Import quality on real FDA labels: what ``medref import`` gets right and wrong, per
failure class of the real-label issue, measured against the labels themselves.

Imports a folder of labels (default /work/shared/fda-labels/real: DailyMed SPL XML, zips of
it, openFDA JSON) twice into a temporary folder, merged (the default: one monograph per
generic) and ``--per-label``, with ``python -m medref import`` (the installed package,
in a child process), then reads the source labels directly as the ground truth (SPL with
``xml.etree`` and LOINC section codes; openFDA by field) and the written monographs with
medref's own parser, and prints one line per metric (numerator/denominator, target) with
a few examples each: file, monograph, what went wrong.

    .venv/bin/python bench/import_quality.py
    .venv/bin/python bench/import_quality.py --labels DIR --keep OUT --json q.json --examples 5

Merged figures judge what a user gets from a plain import; per-label figures judge every
label (each has its own monograph there), so most label-level shares use them. A
monograph is tied to its source label by its ``imported_from`` front matter key.

Metrics, what they measure, and the heuristics they rest on:

- **dose leaks** (issue 2): for each monograph with two or more Usage indications, the
  source label's dosage section is cut into units: each titled subsection, and each run
  of paragraphs under a caption paragraph (a short paragraph that is all bold, italic or
  underlined, or ends with a colon: old-format labels). A unit belongs to the indications
  its title (else its nearest titled ancestor's) names. A title names an indication when
  the indication's key words (its name without filler such as "relief of the signs and
  symptoms of", severity and population words, and a parenthesised abbreviation) are all
  in the title, or the title's key words are all in the indication's, or the
  abbreviation is in the title; of several that fit, one whose matched words are a strict
  subset of another's gives way ("Juvenile Rheumatoid Arthritis" names JRA, not RA), and
  "Osteoarthritis and Rheumatoid Arthritis" names both. A dose is a number with a unit
  (mg, mcg, g, mL, units, IU, mEq; /kg and /m2 kept, /day dropped; "1,000" is 1000). A
  dose found in exactly one unit, a unit that names some indications, is their own dose.
  Then ``select_dosing(monograph, NAME)`` (what ``medref dosage X --indication NAME``
  shows, called in-process) runs for every indication; the query is affected when its
  blocks or its general notes ("applies to every indication") show a dose that is only
  other indications' own. Limits: a lower bound. Doses without a unit, doses the label
  repeats in two units (a shared table, an intro restating them) and units whose title
  names no indication (only a few synonyms: "Analgesia" is pain) are never counted;
  untitled paragraphs of old labels ("For osteoarthritis, the dose is …" with no caption)
  are one unit. Target at most 1% of queries.
- **boxed warnings** (issue 4): non-OTC human labels with a boxed-warning section (code
  34066-1 with text, anywhere but inside dosage, package label, medication guide or
  patient leaflet sections; openFDA ``boxed_warning``) whose monograph has a precaution
  labelled "Boxed Warning…". A label not imported at all counts as lost. Target 99%.
- **indications** (issue 3): a label's titled uses are the titled subsections of its
  indications section (numbered 1.x in PLR labels; openFDA: "1.k" markers), else its
  caption paragraphs, else the items of a list after a paragraph that says "indicated"
  (limitations of use left out; Rx labels only: an OTC "Uses" list is symptoms, one use).
  Split = a label with two or more titled uses has two or more monograph indications,
  not the "Approved Uses"/"Uses" fallback (target 95%); found = titled uses that some
  monograph indication names (the word matching above). For Rx labels with no titled
  use, the uses named in the text are counted heuristically: the objects of "signs and
  symptoms of / treatment of / management of / relief of / control of X, Y and Z" in
  sentences saying "indicated" (not "not indicated"), cut at "in", "with", "that", … and
  split on commas, bullets, "and", "or", after "(ADHD)" and "[see …]" are taken out; a
  text with no such clause counts one use per "indicated for/in/as/to …" sentence. Those
  with two or more text uses and one monograph indication are "collapsed" (mostly
  old-format labels; openFDA flattens lists into text, so its lists are read this way).
  Also counted: fallbacks, empty Usage, and indication names that look truncated (ending
  in a connecting word, unbalanced parentheses, or over 14 words).
- **aliases of another route** (issue 1): in the merged import, every alias is traced to
  the labels whose product data names it (SPL product names, openFDA ``brand_name``; else
  generic names; other labels than the monograph's own first); it is a mismatch when none
  of those products shares a route with the label whose text the monograph holds (SPL
  ``routeCode`` per product, openFDA ``openfda.route``). Target 0. Also shown: aliases
  whose products are of another dosage form family (oral solid, liquid, injection,
  semisolid, patch, kit, …, delayed and extended release apart; SPL ``formCode``), of
  other active ingredients (SPL UNII codes of each product: "Naproxen Sodium" on a
  naproxen text), and aliases only from Rx labels on an OTC text or the other way, or only
  from non-human labels.
- **identity and readability** (issue 5): aliases made only of symptom, strength and
  form words ("Migraine Formula", "Pain Reliever Extra Strength"); monographs whose dosing
  text has table cells or footnote markers glued to doses ("25 mgtwice", "50 mg*").
- **non-human documents** (issue 5): SPL document types and openFDA product types other
  than human prescription / OTC drug labels (animal, device, indexing, supplements, bulk
  ingredients) that became a monograph (--per-label), a merged monograph's text, or gave
  a merged monograph an alias. Target 0. Also listed: human labels not imported at all.
- **validate**: errors (and warnings) of ``medref validate`` on both outputs, grouped by
  message. Target 0 errors.
- **drug interactions** (issue 6): human labels with a drug interactions section
  (34073-7 anywhere; openFDA ``drug_interactions``) whose monograph has an Interactions
  section with something in it, or another section whose heading says "Interactions"
  (strict), or any labelled item saying "interaction" (loose, e.g. an old label's "Drug
  Interactions" precaution).
- **speed**: labels read per second of each import, wall time of the child process
  (interpreter start included).

Deterministic: inputs are read in sorted order, examples are the first in file order.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

# The real labels beside the checkout (see ../shared/fda-labels/real/README.md).
DEFAULT_LABELS = Path(__file__).resolve().parents[2] / "shared" / "fda-labels" / "real"
NS = "{urn:hl7-org:v3}"

BOXED, INDICATIONS, DOSAGE, INTERACTIONS, PRODUCT_DATA = (
    "34066-1",
    "34067-9",
    "34068-7",
    "34073-7",
    "48780-1",
)
# A boxed-warning code inside these is not the label's boxed warning.
NOT_BOX_PARENTS = {"34068-7", "51945-4", "42231-1", "42230-3", "59845-8"}
ROUTE_CODES = {"C38288": "ORAL", "C38304": "TOPICAL", "C38276": "INTRAVENOUS"}
HUMAN_TYPES = ("HUMAN PRESCRIPTION DRUG", "HUMAN OTC DRUG")
FALLBACKS = ("approved uses", "uses")

# --------------------------------------------------------------------------- text helpers

_BLOCK_TAGS = {
    NS + t
    for t in ("paragraph", "item", "td", "th", "tr", "list", "table", "br", "caption", "title")
}
_WS = re.compile(r"\s+")


def squash(text: str) -> str:
    return _WS.sub(" ", text).strip()


def el_text(el: ET.Element | None) -> str:
    """An element's text: block elements (paragraphs, cells, items) apart, inline ones
    (bold, superscripts) joined as written, so table cells do not run together."""
    if el is None:
        return ""
    parts: list[str] = []

    def walk(node: ET.Element) -> None:
        block = node.tag in _BLOCK_TAGS
        if block:
            parts.append(" ")
        if node.text:
            parts.append(node.text)
        for child in node:
            walk(child)
            if child.tail:
                parts.append(child.tail)
        if block:
            parts.append(" ")

    walk(el)
    return squash("".join(parts))


_WORD = re.compile(r"[0-9a-z]+")
SYNONYMS = {
    "analgesia": "pain",
    "analgesic": "pain",
    "arthritide": "arthritis",
    "arthrite": "arthritis",
}
FILLER = frozenset(
    {
        "for", "of", "the", "and", "or", "in", "with", "to", "a", "an", "on", "by", "at", "from",
        "as", "s", "its", "their", "following", "relief", "relieve", "signs", "sign", "symptoms",
        "symptom", "treatment", "treat", "treating", "management", "manage", "prevention",
        "reduction", "control", "patients", "patient", "adult", "adults", "pediatric", "children",
        "child", "dosage", "dose", "doses", "dosing", "recommended", "usual", "starting", "initial",
        "maintenance", "use", "usage", "uses", "regimen", "therapy", "mild", "moderate",
        "moderately", "severe", "acute", "chronic", "short", "long", "term", "indicated",
        "indication", "indications", "general", "instructions",
    }
)  # fmt: skip
CONNECTORS = frozenset(
    {"of", "and", "or", "in", "for", "with", "to", "the", "a", "an", "by", "at", "from", "as", "on"}
)


def norm_words(text: str) -> list[str]:
    text = text.casefold().replace("’", "'").replace("'s", "")
    out = []
    for word in _WORD.findall(text):
        if len(word) > 4 and word.endswith("s") and not word.endswith(("ss", "is", "us")):
            word = word[:-1]
        out.append(SYNONYMS.get(word, word))
    return out


_ABBREV = re.compile(r"\(([A-Z][A-Za-z0-9]{1,6})\)")


@dataclass(frozen=True)
class Named:
    """An indication name as the matcher sees it."""

    name: str
    key: frozenset[str]
    abbrevs: frozenset[str]

    @classmethod
    def of(cls, name: str) -> Named:
        abbrevs = frozenset(a.casefold() for a in _ABBREV.findall(name))
        bare = _ABBREV.sub(" ", name)
        return cls(name, frozenset(w for w in norm_words(bare) if w not in FILLER), abbrevs)


def title_key(title: str) -> tuple[frozenset[str], frozenset[str]]:
    all_words = frozenset(norm_words(title))
    return frozenset(w for w in all_words if w not in FILLER), all_words


def names_in(title: str, indications: list[Named]) -> list[Named]:
    """The indications a title names (see the module docstring)."""
    key, all_words = title_key(title)
    if not all_words:
        return []
    found: list[tuple[Named, frozenset[str]]] = []
    for ind in indications:
        if ind.abbrevs & all_words:
            found.append((ind, ind.key | ind.abbrevs))
        elif ind.key and ind.key <= all_words:
            found.append((ind, ind.key))
        elif key and key <= ind.key:
            found.append((ind, key))
    kept = [(i, m) for i, m in found if not any(m < other for _j, other in found)]
    return list(dict.fromkeys(i for i, _m in kept))


# --------------------------------------------------------------------------- doses

DOSE = re.compile(
    r"(?<![\w.,/])(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?\s*-?\s*"
    r"(mg|mcg|µg|g|ml|units?|iu|meq)(?![a-z])"
    r"(?:\s*/\s*(kg|m2|m²)(?![a-z]))?",
    re.IGNORECASE,
)


def doses(text: str) -> set[str]:
    found = set()
    for match in DOSE.finditer(text):
        whole, frac, unit, per = match.groups()
        number = whole.replace(",", "")
        frac = (frac or "").rstrip("0")
        unit = unit.casefold().replace("µg", "mcg")
        unit = "unit" if unit.startswith("unit") else unit
        per = "/m2" if per and per.casefold() in ("m2", "m²") else ("/kg" if per else "")
        found.add(f"{number}{'.' + frac if frac else ''} {unit}{per}")
    return found


# --------------------------------------------------------------------------- source labels


@dataclass
class Product:
    name: str
    form: str
    routes: frozenset[str]
    actives: frozenset[str] = frozenset()  # the active ingredients' UNII codes (SPL)


@dataclass
class Unit:
    """A piece of the dosage section: its titles (outermost first) and text."""

    titles: list[str]
    text: str


@dataclass
class Source:
    origin: str  # relative to the labels folder: "f.xml", "f.json#1", "f.zip:m.xml"
    fmt: str  # spl | openfda
    doc_type: str = ""
    human: bool = True
    otc: bool = False
    products: list[Product] = field(default_factory=list)
    generics: list[str] = field(default_factory=list)
    boxed: bool = False
    interactions: bool = False
    has_indications: bool = False
    has_dosage: bool = False
    plr: bool = False
    titled_uses: list[str] = field(default_factory=list)
    uses_from: str = ""  # subsections | captions | list
    text_uses: list[str] = field(default_factory=list)
    units: list[Unit] = field(default_factory=list)

    @property
    def routes(self) -> frozenset[str]:
        return frozenset(r for p in self.products for r in p.routes)

    @property
    def kind(self) -> str:
        if not self.human:
            return "non-human"
        return "OTC" if self.otc else "Rx"


def is_human(doc_type: str) -> bool:
    upper = doc_type.upper()
    return any(t in upper for t in HUMAN_TYPES)


def code_of(el: ET.Element) -> str:
    code = el.find(NS + "code")
    return (code.get("code") or "") if code is not None else ""


_NUMBER = re.compile(r"^\s*\d{1,2}(?:\.\d{1,2}){0,3}\.?\s+")


def section_title(el: ET.Element) -> str:
    return _NUMBER.sub("", el_text(el.find(NS + "title"))).strip().rstrip(":").strip()


def subsections(el: ET.Element) -> list[ET.Element]:
    return [s for c in el.findall(NS + "component") for s in c.findall(NS + "section")]


def text_children(el: ET.Element) -> list[ET.Element]:
    text = el.find(NS + "text")
    return list(text) if text is not None else []


_STYLED = ("bold", "italics", "underline")


def is_caption(par: ET.Element, next_is_list: bool) -> bool:
    """A short paragraph that titles what follows: all styled, or ending with a colon."""
    if par.tag != NS + "paragraph":
        return False
    text = el_text(par)
    if not text or len(text) > 100 or len(text.split()) > 12 or text.endswith("."):
        return False
    if not text[0].isupper() or re.search(r"indicated|contraindicated", text, re.I):
        return False
    styled = [
        c for c in par if c.tag == NS + "content" and (c.get("styleCode") or "").lower() in _STYLED
    ]
    whole = bool(styled) and squash(" ".join(el_text(c) for c in styled)) == text
    return whole or (text.endswith(":") and not next_is_list)


GENERIC_TITLE = re.compile(
    r"^(?:important\b|limitations?\s+of\s+use|general\b|usage\s+considerations|"
    r"indications?(?:\s+(?:and|&)\s+usage)?$|uses?$)",
    re.IGNORECASE,
)


def spl_units(section: ET.Element, path: list[str]) -> Iterator[Unit]:
    current = Unit(list(path), "")
    children = text_children(section)
    pieces: list[str] = []
    for index, child in enumerate(children):
        nxt = children[index + 1] if index + 1 < len(children) else None
        if is_caption(child, nxt is not None and nxt.tag == NS + "list"):
            current.text = squash(" ".join(pieces))
            yield current
            current, pieces = Unit([*path, el_text(child).rstrip(":")], ""), []
        else:
            pieces.append(el_text(child))
    current.text = squash(" ".join(pieces))
    yield current
    for sub in subsections(section):
        title = section_title(sub)
        yield from spl_units(sub, [*path, title] if title else path)


def spl_uses(section: ET.Element, otc: bool) -> tuple[list[str], str]:
    titles = [section_title(s) for s in subsections(section)]
    titled = [t for t in titles if t and not GENERIC_TITLE.match(t)]
    if titled:
        return titled, "subsections"
    if otc:
        return [], ""
    children = text_children(section)
    captions = []
    for index, child in enumerate(children):
        nxt = children[index + 1] if index + 1 < len(children) else None
        if nxt is not None and is_caption(child, nxt.tag == NS + "list"):
            caption = el_text(child).rstrip(":").strip()
            if not GENERIC_TITLE.match(caption):
                captions.append(caption)
    if captions:
        return captions, "captions"
    # A list of uses follows a paragraph that says "indicated", or, once one has, a lead
    # ending with a colon ("The management of:").
    items: list[str] = []
    lead: list[str] = []
    said = False
    for child in children:
        if child.tag == NS + "paragraph":
            lead.append(el_text(child))
            continue
        if child.tag != NS + "list":
            continue
        text = " ".join(lead)
        lead = []
        if _LIMITS.search(text) or not (
            _INDICATED.search(text) or (said and text.rstrip().endswith(":"))
        ):
            continue
        said = True
        for item in child.findall(NS + "item"):
            use = el_text(item).strip(" •■-")
            if use and len(use.split()) <= 20 and not _LIMITS.search(use):
                items.append(use)
    return items, "list" if items else ""


_INDICATED = re.compile(r"(?<!contra)indicated", re.IGNORECASE)
_NOT_INDICATED = re.compile(r"\bnot\s+(?:\w+\s+){0,2}indicated\b", re.IGNORECASE)
_LIMITS = re.compile(
    r"limitations?\s+of\s+use|not\s+been\s+(?:shown|established|studied)|"
    r"\bnot\s+(?:\w+\s+){0,2}indicated|do\s+not\s+substitute|safety\s+and\s+effectiveness|"
    r"\breserve\b",
    re.IGNORECASE,
)


_CLAUSE = re.compile(
    r"\b(?:signs and symptoms of|treatment of|management of|relief of|control of)"
    r"\s*:?\s+(?:the\s+)?([^.;\[(]+)",
    re.IGNORECASE,
)
_CLAUSE_END = re.compile(
    r"\b(?:in|with|that|who|when|which|requiring|where|including|such|due|associated)\b.*",
    re.IGNORECASE,
)
_SPLIT = re.compile(r"\s*[,•■*]\s*(?:and|or)?\s*|\s+(?:and|or|and/or)\s+", re.IGNORECASE)
_ABBREV_PARENS = re.compile(r"\s*\((?:[A-Z][A-Za-z0-9®;\- ]{0,14})\)")


def text_uses(text: str) -> list[str]:
    """Uses named in an indications text with no titles (see the module docstring)."""
    text = _ABBREV_PARENS.sub("", text)  # "(ADHD)" would end a clause early
    text = re.sub(r"\[see[^\]]*\]", ",", text, flags=re.IGNORECASE)
    text = re.sub(
        r"(?:the\s+)?(?:relief|treatment|management)\s+of\s+(?:the\s+)?(signs\s+and\s+symptoms)",
        r"\1",
        text,
        flags=re.IGNORECASE,
    )
    clause_uses: dict[frozenset[str], str] = {}
    sentence_uses: dict[frozenset[str], str] = {}
    for sentence in re.split(r"(?<=[.;])\s+", text):
        said = _INDICATED.search(sentence)
        if not said or _NOT_INDICATED.search(sentence):
            continue
        clauses = list(_CLAUSE.finditer(sentence))
        for clause in clauses:
            obj = _CLAUSE_END.sub("", clause.group(1))
            for chunk in _SPLIT.split(obj):
                key = frozenset(w for w in norm_words(chunk) if w not in FILLER)
                if key:
                    clause_uses.setdefault(key, squash(chunk))
        rest = sentence[said.end() :].strip()
        if not clauses and re.match(r"(?:for|in|as|to)\b", rest, re.IGNORECASE):
            key = frozenset(w for w in norm_words(" ".join(rest.split()[:10])) if w not in FILLER)
            if key:
                sentence_uses.setdefault(key, squash(rest)[:80])
    return list((clause_uses or sentence_uses).values())


_PRODUCT_TAGS = frozenset({NS + "manufacturedProduct", NS + "manufacturedMedicine"})


def spl_products(section: ET.Element) -> Iterator[tuple[Product, list[str]]]:
    for subject in section.iter(NS + "subject"):
        product = None
        for el in subject.iter():
            if el.tag in _PRODUCT_TAGS and el.find(NS + "name") is not None:
                product = el
                break
        if product is None:
            continue
        name = squash(" ".join(product.find(NS + "name").itertext()))  # type: ignore[union-attr]
        form_el = product.find(NS + "formCode")
        form = (form_el.get("displayName") or "") if form_el is not None else ""
        routes = frozenset(
            (r.get("displayName") or ROUTE_CODES.get(r.get("code") or "", r.get("code") or ""))
            .upper()
            .strip()
            for r in subject.iter(NS + "routeCode")
        )
        generics = [
            squash(" ".join(name.itertext()))
            for medicine in product.iter(NS + "genericMedicine")
            for name in medicine.findall(NS + "name")
        ]
        routes = frozenset(r for r in routes if r)
        yield Product(name, form.upper(), routes, active_codes(product)), generics


def active_codes(product: ET.Element) -> frozenset[str]:
    """The UNII codes of a product's active ingredients (ACTIB, ACTIM, ACTIR: not IACT)."""
    codes = set()
    for ingredient in product.iter(NS + "ingredient"):
        if not (ingredient.get("classCode") or "").startswith("ACT"):
            continue
        substance = ingredient.find(NS + "ingredientSubstance")
        code = substance.find(NS + "code") if substance is not None else None
        if code is not None and code.get("code"):
            codes.add(code.get("code") or "")
    for ingredient in product.iter(NS + "activeIngredient"):  # the pre-2008 schema
        substance = ingredient.find(NS + "activeIngredientSubstance")
        code = substance.find(NS + "code") if substance is not None else None
        if code is not None and code.get("code"):
            codes.add(code.get("code") or "")
    return frozenset(codes)


def parse_spl_source(data: bytes, origin: str) -> Source | None:
    head = data[:4096]
    if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
        return None  # never expand entities of an untrusted file
    try:
        root = ET.fromstring(data)
    except ET.ParseError:
        return None
    if root.tag != NS + "document":
        return None
    code = root.find(NS + "code")
    doc_type = squash(code.get("displayName") or "") if code is not None else ""
    src = Source(origin, "spl", doc_type=doc_type)
    src.human = is_human(doc_type) or "HUMAN PRESCRIPTION DRUG LABEL" in doc_type.upper()
    src.otc = "OTC" in doc_type.upper()
    parents = {child: parent for parent in root.iter() for child in parent}

    def ancestors(el: ET.Element) -> list[str]:
        out = []
        node = parents.get(el)
        while node is not None:
            if node.tag == NS + "section":
                out.append(code_of(node))
            node = parents.get(node)
        return out

    indications = dosage = None
    for section in root.iter(NS + "section"):
        code = code_of(section)
        if code == BOXED and not src.otc and el_text(section):
            if not NOT_BOX_PARENTS.intersection(ancestors(section)):
                src.boxed = True
        elif code == INTERACTIONS and el_text(section):
            src.interactions = True
        elif code == INDICATIONS and indications is None:
            indications = section
        elif code == DOSAGE and dosage is None and INDICATIONS not in ancestors(section):
            dosage = section
        elif code == PRODUCT_DATA:
            for product, generics in spl_products(section):
                src.products.append(product)
                src.generics += [g for g in generics if g not in src.generics]
    if indications is not None:
        src.has_indications = True
        src.titled_uses, src.uses_from = spl_uses(indications, src.otc)
        titles = [el_text(s.find(NS + "title")) for s in subsections(indications)]
        own_title = el_text(indications.find(NS + "title"))
        src.plr = bool(re.match(r"^\s*1\.?\s", own_title)) or any(
            re.match(r"^\s*1\.\d", t) for t in titles
        )
        if not src.titled_uses and not src.otc:
            src.text_uses = text_uses(el_text(indications.find(NS + "text")))
    if dosage is not None:
        src.has_dosage = True
        src.units = list(spl_units(dosage, []))
    return src


# openFDA: subsections are found again from "N.k Title" markers in one line of text.
_MARKER = re.compile(r"(?<![\d.(\[])(\d{1,2})\.(\d{1,2})(?![\d.)\]])\s+(?=[A-Z])")


def flat_subsections(text: str) -> tuple[str, list[tuple[str, str]]]:
    """(intro, [(title, body)]) of an openFDA section's text."""
    text = squash(text)
    major = re.match(r"^\s*(\d{1,2})\s+[A-Z]", text)
    if not major:
        return text, []
    starts = []
    last = 0
    for match in _MARKER.finditer(text):
        minor = int(match.group(2))
        if match.group(1) == major.group(1) and last < minor <= last + 3:
            starts.append(match)
            last = minor
    if not starts:
        return text, []
    subs = []
    for index, match in enumerate(starts):
        end = starts[index + 1].start() if index + 1 < len(starts) else len(text)
        body = text[match.end() : end]
        title_words: list[str] = []
        for word in body.split()[:10]:
            bare = word.strip("(),:;")
            if bare[:1].isupper() or bare[:1].isdigit() or bare.casefold() in CONNECTORS:
                title_words.append(word)
            else:
                break
        if len(title_words) > 1 and len(title_words) < len(body.split()):
            title_words.pop()  # the capitalised word that starts the first sentence
        subs.append((" ".join(title_words).rstrip(":"), body))
    return text[: starts[0].start()], subs


def parse_openfda_record(record: Any, origin: str) -> Source | None:
    if not isinstance(record, dict):
        return None
    meta = record.get("openfda") if isinstance(record.get("openfda"), dict) else {}

    def strings(value: Any) -> list[str]:
        if isinstance(value, str):
            return [value]
        return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []

    def field_text(name: str) -> str:
        return squash(" ".join(strings(record.get(name))))

    product_type = " ".join(strings(meta.get("product_type")))
    src = Source(origin, "openfda", doc_type=product_type or "(no openfda block)")
    src.human = is_human(product_type) if product_type else True
    src.otc = "OTC" in product_type.upper() or (not product_type and "purpose" in record)
    routes = frozenset(r.upper() for r in strings(meta.get("route")))
    for brand in strings(meta.get("brand_name")) or [""]:
        if brand:
            src.products.append(Product(squash(brand), "", routes))
    if not src.products and routes:
        src.products.append(Product("", "", routes))
    src.generics = [squash(g) for g in strings(meta.get("generic_name"))]
    src.boxed = bool(field_text("boxed_warning")) and not src.otc
    src.interactions = bool(field_text("drug_interactions"))
    indications = field_text("indications_and_usage")
    if indications:
        src.has_indications = True
        _intro, subs = flat_subsections(indications)
        src.plr = bool(re.match(r"^\s*1\s+[A-Z]", indications))
        titled = [t for t, _b in subs if t and not GENERIC_TITLE.match(t)]
        if titled:
            src.titled_uses, src.uses_from = titled, "subsections"
        elif not src.otc:
            src.text_uses = text_uses(indications)
    dosage = field_text("dosage_and_administration")
    if dosage:
        src.has_dosage = True
        intro, subs = flat_subsections(dosage)
        src.units = [Unit([], intro)] + [Unit([t] if t else [], b) for t, b in subs]
    return src


def openfda_records(data: bytes) -> list[Any]:
    try:
        value = json.loads(data)
    except ValueError:
        return []
    if isinstance(value, dict) and isinstance(value.get("results"), list):
        return list(value["results"])
    if isinstance(value, list):
        return value
    return [value] if isinstance(value, dict) else []


def read_sources(folder: Path) -> list[Source]:
    """Every label in the folder, in sorted order, as the ground truth sees it."""
    sources: list[Source] = []

    def one(data: bytes, origin: str) -> None:
        stripped = data.lstrip()[:1]
        if stripped == b"<":
            src = parse_spl_source(data, origin)
            if src is not None:
                sources.append(src)
        elif stripped in (b"{", b"["):
            for index, record in enumerate(openfda_records(data), 1):
                src = parse_openfda_record(record, f"{origin}#{index}")
                if src is not None:
                    sources.append(src)

    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        origin = str(path.relative_to(folder))
        if path.suffix.lower() in (".md", ".tsv", ".txt", ".jpg", ".png", ".pdf"):
            continue
        data = path.read_bytes()
        if data[:4] == b"PK\x03\x04":
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                for info in archive.infolist():
                    if info.filename.lower().endswith((".xml", ".json")):
                        one(archive.read(info), f"{origin}:{info.filename}")
        else:
            one(data, origin)
    return sources


# --------------------------------------------------------------------------- monographs


@dataclass
class Mono:
    path: Path
    model: Any
    origin: str  # relative, like Source.origin ("" when unknown)

    @property
    def name(self) -> str:
        return self.path.name


def load_monographs(folder: Path, labels: Path) -> list[Mono]:
    parse_file = _parse_file()
    out = []
    prefix = str(labels) + os.sep
    for path in sorted(folder.glob("*.md")):
        try:
            model = parse_file(path)
        except Exception as exc:  # a broken file: validate counts it
            print(f"warning: cannot parse {path.name}: {exc}", file=sys.stderr)
            continue
        origin = str(model.extra.get("imported_from") or "")
        out.append(Mono(path, model, origin.removeprefix(prefix)))
    return out


def _parse_file() -> Any:
    try:
        from medref.parse import parse_file  # type: ignore[attr-defined]
    except ImportError:
        from medref.model import parse_file
    return parse_file


def is_boxed(label: str | None) -> bool:
    return bool(label) and norm_words(label or "")[:2] == ["boxed", "warning"]


# --------------------------------------------------------------------------- reporting


@dataclass
class Metric:
    key: str
    title: str
    mode: str
    numerator: int
    denominator: int
    target: str = ""
    ok: bool | None = None
    note: str = ""
    examples: list[str] = field(default_factory=list)
    total_examples: int = 0
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def share(self) -> float | None:
        return self.numerator / self.denominator if self.denominator else None

    def example(self, text: str, limit: int) -> None:
        self.total_examples += 1
        if len(self.examples) < limit:
            self.examples.append(text)

    def to_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "title": self.title,
            "mode": self.mode,
            "numerator": self.numerator,
            "denominator": self.denominator,
            "share": None if self.share is None else round(self.share, 4),
            "target": self.target,
            "ok": self.ok,
            "note": self.note,
            "examples": self.examples,
            "cases": self.total_examples,
            **({"extra": self.extra} if self.extra else {}),
        }


_UUID = re.compile(r"([0-9a-f]{8})-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def short(origin: str) -> str:
    """'bxsajid+BioBertProject__xml-files-archive_0060d1b1-….xml' -> 'archive_0060d1b1.xml'."""
    name = origin.split("__", 1)[-1]
    name = _UUID.sub(r"\1", name)
    return name.replace("xml-files-archive_", "archive_").replace("xml-files_", "files_")


def tail(name: str, size: int = 40) -> str:
    """A long indication name by its end, where the condition is named."""
    return name if len(name) <= size else "…" + name[-(size - 1) :]


def pct(value: float | None) -> str:
    return "—" if value is None else f"{100 * value:.1f}%"


# --------------------------------------------------------------------------- importing


def run_medref(args: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "medref", *args],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "NO_COLOR": "1", "COLUMNS": "200"},
    )


def run_import(labels: Path, out: Path, per_label: bool) -> dict[str, Any]:
    args = ["import", str(labels), "--dir", str(out), "--json"]
    if per_label:
        args.append("--per-label")
    start = time.perf_counter()
    done = run_medref(args)
    seconds = time.perf_counter() - start
    try:
        report = json.loads(done.stdout)
    except ValueError:
        sys.exit(f"medref import failed (exit {done.returncode}):\n{done.stderr.strip()[-2000:]}")
    report["seconds"] = seconds
    report["exit"] = done.returncode
    if not isinstance(report.get("labels"), int):
        report["labels"] = len(report.get("written", [])) + int(report.get("merged", 0))
    return report


def run_validate(out: Path) -> dict[str, Any]:
    done = run_medref(["validate", str(out), "--json"])
    try:
        return dict(json.loads(done.stdout))
    except ValueError:
        return {"errors": -1, "warnings": -1, "findings": [], "failed": done.stderr[-500:]}


# --------------------------------------------------------------------------- metrics


def dose_leaks(
    monos: list[Mono], by_origin: dict[str, Source], mode: str, limit: int
) -> tuple[Metric, Metric]:
    from medref.errors import MedrefError
    from medref.selection import select_dosing

    metric = Metric(
        "dose_leaks",
        "wrong-indication dose shown for an indication",
        mode,
        0,
        0,
        "≤ 1%",
    )
    unanswered = Metric(
        "dose_queries_unanswered", "indication queries that select nothing", mode, 0, 0
    )
    testable = 0
    where_count: Counter[str] = Counter()
    for mono in monos:
        indications = mono.model.usage.indications
        src = by_origin.get(mono.origin)
        if len(indications) < 2:
            continue
        named = [Named.of(i.name) for i in indications]
        # A dose in exactly one unit of the label's dosage section belongs to the
        # indications that unit's title (or its nearest titled ancestor's) names.
        owner: dict[str, tuple[frozenset[str], str]] = {}  # dose -> (indications, unit title)
        if src is not None:
            counts: Counter[str] = Counter()
            unit_doses = []
            for unit in src.units:
                found = doses(unit.text)
                counts.update(found)
                belongs: list[Named] = []
                for title in reversed(unit.titles):
                    belongs = names_in(title, named)
                    if belongs:
                        break
                unit_doses.append((unit, found, frozenset(b.name for b in belongs)))
            for unit, found, belongs in unit_doses:
                if not belongs:
                    continue
                for dose in found:
                    if counts[dose] == 1:
                        owner[dose] = (belongs, unit.titles[-1] if unit.titles else "")
        for indication in indications:
            metric.denominator += 1
            unanswered.denominator += 1
            if any(indication.name not in inds for inds, _t in owner.values()):
                testable += 1
            try:
                selection = select_dosing(mono.model, indication.name)
            except MedrefError as exc:  # IndicationError, UsageError: nothing shown
                unanswered.numerator += 1
                unanswered.example(
                    f"{mono.name} ← {short(mono.origin)}: {indication.name!r}: "
                    f"{str(exc).splitlines()[0][:120]}",
                    limit,
                )
                continue
            shown = [("block", b.label, b.text) for b in selection.blocks]
            shown += [("general note", n.label or "", n.text) for n in selection.notes if n.text]
            leaks = []
            for what, label, text in shown:
                for dose in sorted(doses(f"{label} {text}")):
                    inds, unit_title = owner.get(dose, (frozenset([indication.name]), ""))
                    if indication.name not in inds:
                        leaks.append((dose, sorted(inds), unit_title, what, label))
            if leaks:
                metric.numerator += 1
                places = {what for _d, _i, _u, what, _l in leaks}
                for what in places:
                    where_count[what] += 1
                dose, inds, unit_title, what, label = leaks[0]
                metric.example(
                    f"{mono.name} ← {short(mono.origin)}: --indication {tail(indication.name)!r} "
                    f"shows {dose} in {what} {tail(label, 50)!r}; the label gives {dose} only "
                    f"under {tail(unit_title, 50)!r} (for {'; '.join(tail(i, 30) for i in inds)})"
                    + (f" [+{len(leaks) - 1} more]" if len(leaks) > 1 else ""),
                    limit,
                )
    metric.ok = metric.share is not None and metric.share <= 0.01
    metric.note = (
        f"{testable} queries had another indication's own dose to leak; leaked through "
        f"a block in {where_count['block']}, a general note in {where_count['general note']}"
    )
    metric.extra = {"testable_queries": testable, "leaked_via": dict(where_count)}
    return metric, unanswered


def boxed_kept(
    sources: list[Source], monos: list[Mono], mode: str, limit: int, per_label: bool
) -> Metric:
    metric = Metric("boxed_kept", "boxed warnings kept", mode, 0, 0, "≥ 99%")
    by_origin = {m.origin: m for m in monos}
    candidates = (
        [s for s in sources if s.human and s.boxed]
        if per_label
        else [s for s in sources if s.origin in by_origin and s.human and s.boxed]
    )
    for src in candidates:
        metric.denominator += 1
        mono = by_origin.get(src.origin)
        if mono is None:
            metric.example(f"{short(src.origin)}: not imported at all", limit)
            continue
        if any(is_boxed(item.label) for item in mono.model.precautions.items):
            metric.numerator += 1
        else:
            metric.example(f"{mono.name} ← {short(src.origin)}: no 'Boxed Warning' item", limit)
    metric.ok = metric.share is not None and metric.share >= 0.99
    return metric


_TRUNCATED_END = re.compile(r"\b(?:" + "|".join(sorted(CONNECTORS)) + r")\s*$", re.IGNORECASE)


def indication_metrics(
    sources: list[Source], monos: list[Mono], mode: str, limit: int
) -> list[Metric]:
    by_origin = {m.origin: m for m in monos}
    split = Metric(
        "indications_split", "labels with ≥2 titled uses split into indications", mode, 0, 0
    )
    split.target = "≥ 95%"
    found = Metric("indications_found", "titled uses found as indications", mode, 0, 0)
    collapsed = Metric(
        "indications_collapsed",
        "Rx, untitled uses: ≥2 named in text, one indication (heuristic)",
        mode,
        0,
        0,
    )
    fallback = Metric("usage_fallback", "monographs with 'Approved Uses'/'Uses' only", mode, 0, 0)
    empty = Metric("usage_empty", "monographs with an empty Usage", mode, 0, 0)
    truncated = Metric("indication_names_odd", "indication names that look truncated", mode, 0, 0)
    for mono in monos:
        indications = mono.model.usage.indications
        fallback.denominator += 1
        empty.denominator += 1
        src = _SOURCE_INDEX.get(mono.origin)
        kind = src.kind if src is not None else "?"
        if len(indications) == 1 and indications[0].name.casefold() in FALLBACKS:
            fallback.numerator += 1
            fallback.extra[kind] = fallback.extra.get(kind, 0) + 1
            if kind == "Rx":
                fallback.example(f"{mono.name} ← {short(mono.origin)} (Rx)", limit)
        if not indications or all(not i.text.strip() for i in indications):
            empty.numerator += 1
            empty.example(f"{mono.name} ← {short(mono.origin)}", limit)
        for indication in indications:
            truncated.denominator += 1
            name = indication.name
            if (
                _TRUNCATED_END.search(name)
                or name.count("(") != name.count(")")
                or len(name.split()) > 14
            ):
                truncated.numerator += 1
                truncated.example(f"{mono.name} ← {short(mono.origin)}: {name!r}", limit)
    layouts: Counter[str] = Counter()
    text_layouts: Counter[str] = Counter()
    for src in sources:
        mono = by_origin.get(src.origin)
        if mono is None or not src.human or not src.has_indications:
            continue
        indications = mono.model.usage.indications
        real = [i for i in indications if i.name.casefold() not in FALLBACKS and i.text.strip()]
        if len(src.titled_uses) >= 2:
            split.denominator += 1
            layouts["PLR" if src.plr else "old-format"] += 1
            if len(real) >= 2:
                split.numerator += 1
            else:
                split.example(
                    f"{mono.name} ← {short(src.origin)}: {len(src.titled_uses)} {src.uses_from} "
                    f"({'; '.join(u[:30] for u in src.titled_uses[:3])}…) → "
                    f"{[i.name[:30] for i in indications]}",
                    limit,
                )
            named = [Named.of(i.name) for i in real]
            for use in src.titled_uses:
                found.denominator += 1
                if names_in(use, named) or any(
                    Named.of(use).key and Named.of(use).key <= n.key for n in named
                ):
                    found.numerator += 1
                else:
                    found.example(f"{mono.name} ← {short(src.origin)}: {use[:70]!r} lost", limit)
        elif not src.titled_uses and not src.otc and len(src.text_uses) >= 2:
            collapsed.denominator += 1
            text_layouts["PLR" if src.plr else "old-format"] += 1
            if len(real) < 2:
                collapsed.numerator += 1
                collapsed.example(
                    f"{mono.name} ← {short(src.origin)}: text names "
                    f"{'; '.join(u[:30] for u in src.text_uses[:4])} → "
                    f"{[i.name[:30] for i in indications]}",
                    limit,
                )
    split.ok = split.share is not None and split.share >= 0.95
    split.note = ", ".join(f"{v} {k}" for k, v in sorted(layouts.items()))
    collapsed.note = ", ".join(f"{v} {k}" for k, v in sorted(text_layouts.items()))
    fallback.note = ", ".join(f"{k} {v}" for k, v in sorted(fallback.extra.items()))
    return [split, found, collapsed, fallback, empty, truncated]


_SOURCE_INDEX: dict[str, Source] = {}


FORM_FAMILIES = (
    ("KIT", "kit"),
    ("INJECT", "injection"),
    ("PATCH", "patch"),
    ("TABLET", "oral solid"),
    ("CAPSULE", "oral solid"),
    ("CAPLET", "oral solid"),
    ("LOZENGE", "oral solid"),
    ("GRANULE", "oral solid"),
    ("POWDER", "powder"),
    ("SUSPENSION", "liquid"),
    ("SOLUTION", "liquid"),
    ("SYRUP", "liquid"),
    ("ELIXIR", "liquid"),
    ("LIQUID", "liquid"),
    ("EMULSION", "liquid"),
    ("CONCENTRATE", "liquid"),
    ("DROP", "liquid"),
    ("GEL", "semisolid"),
    ("CREAM", "semisolid"),
    ("OINTMENT", "semisolid"),
    ("LOTION", "semisolid"),
    ("PASTE", "semisolid"),
    ("SPRAY", "spray"),
    ("AEROSOL", "spray"),
    ("SUPPOSITOR", "suppository"),
)


def form_family(form: str) -> str:
    """The family of a dosage form, with its release ("oral solid, delayed release"): a
    delayed- or extended-release product is dosed apart from the plain one."""
    release = next((r for r in ("DELAYED RELEASE", "EXTENDED RELEASE") if r in form), "")
    family = next((f for needle, f in FORM_FAMILIES if needle in form), form.casefold())
    return f"{family}, {release.casefold()}" if release else family


def alias_routes(sources: list[Source], monos: list[Mono], limit: int) -> list[Metric]:
    from medref.textutil import name_key

    brands: dict[str, list[tuple[Source, list[Product]]]] = defaultdict(list)
    generics: dict[str, list[tuple[Source, list[Product]]]] = defaultdict(list)
    for src in sources:
        for product in src.products:
            if product.name:
                brands[name_key(product.name)].append((src, [product]))
        for generic in src.generics:
            generics[name_key(generic)].append((src, src.products))
    route = Metric("alias_route", "aliases from a product of another route", "merged", 0, 0, "0")
    form = Metric("alias_form", "aliases from a product of another dosage form", "merged", 0, 0)
    kind = Metric("alias_kind", "aliases from another kind (Rx/OTC/non-human)", "merged", 0, 0)
    actives = Metric(
        "alias_actives", "aliases from a product of other active ingredients", "merged", 0, 0
    )
    unknown = 0
    for mono in monos:
        text_src = _SOURCE_INDEX.get(mono.origin)
        if text_src is None:
            continue
        text_forms = {form_family(p.form) for p in text_src.products if p.form}
        for alias in mono.model.aliases:
            key = name_key(alias)
            origins = brands.get(key) or generics.get(key) or []
            origins = [(s, p) for s, p in origins if s.origin != text_src.origin] or origins
            if not origins:
                unknown += 1
                continue
            first = short(origins[0][0].origin)
            routes = [frozenset(r for p in ps for r in p.routes) for _s, ps in origins]
            if text_src.routes and all(routes):
                route.denominator += 1
                if all(not (r & text_src.routes) for r in routes):
                    route.numerator += 1
                    route.example(
                        f"{mono.name}: alias {alias!r} is {'/'.join(sorted(routes[0]))} "
                        f"({first}), the text is {'/'.join(sorted(text_src.routes))} "
                        f"({short(text_src.origin)})",
                        limit,
                    )
            forms = {form_family(p.form) for _s, ps in origins for p in ps if p.form}
            if text_forms and forms:
                form.denominator += 1
                if not forms & text_forms:
                    form.numerator += 1
                    form.example(
                        f"{mono.name}: alias {alias!r} is {'/'.join(sorted(forms))} ({first}), "
                        f"the text is {'/'.join(sorted(text_forms))} ({short(text_src.origin)})",
                        limit,
                    )
            _check_actives(actives, mono, alias, origins, text_src, limit)
            kind.denominator += 1
            kinds = {s.kind for s, _p in origins}
            if text_src.kind not in kinds:
                kind.numerator += 1
                kind.example(
                    f"{mono.name}: alias {alias!r} only from {'/'.join(sorted(kinds))} labels "
                    f"({first}), the text is {text_src.kind} ({short(text_src.origin)})",
                    limit,
                )
    route.ok = route.numerator == 0
    route.note = f"{unknown} aliases traced to no label's product or generic name"
    return [route, form, kind, actives]


def _check_actives(
    metric: Metric,
    mono: Mono,
    alias: str,
    origins: list[tuple[Source, list[Product]]],
    text_src: Source,
    limit: int,
) -> None:
    """An alias whose products all have other active ingredients (by UNII) than every
    product of the label whose text the monograph holds ("Naproxen Sodium" on a naproxen
    text)."""
    text_sets = {p.actives for p in text_src.products if p.actives}
    alias_sets = {p.actives for _s, ps in origins for p in ps if p.actives}
    if not text_sets or not alias_sets:
        return
    metric.denominator += 1
    if alias_sets & text_sets:
        return
    metric.numerator += 1
    shown = "+".join(sorted(next(iter(alias_sets))))
    metric.example(
        f"{mono.name}: alias {alias!r} is {shown} ({short(origins[0][0].origin)}), the text is "
        f"{'; '.join('+'.join(sorted(a)) for a in text_sets)} ({short(text_src.origin)})",
        limit,
    )


DESCRIPTIVE = frozenset(
    {
        "pain", "reliever", "relief", "relieve", "fever", "reducer", "extra", "strength", "regular",
        "maximum", "migraine", "formula", "headache", "cold", "sinus", "flu", "allergy",
        "congestion", "nasal", "decongestant", "cough", "chest", "multi", "symptom", "daytime",
        "nighttime", "night", "day", "time", "all", "pm", "am", "children", "childrens", "child",
        "infant", "infants", "junior", "adult", "adults", "low", "dose", "tablet", "tablets",
        "caplet", "caplets", "gelcap", "gelcaps", "capsule", "capsules", "liquid", "gel", "gels",
        "softgel", "softgels", "coated", "film", "chewable", "oral", "suspension", "solution",
        "and", "or", "plus", "with", "for", "of", "the", "arthritis", "back", "body", "muscle",
        "aches", "inflammation", "reduction", "pack", "kit", "mg", "mcg", "ml", "er", "sr", "xr",
        "dr", "ib", "fast", "acting", "rapid", "release", "extended", "delayed", "medicine",
        "nsaid",
    }
)  # fmt: skip


def readability(merged: list[Mono], per_label: list[Mono], limit: int) -> list[Metric]:
    """Identity and readability (issue 5): aliases that are descriptions, glued dosing text."""
    described = Metric(
        "alias_descriptive", "aliases made only of symptom/strength words", "merged", 0, 0
    )
    for mono in merged:
        for alias in mono.model.aliases:
            described.denominator += 1
            alias_words = [w for w in re.findall(r"[a-z]+", alias.casefold()) if len(w) > 1]
            if alias_words and all(w in DESCRIPTIVE for w in alias_words):
                described.numerator += 1
                described.example(f"{mono.name}: alias {alias!r}", limit)
    glued = Metric(
        "dosing_glued",
        "monographs with glued table text in dosing (e.g. 'mgor')",
        "per-label",
        0,
        0,
    )
    for mono in per_label:
        glued.denominator += 1
        dosage = mono.model.dosage
        texts = [*(b.text for b in dosage.blocks), *(n.text for n in dosage.notes)]
        hits = [m.group(0) for t in texts for m in _GLUED.finditer(t)]
        if hits:
            glued.numerator += 1
            glued.example(f"{mono.name} ← {short(mono.origin)}: {', '.join(hits[:3])}", limit)
    return [described, glued]


_GLUED = re.compile(
    r"\d\s?(?:mg|mcg|mL)(?:or|and|to|twice|once|daily|every)\b|"
    r"\b(?:daily|dose|doses)(?:twice|once|daily)\b|\d\s?(?:mg|mcg|mL)\s?[*†‡§¶]"
)


def non_human(
    sources: list[Source], merged: list[Mono], per_label: list[Mono], limit: int
) -> Metric:
    from medref.textutil import name_key

    metric = Metric("non_human", "non-human documents imported", "both", 0, 0, "0")
    per_origin = {m.origin: m for m in per_label}
    merged_origin = {m.origin: m for m in merged}
    human_brands = {name_key(p.name) for s in sources if s.human for p in s.products}
    alias_owner = {name_key(a): m for m in merged for a in m.model.aliases}
    for src in sources:
        if src.human:
            continue
        metric.denominator += 1
        how = []
        if src.origin in per_origin:
            how.append(f"--per-label wrote {per_origin[src.origin].name}")
        if src.origin in merged_origin:
            how.append(f"merged {merged_origin[src.origin].name} holds its text")
        for product in src.products:
            key = name_key(product.name)
            if key in alias_owner and key not in human_brands:
                how.append(f"alias {product.name!r} of {alias_owner[key].name}")
        if how:
            metric.numerator += 1
            metric.example(f"{short(src.origin)} ({src.doc_type}): {'; '.join(how)}", limit)
    metric.ok = metric.numerator == 0
    return metric


def interactions(sources: list[Source], monos: list[Mono], mode: str, limit: int) -> list[Metric]:
    by_origin = {m.origin: m for m in monos}
    strict = Metric(
        "interactions", "labels with drug interactions → an Interactions section", mode, 0, 0
    )
    loose = Metric("interactions_any", "… or any item about interactions", mode, 0, 0)
    for src in sources:
        mono = by_origin.get(src.origin)
        if not src.human or not src.interactions or mono is None:
            continue
        strict.denominator += 1
        loose.denominator += 1
        model = mono.model
        headings = [s.heading for s in model.extra_sections]
        # The parser reads an Interactions section into the model (older medref kept it
        # among the extra sections).
        parsed = bool(model.interactions.items or model.interactions.intro)
        if parsed or any("interaction" in h.casefold() for h in headings):
            strict.numerator += 1
        else:
            strict.example(f"{mono.name} ← {short(src.origin)}", limit)
        labels = [i.label or "" for i in model.precautions.items]
        labels += [i.label or "" for s in model.extra_sections for i in s.items]
        labels += headings
        if any("interaction" in lbl.casefold() for lbl in labels):
            loose.numerator += 1
    # Every monograph, whether or not its label has a coded drug interactions section: an
    # old label may give them inside its precautions (the importer moves them).
    every = Metric("interactions_all", "monographs with an Interactions section", mode, 0, 0)
    for mono in monos:
        every.denominator += 1
        if mono.model.interactions.items or mono.model.interactions.intro:
            every.numerator += 1
    return [strict, loose, every]


def validate_metric(report: dict[str, Any], mode: str, limit: int) -> Metric:
    metric = Metric(
        "validate_errors", "medref validate errors", mode, max(report.get("errors", 0), 0), 0, "0"
    )
    metric.denominator = int(report.get("files", 0))
    kinds: Counter[str] = Counter()
    first: dict[str, str] = {}
    for finding in report.get("findings", []):
        if finding.get("level") != "error":
            continue
        message = str(finding.get("message", ""))
        kind = re.sub(r"'[^']*'", "'…'", message)
        kind = re.sub(r"(?:/\S+\.md,?\s*)+", "FILE ", kind).strip()
        kinds[kind] += 1
        message = re.sub(r"/\S+/([^/\s]+\.md)", r"\1", message)  # the temporary folder
        first.setdefault(kind, f"{Path(str(finding.get('path', ''))).name}: {message[:140]}")
    for kind, count in kinds.most_common():
        metric.example(f"{count}× {kind[:90]} — e.g. {first[kind]}", limit)
    metric.extra = {"warnings": report.get("warnings", 0), "kinds": dict(kinds.most_common())}
    metric.note = f"{report.get('warnings', 0)} warnings; {metric.denominator} files"
    metric.ok = metric.numerator == 0
    return metric


def not_imported(sources: list[Source], per_label: list[Mono], limit: int) -> Metric:
    origins = {m.origin for m in per_label}
    metric = Metric("human_not_imported", "human drug labels not imported", "per-label", 0, 0)
    for src in sources:
        if not src.human:
            continue
        metric.denominator += 1
        if src.origin not in origins:
            metric.numerator += 1
            what = "indications" if src.has_indications else "no indications section"
            metric.example(f"{short(src.origin)} ({src.doc_type}; {what})", limit)
    return metric


# --------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--labels", type=Path, default=DEFAULT_LABELS, help="folder of labels")
    parser.add_argument("--keep", type=Path, help="keep the imported monographs in this folder")
    parser.add_argument("--json", type=Path, dest="json_out", help="write the figures as JSON")
    parser.add_argument("--examples", type=int, default=3, help="examples per metric")
    args = parser.parse_args(argv)
    labels = args.labels.resolve()
    if not labels.is_dir():
        parser.error(f"{labels} is not a folder")
    started = time.perf_counter()

    work = Path(tempfile.mkdtemp(prefix="medref-quality-"))
    try:
        merged_dir, per_dir = work / "merged", work / "per-label"
        merged_report = run_import(labels, merged_dir, per_label=False)
        per_report = run_import(labels, per_dir, per_label=True)
        validate_merged = run_validate(merged_dir)
        validate_per = run_validate(per_dir)
        read_start = time.perf_counter()
        sources = read_sources(labels)
        read_seconds = time.perf_counter() - read_start
        _SOURCE_INDEX.clear()
        _SOURCE_INDEX.update({s.origin: s for s in sources})
        merged = load_monographs(merged_dir, labels)
        per_label = load_monographs(per_dir, labels)
        if args.keep:
            for name, folder in (("merged", merged_dir), ("per-label", per_dir)):
                target = args.keep / name
                if target.exists():
                    shutil.rmtree(target)
                shutil.copytree(folder, target)
        n = args.examples
        metrics: list[Metric] = []
        for monos, mode in ((merged, "merged"), (per_label, "per-label")):
            leak, unanswered = dose_leaks(monos, _SOURCE_INDEX, mode, n)
            metrics += [leak, unanswered]
        metrics.append(boxed_kept(sources, per_label, "per-label", n, per_label=True))
        metrics.append(boxed_kept(sources, merged, "merged", n, per_label=False))
        metrics += indication_metrics(sources, per_label, "per-label", n)
        metrics += indication_metrics(sources, merged, "merged", n)[:1]
        metrics += alias_routes(sources, merged, n)
        metrics += readability(merged, per_label, n)
        metrics.append(non_human(sources, merged, per_label, n))
        metrics.append(not_imported(sources, per_label, n))
        metrics.append(validate_metric(validate_merged, "merged", n))
        metrics.append(validate_metric(validate_per, "per-label", n))
        metrics += interactions(sources, per_label, "per-label", n)
        speed = []
        for mode, report in (("merged", merged_report), ("per-label", per_report)):
            rate = report["labels"] / report["seconds"] if report["seconds"] else 0.0
            speed.append(
                {
                    "mode": mode,
                    "labels": report["labels"],
                    "seconds": round(report["seconds"], 2),
                    "labels_per_second": round(rate, 1),
                    "monographs": len(report.get("written", [])),
                    "not_labels": report.get("not_labels", 0),
                    "unreadable": report.get("unreadable", 0),
                }
            )
    finally:
        shutil.rmtree(work, ignore_errors=True)
    total = time.perf_counter() - started

    print_table(metrics, speed, sources, labels, read_seconds, total)
    if args.json_out:
        payload = {
            "labels": str(labels),
            "sources": len(sources),
            "speed": speed,
            "seconds": round(total, 1),
            "metrics": [m.to_dict() for m in metrics],
        }
        args.json_out.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n")
    return 0


def print_table(
    metrics: list[Metric],
    speed: list[dict[str, Any]],
    sources: list[Source],
    labels: Path,
    read_seconds: float,
    total: float,
) -> None:
    kinds = Counter(s.kind for s in sources)
    print(
        f"Import quality: {labels} — {len(sources)} label documents "
        f"({kinds['Rx']} Rx, {kinds['OTC']} OTC, {kinds['non-human']} non-human)"
    )
    print()
    header = f"{'metric':<66} {'mode':<9} {'value':>7} {'n/d':>10}  {'target':<7} "
    print(header)
    print("-" * len(header))
    for m in metrics:
        status = "" if m.ok is None else ("ok" if m.ok else "MISS")
        value = pct(m.share) if m.denominator else "—"
        if m.key in ("validate_errors", "alias_route", "non_human"):
            value = str(m.numerator)
        nd = f"{m.numerator}/{m.denominator}"
        print(f"{m.title:<66} {m.mode:<9} {value:>7} {nd:>10}  {m.target:<7} {status}")
    for row in speed:
        print(
            f"{'speed: labels per second of the import':<66} {row['mode']:<9} "
            f"{row['labels_per_second']:>7} {row['labels']:>6} in {row['seconds']}s"
        )
    print()
    print("Examples")
    for m in metrics:
        if not m.examples and not m.note:
            continue
        more = m.total_examples - len(m.examples)
        print(f"- {m.title} ({m.mode}){': ' + m.note if m.note else ''}")
        for example in m.examples:
            print(f"    {example}")
        if more > 0:
            print(f"    … {more} more")
    print()
    print(f"Reading the labels as ground truth took {read_seconds:.1f}s; in all {total:.1f}s.")


if __name__ == "__main__":
    sys.exit(main())
