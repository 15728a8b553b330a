"""DailyMed SPL XML (HL7 Structured Product Labeling) to a ``Label``.

Sections are found by their LOINC codes (``CODES``), at the top of the document or, for the
ones that live inside another section (mechanism of action inside clinical pharmacology),
below a section that is not imported. A section that is imported is kept whole, with its
subsections, except the few that are imported wherever they stand (``HOISTED``): a boxed
warning under Warnings (old metformin labels) or in an untitled wrapper section (kits), drug
interactions under Precautions (old-format labels), overdosage. A boxed-warning code inside
the dosage text is a box of that text, and patient leaflets and package labels are not read.
The product data elements give the names: the brand, the generic medicine name and the active
moieties the monograph is named after.

Safety: a downloaded label is untrusted. ``check_prolog`` refuses any document type
declaration before the parser sees it (entities can only be declared there, so with none
there is no entity expansion, no billion laughs and no external entity), and the document
is parsed as UTF-8 whatever it declares, so that check and the parser read the same bytes.
That is defusedxml's ``forbid_dtd`` policy, kept on the C parser: defusedxml's parser is the
pure-Python one, about twice as slow, and import speed is a requirement. Expat (2.4 and
later) also limits entity amplification on its own.
"""

from __future__ import annotations

import re
from xml.etree.ElementTree import Element, ParseError, XMLParser

from .label import ImportProblem, Label, Section
from .product import refuse_non_human
from .textify import NS, blocks, inline, squash

MAX_XML_BYTES = 256 * 1024 * 1024  # the largest real SPL is a few MB

CODES = {
    "34066-1": "boxed",
    "34067-9": "indications",
    "34068-7": "dosage",
    "34084-4": "adverse",
    "43679-0": "mechanism",
    "34070-3": "contraindications",
    "43685-7": "warnings_precautions",
    "34071-1": "warnings",
    "42232-9": "precautions",
    "43684-0": "specific_populations",
    "42228-7": "pregnancy",
    "34080-2": "nursing",
    "77290-5": "lactation",
    "34081-0": "pediatric",
    "34082-8": "geriatric",
    "34073-7": "interactions",
    "34088-5": "overdosage",
    "34076-0": "counseling",  # information for patients
    "88436-1": "counseling",  # patient counseling information (newer code)
    # OTC Drug Facts
    "55105-1": "purpose",
    "55106-9": "active_ingredient",
    "50570-1": "do_not_use",
    "50569-3": "ask_doctor",
    "50568-5": "ask_doctor_pharmacist",
    "50567-7": "when_using",
    "50566-9": "stop_use",
    "50565-1": "keep_out_of_reach",
    "53414-9": "pregnancy_breastfeeding",
    "53413-1": "questions",
}
PRODUCT_DATA = "48780-1"
UNCLASSIFIED = "42229-5"
# Imported wherever they stand, but not out of the sections named (a box in dosage text).
HOISTED = {"boxed": ("dosage",), "interactions": (), "overdosage": ()}
# Sections for patients or packages: what they hold is not the label's own section.
NOT_READ = frozenset({"51945-4", "42231-1", "42230-3", "59845-8", "68498-5"})
# Sections nothing is imported from (cut before parsing: see without_unused_sections).
UNUSED_CODES = frozenset(
    code.encode()
    for code in (
        "34092-7",  # clinical studies
        "43680-8",  # nonclinical toxicology
        "34089-3",  # description
        "34069-5",  # how supplied
        "51945-4",  # package label, principal display panel
        "42231-1",  # medication guide
        "42230-3",  # patient package insert
        "59845-8",  # instructions for use
        "34093-5",  # references
        "43682-4",  # pharmacokinetics
        "43681-6",  # pharmacodynamics
        "43683-2",  # recent major changes
    )
)
_SECTION_START = re.compile(
    rb'<section\b[^>]*>\s*(?:<id\b[^>]*>\s*)?<code\b[^>]*?\bcode="([0-9]{3,6}-[0-9])"'
)
_SECTION_TAG = re.compile(rb"<(/?)section\b[^>]*?(/?)>")
_SUBJECT_START = re.compile(rb"<subject\b")
_SUBJECT_TAG = re.compile(rb"<(/?)subject\b[^>]*?(/?)>")
PRODUCT_DATA_B = PRODUCT_DATA.encode()
MAPPED_CODES = frozenset(code.encode() for code in CODES)
_MAPPED_CODE = re.compile(
    rb'\bcode="(?:' + b"|".join(re.escape(c.encode()) for c in CODES) + rb')"'
)
MAX_PRODUCTS = 2  # per product data section: brands and names are in the first
_INACTIVE = re.compile(rb'<ingredient classCode="IACT">.*?</ingredient>', re.DOTALL)
_PRODUCT_EXTRAS = [
    (re.compile(rb"<" + tag + rb"\b"), re.compile(rb"<(/?)" + tag + rb"\b[^>]*?(/?)>"))
    for tag in (b"asContent", b"subjectOf")  # consumedIn stays: it holds the route
]
MAX_PRODUCT_SECTIONS = 3
OTC_TYPES = ("OTC",)

