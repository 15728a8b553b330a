"""The class table (``data/drug_classes.txt``): which medicines belong to the classes labels
name ("strong CYP3A4 inhibitors", "NSAIDs"), so that a patient's clarithromycin is seen in a
label that only names its class.

Each class has a canonical name, the other ways labels write it (aliases), its members
(generic names), the classes it includes (their members are its members too) and a
``source`` line saying where the membership comes from and how (seen, recalled,
pharmacology, derived: see the file's header). Read once per process, and only by the
commands that check interactions.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .errors import MedrefError

CLASSES_FILE = Path(__file__).parent / "data" / "drug_classes.txt"
PROVENANCE_WORDS = ("seen", "recalled", "pharmacology", "derived")


@dataclass(frozen=True)
class DrugClass:
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
    return parse_table(CLASSES_FILE.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def member_names() -> dict[str, str]:
    """Name key -> the class table's spelling, for every medicine the table lists."""
    from .textutil import name_key

    return {name_key(m): m for m in class_table().all_members()}


def class_named(name: str) -> str | None:
    """The canonical name of the class a name is (its name or an alias), or None."""
    from .textutil import name_key

    key = name_key(name)
    for cls in class_table().classes.values():
        if any(name_key(n) == key for n in cls.names):
            return cls.name
    return None


def fingerprint() -> list[int]:
    """What a kept page depends on of the table: its size and modification time."""
    info = CLASSES_FILE.stat()
    return [info.st_size, info.st_mtime_ns]
