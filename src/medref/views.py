"""Selecting parts of a monograph for a command: one indication's dosing, FAQ topics, …

Pure functions over the model. They raise ``SelectionError`` (listing what exists) rather than
guess: above all, ``select_dosing`` never returns a block of an indication other than the one
the words select.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from .errors import NotFoundError, SelectionError, UsageError
from .model import FAQ, DosingBlock, Item, Monograph, SideEffectGroup
from .textutil import words

T = TypeVar("T")
MIN_PREFIX = 3  # 'myel' may stand for 'myeloma'; 'my' may not


@dataclass
class DosingSelection:
    indication: str
    blocks: list[DosingBlock]
    notes: list[Item]  # general notes that apply to every indication


def _word_match(query: list[str], target: list[str], prefix: bool) -> bool:
    return all(
        any(w == t or (prefix and len(w) >= MIN_PREFIX and t.startswith(w)) for t in target)
        for w in query
    )


def _select(query: str, things: Sequence[T], text_of: Callable[[T], str]) -> list[T]:
    """Things whose words contain every query word; whole words first, then prefixes."""
    q = words(query)
    if not q:
        raise UsageError(f"{query!r} has no words to match")
    for prefix in (False, True):
        hits = [t for t in things if _word_match(q, words(text_of(t)), prefix)]
        if hits:
            return hits
    return []


def indication_of(block: DosingBlock) -> str:
    """The indication a block belongs to; a block with no Usage indication stands alone."""
    return block.indication or block.label


def dosing_indications(mono: Monograph) -> list[str]:
    """The indications that have dosing, in file order, each once."""
    return list(dict.fromkeys(indication_of(b) for b in mono.dosage.blocks))


def select_dosing(mono: Monograph, query: str) -> DosingSelection:
    """The dosing blocks of the one indication ``query`` selects, and the general notes."""
    hits = _select(query, mono.dosage.blocks, lambda b: f"{b.label} {b.indication or ''}")
    choices = dosing_indications(mono)
    if not hits:
        raise SelectionError(
            f"{mono.title} has no dosing for an indication matching {query!r}",
            choices,
            "its indications",
        )
    selected = list(dict.fromkeys(indication_of(b) for b in hits))
    if len(selected) > 1:
        raise SelectionError(
            f"{query!r} matches several indications of {mono.title}",
            selected,
            "add a word to pick one of",
        )
    return DosingSelection(selected[0], hits, list(mono.dosage.notes))


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
    hits = _select(about, mono.faqs, lambda f: f.question)
    if not hits:
        hits = _select(about, mono.faqs, lambda f: f"{f.question} {f.answer}")
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
