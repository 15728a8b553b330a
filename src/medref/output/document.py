"""The document a command's text output is made of: typed blocks, written by
``plain.py`` (pipes) and ``styled.py`` (terminals) alike.

Monograph text is only ever data in a document: nothing interprets it as markup.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Title:
    """The drug's name, and a subtitle (its aliases and class)."""

    text: str
    subtitle: str = ""


@dataclass(frozen=True)
class Heading:
    text: str


@dataclass(frozen=True)
class Para:
    """A paragraph, with an optional label ("Multiple Myeloma (Adults): …")."""

    text: str
    label: str | None = None


@dataclass(frozen=True)
class Bullet:
    text: str
    label: str | None = None


@dataclass(frozen=True)
class Warn:
    """A boxed warning: the most important text of a page."""

    text: str
    label: str


@dataclass(frozen=True)
class Note:
    """Secondary text: dim on a terminal."""

    text: str


@dataclass(frozen=True)
class Cell:
    """A table cell, with the spans of it to highlight (search matches)."""

    text: str
    spans: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True)
class Table:
    columns: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class Quote:
    """Words quoted from a label, with the spans to highlight (the words that name a
    medicine): bold on a terminal, plain in a pipe."""

    text: str
    spans: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True)
class Lines:
    """Text written as it is, line by line (validate's FILE:LINE findings, summaries)."""

    lines: tuple[str, ...]


Block = Title | Heading | Para | Bullet | Warn | Note | Quote | Table | Lines
Doc = list[Block]
