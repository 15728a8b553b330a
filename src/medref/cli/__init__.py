"""medref's command line: thin Typer commands over the library, the views and the output.

- ``root``: the Typer app, error handling and exit codes, ``main``;
- ``options``: the shared arguments and options, declared once;
- ``context``: opening the library, reporting its warnings, a lookup's trip;
- ``completion``: shell completion;
- ``lookups``, ``interactions``, ``browse``, ``authoring``: the commands, grouped by
  purpose.

A run imports only the module holding the command it names (a lookup never loads the
authoring commands); help, completion and anything else load them all. Imports of anything
heavier than the model stay inside the commands that need them.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import typer

# Which module registers each command. The modules load in this order, which is the order
# `medref --help` lists the commands (test_cli checks the map against the registered app).
COMMAND_MODULES: dict[str, str] = {
    "show": "lookups",
    "usage": "lookups",
    "dosage": "lookups",
    "side-effects": "lookups",
    "mechanism": "lookups",
    "precautions": "lookups",
    "faqs": "lookups",
    "interactions": "interactions",
    "search": "browse",
    "list": "browse",
    "paths": "browse",
    "validate": "authoring",
    "new": "authoring",
    "import": "authoring",
}


def load_commands(command: str | None = None) -> typer.Typer:
    """Register the commands (only `command`'s module when it is a known command name) and
    return the app."""
    modules = dict.fromkeys(COMMAND_MODULES.values())
    if command in COMMAND_MODULES:
        modules = {COMMAND_MODULES[command]: None}
    for module in modules:
        importlib.import_module(f"{__name__}.{module}")
    from .root import app

    return app


def main() -> None:
    """Console-script entry point (see `app.main`)."""
    from .root import main as run

    run(load_commands)


def __getattr__(name: str) -> Any:
    # `from medref.cli import app` (tests, docs/generate.py) gets the app with every command.
    if name == "app":
        return load_commands()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["COMMAND_MODULES", "app", "load_commands", "main"]
