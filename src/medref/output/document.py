"""The document a command's text output is made of: typed blocks, written by
``plain.py`` (pipes) and ``styled.py`` (terminals) alike.

Monograph text is only ever data in a document: nothing interprets it as markup.

The blocks are named tuples, not dataclasses: this module is imported by every command
that builds a page, and creating ten dataclasses costs more than building most pages. The
writers tell blocks apart by their type (``match``, ``isinstance``), never by ``==``.
"""

from __future__ import annotations

from typing import NamedTuple


class Title(NamedTuple):
    """The drug's name, and a subtitle (its aliases and class)."""

    text: str
    subtitle: str = ""


class Heading(NamedTuple):
    text: str


class Para(NamedTuple):
    """A paragraph, with an optional label ("Multiple Myeloma (Adults): …")."""

    text: str
    label: str | None = None


class Bullet(NamedTuple):
    text: str
    label: str | None = None


class Warn(NamedTuple):
    """A boxed warning: the most important text of a page."""

    text: str
    label: str


class Note(NamedTuple):
    """Secondary text: dim on a terminal."""

    text: str


class Cell(NamedTuple):
    """A table cell, with the spans of it to highlight (search matches)."""

    text: str
    spans: tuple[tuple[int, int], ...] = ()


class Table(NamedTuple):
    columns: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...] = ()


class Quote(NamedTuple):
    """Words quoted from a label, with the spans to highlight (the words that name a
    medicine): bold on a terminal, plain in a pipe."""

    text: str
    spans: tuple[tuple[int, int], ...] = ()


class Lines(NamedTuple):
    """Text written as it is, line by line (validate's FILE:LINE findings, summaries)."""

    lines: tuple[str, ...]


Block = Title | Heading | Para | Bullet | Warn | Note | Quote | Table | Lines
Doc = list[Block]
