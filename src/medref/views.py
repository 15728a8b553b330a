"""Selecting parts of a monograph for a command: one indication's dosing, FAQ topics, …

Pure functions over the model. They raise ``SelectionError`` (listing what exists) rather than
guess: above all, ``select_dosing`` (in ``selection.py``, which reads words by meaning) never
returns a block of an indication other than the one the words select.
"""

from __future__ import annotations

from .errors import NotFoundError, SelectionError
from .model import FAQ, Monograph, SideEffectGroup
from .selection import (
    DosingSelection,
    IndicationError,
    dosing_indications,
    indication_of,
    select_dosing,
)

__all__ = [
    "DosingSelection",
    "IndicationError",
    "dosing_indications",
    "filter_side_effects",
    "indication_of",
    "require_section",
    "select_dosing",
    "select_faqs",
]


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


def require_section(mono: Monograph, key: str, present: bool, title: str) -> None:
    if not present:
        raise NotFoundError(f"{mono.title} has no {title} section")
