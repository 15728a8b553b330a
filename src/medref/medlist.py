"""Reading a patient's medicine list: each name to a medicine the checker can use.

A name is, in this order: a monograph in the library (by its file name, title or an alias,
as every command resolves names); a medicine the class table lists; or a name an
Interactions item's label in the library uses ("isoniazid"). The last two have no label of
their own: they are checked against the other labels' text only. A class ("NSAIDs") is not
one medicine and is refused, naming some of its members; anything else is unknown, with
"did you mean …?", and nothing is dropped silently.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .errors import NotFoundError, UsageError
from .textutil import name_key

if TYPE_CHECKING:
    from .interactions import Subject
    from .library import Library

MAX_NAMES = 40  # 780 pairs; a longer list is a usage error, not minutes of work


@dataclass
class MedicineList:
    subjects: list[Subject]
    # (name typed, name typed earlier for the same medicine, the medicine's title)
    duplicates: list[tuple[str, str, str]] = field(default_factory=list)


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


def read_list(lib: Library, names: list[str]) -> MedicineList:
    """The medicines the names stand for, in the order typed, each once."""
    from .library import check_name

    if len(names) > MAX_NAMES:
        raise UsageError(f"{len(names)} names: check at most {MAX_NAMES} at a time")
    names = [check_name(n) for n in names]
    found: list[Subject | None] = [_known(lib, name) for name in names]
    missing = [name for name, subject in zip(names, found, strict=True) if subject is None]
    if missing:
        lib.sync(whole=True, refresh=True)  # a file changed in place may name it now
        found = [s if s is not None else _known(lib, n) for n, s in zip(names, found, strict=True)]
        unknown = [n for n, s in zip(names, found, strict=True) if s is None]
        if unknown:
            raise UnknownMedicinesError([(n, suggestions(lib, n)) for n in unknown])
    return _distinct([s for s in found if s is not None])


def _known(lib: Library, name: str) -> Subject | None:
    from .interactions import class_named, labelled_subject, member_names, unlabelled_subject

    entry = lib.find(name)
    if entry is not None:
        return labelled_subject(name, lib.label_record(entry), str(entry.path))
    if name_key(name) in member_names():
        return unlabelled_subject(name, "class table")
    cls = class_named(name)
    if cls is not None:
        raise _class_error(name, cls)
    if lib.named_by_labels(name):
        return unlabelled_subject(name, "label names")
    return None


def _class_error(name: str, cls: str) -> UsageError:
    from .drugclasses import class_table

    members = sorted(class_table().members(cls))
    shown = ", ".join(members[:5]) + (", …" if len(members) > 5 else "")
    return UsageError(
        f"{name!r} is a class ({cls}), not one medicine: name the medicines on the list"
        + (f" (its members include {shown})" if members else "")
    )


def _distinct(subjects: list[Subject]) -> MedicineList:
    result = MedicineList([])
    for subject in subjects:
        same = next((s for s in result.subjects if _same(s, subject)), None)
        if same is None:
            result.subjects.append(subject)
        else:
            result.duplicates.append((subject.asked, same.asked, same.title))
    if len(result.subjects) < 2:
        if result.duplicates:
            asked, first, title = result.duplicates[0]
            raise UsageError(
                f"{asked!r} and {first!r} are the same medicine ({title}): name two or more "
                "different medicines, or one to see its interactions"
            )
        raise UsageError("name two or more medicines, or one to see its interactions")
    return result


def _same(a: Subject, b: Subject) -> bool:
    if a.path is not None or b.path is not None:
        return a.path == b.path
    return bool(a.keys & b.keys)


def suggestions(lib: Library, name: str, limit: int = 3) -> list[str]:
    """Close names: monographs first (with what they are, tall-man letters), then class
    table members and the names labels use."""
    import difflib

    from .interactions import member_names

    found, _caution = lib.suggest(name, limit)
    key = name_key(name)
    known = [*member_names(), *lib.label_names()]
    for close in difflib.get_close_matches(key, known, n=limit, cutoff=0.8):
        shown = member_names().get(close, close.replace("-", " "))
        if len(found) < limit and not any(f.split(" (")[0].casefold() == shown for f in found):
            found.append(shown)
    return found
