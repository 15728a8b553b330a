"""Which product a label is for, and whether it is a human drug label at all.

Labels become one monograph only when they are the same medicine for the same patient: the
same active substances (by their UNII codes, so "cafeine" and "caffeine" agree; by their
registry names when a label gives no codes), the same routes, the same dosage-form family
(solid, chewable, liquid, injection, gel, patch, …, with extended-release, delayed-release
and liposomal forms apart) and the same marketing status (prescription or OTC). Anything
else is another product: IV ibuprofen is not oral ibuprofen, a topical diclofenac solution
is not a tablet, an OTC 200 mg tablet is not the 800 mg prescription one. Every product of
a label counts: a label for naproxen and naproxen sodium tablets is neither alone.

Products of one medicine (the same active moieties) share a *base*: their monographs are
told apart by the route, form and status words of ``qualifier``.

``non_human`` says what a document is when it is not a human drug label (veterinary
labels, devices, supplements, bulk ingredients, indexing documents): those are skipped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..textutil import name_key
from .names import display

PRESCRIPTION, OTC = "prescription", "OTC"
INDEXING = "indexing document"  # not a label at all, rather than a label for no patient

# SPL document types (and openFDA product types) that are not human drug labels, and what
# to call them; checked before the human ones ("BULK INGREDIENT - ANIMAL DRUG").
_NOT_HUMAN = (
    ("ANIMAL", "veterinary label"),
    ("VETERINARY", "veterinary label"),
    ("DEVICE", "medical device"),
    ("DIETARY SUPPLEMENT", "dietary supplement"),
    ("MEDICAL FOOD", "medical food"),
    ("BULK", "bulk ingredient"),
    ("FURTHER PROCESSING", "drug for further processing"),
    ("COSMETIC", "cosmetic"),
    ("INDEXING", INDEXING),
)
# Document types of medicines for people: drug labels and the biologics' own types.
_HUMAN = (
    "HUMAN",
    "VACCINE",
    "PLASMA DERIVATIVE",
    "CELLULAR THERAPY",
    "ALLERGENIC",
    "MINIMALLY MANIPULATED CELLS",
)


def non_human(doc_type: str) -> str:
    """What the document is when it is not a human drug label ("veterinary label"), or ""
    (a human label, or no type given: the label's sections decide)."""
    upper = doc_type.upper()
    for needle, what in _NOT_HUMAN:
        if needle in upper:
            return what
    if not upper.strip() or any(needle in upper for needle in _HUMAN):
        return ""
    return "document of another type"


def refuse_non_human(origin: str, doc_type: str, where: str) -> None:
    """Raise ``ImportProblem`` for a document that is not a human drug label (``where``:
    which field gave its type, "SPL document type" or "openFDA product type")."""
    from .label import ImportProblem

    what = non_human(doc_type)
    if what:
        raise ImportProblem(
            origin,
            f"not a human drug label: {what} ({where}: {doc_type})",
            unreadable=False,
            kind="" if what == INDEXING else what,
        )


# --------------------------------------------------------------------------- routes, forms

_ROUTE_SAME = {"cutaneous": "topical"}
# Forms by the first word found, in this order ("TABLET, FILM COATED" is a tablet, not a
# film; "INJECTION, POWDER, FOR SOLUTION" an injection, not a powder).
_FAMILIES = (
    ("KIT", "kit"),
    ("INJECT", "injection"),
    ("IMPLANT", "implant"),
    ("CHEWABLE", "chewable"),
    ("FOR SUSPENSION", "liquid"),
    ("FOR SOLUTION", "liquid"),
    ("TABLET", "solid"),
    ("CAPSULE", "solid"),
    ("CAPLET", "solid"),
    ("PILL", "solid"),
    ("LOZENGE", "lozenge"),
    ("TROCHE", "lozenge"),
    ("GUM", "gum"),
    ("GRANULE", "solid"),
    ("PELLET", "solid"),
    ("PATCH", "patch"),
    ("FILM", "film"),
    ("SUPPOSITOR", "suppository"),
    ("ENEMA", "enema"),
    ("INHAL", "inhalation"),
    ("AEROSOL", "aerosol"),
    ("FOAM", "foam"),
    ("SPRAY", "spray"),
    ("SHAMPOO", "shampoo"),
    ("SUSPENSION", "liquid"),
    ("SOLUTION", "liquid"),
    ("SYRUP", "liquid"),
    ("ELIXIR", "liquid"),
    ("LIQUID", "liquid"),
    ("EMULSION", "liquid"),
    ("CONCENTRATE", "liquid"),
    ("DROP", "liquid"),
    ("TINCTURE", "liquid"),
    ("MOUTHWASH", "liquid"),
    ("RINSE", "liquid"),
    ("GEL", "gel"),
    ("JELLY", "gel"),
    ("CREAM", "cream"),
    ("OINTMENT", "ointment"),
    ("LOTION", "lotion"),
    ("PASTE", "paste"),
    ("POWDER", "powder"),
)
# Forms whose dosing differs from the plain form of the same family (a delayed-release
# naproxen is not for acute pain, which the plain tablet is).
_RELEASES = (
    ("EXTENDED RELEASE", "extended-release"),
    ("DELAYED RELEASE", "delayed-release"),
    ("LIPOSOM", "liposomal"),
)
# The family a route implies, left out of the product's name ("oral" is a tablet or a
# capsule; "intravenous" an injection).
_PLAIN = {
    "oral": "solid",
    "intravenous": "injection",
    "intramuscular": "injection",
    "subcutaneous": "injection",
    "intradermal": "injection",
    "intrathecal": "injection",
    "epidural": "injection",
    "ophthalmic": "liquid",
    "otic": "liquid",
    "nasal": "spray",
    "rectal": "suppository",
    "transdermal": "patch",
    "inhalation": "inhalation",
}
_PAREN = re.compile(r"\(([^)]+)\)")
_PARENTERAL = frozenset(r for r, plain in _PLAIN.items() if plain == "injection")


def route_name(display: str) -> str:
    """'ORAL' -> 'oral'; 'RESPIRATORY (INHALATION)' -> 'inhalation'."""
    text = " ".join(display.lower().split())
    inner = _PAREN.search(text)
    if inner:
        text = inner.group(1).strip()
    return _ROUTE_SAME.get(text, text)


def form_family(form: str) -> str:
    """The family of an SPL dosage form ('TABLET, FILM COATED' -> 'solid'), with its
    release ('extended-release solid'); '' when none is given."""
    upper = form.upper()
    if not upper.strip():
        return ""
    family = next((f for needle, f in _FAMILIES if needle in upper), "")
    if not family:
        family = upper.split(",")[0].strip().lower()
    release = next((r for needle, r in _RELEASES if needle in upper), "")
    return f"{release} {family}" if release else family


def _family(family: str, routes: tuple[str, ...]) -> str:
    """A solution or a powder given by injection is an injection (NeoProfen is a
    "SOLUTION" for intravenous use)."""
    release, _, kind = family.rpartition(" ")
    if kind in ("liquid", "powder") and routes and all(r in _PARENTERAL for r in routes):
        return f"{release} injection".strip()
    return family


# --------------------------------------------------------------------------- identity


@dataclass(frozen=True)
class Identity:
    """A label's product: what merging compares (``key``) and what its name says."""

    key: str  # same key: the same product, one monograph
    base: str  # the active moieties: products of one medicine share it
    routes: tuple[str, ...]  # sorted, as words: ("intramuscular", "intravenous")
    families: tuple[str, ...]  # sorted: ("extended-release solid",)
    status: str  # PRESCRIPTION | OTC
    substances: tuple[str, ...]  # the active ingredients as named ("Ibuprofen Lysine")
    forms: tuple[str, ...]  # the label's dosage forms, as named ("tablet, film coated")
    unii: tuple[str, ...]  # the active ingredients' UNII codes, sorted

    def qualifier(self) -> str:
        """The words that tell this product from others of its medicine: 'oral, OTC',
        'intravenous', 'topical gel', 'oral liquid, OTC', 'oral, extended-release'."""
        parts = []
        route = "/".join(self.routes)
        plain = {_PLAIN.get(r, "") for r in self.routes}
        shown = [f for f in self.families if f not in plain]
        if route:
            oral = "oral" in self.routes
            parts.append(" ".join([route, *(_family_words(f, oral) for f in shown)]))
        elif shown:
            parts.append(" and ".join(_family_words(f) for f in shown))
        if self.status == OTC:
            parts.append(OTC)
        return ", ".join(parts) if parts else "product not stated"


def _family_words(family: str, oral: bool = True) -> str:
    """'extended-release solid' -> 'extended-release'; 'solid' -> 'tablet or capsule';
    a liquid not taken by mouth is a solution ('topical solution')."""
    release, _, kind = family.rpartition(" ")
    if release and kind == "solid":
        return release
    if kind == "liquid" and not oral:
        return f"{release} solution".strip()
    return family.replace("solid", "tablet or capsule")


_PARTS = re.compile(r"\s*(?:,|\band\b)\s*", re.IGNORECASE)


def base_of(generic: str) -> str:
    """The key of a medicine whatever the order of its parts: 'Ibuprofen and
    Diphenhydramine' and 'Diphenhydramine and Ibuprofen' are one medicine."""
    return ",".join(sorted({name_key(p) for p in _PARTS.split(generic) if name_key(p)}))


def identify(
    *,
    substances: list[str],
    unii: list[str],
    generic: str,
    routes: list[str],
    forms: list[str],
    otc: bool,
) -> Identity:
    """The identity of a label's product from its product data: the active ingredients by
    their codes (by their names when a label has no code for each), the routes, forms and
    status. The base is the medicine's name (``generic``: the active moieties)."""
    route_words = tuple(sorted({route_name(r) for r in routes if route_name(r)}))
    families = tuple(sorted({_family(form_family(f), route_words) for f in forms if f.strip()}))
    if "kit" in families:
        families = ("kit",)  # a kit's parts are its own business
    status = OTC if otc else PRESCRIPTION
    codes = tuple(sorted({c.upper() for c in unii if c}))
    if codes and len(codes) >= len({name_key(s) for s in substances}):
        what = "unii:" + ",".join(codes)
    else:
        what = "name:" + ",".join(sorted({name_key(s) for s in substances if name_key(s)}))
    key = "|".join([what, ",".join(route_words), ",".join(families), status])
    return Identity(
        key=key,
        base=base_of(generic),
        routes=route_words,
        families=families,
        status=status,
        substances=tuple(dict.fromkeys(display(s) for s in substances)),
        forms=tuple(dict.fromkeys(" ".join(f.lower().split()) for f in forms if f.strip())),
        unii=codes,
    )
