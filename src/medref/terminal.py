"""Writing output: Rich on a terminal, plain text in a pipe, a pager for long pages.

Only ``render_text`` imports Rich, and the CLI keeps what it rendered (see ``cli.Page``), so
a repeated lookup writes kept text instead of importing Rich again.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from .render import Doc

MAX_WIDTH = 100  # long lines are hard to read, even on a wide terminal
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
}
# Rich pads wrapped text to the full width; trailing blanks only get in the way of a copy.
_TRAILING = re.compile(r" +((?:\x1b\[[0-9;]*m)*)$", re.MULTILINE)


def styled_terminal(stream: TextIO | None = None) -> bool:
    """Whether to lay text out for a terminal (wrapped to its width, indented): a terminal,
    or FORCE_COLOR. In a pipe, plain text: one line per paragraph, for grep and cut."""
    if os.environ.get("FORCE_COLOR"):
        return True
    if os.environ.get("TERM") == "dumb":
        return False
    stream = stream or sys.stdout
    return bool(getattr(stream, "isatty", lambda: False)())


def colour() -> bool:
    """Whether a terminal layout may use colour and bold: not with NO_COLOR (no-color.org),
    which keeps the layout but writes no escape codes at all."""
    return not os.environ.get("NO_COLOR")


def width() -> int:
    return max(40, min(MAX_WIDTH, shutil.get_terminal_size((80, 24)).columns))


def render_text(doc: Doc, styled: bool, columns: int, coloured: bool = True) -> str:
    """The document as text: laid out by Rich for a terminal (coloured unless NO_COLOR), or
    plain."""
    from .render import plain

    return _rich(doc, columns, coloured) if styled else plain(doc)


def _rich(doc: Doc, columns: int, coloured: bool = True) -> str:
    import io

    from rich.console import Console
    from rich.padding import Padding
    from rich.table import Table
    from rich.text import Text

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

    def labelled(label: str | None, text: str, label_style: str) -> Text:
        out = Text()
        if label:
            out.append(label + ":", style=label_style)
            if text:
                out.append(" ")
        out.append(text)
        return out

    previous = ""
    for block in doc:
        kind = block[0]
        if kind == "title":
            console.print(Text(block[1], style=STYLES["title"]))
            if block[2]:
                console.print(Text(block[2], style=STYLES["subtitle"]))
        elif kind == "heading":
            console.print()
            console.print(Text(block[1], style=STYLES["heading"]))
        elif kind in ("para", "warn"):
            if previous not in ("heading", "title", "") and not (kind == previous == "warn"):
                console.print()
            style = STYLES["warn"] if kind == "warn" else STYLES["label"]
            console.print(Padding(labelled(block[1], block[2], style), (0, 0, 0, 2)))
        elif kind == "bullet":
            grid = Table.grid(padding=(0, 1))
            grid.add_column(width=3, justify="right")
            grid.add_column(overflow="fold")  # a long address folds, never cut with "…"
            bullet = Text("•", style=STYLES["bullet"])
            grid.add_row(bullet, labelled(block[1], block[2], STYLES["label"]))
            console.print(grid)
        elif kind == "note":
            if previous not in ("heading", "title", "note", ""):
                console.print()
            console.print(Text(block[1], style=STYLES["note"]))
        elif kind == "table":
            if previous:
                console.print()
            if columns >= NARROW:
                console.print(_rich_table(block[1], block[2]))
            else:
                _stacked(console, block[1], block[2])
        previous = kind
    return _TRAILING.sub(r"\1", buffer.getvalue())


def _cell(cell: Any) -> Any:
    from rich.text import Text

    if isinstance(cell, str):
        return Text(cell)
    text = Text(str(cell[0]))
    for start, end in cell[1]:
        text.stylize(STYLES["match"], start, end)
    return text


def _stacked(console: Any, columns: list[str], rows: list[list[Any]]) -> None:
    """A table on a narrow terminal: each row as a heading line and its other cells as
    labelled, wrapped lines, so that no word is broken in the middle."""
    from rich.padding import Padding
    from rich.text import Text

    for row in rows:
        first, *rest = row
        if str(first if isinstance(first, str) else first[0]):
            console.print(Text.assemble(_cell(first), style=STYLES["label"]))
        for name, cell in zip(columns[1:], rest, strict=False):
            line = Text.assemble((f"{name}: ", STYLES["note"]), _cell(cell))
            console.print(Padding(line, (0, 0, 0, 2)))


def _rich_table(columns: list[str], rows: list[list[Any]]) -> Any:
    from rich import box
    from rich.table import Table

    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, header_style="bold")
    for index, name in enumerate(columns):
        table.add_column(name, overflow="fold", ratio=3 if index == len(columns) - 1 else None)
    for row in rows:
        table.add_row(*[_cell(cell) for cell in row])
    return table


def show(text: str, *, page: bool = False) -> None:
    """Write text to stdout, through a pager when asked and it is longer than the screen."""
    if page and sys.stdout.isatty():
        lines = shutil.get_terminal_size((80, 24)).lines
        if text.count("\n") > lines - 1 and run_pager(text):
            return
    write(text)


def emit(doc: Doc, *, page: bool = False) -> None:
    """Render a document for stdout (styled on a terminal) and write it."""
    styled = styled_terminal()
    show(render_text(doc, styled, width() if styled else 0, colour()), page=page)


def write(text: str) -> None:
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader went away (`medref show x | head`): stop quietly, as cat does.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        raise SystemExit(0) from None


def pager_command() -> str:
    return os.environ.get("MANPAGER") or os.environ.get("PAGER") or "less"


def run_pager(text: str) -> bool:
    """Show text through $MANPAGER / $PAGER (default less); False if none could run."""
    command = pager_command().strip()
    if not command or command == "cat":
        return False
    env = dict(os.environ)
    # -R keeps colour, -F quits when the page fits, -X leaves it on screen afterwards.
    env.setdefault("LESS", "FRX")
    env.setdefault("LV", "-c")
    try:
        proc = subprocess.Popen(command, shell=True, stdin=subprocess.PIPE, env=env)
    except OSError:
        return False
    assert proc.stdin is not None
    try:
        proc.stdin.write(text.encode(sys.stdout.encoding or "utf-8", "replace"))
        proc.stdin.close()
    except BrokenPipeError:
        pass  # the user quit the pager before the end
    try:
        proc.wait()
    except KeyboardInterrupt:
        proc.wait()
    return proc.returncode != 127  # 127: the shell found no such command


def json_text(data: Any) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def emit_json(data: Any) -> None:
    write(json_text(data))


def message(text: str, *, dim: bool = False, prefix: str = "medref: ") -> None:
    """One line on stderr; dim on a terminal when asked (notes, not errors). Whatever it
    echoes (a name typed, a file name) has its control characters escaped."""
    from .textutil import printable

    line = prefix + printable(text)
    if dim and styled_terminal(sys.stderr) and colour():
        line = f"\x1b[2m{line}\x1b[0m"
    try:
        sys.stderr.write(line + "\n")
        sys.stderr.flush()
    except (BrokenPipeError, ValueError):
        pass