_DOCUMENT = NS + "document"
_CODE, _TITLE, _TEXT = NS + "code", NS + "title", NS + "text"
_COMPONENT, _SECTION = NS + "component", NS + "section"
_SUBJECT = NS + "subject"
_NAME = NS + "name"
_PRODUCTS = (NS + "manufacturedProduct", NS + "manufacturedMedicine")
_PARTS = (NS + "partProduct", NS + "partMedicine")
_INGREDIENTS = (NS + "ingredient", NS + "activeIngredient")
_SUBSTANCES = (NS + "ingredientSubstance", NS + "activeIngredientSubstance")
_GENERIC = f"{NS}asEntityWithGeneric/{NS}genericMedicine/{NS}name"
_MOIETY = f"{NS}activeMoiety/{NS}activeMoiety/{NS}name"
_FORM, _PART = NS + "formCode", NS + "part"
_ROUTES = f"{NS}consumedIn/{NS}substanceAdministration/{NS}routeCode"
UNII_SYSTEM = "2.16.840.1.113883.4.9"
_HIGHLIGHT = f"{NS}excerpt/{NS}highlight/{NS}text"
_LABELER = f"{NS}author/{NS}assignedEntity/{NS}representedOrganization/{NS}name"
_BODY = f"{NS}component/{NS}structuredBody"

_NUMBER = re.compile(r"^(\d{1,2}(?:\.\d{1,2}){0,3})\.?\s+(.*)$", re.DOTALL)
_DECLARED = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")
_UTF8_NAMES = {"utf-8", "utf8", "us-ascii", "ascii"}
_CLASS = re.compile(
    r"\b(?:is|are)\s+an?\s+((?:[\w()/,'’-]+\s+){0,8}?[\w()/'’-]+)\s+indicated\b", re.IGNORECASE
)


# --------------------------------------------------------------------------- safe parsing


