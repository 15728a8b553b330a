"""Shell completion: drug names and aliases, a drug's indications, search sections.

Completion must never print a traceback into the shell: anything that goes wrong completes
nothing.
"""

from __future__ import annotations

import os
import shlex
from typing import Any

# Options whose next word is their value, not the drug's name.
_TAKES_VALUE = frozenset({"--library", "-L", "--indication", "-i"})


def complete_names(ctx: Any, incomplete: str) -> list[str]:
    from ..textutil import name_key
    from .context import open_library

    try:
        lib = open_library(ctx, ctx.params.get("library"), ctx.params.get("no_bundled", False))
        try:
            prefix = name_key(incomplete)
            return lib.names_starting(prefix)
        finally:
            lib.close()
    except Exception:
        return []


def complete_indications(ctx: Any, incomplete: str) -> list[str]:
    from ..selection import complete_indications as by_meaning
    from .context import open_library

    try:
        name = ctx.params.get("name") or name_being_completed()
        if not name:
            return []
        lib = open_library(ctx, ctx.params.get("library"), ctx.params.get("no_bundled", False))
        try:
            _entry, mono = lib.get(name)
            return by_meaning(mono, incomplete)
        finally:
            lib.close()
    except Exception:
        return []


def complete_sections(incomplete: str) -> list[str]:
    from ..search import SECTIONS

    return [name for name in SECTIONS if name.startswith(incomplete)]


def name_being_completed() -> str | None:
    """The drug name on the line being completed.

    While an option's value is completed, click has not parsed the command's arguments, so
    the name is read from the words the shell passed (bash: COMP_WORDS; zsh, fish:
    _TYPER_COMPLETE_ARGS).
    """
    line = os.environ.get("COMP_WORDS") or os.environ.get("_TYPER_COMPLETE_ARGS") or ""
    try:
        words = shlex.split(line)
    except ValueError:
        return None
    rest = words[1:-1]  # without the program name and the word being completed
    command_seen = False
    index = 0
    while index < len(rest):
        word = rest[index]
        index += 2 if word in _TAKES_VALUE else 1
        if word in _TAKES_VALUE or word.startswith("-"):
            continue
        if command_seen:
            return word
        command_seen = True
    return None
