"""Exceptions raised by medref's core; the CLI turns them into messages and exit codes.

Core raises, CLI reports: nothing below ``cli.py`` prints or exits. Every exception carries
the exit code it maps to, so the mapping lives in one place.
"""

from __future__ import annotations

from pathlib import Path

# Exit codes, documented in `medref --help` and the README.
EXIT_OK = 0
EXIT_NOT_FOUND = 1  # unknown drug, nothing matched, ambiguous selection
EXIT_USAGE = 2  # bad usage: unknown option, a name that is a path, a bad argument
EXIT_BROKEN = 3  # the monograph asked for exists but cannot be parsed
EXIT_IO = 4  # a file or folder could not be read or written
EXIT_INTERNAL = 70  # a bug in medref (EX_SOFTWARE): reported in one line, never a traceback


class MedrefError(Exception):
    """Base class: a message for the user and the exit code it maps to."""

    exit_code = EXIT_NOT_FOUND

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotFoundError(MedrefError):
    """A drug name, indication, section or search that matched nothing."""

    exit_code = EXIT_NOT_FOUND


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


class UsageError(MedrefError):
    """The user asked for something malformed (for example a name that is a path)."""

    exit_code = EXIT_USAGE


class MonographError(MedrefError):
    """A monograph file that cannot be parsed; names the file and the line."""

    exit_code = EXIT_BROKEN

    def __init__(self, path: Path | str | None, line: int, problem: str) -> None:
        self.path = Path(path) if path is not None else None
        self.line = line
        self.problem = problem
        where = f"{self.path}:{line}" if self.path is not None else f"line {line}"
        super().__init__(f"{where}: {problem}")


class StorageError(MedrefError):
    """A file or folder medref needed could not be read or written."""

    exit_code = EXIT_IO