def check_prolog(data: bytes, origin: str) -> bytes:
    """The document as UTF-8 bytes, after refusing a document type declaration.

    Everything before the root element is read here exactly as the parser would read it:
    the XML declaration, processing instructions, comments and white space. Anything else
    (``<!DOCTYPE``, which is where entities are declared) is refused.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    elif data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        data = _recode(data, "utf-16", origin)
    else:
        declared = _DECLARED.match(data[:512])
        if declared:
            encoding = declared.group(1).decode("ascii").lower()
            if encoding not in _UTF8_NAMES:
                data = _recode(data, encoding, origin)
    pos, size = 0, len(data)
    while True:
        while pos < size and data[pos] in b" \t\r\n":
            pos += 1
        if data.startswith(b"<?", pos):
            end = data.find(b"?>", pos + 2)
            if end < 0:
                raise ImportProblem(origin, "truncated XML (the prolog never ends)")
            pos = end + 2
        elif data.startswith(b"<!--", pos):
            end = data.find(b"-->", pos + 4)
            if end < 0:
                raise ImportProblem(origin, "truncated XML (a comment never ends)")
            pos = end + 3
        elif data.startswith(b"<!", pos):
            raise ImportProblem(
                origin,
                "refused: the XML has a document type declaration (<!DOCTYPE …>), which can "
                "declare entities that expand or load files; FDA labels have none",
            )
        elif data.startswith(b"<", pos):
            return data
        else:
            raise ImportProblem(origin, "not XML" if pos < size else "empty XML document")


def _parse(data: bytes) -> Element:
    parser = XMLParser(encoding="utf-8")  # overrides the declaration: see check_prolog
    parser.feed(data)
    return parser.close()


def without_unused_sections(data: bytes) -> bytes:
    """The document without what import never reads, often two thirds of a label, so that
    parsing takes a third of the time.

    Top-level sections are kept when they are imported (``CODES``: kept whole), trimmed
    when they are the product data (the first few products: every strength and package of
    a label is listed there), and cut when they are unused (``UNUSED_CODES``) or hold no
    imported section at all; other sections (clinical pharmacology, which holds mechanism
    of action) are treated the same way one level down. Only whole, balanced
    ``<section>`` spans are cut; when the tags do not balance the document is returned as
    it is, and if the cut document does not parse, ``parse_xml`` parses the whole one.
    """
    data = _slim_header(data)
    spans = _child_sections(data, 0, len(data))
    if spans is None:
        return data
    parts: list[bytes] = []
    pos = 0
    product_sections = [0]
    for start, end, code in spans:
        kept = _kept(data, start, end, code, product_sections)
        if kept is None:
            return data
        if kept is not _WHOLE:
            parts.append(data[pos:start])
            parts.append(kept)
            pos = end
    if not parts:
        return data
    parts.append(data[pos:])
    return b"".join(parts)


_WHOLE = b"\x00whole"  # _kept's answer for "keep the section as it is"


def _kept(
    data: bytes, start: int, end: int, code: bytes, product_sections: list[int]
) -> bytes | None:
    """What to keep of one section: _WHOLE, a trimmed copy, b"" (cut), None (unbalanced)."""
    if code in MAPPED_CODES:
        return _WHOLE
    if code == PRODUCT_DATA_B or (not code and _old_products(data, start, end)):
        product_sections[0] += 1
        if product_sections[0] > MAX_PRODUCT_SECTIONS:
            return b""
        return _first_products(data[start:end])
    if code in UNUSED_CODES or not _MAPPED_CODE.search(data, start, end):
        return b""
    children = _child_sections(data, start, end)
    if children is None:
        return None
    parts: list[bytes] = []
    pos = start
    for child_start, child_end, child_code in children:
        kept = _kept(data, child_start, child_end, child_code, product_sections)
        if kept is None:
            return None
        if kept is not _WHOLE:
            parts += [data[pos:child_start], kept]
            pos = child_end
    if not parts:
        return _WHOLE
    parts.append(data[pos:end])
    return b"".join(parts)


def _old_products(data: bytes, start: int, end: int) -> bool:
    """A section with no code that holds products: the product data of labels in the
    pre-2008 schema (``manufacturedMedicine``), which had no section code for it."""
    return data.find(b"<subject", start, end) >= 0 and data.find(b"<section", start + 8, end) < 0


def _child_sections(data: bytes, start: int, end: int) -> list[tuple[int, int, bytes]] | None:
    """The sections directly inside ``data[start:end]`` (the document, or a section whose
    own tag starts at ``start``): (start, end, LOINC code). None when tags do not balance.
    Tags are found with ``bytes.find``: several times faster than a regular expression."""
    spans: list[tuple[int, int, bytes]] = []
    depth = 0
    base = 1 if data.startswith(b"<section", start) else 0
    opened = -1
    pos = start
    next_open = data.find(b"<section", pos, end)
    next_close = data.find(b"</section>", pos, end)
    while next_close >= 0:
        if 0 <= next_open < next_close:
            after = data[next_open + 8 : next_open + 9]
            close = data.find(b">", next_open, end)
            if after in (b" ", b">", b"\n", b"\r", b"\t") and data[close - 1 : close] != b"/":
                if depth == base:
                    opened = next_open
                depth += 1
            next_open = data.find(b"<section", next_open + 8, end)
            continue
        depth -= 1
        tag_end = next_close + 10
        if depth == base and opened >= 0:
            code = _SECTION_START.match(data, opened)
            spans.append((opened, tag_end, code.group(1) if code else b""))
            opened = -1
        elif depth < 0:
            return None
        next_close = data.find(b"</section>", tag_end, end)
    return spans if depth == 0 and next_open < 0 else None


def _first_products(section: bytes) -> bytes:
    """A product data section with its first ``MAX_PRODUCTS`` products (<subject>s), and
    without what names no medicine: inactive ingredients, packages, marketing data."""
    trimmed = _cut_elements(section, _SUBJECT_START, _SUBJECT_TAG, keep=MAX_PRODUCTS)
    if trimmed is None:
        return section
    section = _INACTIVE.sub(b"", trimmed)
    for start_tag, tags in _PRODUCT_EXTRAS:
        cut = _cut_elements(section, start_tag, tags)
        if cut is not None:
            section = cut
    return section


def _cut_elements(
    data: bytes, start_tag: re.Pattern[bytes], tags: re.Pattern[bytes], keep: int = 0
) -> bytes | None:
    """``data`` without the elements ``start_tag`` opens, but the first ``keep``; None when
    an element's tags do not balance (the caller then keeps the data as it is)."""
    parts: list[bytes] = []
    pos = 0
    seen = 0
    for match in start_tag.finditer(data):
        if match.start() < pos:
            continue
        seen += 1
        if seen <= keep:
            continue
        end = _balanced_end(data, match.start(), tags)
        if end is None:
            return None
        parts.append(data[pos : match.start()])
        pos = end
    if not parts:
        return data
    parts.append(data[pos:])
    return b"".join(parts)


