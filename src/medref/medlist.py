"""Reading a patient's medicine list: each name to a medicine the checker can use.

A name is, in this order: a monograph in the library (by its file name, title or an alias,
as every command resolves names); a medicine the class table lists; or a name an
Interactions item's label in the library uses ("isoniazid"). The last two have no label of
their own: they are checked against the other labels' text only. A class ("NSAIDs") is not
one medicine and is refused, naming some of its members; anything else is unknown, with
"did you mean …?", and nothing is dropped silently.

Two steps: ``resolve_names`` finds what each name is (a few index look-ups: enough to key
a kept page), ``medicine_list`` reads the labels and classes the check needs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, NamedTuple

from .errors import NotFoundError, UsageError
from .textutil import name_key

if TYPE_CHECKING:
    from .drugclasses import ClassIndex
    from .interactions import Subject
    from .library import Entry, Library

MAX_NAMES = 40  # 780 pairs; a longer list is a usage error, not minutes of work


class Resolved(NamedTuple):
    """What a typed name is: a monograph (its entry), or a medicine without one."""

    asked: str
    entry: Entry | None
    known_from: str  # "monograph" | "class table" | "label names"

    @property
    def identity(self) -> str:
        return str(self.entry.path) if self.entry is not None else name_key(self.asked)

    def page_part(self) -> list[object]:
        """What a kept page depends on of this name."""
        if self.entry is None:
            return [self.asked, self.known_from]
        return [self.asked, str(self.entry.path), self.entry.mtime_ns, self.entry.size]


@dataclass
class NameList:
    names: list[Resolved]
    # (name typed, name typed earlier for the same medicine, the medicine's title)
    duplicates: list[tuple[str, str, str]] = field(default_factory=list)


@dataclass
class MedicineList:
    subjects: list[Subject]
    duplicates: list[tuple[str, str, str]] = field(default_factory=list)
    classes: ClassIndex | None = None  # the class table's index the medicines were read with


class UnknownMedicinesError(NotFoundError):
    """Names that are no medicine medref knows, each with its suggestions."""

    def __init__(self, unknown: list[tuple[str, list[str]]]) -> None:
        parts = []
        for name, suggestions in unknown:
            part = f"{name!r}"
            if suggestions:
                part += " (did you mean " + " or ".join(suggestions) + "?)"
            parts.append(part)
        noun = "medicine" if len(unknown) == 1 else "medicines"
        super().__init__(
            f"no {noun} named {'; '.join(parts)}: not a monograph, not in the class table and "
            "not named by any label's interactions (medref list shows the monographs)"
        )
        self.unknown = unknown


def resolve_names(lib: Library, names: list[str]) -> NameList:
    """What each name is, in the order typed, each medicine once."""
    from .library import check_name

    if len(names) > MAX_NAMES:
        raise UsageError(f"{len(names)} names: check at most {MAX_NAMES} at a time")
    names = [check_name(n) for n in names]
    found: list[Resolved | None] = [_known(lib, name) for name in names]
    if any(r is None for r in found):
        lib.sync(whole=True, refresh=True)  # a file changed in place may name it now
        found = [r if r is not None else _known(lib, n) for n, r in zip(names, found, strict=True)]
        unknown = [n for n, r in zip(names, found, strict=True) if r is None]
        if unknown:
            raise UnknownMedicinesError([(n, suggestions(lib, n)) for n in unknown])
    return _distinct([r for r in found if r is not None])


def medicine_list(lib: Library, names: NameList) -> MedicineList:
    """The medicines, with their labels read from the catalogue and their classes."""
    from .interactions import labelled_subject, unlabelled_subject

    index = lib.class_index()
    subjects = [
        labelled_subject(r.asked, lib.label_record(r.entry), str(r.entry.path), index)
        if r.entry is not None
        else unlabelled_subject(r.asked, r.known_from, index)
        for r in names.names
    ]
    return MedicineList(subjects, names.duplicates, index)


def read_list(lib: Library, names: list[str]) -> MedicineList:
    return medicine_list(lib, resolve_names(lib, names))


def _known(lib: Library, name: str) -> Resolved | None:
    entry = lib.find(name)
    if entry is not None:
        return Resolved(name, entry, "monograph")
    index = lib.class_index()
    if name_key(name) in index.members:
        return Resolved(name, None, "class table")
    cls = index.named.get(name_key(name))
    if cls is not None:
        raise _class_error(name, cls)
    if lib.named_by_labels(name):
        return Resolved(name, None, "label names")
    return None


def _class_error(name: str, cls: str) -> UsageError:
    from .drugclasses import class_table

    members = sorted(class_table().members(cls))
    shown = ", ".join(members[:5]) + (", …" if len(members) > 5 else "")
    return UsageError(
        f"{name!r} is a class ({cls}), not one medicine: name the medicines on the list"
        + (f" (its members include {shown})" if members else "")
    )


def _distinct(found: list[Resolved]) -> NameList:
    result = NameList([])
    for item in found:
        same = next((r for r in result.names if r.identity == item.identity), None)
        if same is None:
            result.names.append(item)
        else:
            title = (same.entry.title if same.entry else None) or same.asked
            result.duplicates.append((item.asked, same.asked, title))
    if len(result.names) < 2:
        if result.duplicates:
            asked, first, title = result.duplicates[0]
            raise UsageError(
                f"{asked!r} and {first!r} are the same medicine ({title}): name two or more "
                "different medicines, or one to see its interactions"
            )
        raise UsageError("name two or more medicines, or one to see its interactions")
    return result


def suggestions(lib: Library, name: str, limit: int = 3) -> list[str]:
    """Close names: monographs first (with what they are, tall-man letters), then class
    table members and the names labels use."""
    import difflib

    members = lib.class_index().members
    found, _caution = lib.suggest(name, limit)
    key = name_key(name)
    known = [*members, *lib.label_names()]
    for close in difflib.get_close_matches(key, known, n=limit, cutoff=0.8):
        shown = members.get(close, close.replace("-", " "))
        if len(found) < limit and not any(f.split(" (")[0].casefold() == shown for f in found):
            found.append(shown)
    return found
