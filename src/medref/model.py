"""The monograph model: what a monograph says, as typed data.

Every command works from this model, never from the raw text; ``parse.py`` makes it from a
monograph file (the format of ``docs/monograph-format.md``). The model round-trips through
``to_dict``/``from_dict``, which the catalogue caches and ``show --json`` prints.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from .textutil import words

SCHEMA_VERSION = 2  # 2: the Interactions section and the product

DEFAULT_DISCLAIMER = (
    "This information is for educational purposes only and is not a substitute for "
    "professional medical advice. Always consult your doctor or pharmacist before starting, "
    "stopping or changing any medication."
)


# --------------------------------------------------------------------------- the model


@dataclass
class Indication:
    """One use of the drug from the Usage section: ``**Multiple Myeloma:** text``."""

    name: str
    text: str
    line: int = 0


@dataclass
class DosingBlock:
    """Dosing for one indication (one regimen): ``**Multiple Myeloma (Adults):** text``.

    ``indication`` is the Usage indication the label belongs to, or None when no Usage
    indication's words appear in the label (``medref validate`` reports those).
    """

    label: str
    text: str
    indication: str | None
    line: int = 0


@dataclass
class Item:
    """A labelled (or unlabelled) paragraph or list item: precautions, mechanism, notes."""

    label: str | None
    text: str
    line: int = 0


@dataclass
class SideEffectGroup:
    """``**Common Side Effects (>10%):**`` and its bullet items; ``kind`` drives filters."""

    label: str
    kind: str  # "serious" | "common" | "other"
    items: list[str]
    line: int = 0


@dataclass
class FAQ:
    question: str
    answer: str
    line: int = 0


@dataclass
class Usage:
    intro: list[str] = field(default_factory=list)
    indications: list[Indication] = field(default_factory=list)


@dataclass
class Dosage:
    intro: list[str] = field(default_factory=list)
    blocks: list[DosingBlock] = field(default_factory=list)
    notes: list[Item] = field(default_factory=list)  # apply to every indication


@dataclass
class SideEffects:
    intro: list[str] = field(default_factory=list)
    groups: list[SideEffectGroup] = field(default_factory=list)
    outro: list[str] = field(default_factory=list)


@dataclass
class ItemList:
    """How it Works, Precautions and Interactions: labelled items in order (an item may have
    no label: an imported label's untitled paragraph), with any free text around."""

    intro: list[str] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)
    outro: list[str] = field(default_factory=list)


@dataclass
class ExtraSection:
    """A section with a heading medref does not know; kept and shown by ``show``."""

    heading: str
    items: list[Item]
    line: int = 0


@dataclass
class Product:
    """Which product an imported monograph is (front matter ``product``): one medicine
    can be several products (oral and intravenous ibuprofen, prescription and OTC), each
    its own monograph. ``names`` are names it shares with other products (its generic
    name, its ingredients' names, a brand on two products): a lookup opens it by one of
    them only when no other product has that name."""

    generic: str  # the medicine: "Ibuprofen"
    ingredients: list[str] = field(default_factory=list)  # as named: "Ibuprofen Lysine"
    routes: list[str] = field(default_factory=list)  # "intravenous"
    forms: list[str] = field(default_factory=list)  # the label's dosage forms: "injection"
    status: str = ""  # "prescription" | "OTC"
    unii: list[str] = field(default_factory=list)  # the active ingredients' UNII codes
    names: list[str] = field(default_factory=list)

    @property
    def summary(self) -> str:
        """'intravenous injection · prescription', 'oral tablet, film coated · OTC'."""
        what = " ".join([", ".join(self.routes), "; ".join(self.forms)]).strip()
        return " · ".join(part for part in (what, self.status) if part)