def _slim_header(data: bytes) -> bytes:
    """The document's author without the labeler's establishments (often many): only the
    labeler's name is imported."""
    body = data.find(b"<component>")
    start = data.find(b"<representedOrganization>", 0, body)
    if start < 0:
        return data
    name_end = data.find(b"</name>", start, body)
    end = data.find(b"</representedOrganization>", start, body)
    if name_end < 0 or end < 0 or name_end > end:
        return data
    return data[: name_end + len(b"</name>")] + data[end:]


def _balanced_end(data: bytes, start: int, tags: re.Pattern[bytes]) -> int | None:
    depth = 0
    for tag in tags.finditer(data, start):
        if tag.group(2):
            continue  # an empty element: <section/>
        depth += -1 if tag.group(1) else 1
        if depth == 0:
            return tag.end()
    return None


def _recode(data: bytes, encoding: str, origin: str) -> bytes:
    try:
        return data.decode(encoding).encode("utf-8")
    except (LookupError, UnicodeError) as exc:
        raise ImportProblem(origin, f"cannot read the XML's encoding {encoding!r}: {exc}") from exc


def parse_xml(data: bytes, origin: str) -> Element:
    data = check_prolog(data, origin)
    slim = without_unused_sections(data)
    if slim is not data:
        try:
            return _parse(slim)
        except ParseError:
            pass  # the cut went wrong somehow: the whole document decides
    try:
        return _parse(data)
    except ParseError as exc:
        line = exc.position[0] if getattr(exc, "position", None) else 0
        what = str(exc).split(":")[0]
        hint = "truncated" if "no element found" in str(exc) or "unclosed" in str(exc) else ""
        reason = f"not well-formed XML ({what}, line {line})"
        raise ImportProblem(origin, f"{reason}; {hint} file?" if hint else reason) from None


# --------------------------------------------------------------------------- the label


