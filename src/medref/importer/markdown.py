"""The Markdown a monograph is written in, and the ``Draft`` that holds it.

Everything written goes through ``Md``, which keeps label text from being read back as
markup by the monograph parser (docs/monograph-format.md): no bold, no list or heading
markers at the start of a paragraph, labels without asterisks or trailing colons. Front
matter strings are JSON-quoted, which YAML reads as double-quoted strings.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from .label import Section
from .names import display
from .product import Identity
from .textify import clean, joined, squash

REFS = re.compile(r"\s*\[see [^\]]*\]|\s*\((?:\d{1,2}(?:\.\d{1,2})*(?:,\s*)?)+\)")

_MARK_STARTS = frozenset("#>*+-0123456789")

_LEADING_MARK = re.compile(r"^(?:[#>]+\s*|[*+-]\s+|(\d{1,3})[.)]\s+)")


@dataclass
class Draft:
    """A built monograph, before its aliases are final (merging adds brands)."""

    title: str
    key: str
    aliases: list[str]
    drug_class: str | None
    source: dict[str, str]
    last_reviewed: str
    body: str
    origin: str
    effective: str = ""
    version: str = ""
    set_id: str = ""
    missing: list[str] = field(default_factory=list)
    identity: Identity | None = None  # which product the label is for
    generic: str = ""  # the medicine's name, whatever the product ("Ibuprofen")
    names: list[str] = field(default_factory=list)  # shared with other products
    labeler: str = ""
    text: str = ""  # rendered with ``aliases`` (in the worker that built it)
    temp: str = ""  # or written there, by a worker, under a temporary name
    temp_title: str = ""  # with this title

    def recency(self) -> tuple[str, int]:
        try:
            version = int(self.version)
        except ValueError:
            version = 0
        return self.effective, version

    def render(self, aliases: list[str] | None = None, names: list[str] | None = None) -> str:
        """The file's text: front matter (JSON-quoted strings are YAML) and the body.

        Once rendered (``text``), other aliases, shared names or another title are put
        into the text as it is: the body is not kept beside it."""
        aliases = self.aliases if aliases is None else aliases
        names = self.names if names is None else names
        if self.text:
            self.text = rewrite_front(self.text, title=self.title, aliases=aliases, names=names)
            self.aliases, self.names = list(aliases), list(names)
            return self.text
        lines = ["---", f"title: {yaml_str(self.title)}", aliases_line(aliases)]
        lines += self._product_lines(names)
        if self.drug_class:
            lines.append(f"drug_class: {yaml_str(self.drug_class)}")
        lines.append("sources:")
        first = True
        for key, value in self.source.items():
            if value:
                lines.append(f"  {'- ' if first else '  '}{key}: {yaml_str(value)}")
                first = False
        if self.last_reviewed:
            lines.append(f"last_reviewed: {self.last_reviewed}")
        lines.append(f"imported_from: {yaml_str(self.origin)}")
        lines += ["---", "", f"# {self.title}", ""]
        return clean("\n".join(lines) + "\n" + self.body)

    def _product_lines(self, names: list[str]) -> list[str]:
        """The ``product`` mapping (docs/monograph-format.md), its shared names last."""
        found = self.identity
        if found is None:
            return []
        return [
            "product:",
            f"  generic: {yaml_str(self.generic or self.title)}",
            f"  ingredients: {yaml_list(list(found.substances))}",
            f"  routes: {yaml_list(list(found.routes))}",
            f"  forms: {yaml_list(list(found.forms))}",
            f"  status: {yaml_str(found.status)}",
            f"  unii: {yaml_list(list(found.unii))}",
            names_line(names),
        ]


def rewrite_front(
    text: str, *, title: str, aliases: list[str] | None, names: list[str] | None
) -> str:
    """A rendered monograph with another title (front matter and heading), aliases and
    shared names (None: as they are)."""
    text = _replace_line(_TITLE_LINE, text, f"title: {yaml_str(title)}")
    text = _replace_line(_H1_LINE, text, f"# {title}")
    if aliases is not None:
        text = _replace_line(ALIASES_LINE, text, aliases_line(aliases))
    if names is not None:
        text = _replace_line(NAMES_LINE, text, names_line(names))
    return text


def _replace_line(pattern: re.Pattern[str], text: str, line: str) -> str:
    found = pattern.search(text)
    if found is None or found.group(0) == line:
        return text
    return text[: found.start()] + line + text[found.end() :]


ALIASES_LINE = re.compile(r"^aliases: \[.*\]$", re.MULTILINE)

NAMES_LINE = re.compile(r"^  names: \[.*\]$", re.MULTILINE)  # the product's shared names

_TITLE_LINE = re.compile(r"^title: .*$", re.MULTILINE)

_H1_LINE = re.compile(r"^# .*$", re.MULTILINE)


def aliases_line(aliases: list[str]) -> str:
    return f"aliases: {yaml_list(aliases)}"


def names_line(names: list[str]) -> str:
    return f"  names: {yaml_list(names)}"


def yaml_list(values: list[str]) -> str:
    return f"[{', '.join(yaml_str(v) for v in values)}]"


def yaml_str(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


class Md:
    def __init__(self) -> None:
        self.lines: list[str] = []

    def heading(self, text: str) -> None:
        self.lines += [f"### {text}", ""]

    def para(self, text: str, label: str | None = None) -> None:
        text = safe_text(text)
        if label is not None:
            self.lines += [f"**{safe_label(label)}:** {text}".rstrip(), ""]
        elif text:
            self.lines += [text, ""]

    def item(self, text: str, label: str | None = None, depth: int = 0) -> None:
        text = safe_text(text, item=True)
        indent = "  " * min(depth, 3)
        if label is not None:
            self.lines.append(f"{indent}* **{safe_label(label)}:** {text}".rstrip())
        elif text:
            self.lines.append(f"{indent}* {text}")

    def end_list(self) -> None:
        if self.lines and self.lines[-1]:
            self.lines.append("")

    def text(self) -> str:
        return "\n".join(self.lines).rstrip() + "\n"


def safe_text(text: str, item: bool = False) -> str:
    """Text that the monograph parser reads back as text: no bold, no list or heading
    markers at the start, nothing that looks like a front matter fence."""
    if "**" in text:
        text = text.replace("**", "*")
    if text[:1] in _MARK_STARTS and (not item or text[0] in "#>"):
        text = _LEADING_MARK.sub(lambda m: f"({m.group(1)}) " if m.group(1) else "", text)
        if not text.strip("- "):
            return ""
    return text


def safe_label(label: str) -> str:
    return squash(label.replace("*", "")).rstrip(":").strip() or "Note"


def title_case(title: str) -> str:
    """Headings in capitals ("WARNING: SERIOUS INFECTIONS") read better as titles."""
    letters = [c for c in title if c.isalpha()]
    if letters and all(c.isupper() for c in letters) and len(letters) > 5:
        return display(title)
    return title


def text_of(section: Section) -> str:
    return joined(section.all_blocks())


def plain_title(title: str) -> str:
    return squash(REFS.sub("", title)).rstrip(":;,. ")
