"""The Typer app, its error handling, its entry point and the options before a command.

Core raises, CLI reports: commands let ``MedrefError`` propagate; ``MedrefGroup`` turns it
into one line on stderr and the exception's exit code (``errors.ExitCode``), and ``main``
turns anything unexpected into one line and exit 70, never a traceback.
"""

# No `from __future__ import annotations` here: Typer reads these signatures on every run,
# and string annotations would have to be compiled and evaluated each time.
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from .. import __version__
from ..errors import ExitCode, MedrefError, SelectionError
from ..output.console import message

# click's ClickException: typer >= 0.28 carries its own copy of click, older typers use
# click itself; BadParameter derives from it in both.
ClickException: type[Exception] = next(
    c for c in typer.BadParameter.__mro__ if c.__name__ == "ClickException"
)

EXIT_CODES_HELP = "Exit codes: " + "; ".join(f"{c.value} {c.brief}" for c in ExitCode) + "."


def report_error(exc: MedrefError) -> None:
    text = exc.message
    if isinstance(exc, SelectionError) and exc.choices:
        text += f"; {exc.choices_label}: " + "; ".join(exc.choices)
    message(f"error: {text}")


class MedrefGroup(TyperGroup):
    """Reports medref's errors and click's usage errors as one line each, with exit codes.

    Like ``tldr tar``, a bare drug name means ``show`` (``medref pomalidomide``), unless it is
    a command's name or looks like a mistyped one; ``medref help [COMMAND]`` is ``--help``.
    """

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        import difflib

        if args and not args[0].startswith("-"):
            first = args[0]
            if first == "help":
                target = self.get_command(ctx, args[1]) if len(args) > 1 else None
                if target is not None:
                    return args[1], target, ["--help"]
                typer.echo(ctx.get_help())
                raise typer.Exit(ExitCode.OK)
            commands = self.list_commands(ctx)
            if first not in commands and not difflib.get_close_matches(first, commands, 1, 0.75):
                show = self.get_command(ctx, "show")
                if show is not None:
                    return "show", show, args
        return super().resolve_command(ctx, args)

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except MedrefError as exc:
            report_error(exc)
            raise typer.Exit(exc.exit_code) from None
        except KeyboardInterrupt:
            raise typer.Exit(ExitCode.INTERRUPTED) from None

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **extra: Any,
    ) -> Any:
        try:
            result = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
            code = result if isinstance(result, int) else ExitCode.OK
        except ClickException as exc:
            code = _usage_error(exc)
        except typer.Abort:
            message("aborted")
            code = ExitCode.INTERRUPTED
        except ValueError as exc:  # Typer's path conversion of an argument with a NUL byte
            if "null byte" not in str(exc):
                raise
            message("error: an argument contains a NUL byte")
            code = ExitCode.USAGE
        if standalone_mode:
            sys.exit(code)
        return code


def _usage_error(exc: Exception) -> int:
    hint = ""
    ctx = getattr(exc, "ctx", None)
    code = int(getattr(exc, "exit_code", 1))
    if ctx is not None and code == ExitCode.USAGE:
        hint = f" (see '{ctx.command_path} --help')"
    text = exc.format_message()  # type: ignore[attr-defined]
    if text:  # empty when `medref` alone printed the help
        message(f"error: {text}{hint}")
    return code


app = typer.Typer(
    cls=MedrefGroup,
    name="medref",
    help=(
        "An offline medication reference: monographs, dosing per indication, side effects "
        "and search, for the terminal.\n\n"
        "Examples:  medref show pomalidomide  ·  medref dosage pomalidomide --indication "
        "myeloma  ·  medref search blood clots  ·  medref list"
    ),
    epilog=EXIT_CODES_HELP + "  Not medical advice: see the disclaimer in every monograph.",
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
    pretty_exceptions_enable=False,
    rich_markup_mode="markdown",
)


def _version_callback(ctx: typer.Context, value: bool) -> None:
    if not value or ctx.resilient_parsing:
        return
    from .context import session

    with session(ctx) as lib:
        count = sum(1 for e in lib.entries() if e.error is None)
    typer.echo(f"medref {__version__} ({count} monograph{'s' if count != 1 else ''} loaded)")
    raise typer.Exit()


def _store_library(ctx: typer.Context, value: list[Path] | None) -> list[Path] | None:
    ctx.ensure_object(dict)["library"] = list(value or [])
    return value


def _store_no_bundled(ctx: typer.Context, value: bool) -> bool:
    ctx.ensure_object(dict)["no_bundled"] = value
    return value


@app.callback()
def _root(
    ctx: typer.Context,
    library: Annotated[
        list[Path] | None,
        typer.Option(
            "--library",
            "-L",
            help="Also read monographs from this folder (repeatable).",
            callback=_store_library,
            is_eager=True,
            show_default=False,
        ),
    ] = None,
    no_bundled: Annotated[
        bool,
        typer.Option(
            "--no-bundled",
            help="Hide the bundled monographs.",
            callback=_store_no_bundled,
            is_eager=True,
        ),
    ] = False,
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            "-V",
            help="Print the version and how many monographs load.",
            callback=_version_callback,
        ),
    ] = False,
) -> None:
    """medref: an offline medication reference."""
    ctx.ensure_object(dict)


_ROOT_OPTIONS_WITH_VALUE = ("--library", "-L")


def command_asked(args: list[str]) -> str | None:
    """The subcommand named on the command line, or None for help, completion and runs
    that name none (those see every command)."""
    if any(k.endswith("_COMPLETE") for k in os.environ):
        return None
    skip = False
    for arg in args:
        if skip:
            skip = False
        elif arg in _ROOT_OPTIONS_WITH_VALUE:
            skip = True
        elif not arg.startswith("-"):
            return arg
    return None


def only_command(command: str | None) -> None:
    """Keep only `command` registered: Typer builds every registered command's parameters
    on every run (~2 ms a command), and a lookup needs one."""
    chosen = [
        c
        for c in app.registered_commands
        if (c.name or (c.callback.__name__ if c.callback else "")) == command
    ]
    if len(chosen) == 1:
        app.registered_commands = chosen


def main(load_commands: Callable[[str | None], typer.Typer]) -> None:
    """Console-script entry point: `load_commands` registers what the run needs. Whatever goes
    wrong ends in one line on stderr and an exit code, never a traceback (MEDREF_DEBUG=1
    shows one for a bug report)."""
    try:
        command = command_asked(sys.argv[1:])
        load_commands(command)
        only_command(command)
        app(prog_name="medref")
    except KeyboardInterrupt:
        sys.exit(ExitCode.INTERRUPTED)
    except Exception as exc:
        if os.environ.get("MEDREF_DEBUG"):
            raise
        message(
            f"internal error: {type(exc).__name__}: {exc} "
            "(please report it; MEDREF_DEBUG=1 shows the traceback)"
        )
        sys.exit(ExitCode.INTERNAL)