@dataclass
class Monograph:
    name: str  # the file stem, lower case: what the monograph is called in the library
    title: str
    aliases: list[str] = field(default_factory=list)
    drug_class: str | None = None
    product: Product | None = None  # imported monographs: which product of the medicine
    sources: list[dict[str, str]] = field(default_factory=list)
    last_reviewed: str | None = None
    generic_name: str | None = None
    usage: Usage = field(default_factory=Usage)
    dosage: Dosage = field(default_factory=Dosage)
    side_effects: SideEffects = field(default_factory=SideEffects)
    mechanism: ItemList = field(default_factory=ItemList)
    precautions: ItemList = field(default_factory=ItemList)
    # One item per drug or class the label names ("Strong CYP3A4 inhibitors (…)"): what
    # `medref interactions` reads, with the contraindications, boxed warnings and dose notes.
    interactions: ItemList = field(default_factory=ItemList)
    faqs: list[FAQ] = field(default_factory=list)
    disclaimer: str | None = None
    extra_sections: list[ExtraSection] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)  # unknown front matter keys
    # Where things are in the file, for `medref validate` (section key / front matter key
    # -> line). Not part of the documented JSON shape.
    section_lines: dict[str, int] = field(default_factory=dict)
    meta_lines: dict[str, int] = field(default_factory=dict)

    @property
    def display_disclaimer(self) -> str:
        return self.disclaimer or DEFAULT_DISCLAIMER

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = _plain(self)
        data["extra"] = jsonable(self.extra)
        data["schema"] = SCHEMA_VERSION
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Monograph:
        usage = data.get("usage") or {}
        dosage = data.get("dosage") or {}
        effects = data.get("side_effects") or {}
        return cls(
            name=data["name"],
            title=data["title"],
            aliases=list(data.get("aliases") or []),
            drug_class=data.get("drug_class"),
            product=Product(**data["product"]) if data.get("product") else None,
            sources=[dict(s) for s in data.get("sources") or []],
            last_reviewed=data.get("last_reviewed"),
            generic_name=data.get("generic_name"),
            usage=Usage(
                intro=list(usage.get("intro") or []),
                indications=[Indication(**i) for i in usage.get("indications") or []],
            ),
            dosage=Dosage(
                intro=list(dosage.get("intro") or []),
                blocks=[DosingBlock(**b) for b in dosage.get("blocks") or []],
                notes=[Item(**n) for n in dosage.get("notes") or []],
            ),
            side_effects=SideEffects(
                intro=list(effects.get("intro") or []),
                groups=[SideEffectGroup(**g) for g in effects.get("groups") or []],
                outro=list(effects.get("outro") or []),
            ),
            mechanism=_item_list(data.get("mechanism")),
            precautions=_item_list(data.get("precautions")),
            interactions=_item_list(data.get("interactions")),
            faqs=[FAQ(**f) for f in data.get("faqs") or []],
            disclaimer=data.get("disclaimer"),
            extra_sections=[
                ExtraSection(s["heading"], [Item(**i) for i in s["items"]], s.get("line", 0))
                for s in data.get("extra_sections") or []
            ],
            extra=dict(data.get("extra") or {}),
            section_lines=dict(data.get("section_lines") or {}),
            meta_lines=dict(data.get("meta_lines") or {}),
        )


def _item_list(data: dict[str, Any] | None) -> ItemList:
    data = data or {}
    return ItemList(
        intro=list(data.get("intro") or []),
        items=[Item(**i) for i in data.get("items") or []],
        outro=list(data.get("outro") or []),
    )


def _plain(value: Any) -> Any:
    """Dataclasses to dicts and lists, like dataclasses.asdict but several times faster:
    the catalogue encodes every monograph it indexes."""
    if hasattr(value, "__dataclass_fields__"):
        return {k: _plain(v) for k, v in value.__dict__.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def jsonable(value: Any) -> Any:
    """Front matter may hold dates and other YAML types; JSON wants strings."""
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


# The sections' display names, in the order `show` prints them.
SECTION_TITLES: dict[str, str] = {
    "generic_name": "Generic Name",
    "usage": "Usage",
    "dosage": "Dosage",
    "side_effects": "Side Effects",
    "mechanism": "How it Works",
    "precautions": "Precautions",
    "interactions": "Interactions",
    "faqs": "FAQs",
}


def is_boxed_warning(label: str | None) -> bool:
    return bool(label) and words(label or "")[:2] == ["boxed", "warning"]


def boxed_warnings(mono: Monograph) -> list[Item]:
    """The monograph's boxed warnings (Precautions items labelled "Boxed Warning …")."""
    return [item for item in mono.precautions.items if is_boxed_warning(item.label)]


_BOXED_PREFIX = re.compile(r"^\s*boxed\s+warnings?\s*[–—:-]*\s*", re.IGNORECASE)


def boxed_title(label: str | None) -> str:
    """'Boxed Warning – Fetal Toxicity' -> 'Fetal Toxicity' (or 'Boxed warning')."""
    title = _BOXED_PREFIX.sub("", label or "").strip()
    return title or "Boxed warning"
