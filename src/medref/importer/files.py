"""Monograph files as the writer handles them: written atomically, never over a file by
surprise, and their front matter lines (title, aliases, shared names) read and rewritten.

Each file is written to a temporary file beside it and moved into place (``os.replace``),
so a reader never sees half a monograph. A new file is linked into place (``os.link``),
which fails if a file of that name appeared meanwhile: nothing is overwritten unless the
caller says ``replace``.
"""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path

from ..errors import StorageError
from ..textutil import name_key
from .markdown import ALIASES_LINE, NAMES_LINE

FRONT_LINES = 24  # an imported monograph's title, aliases and product come first


def write(path: str, text: str, *, replace: bool) -> None:
    folder, name = os.path.split(path)
    temp = os.path.join(folder, f".{name}.{os.getpid()}.tmp")
    try:
        with open(temp, "w", encoding="utf-8", newline="\n") as out:
            out.write(text)
        place(temp, path, replace=replace)
    except OSError as exc:
        raise StorageError(f"cannot write {path}: {exc.strerror or exc}") from exc
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temp)


def place(temp: str, path: str, *, replace: bool) -> None:
    """Move a complete file into place: atomically, and never over a file unless
    ``replace``."""
    try:
        if replace:
            os.replace(temp, path)
            return
        try:
            os.link(temp, path)  # fails when the name exists: never overwrites
        except FileExistsError:
            raise StorageError(f"{path} appeared while importing; not overwritten") from None
        except OSError:
            if os.path.exists(path):  # a file system without hard links
                raise StorageError(f"{path} exists; not overwritten") from None
            os.replace(temp, path)
        else:
            os.unlink(temp)
    except StorageError:
        raise
    except OSError as exc:
        raise StorageError(f"cannot write {path}: {exc.strerror or exc}") from exc


def not_a_file(path: Path) -> str:
    """What a folder entry is when it is not a regular file (or a link to one)."""
    try:
        if path.is_symlink() and not path.exists():
            return "a dangling symbolic link"
        if path.is_dir():
            return "a folder"
        if not path.is_file():
            return "not a regular file"
    except OSError as exc:
        return f"unreadable ({exc.strerror or exc})"
    return ""


def lists_in(path: str) -> tuple[list[str], list[str]]:
    """The aliases and shared names of a monograph this import wrote (its first lines)."""
    aliases: list[str] = []
    names: list[str] = []
    try:
        with open(path, encoding="utf-8") as handle:
            for _ in range(FRONT_LINES):
                line = handle.readline().rstrip("\n")
                if ALIASES_LINE.fullmatch(line):
                    aliases = list_from(line.removeprefix("aliases: "))
                elif NAMES_LINE.fullmatch(line):
                    names = list_from(line.removeprefix("  names: "))
                elif line == "---" and aliases:
                    break
    except OSError:
        pass
    return aliases, names


def list_from(text: str) -> list[str]:
    try:
        value = json.loads(text)
    except ValueError:
        return []
    return [str(v) for v in value] if isinstance(value, list) else []


def unique(names: list[str]) -> list[str]:
    """Names without repeats (by their key), in order."""
    seen: dict[str, str] = {}
    for name in names:
        if name_key(name):
            seen.setdefault(name_key(name), name)
    return list(seen.values())


def read(path: str) -> str:
    try:
        with open(path, encoding="utf-8") as handle:
            return handle.read()
    except OSError as exc:
        raise StorageError(f"cannot read {path}: {exc.strerror or exc}") from exc