def parse_spl(data: bytes, origin: str) -> Label:
    """One SPL document; ``ImportProblem`` when it is unreadable or not a drug label."""
    if len(data) > MAX_XML_BYTES:
        raise ImportProblem(origin, f"too large for one label ({len(data) // 2**20} MB)")
    root = parse_xml(data, origin)
    if root.tag != _DOCUMENT:
        local = root.tag.rpartition("}")[2]
        raise ImportProblem(
            origin, f"not an SPL drug label (the XML's root is <{local}>)", unreadable=False
        )
    code = root.find(_CODE)
    doc_type = squash(code.get("displayName", "")) if code is not None else ""
    label = Label(origin=origin, fmt="spl", doc_type=doc_type)
    label.otc = any(t in doc_type.upper() for t in OTC_TYPES)
    refuse_non_human(origin, doc_type, "SPL document type")
    title = root.find(_TITLE)
    label.doc_title = inline(title) if title is not None else ""
    if not label.doc_title:
        label.missing.append("document title")
    label.effective = _date(root.find(NS + "effectiveTime"))
    set_id = root.find(NS + "setId")
    label.set_id = (set_id.get("root") or "") if set_id is not None else ""
    version = root.find(NS + "versionNumber")
    label.version = (version.get("value") or "") if version is not None else ""
    labeler = root.find(_LABELER)
    label.labeler = inline(labeler) if labeler is not None else ""

    body = root.find(_BODY)
    if body is not None:
        for component in body.findall(_COMPONENT):
            for section in component.findall(_SECTION):
                _visit(label, section)
    if not any(k in label.sections for k in ("indications", "dosage", "purpose")):
        kind = f" (SPL document type: {doc_type})" if doc_type else ""
        raise ImportProblem(
            origin, f"not a drug label: no indications or dosage section{kind}", unreadable=False
        )
    label.drug_class = _class_from_highlights(label)
    return label


def _date(el: Element | None) -> str:
    value = (el.get("value") or "") if el is not None else ""
    if len(value) >= 8 and value[:8].isdigit():
        return f"{value[:4]}-{value[4:6]}-{value[6:8]}"
    return ""


def _visit(label: Label, section: Element, top: bool = True) -> None:
    code = _code(section)
    if code == PRODUCT_DATA or (not code and section.find(_SUBJECT) is not None):
        _products(label, section)
        return
    if code in NOT_READ:
        return
    key = CODES.get(code)
    if key == "boxed" and label.otc and not top:
        key = None  # Drug Facts have no boxed warning: a box on the carton ("TAMPER-EVIDENT")
    if key is not None:
        label.add(key, _section(section, label, key))
        return
    for component in section.findall(_COMPONENT):
        for sub in component.findall(_SECTION):
            _visit(label, sub, top=False)


def _code(el: Element) -> str:
    code_el = el.find(_CODE)
    return (code_el.get("code") or "") if code_el is not None else ""


def _section(el: Element, label: Label | None = None, key: str = "") -> Section:
    """An imported section with its subsections; those ``HOISTED`` go to the label."""
    title_el = el.find(_TITLE)
    raw = inline(title_el) if title_el is not None else ""
    number = ""
    match = _NUMBER.match(raw)
    if match:
        number, raw = match.group(1), match.group(2)
    section = Section(title=raw.strip().rstrip(":").strip(), number=number)
    section.blocks = blocks(el.find(_TEXT))
    highlight = el.find(_HIGHLIGHT)
    if highlight is not None:
        section.highlight = blocks(highlight)
    heading_only: Section | None = None  # a hoisted section with nothing but its heading
    for component in el.findall(_COMPONENT):
        for sub in component.findall(_SECTION):
            code = _code(sub)
            if code in NOT_READ:
                continue
            if heading_only is not None and code == UNCLASSIFIED:
                # Its text is in the untitled sections after it (old sulindac labels).
                heading_only.subs.append(_section(sub, label, key))
                continue
            hoisted = _hoisted(sub, code, label, key)
            if hoisted is None:
                heading_only = None
                section.subs.append(_section(sub, label, key))
            else:
                heading_only = hoisted if _heading_only(hoisted) else None
    return section


def _hoisted(sub: Element, code: str, label: Label | None, key: str) -> Section | None:
    """A subsection imported on its own (``HOISTED``), added to the label; else None."""
    hoisted = CODES.get(code, "")
    if label is None or hoisted not in HOISTED or key in HOISTED[hoisted] or hoisted == key:
        return None
    if hoisted == "boxed" and label.otc:
        return None
    found = _section(sub, label, hoisted)
    label.add(hoisted, found)
    return found


