"""Naming the products of an import so that a user can tell them apart.

A medicine with one product in the folder is named for the medicine alone
("Atorvastatin"). When it has several (oral and intravenous ibuprofen, prescription and
OTC naproxen), each is named for its product: "Ibuprofen (oral)", "Ibuprofen
(intravenous)", "Ibuprofen (oral liquid, OTC)" (``Identity.qualifier``), a salt form for its
ingredient ("Ibuprofen Lysine (intravenous)", "Naproxen Sodium (oral)"); when two products
still read alike, the one that comes second is named for its forms, then for its label.
The medicine's own name is then a name every product shares: ``medref dosage ibuprofen``
lists them rather than choosing one.

Labels arrive one at a time, so the first product of a medicine takes the plain name and,
when another product of it turns up, is renamed once at the end of the import.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from .names import display, joined, product_title
from .product import Identity, base_of

MAX_TRIES = 1000


@dataclass(slots=True)
class Base:
    """A medicine with several products (or one, under another name than the medicine's):
    its name and the monographs of its products this import wrote."""

    title: str  # the medicine: "Ibuprofen"
    stems: list[str] = field(default_factory=list)  # its products' monographs, in order
    existing: int = 0  # its products in the folder before the import

    @property
    def several(self) -> bool:
        return len(self.stems) + self.existing > 1


@dataclass(frozen=True, slots=True)
class Naming:
    """What a product's name may need, as short strings (interned: memory stays flat
    however many products an import writes)."""

    qualifier: str  # Identity.qualifier(): "oral, OTC"
    ingredients: str = ""  # "Ibuprofen Lysine": a salt form's ingredients ("" otherwise)
    forms: str = ""  # "tablet, film coated"

    @classmethod
    def of(cls, identity: Identity) -> Naming:
        ingredients = joined([display(s) for s in identity.substances])
        if base_of(ingredients) == identity.base:
            ingredients = ""
        forms = ", ".join(identity.forms)
        return cls(sys.intern(identity.qualifier()), ingredients, sys.intern(forms))


def qualified_titles(medicine: str, naming: Naming) -> Iterator[str]:
    """The names a product of a medicine with several products may take, best first."""
    qualifier = naming.qualifier
    if naming.ingredients:
        yield product_title(naming.ingredients, qualifier)  # "Ibuprofen Lysine (intravenous)"
    yield product_title(medicine, qualifier)
    if naming.forms:
        yield product_title(medicine, f"{qualifier}; {naming.forms}")
    for number in range(2, MAX_TRIES):
        yield product_title(medicine, f"{qualifier}; {number}")


def label_words(which: list[str]) -> Iterator[str]:
    """What may tell one more label of a product apart (--per-label): its brand, its
    labeler, its set id, then a number."""
    yield from (word for word in which if word)
    yield from (str(number) for number in range(2, MAX_TRIES))


def first_free(titles: Iterator[str], free: Callable[[str], bool]) -> str:
    """The first title (or word) for which ``free`` holds ('' when none does)."""
    return next((title for title in titles if free(title)), "")
