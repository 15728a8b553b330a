"""What a library folder already holds, as far as an import cares: each monograph's names,
and for an imported one its product and its label's set id.

Read from the front matter alone (the first 16 KB), with a safe YAML loader; a file that
cannot be read or parsed gives what could be read (often nothing), never an error: the
import then treats its name as taken and goes on.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .product import OTC, Identity, identify

HEAD_BYTES = 16384


@dataclass
class Front:
    """A monograph file's front matter, the parts an import needs."""

    title: str = ""
    names: list[str] = field(default_factory=list)  # the title and the aliases
    stem: str = ""  # the file's name, without .md
    generic: str = ""  # an imported monograph's medicine ("Ibuprofen")
    identity: Identity | None = None  # an imported monograph's product
    set_id: str = ""  # its label's (the first source's)


def read_front(path: Path) -> Front:
    data = _front_matter(path)
    if data is None:
        return Front()
    title = data.get("title")
    names = [title]
    aliases = data.get("aliases")
    if isinstance(aliases, str):
        names += aliases.split(",")
    elif isinstance(aliases, list):
        names += aliases
    front = Front(
        title=str(title) if isinstance(title, str) else "",
        names=[str(n) for n in names if isinstance(n, (str, int, float)) and str(n).strip()],
    )
    product = data.get("product")
    if isinstance(product, dict) and isinstance(product.get("generic"), str):
        front.identity = _identity(product)
        front.generic = str(product["generic"])
    sources = data.get("sources")
    if isinstance(sources, list) and sources and isinstance(sources[0], dict):
        front.set_id = str(sources[0].get("set_id") or "")
    return front


def _front_matter(path: Path) -> dict[str, Any] | None:
    try:
        with path.open(encoding="utf-8", errors="replace") as handle:
            head = handle.read(HEAD_BYTES)
    except OSError:
        return None
    parts = head.lstrip("\ufeff").split("\n---", 1)
    if not parts[0].lstrip().startswith("---") or len(parts) < 2:
        return None
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        data = yaml.load(parts[0].lstrip()[3:], Loader=loader)  # a safe loader
    except yaml.YAMLError:
        return None
    return data if isinstance(data, dict) else None


def _identity(product: dict[str, Any]) -> Identity:
    """The product an imported monograph says it is, as ``product.identify`` makes it."""

    def strings(key: str) -> list[str]:
        value = product.get(key)
        return [str(v) for v in value] if isinstance(value, list) else []

    return identify(
        substances=strings("ingredients") or [str(product["generic"])],
        unii=strings("unii"),
        generic=str(product["generic"]),
        routes=strings("routes"),
        forms=strings("forms"),
        otc=product.get("status") == OTC,
    )
