"""The command line's shared arguments and options, declared once.

``with_library`` gives a command ``--library/-L`` and ``--no-bundled``; their values join
the ones given before the command (``medref -L DIR show x``) in the root context, where
``context.open_library`` reads them.
"""

# No `from __future__ import annotations`: Typer reads these annotations at run time.
import functools
import inspect
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from .completion import complete_indications, complete_names, complete_sections

F = TypeVar("F", bound=Callable[..., Any])

NameArg = Annotated[
    str,
    typer.Argument(
        help="Drug name: generic, brand or other alias (case-insensitive).",
        metavar="NAME",
        autocompletion=complete_names,
        show_default=False,
    ),
]
JsonOpt = Annotated[
    bool, typer.Option("--json", help="Print JSON (docs/json-schema.json) instead of text.")
]
LibraryOpt = Annotated[
    list[Path] | None,
    typer.Option(
        "--library",
        "-L",
        help="Also read monographs from this folder, before all others (repeatable).",
        rich_help_panel="Library",
        show_default=False,
    ),
]
NoBundledOpt = Annotated[
    bool,
    typer.Option(
        "--no-bundled", help="Hide the monographs bundled with medref.", rich_help_panel="Library"
    ),
]
IndicationWords = Annotated[
    list[str] | None,
    typer.Argument(
        help="Indication words, as with --indication (medref dosage apixaban afib).",
        metavar="[WORDS]...",
        show_default=False,
        autocompletion=complete_indications,
    ),
]
IndicationOpt = Annotated[
    str | None,
    typer.Option(
        "--indication",
        "-i",
        help="Only the dosing for this use: its name, an abbreviation or plain words, with "
        "'children', 'adults', 'age 8', 'treatment', 'prevention' to narrow it.",
        autocompletion=complete_indications,
        show_default=False,
    ),
]
SectionOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--section",
        "-s",
        help="Only this section: names, usage, dosage, side-effects, mechanism, precautions, "
        "interactions, faqs (repeatable).",
        autocompletion=complete_sections,
        show_default=False,
    ),
]
DrugOpt = Annotated[
    str | None,
    typer.Option(
        "--drug",
        "-d",
        help="Only this drug's monograph.",
        show_default=False,
        autocompletion=complete_names,
    ),
]


def with_library(command: F) -> F:
    """The command, with ``--library``/``-L`` and ``--no-bundled`` added to its options."""
    signature = inspect.signature(command)
    added = [
        inspect.Parameter("library", inspect.Parameter.KEYWORD_ONLY, default=None,
                          annotation=LibraryOpt),
        inspect.Parameter("no_bundled", inspect.Parameter.KEYWORD_ONLY, default=False,
                          annotation=NoBundledOpt),
    ]  # fmt: skip

    @functools.wraps(command)
    def wrapper(
        *args: Any, library: list[Path] | None = None, no_bundled: bool = False, **kwargs: Any
    ) -> Any:
        root = kwargs["ctx"].find_root().ensure_object(dict)
        root["library"] = [*(library or []), *root.get("library", [])]
        root["no_bundled"] = no_bundled or root.get("no_bundled", False)
        return command(*args, **kwargs)

    wrapper.__signature__ = signature.replace(  # type: ignore[attr-defined]
        parameters=[*signature.parameters.values(), *added]
    )
    return wrapper  # type: ignore[return-value]
