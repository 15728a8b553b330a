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
class Product:
    """A product this import wrote: its monograph (--per-label: its first label's), and
    what its name may need (short strings: memory stays flat however many are written)."""

    title: str
    stem: str
    qualifier: str  # Identity.qualifier(): "oral, OTC"
    ingredients: str = ""  # "Ibuprofen Lysine", when not the medicine's own name
    forms: str = ""  # "tablet, film coated"
    set_id: str = ""
    # --per-label: the product's other labels, (stem, what tells the label apart)
    labels: list[tuple[str, str]] = field(default_factory=list)

    @classmethod
    def of(cls, title: str, stem: str, identity: Identity, set_id: str = "") -> Product:
        ingredients = joined([display(s) for s in identity.substances])
        if base_of(ingredients) == identity.base:
            ingredients = ""
        qualifier = sys.intern(identity.qualifier())
        return cls(title, stem, qualifier, ingredients, ", ".join(identity.forms), set_id)


@dataclass(slots=True)
class Base:
    """A medicine: the products of it this import wrote, and how many were there before."""

    title: str
    products: list[int] = field(default_factory=list)  # hashes of identity keys, in order
    existing: int = 0

    @property
    def several(self) -> bool:
        return len(self.products) + self.existing > 1


def qualified_titles(base: Base, product: Product) -> Iterator[str]:
    """The names a product of a medicine with several products may take, best first."""
    qualifier = product.qualifier
    if product.ingredients:
        yield product_title(product.ingredients, qualifier)  # "Ibuprofen Lysine (intravenous)"
    yield product_title(base.title, qualifier)
    if product.forms:
        yield product_title(base.title, f"{qualifier}; {product.forms}")
    if product.set_id:
        yield product_title(base.title, f"{qualifier}; {product.set_id[:8]}")
    for number in range(2, MAX_TRIES):
        yield product_title(base.title, f"{qualifier}; {number}")


def label_words(which: list[str]) -> Iterator[str]:
    """What may tell one more label of a product apart (--per-label): its brand, its
    labeler, its set id, then a number."""
    yield from (word for word in which if word)
    yield from (str(number) for number in range(2, MAX_TRIES))


def first_free(titles: Iterator[str], free: Callable[[str], bool]) -> str:
    """The first title (or word) for which ``free`` holds ('' when none does)."""
    return next((title for title in titles if free(title)), "")
