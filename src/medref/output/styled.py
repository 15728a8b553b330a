"""A document laid out for a terminal by Rich: wrapped to its width, indented, coloured
(or, with NO_COLOR, the same layout without a single escape code).

Rich is imported here only, and only when a page is rendered: the CLI keeps rendered pages
(see ``cli/context.py``), so a repeated lookup never imports it.
"""

from __future__ import annotations

import io
import re
from typing import Any

from .document import (
    Block,
    Bullet,
    Cell,
    Doc,
    Heading,
    Lines,
    Note,
    Para,
    Quote,
    Table,
    Title,
    Warn,
)

NARROW = 72  # below this a table is stacked: its columns would break words in the middle
STYLES = {
    "title": "bold cyan",
    "subtitle": "dim",
    "heading": "bold yellow",
    "label": "bold",
    "warn": "bold red",
    "bullet": "cyan",
    "note": "dim",
    "match": "bold magenta",
    "quoted": "bold",
    "quote_bar": "dim",
}
# Rich pads wrapped text to the full width; trailing blanks only get in the way of a copy.
_TRAILING = re.compile(r" +((?:\x1b\[[0-9;]*m)*)$", re.MULTILINE)


def styled(doc: Doc, columns: int, coloured: bool = True) -> str:
    from rich.console import Console

    buffer = io.StringIO()
    console = Console(
        file=buffer,
        force_terminal=True,
        # Our few colours look the same in every colour system; None writes no codes at all.
        color_system="standard" if coloured else None,
        width=columns,
        highlight=False,
        markup=False,  # monograph text is data: "[red]" in a file is printed as it is
        emoji=False,
        soft_wrap=False,
    )
    previous: Block | None = None
    for block in doc:
        _print(console, block, previous, columns)
        previous = block
    return _TRAILING.sub(r"\1", buffer.getvalue())


def _print(console: Any, block: Block, previous: Block | None, columns: int) -> None:
    from rich.padding import Padding
    from rich.text import Text

    match block:
        case Title(text, subtitle):
            console.print(Text(text, style=STYLES["title"]))
            if subtitle:
                console.print(Text(subtitle, style=STYLES["subtitle"]))
        case Heading(text):
            console.print()
            console.print(Text(text, style=STYLES["heading"]))
        case Para() | Warn():
            together = isinstance(block, Warn) and isinstance(previous, Warn)
            if previous is not None and not isinstance(previous, Heading | Title) and not together:
                console.print()
            style = STYLES["warn"] if isinstance(block, Warn) else STYLES["label"]
            console.print(Padding(_labelled(block.label, block.text, style), (0, 0, 0, 2)))
        case Bullet(text, label):
            console.print(_bullet(label, text))
        case Quote(text, spans):
            console.print(_quote(text, spans))
        case Note(text):
            if previous is not None and not isinstance(previous, Heading | Title | Note):
                console.print()
            console.print(Text(text, style=STYLES["note"]))
        case Table(names, rows):
            if previous is not None:
                console.print()
            if columns >= NARROW:
                console.print(_table(names, rows))
            else:
                _stacked(console, names, rows)
        case Lines(lines):
            for line in lines:
                console.print(Text(line))


def _labelled(label: str | None, text: str, label_style: str) -> Any:
    from rich.text import Text

    out = Text()
    if label:
        out.append(label + ":", style=label_style)
        if text:
            out.append(" ")
    out.append(text)
    return out


def _bullet(label: str | None, text: str) -> Any:
    from rich.table import Table as Grid
    from rich.text import Text

    grid = Grid.grid(padding=(0, 1))
    grid.add_column(width=3, justify="right")
    grid.add_column(overflow="fold")  # a long address folds, never cut with "…"
    grid.add_row(Text("•", style=STYLES["bullet"]), _labelled(label, text, STYLES["label"]))
    return grid


def _quote(text: str, spans: tuple[tuple[int, int], ...]) -> Any:
    """Label words, indented behind a bar, the words that name a medicine in bold."""
    from rich.table import Table as Grid
    from rich.text import Text

    body = Text(text)
    for start, end in spans:
        body.stylize(STYLES["quoted"], start, end)
    grid = Grid.grid(padding=(0, 1))
    grid.add_column(width=3, justify="right")
    grid.add_column(overflow="fold")
    grid.add_row(Text("│", style=STYLES["quote_bar"]), body)
    return grid


def _cell(cell: Cell) -> Any:
    from rich.text import Text

    text = Text(cell.text)
    for start, end in cell.spans:
        text.stylize(STYLES["match"], start, end)
    return text


def _stacked(console: Any, columns: tuple[str, ...], rows: tuple[tuple[Cell, ...], ...]) -> None:
    """A table on a narrow terminal: each row as a heading line and its other cells as
    labelled, wrapped lines, so that no word is broken in the middle."""
    from rich.padding import Padding
    from rich.text import Text

    for first, *rest in rows:
        if first.text:
            console.print(Text.assemble(_cell(first), style=STYLES["label"]))
        for name, cell in zip(columns[1:], rest, strict=False):
            line = Text.assemble((f"{name}: ", STYLES["note"]), _cell(cell))
            console.print(Padding(line, (0, 0, 0, 2)))


def _table(columns: tuple[str, ...], rows: tuple[tuple[Cell, ...], ...]) -> Any:
    from rich import box
    from rich.table import Table as RichTable

    table = RichTable(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, header_style="bold")
    for index, name in enumerate(columns):
        table.add_column(name, overflow="fold", ratio=3 if index == len(columns) - 1 else None)
    for row in rows:
        table.add_row(*[_cell(cell) for cell in row])
    return table
