"""Where output goes: stdout (through a pager for long pages), stderr for messages, and the
terminal settings that decide how a document is written.

- A terminal (or ``FORCE_COLOR``): the document laid out by Rich, wrapped to the width (at
  most ``MAX_WIDTH``), coloured unless ``NO_COLOR``.
- A pipe: plain text, one line per paragraph.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from typing import TYPE_CHECKING, Any, NamedTuple, TextIO

if TYPE_CHECKING:  # a replayed page never builds a document: kept off the start-up path
    from .document import Doc

MAX_WIDTH = 100  # long lines are hard to read, even on a wide terminal


class Layout(NamedTuple):
    """How a document is written: for a terminal (its width, colour) or plain. (A named
    tuple, not a dataclass: it is made on every start, and creating a dataclass class costs
    more than the rest of this module.)"""

    terminal: bool
    coloured: bool
    columns: int

    @classmethod
    def of_stdout(cls) -> Layout:
        terminal = styled_terminal()
        return cls(terminal, terminal and colour(), width() if terminal else 0)

    def key(self) -> list[Any]:
        """What a kept page depends on."""
        return list(self)


def styled_terminal(stream: TextIO | None = None) -> bool:
    """Whether to lay text out for a terminal: a terminal, or FORCE_COLOR (never TERM=dumb)."""
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


def render(doc: Doc, layout: Layout) -> str:
    """The document as text for this layout."""
    if layout.terminal:
        from .styled import styled

        return styled(doc, layout.columns, layout.coloured)
    from .plain import plain

    return plain(doc)


def emit(doc: Doc, *, page: bool = False) -> None:
    """Render a document for stdout and write it."""
    show(render(doc, Layout.of_stdout()), page=page)


def show(text: str, *, page: bool = False) -> None:
    """Write text to stdout, through a pager when asked and it is longer than the screen."""
    if page and sys.stdout.isatty():
        lines = shutil.get_terminal_size((80, 24)).lines
        if text.count("\n") > lines - 1 and run_pager(text):
            return
    write(text)


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
    from ..textutil import printable

    line = prefix + printable(text)
    if dim and styled_terminal(sys.stderr) and colour():
        line = f"\x1b[2m{line}\x1b[0m"
    try:
        sys.stderr.write(line + "\n")
        sys.stderr.flush()
    except (BrokenPipeError, ValueError):
        pass
