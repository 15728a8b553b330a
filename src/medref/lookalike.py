"""Look-alike drug names: FDA and ISMP tall-man lettering (``data/tallman.txt``).

"did you mean hydrOXYzine or hydrALAZINE?" reads safer than the same names in lower case:
the capitals show where look-alike names differ. Read only when a name is not found.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .textutil import name_key

TALLMAN_FILE = Path(__file__).parent / "data" / "tallman.txt"


@dataclass(frozen=True)
class TallMan:
    forms: dict[str, str]  # name key -> the published mixed-case form
    confused: dict[str, tuple[str, ...]]  # name key -> keys of the names it is confused with


@lru_cache(maxsize=1)
def tallman() -> TallMan:
    forms: dict[str, str] = {}
    confused: dict[str, tuple[str, ...]] = {}
    for raw in TALLMAN_FILE.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        fields = [f.strip() for f in line.split("|")]
        if not fields[0]:
            continue
        key = name_key(fields[0])
        forms[key] = fields[0]
        partners = fields[2].split(",") if len(fields) > 2 else []
        confused[key] = tuple(name_key(p) for p in partners if p.strip())
    return TallMan(forms, confused)


def lettered(name: str) -> str:
    """The name in tall-man letters when it is on the lists, else as it is."""
    return tallman().forms.get(name_key(name), name)


def look_alikes(name: str) -> tuple[str, ...]:
    """Name keys of the drugs the lists say this name is confused with."""
    return tallman().confused.get(name_key(name), ())
