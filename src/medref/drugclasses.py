"""The class table (``data/drug_classes.txt``): which medicines belong to the classes labels
name ("strong CYP3A4 inhibitors", "NSAIDs"), so that a patient's clarithromycin is seen in a
label that only names its class.

Each class has a canonical name, the other ways labels write it (aliases), its members
(generic names), the classes it includes (their members are its members too) and a
``source`` line saying where the membership comes from and how (seen, recalled,
pharmacology, derived: see the file's header). Read only by the commands that check
interactions, and by them rarely: what a check needs of the table (its ``ClassIndex``) is
made once and kept in the catalogue, keyed by the file's size and modification time.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from .errors import MedrefError

if TYPE_CHECKING:
    from .mentions import Lexicon

CLASSES_FILE = Path(__file__).parent / "data" / "drug_classes.txt"
PROVENANCE_WORDS = ("seen", "recalled", "pharmacology", "derived")


class DrugClass(NamedTuple):
    name: str  # canonical, as written in the file ("strong CYP3A4 inhibitors")
    source: str
    aliases: tuple[str, ...] = ()
    members: tuple[str, ...] = ()  # its own members; `ClassTable.members` adds included ones
    includes: tuple[str, ...] = ()  # canonical names of classes whose members are members
    line: int = 0

    @property
    def names(self) -> tuple[str, ...]:
        """Every way the class is written: its name, then its aliases."""
        return (self.name, *self.aliases)

    @property
    def provenance(self) -> list[str]:
        """How its membership was established (the header's PROVENANCE words it uses)."""
        return [word for word in PROVENANCE_WORDS if word in self.source]


@dataclass
class ClassTable:
    classes: dict[str, DrugClass]  # folded canonical name -> class
    identity: tuple[int, int] = (0, 0)  # the file's `fingerprint` when it was read
    _members: dict[str, frozenset[str]] = field(default_factory=dict)
    _parents: dict[str, list[str]] = field(default_factory=dict)

    def get(self, name: str) -> DrugClass | None:
        return self.classes.get(name.casefold())

    def members(self, name: str) -> frozenset[str]:
        """The class's members, with those of the classes it includes (transitively)."""
        key = name.casefold()
        if key not in self._members:
            cls = self.classes[key]
            found = set(cls.members)
            for included in cls.includes:
                found |= self.members(included)
            self._members[key] = frozenset(found)
        return self._members[key]

    def ancestors(self, name: str) -> list[str]:
        """The class and every class that includes it, directly or not (canonical names)."""
        if not self._parents:
            for cls in self.classes.values():
                for included in cls.includes:
                    self._parents.setdefault(included.casefold(), []).append(cls.name)
        result: list[str] = []
        todo = [self.classes[name.casefold()].name]
        while todo:
            current = todo.pop()
            if current not in result:
                result.append(current)
                todo += self._parents.get(current.casefold(), [])
        return result

    def classes_of(self, medicine: str) -> list[str]:
        """The canonical names of the classes a medicine (a generic name) belongs to."""
        wanted = medicine.casefold()
        return [cls.name for key, cls in self.classes.items() if wanted in self.members(key)]

    def all_members(self) -> set[str]:
        return {m for cls in self.classes.values() for m in cls.members}


class ClassTableError(MedrefError):
    """The shipped class table is malformed: a bug in medref's data, reported as one."""


def parse_table(text: str, where: str = "drug_classes.txt") -> ClassTable:
    """Read the table's text (format: the file's header)."""
    blocks: dict[str, dict[str, list[str]]] = {}
    lines: dict[str, int] = {}
    current: dict[str, list[str]] | None = None
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            name = line[1:-1].strip()
            if name.casefold() in blocks:
                raise ClassTableError(f"{where}:{number}: class [{name}] is defined twice")
            current = blocks[name.casefold()] = {"name": [name]}
            lines[name.casefold()] = number
            continue
        key, colon, value = line.partition(":")
        if current is None or not colon or key not in ("source", "aliases", "members", "includes"):
            raise ClassTableError(f"{where}:{number}: not a class line: {line[:60]!r}")
        parts = [value.strip()] if key == "source" else [v.strip() for v in value.split(",")]
        current.setdefault(key, []).extend(p for p in parts if p)
    classes = {
        key: DrugClass(
            name=block["name"][0],
            source=" ".join(block.get("source", [])),
            aliases=tuple(a.casefold() for a in block.get("aliases", [])),
            members=tuple(m.casefold() for m in block.get("members", [])),
            includes=tuple(block.get("includes", [])),
            line=lines[key],
        )
        for key, block in blocks.items()
    }
    for cls in classes.values():
        for included in cls.includes:
            if included.casefold() not in classes:
                raise ClassTableError(
                    f"{where}:{cls.line}: [{cls.name}] includes an unknown class [{included}]"
                )
    return ClassTable(classes)


@lru_cache(maxsize=1)
def class_table() -> ClassTable:
    """The shipped class table, read once per process."""
    identity = fingerprint()
    table = parse_table(CLASSES_FILE.read_text(encoding="utf-8"))
    table.identity = identity
    return table


def member_names() -> dict[str, str]:
    """Name key -> the class table's spelling, for every medicine the table lists."""
    return table_index().members


def class_named(name: str) -> str | None:
    """The canonical name of the class a name is (its name or an alias), or None."""
    from .textutil import name_key

    return table_index().named.get(name_key(name))


def fingerprint() -> tuple[int, int]:
    """The table file's identity, which a kept page and a kept reading depend on: its size
    and modification time."""
    info = CLASSES_FILE.stat()
    return (info.st_size, info.st_mtime_ns)


# --------------------------------------------------------------------------- the index


@dataclass(eq=False)
class ClassIndex:
    """What a check needs of the table, as plain lookups: made from the table once
    (``make_index``), kept in the catalogue as JSON (``Library.class_index``), so that a
    check neither reads the table nor builds its lexicon."""

    identity: tuple[int, int]  # the table file's `fingerprint` it was made from
    members: dict[str, str]  # member name key -> the table's spelling
    named: dict[str, str]  # name key of a class's name or alias -> its canonical name
    classes: list[str]  # canonical names, in the table's order
    # member name key -> every class it is in, each followed by those including it (by
    # their place in `classes`)
    member_classes: dict[str, list[int]]
    ancestors: dict[str, list[str]]  # canonical name -> it and every class including it
    sources: dict[str, str]  # canonical name -> its source line
    terms: dict[str, list[str]]  # the lexicon (``mentions.KeptLexicon.as_text``)
    _lexicon: Lexicon | None = None

    def classes_of(self, key: str) -> list[str]:
        """The classes a medicine (a member's name key) is in, with those including them."""
        return [self.classes[i] for i in self.member_classes.get(key, ())]

    def lexicon(self) -> Lexicon:
        """Every class name, alias and member, as terms (``mentions.Lexicon``)."""
        if self._lexicon is None:
            from .mentions import KeptLexicon

            self._lexicon = KeptLexicon(self.terms)
        return self._lexicon

    def to_json(self) -> str:
        data = {
            key: getattr(self, key)
            for key in ("members", "named", "classes", "member_classes", "ancestors", "sources")
        }
        data.update(identity=list(self.identity), terms=self.terms)
        return json.dumps(data, separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str) -> ClassIndex | None:
        """The index kept as ``to_json`` wrote it; None when it is not (a damaged value)."""
        try:
            data: dict[str, Any] = json.loads(text)
            size, mtime = data.pop("identity")
            return cls(identity=(size, mtime), **data)
        except (ValueError, TypeError, KeyError):
            return None


def make_index(table: ClassTable) -> ClassIndex:
    """The table's index (see ``ClassIndex``)."""
    from .mentions import KeptLexicon, Lexicon, Term, term_key
    from .textutil import name_key

    named: dict[str, str] = {}
    lexicon = Lexicon()
    for cls in table.classes.values():
        for name in cls.names:
            named.setdefault(name_key(name), cls.name)
            lexicon.add(term_key(name), Term("class", cls.name))
        for member in cls.members:
            lexicon.add(term_key(member), Term("medicine", name_key(member)))
    members = {name_key(m): m for m in table.all_members()}
    classes = [cls.name for cls in table.classes.values()]
    place = {name: i for i, name in enumerate(classes)}
    ancestors = {name: table.ancestors(name) for name in classes}
    containing: dict[str, list[str]] = {}  # as `ClassTable.classes_of`, for every member
    for name in classes:
        for member in table.members(name):
            containing.setdefault(member, []).append(name)
    member_classes = {
        key: [place[a] for a in dict.fromkeys(a for c in containing[m] for a in ancestors[c])]
        for key, m in members.items()
    }
    sources = {cls.name: cls.source for cls in table.classes.values()}
    terms = KeptLexicon.as_text(lexicon)
    index = ClassIndex(
        table.identity, members, named, classes, member_classes, ancestors, sources, terms
    )
    index._lexicon = lexicon
    return index


@lru_cache(maxsize=1)
def table_index() -> ClassIndex:
    """The index made from the shipped table in this process (where no catalogue keeps
    one: the workers of an index build, a library without a cache)."""
    return make_index(class_table())
