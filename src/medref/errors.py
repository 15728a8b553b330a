"""Exceptions raised by medref's core; the CLI turns them into messages and exit codes.

Core raises, CLI reports: nothing outside ``cli/`` and ``output/`` prints or exits. Every
exception carries the exit code it maps to (``ExitCode``), so the mapping lives in one
place.
"""

from __future__ import annotations

from enum import IntEnum
from pathlib import Path


class ExitCode(IntEnum):
    """Every exit code medref uses; `medref --help`, the README and docs/cli.md are
    generated from here."""

    OK = 0
    NOT_FOUND = 1
    USAGE = 2
    BROKEN = 3
    IO = 4
    INTERNAL = 70  # EX_SOFTWARE
    INTERRUPTED = 130  # 128 + SIGINT, as shells report it

    @property
    def meaning(self) -> str:
        return _MEANINGS[self]

    @property
    def brief(self) -> str:
        return _BRIEF[self]


_BRIEF = {
    ExitCode.OK: "found",
    ExitCode.NOT_FOUND: "not found, nothing matched or ambiguous",
    ExitCode.USAGE: "bad usage",
    ExitCode.BROKEN: "the monograph asked for is broken",
    ExitCode.IO: "a file could not be read or written",
    ExitCode.INTERNAL: "a bug in medref",
    ExitCode.INTERRUPTED: "interrupted",
}
_MEANINGS = {
    ExitCode.OK: "found",
    ExitCode.NOT_FOUND: "not found: unknown drug, nothing matched, or an ambiguous selection",
    ExitCode.USAGE: "bad usage: unknown option, a name that is a path, a bad argument",
    ExitCode.BROKEN: "the monograph asked for is broken, or validate found errors",
    ExitCode.IO: "a file could not be read or written (new refusing to overwrite, import problems)",
    ExitCode.INTERNAL: "a bug in medref: one line on stderr (MEDREF_DEBUG=1 shows the "
    "traceback), never a traceback by default",
    ExitCode.INTERRUPTED: "interrupted (Ctrl-C), quietly; an index being built is thrown "
    "away, never half kept",
}


class MedrefError(Exception):
    """Base class: a message for the user and the exit code it maps to."""

    exit_code = ExitCode.NOT_FOUND

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotFoundError(MedrefError):
    """A drug name, indication, section or search that matched nothing."""

    exit_code = ExitCode.NOT_FOUND


class UnknownDrugError(NotFoundError):
    """No monograph has this name; ``suggestions`` are names that are close (never used)."""

    def __init__(self, name: str, suggestions: list[str], caution: str = "") -> None:
        message = f"no monograph named {name!r}"
        if suggestions:
            message += "; did you mean " + " or ".join(suggestions) + "?"
        else:
            message += " (medref list shows the monographs available)"
        if caution:
            message += f" {caution}"
        super().__init__(message)
        self.name = name
        self.suggestions = suggestions


class SelectionError(NotFoundError):
    """A selector (indication, FAQ topic, section filter) matched none or several things.

    ``choices`` are what the user may pick from; the CLI lists them.
    """

    def __init__(
        self, message: str, choices: list[str], choices_label: str = "choose from"
    ) -> None:
        super().__init__(message)
        self.choices = choices
        self.choices_label = choices_label


class AmbiguousDrugError(SelectionError):
    """A name several products share (``ibuprofen``: oral, intravenous, OTC): medref never
    chooses a product for the user; ``choices`` say how to name each."""

    def __init__(self, name: str, choices: list[str]) -> None:
        super().__init__(
            f"{name!r} is {len(choices)} products, and medref does not choose one",
            choices,
            "name one of them",
        )
        self.name = name


class UsageError(MedrefError):
    """The user asked for something malformed (for example a name that is a path)."""

    exit_code = ExitCode.USAGE


class MonographError(MedrefError):
    """A monograph file that cannot be parsed; names the file and the line."""

    exit_code = ExitCode.BROKEN

    def __init__(self, path: Path | str | None, line: int, problem: str) -> None:
        self.path = Path(path) if path is not None else None
        self.line = line
        self.problem = problem
        where = f"{self.path}:{line}" if self.path is not None else f"line {line}"
        super().__init__(f"{where}: {problem}")


class StorageError(MedrefError):
    """A file or folder medref needed could not be read or written."""

    exit_code = ExitCode.IO