def _heading_only(section: Section) -> bool:
    return not section.subs and all(b.kind == "h" for b in section.blocks)


def _products(label: Label, section: Element) -> None:
    """Names from the product data elements: brands, generic name, active moieties; and
    what the product is: its dosage forms, routes and the active ingredients' codes."""
    first = True
    for el in section.iter():
        if el.tag in _PRODUCTS or (el.tag == _PART and _has_active(el)):
            # A kit's routes are its medicines' (not the alcohol swab's)
            for route in el.findall(_ROUTES):
                _add_once(label.routes, route.get("displayName") or "")
        if el.tag not in _PRODUCTS:
            continue
        name = el.find(_NAME)
        if name is None:
            continue  # the outer <manufacturedProduct> role around the product entity
        brand = squash(" ".join(name.itertext()))  # "TRIAMINIC" + <suffix>"Childrens …"
        _add_once(label.brands, brand)
        generic = el.find(_GENERIC)
        _add_once(label.generic, inline(generic) if generic is not None else "")
        form = el.find(_FORM)
        _add_once(label.forms, (form.get("displayName") or "") if form is not None else "")
        # Every product's active ingredients make the label's identity (a label for
        # naproxen and naproxen sodium tablets is not a naproxen-only label, and must not
        # lend "Naproxen Sodium" to one); the first product's moieties name the monograph.
        _active_ingredients(label, el, names=first)
        first = False


def _active_ingredients(label: Label, product: Element, *, names: bool) -> None:
    """The active ingredients of a product and of its parts (a kit): codes, and names when
    this product names the monograph."""
    for ingredient in product.iter():
        if ingredient.tag not in _INGREDIENTS:
            continue
        kind = ingredient.get("classCode") or "ACTIB"
        if not kind.startswith("ACT"):
            continue  # IACT: an inactive ingredient
        for substance in ingredient:
            if substance.tag not in _SUBSTANCES:
                continue
            _add_once(label.unii, _unii(substance))
            if not names:
                continue
            sub_name = substance.find(_NAME)
            _add_once(label.substances, inline(sub_name) if sub_name is not None else "")
            moiety = substance.find(_MOIETY)
            if moiety is not None:
                _add_once(label.moieties, inline(moiety))


def _has_active(part: Element) -> bool:
    return any(
        (i.get("classCode") or "ACTIB").startswith("ACT")
        for i in part.iter()
        if i.tag in _INGREDIENTS
    )


def _unii(el: Element) -> str:
    code = el.find(_CODE)
    if code is None or code.get("codeSystem") != UNII_SYSTEM:
        return ""
    return code.get("code") or ""


def _add_once(values: list[str], value: str) -> None:
    if value and value not in values:
        values.append(value)


def _class_from_highlights(label: Label) -> str | None:
    """The established pharmacologic class a PLR label states in its Highlights:
    "LIPITOR is an HMG-CoA reductase inhibitor indicated …"."""
    section = label.first("indications")
    if section is None:
        return None
    for source in (section.highlight, section.blocks):
        for block in source[:6]:
            found = class_phrase(block.text, label.brands)
            if found:
                return found
    return None


def class_phrase(text: str, brands: list[str]) -> str | None:
    match = _CLASS.search(text)
    if not match:
        return None
    phrase = squash(match.group(1))
    lowered = phrase.casefold()
    if len(phrase) > 80 or any(b.casefold() in lowered for b in brands if b):
        return None
    if lowered.startswith(("drug ", "medicine ", "product ", "prescription medicine")):
        return None
    if _NOT_A_CLASS.search(phrase):
        return None  # "is a pre-existing condition for which aspirin is already indicated"
    return phrase[0].upper() + phrase[1:]


# Words no class name has: a clause ("a condition for which it is indicated").
_NOT_A_CLASS = re.compile(
    r"\b(?:which|that|who|whom|whose|is|are|was|were|already|condition|patients?)\b", re.I
)
