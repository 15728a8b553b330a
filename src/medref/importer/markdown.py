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
    text: str = ""  # rendered with ``aliases`` (in the worker that built it)
    temp: str = ""  # or written there, by a worker, under a temporary name
    temp_title: str = ""  # with this title

    def recency(self) -> tuple[str, int]:
        try:
            version = int(self.version)
        except ValueError:
            version = 0
        return self.effective, version

    def render(self, aliases: list[str] | None = None) -> str:
        """The file's text: front matter (JSON-quoted strings are YAML) and the body.

        Once rendered (``text``), other aliases or another title are put into the text
        as it is: the body is not kept beside it."""
        aliases = self.aliases if aliases is None else aliases
        if self.text:
            if aliases != self.aliases:
                self.text = ALIASES_LINE.sub(lambda _m: aliases_line(aliases), self.text, 1)
                self.aliases = list(aliases)
            if self.text.startswith(f"---\ntitle: {yaml_str(self.title)}\n"):
                return self.text
            self.text = _TITLE_LINE.sub(lambda _m: f"title: {yaml_str(self.title)}", self.text, 1)
            self.text = _H1_LINE.sub(lambda _m: f"# {self.title}", self.text, 1)
            return self.text
        lines = ["---", f"title: {yaml_str(self.title)}", aliases_line(aliases)]
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


ALIASES_LINE = re.compile(r"^aliases: \[.*\]$", re.MULTILINE)

_TITLE_LINE = re.compile(r"^title: .*$", re.MULTILINE)

_H1_LINE = re.compile(r"^# .*$", re.MULTILINE)


def aliases_line(aliases: list[str]) -> str:
    return f"aliases: [{', '.join(yaml_str(a) for a in aliases)}]"


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
