"""Selecting parts of a monograph for a command: one indication's dosing, FAQ topics, …

Pure functions over the model. They raise ``SelectionError`` (listing what exists) rather than
guess: above all, ``select_dosing`` (in ``selection.py``, which reads words by meaning) never
returns a block of an indication other than the one the words select.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .errors import NotFoundError, SelectionError
from .model import FAQ, Monograph, SideEffectGroup

if TYPE_CHECKING:
    from .selection import DosingSelection


def select_dosing(mono: Monograph, words: str) -> DosingSelection:
    """The one indication the words select (see ``selection.py``); imported only when
    words select, so that a plain lookup never loads the vocabulary."""
    from .selection import select_dosing as by_meaning

    return by_meaning(mono, words)


def dosing_indications(mono: Monograph) -> list[str]:
    """The indications that have dosing, in file order, each once."""
    return list(dict.fromkeys(b.indication or b.label for b in mono.dosage.blocks))


def filter_side_effects(mono: Monograph, *, serious: bool, common: bool) -> list[SideEffectGroup]:
    groups = mono.side_effects.groups
    if not groups:
        raise NotFoundError(f"{mono.title} lists no side effects")
    if not (serious or common):
        return list(groups)
    kinds = {"serious"} if serious else set()
    kinds |= {"common"} if common else set()
    chosen = [g for g in groups if g.kind in kinds]
    if not chosen:
        wanted = " or ".join(sorted(kinds))
        raise SelectionError(
            f"{mono.title} has no side-effect group marked {wanted}",
            [g.label for g in groups],
            "its groups",
        )
    return chosen


def select_faqs(mono: Monograph, about: str | None) -> list[FAQ]:
    if not mono.faqs:
        raise NotFoundError(f"{mono.title} has no FAQs")
    if about is None:
        return list(mono.faqs)
    from .selection import select_faqs as by_meaning

    hits = by_meaning(mono.faqs, about)
    if not hits:
        raise SelectionError(
            f"no {mono.title} FAQ is about {about!r}",
            [f.question for f in mono.faqs],
            "its questions",
        )
    return hits


def require_section(mono: Monograph, key: str, present: bool) -> None:
    from .model import SECTION_TITLES

    if not present:
        raise NotFoundError(f"{mono.title} has no {SECTION_TITLES.get(key, key)} section")
