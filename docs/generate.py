#!/usr/bin/env python3
"""Write the reference text that is generated from the code, so that it cannot drift:

- ``docs/cli.md``: every command, argument and option, with its help text, from the Typer
  app (as sqlite-utils keeps its CLI reference with cog);
- the README's command table and exit-code table (between ``<!-- …:start -->`` and
  ``<!-- …:end -->`` markers);
- ``docs/json-schema.json``: the JSON Schema of every ``--json`` payload, from
  ``medref.output.payloads``.

    .venv/bin/python docs/generate.py          # rewrite them
    .venv/bin/python docs/generate.py --check  # exit 1 if any is out of date (a test runs it)
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CLI_MD = ROOT / "docs" / "cli.md"
SCHEMA = ROOT / "docs" / "json-schema.json"
README = ROOT / "README.md"


def _command() -> Any:
    import typer

    from medref.cli import app

    return typer.main.get_command(app)


def _help(command: Any) -> str:
    """A command's help text as plain paragraphs (docstring line breaks reflowed)."""
    text = command.help or ""
    paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", text.strip())]
    return "\n\n".join(p for p in paragraphs if p)


def _synopsis(name: str, command: Any) -> str:
    parts = [f"medref {name}"]
    for param in command.params:
        if param.param_type_name == "argument":
            metavar = param.metavar or param.name.upper()
            if param.nargs == -1 and not metavar.endswith("..."):
                metavar += "..."
            if not param.required and not metavar.startswith("["):
                metavar = f"[{metavar.removesuffix('...')}]" + ("..." if param.nargs == -1 else "")
            parts.append(metavar)
    return " ".join(parts) + " [OPTIONS]"


def _option_rows(command: Any) -> list[str]:
    rows = []
    for param in command.params:
        if param.param_type_name != "option" or param.hidden:
            continue
        names = ", ".join(f"`{n}`" for n in [*param.opts, *param.secondary_opts])
        default = ""
        if not param.is_flag and param.default not in (None, [], ()):
            default = f" (default: {param.default})"
        help_text = " ".join((param.help or "").split())
        rows.append(f"| {names} | {help_text}{default} |")
    return rows


def cli_markdown() -> str:
    group = _command()
    lines = [
        "# Command-line reference",
        "",
        "Generated from the Typer app by `docs/generate.py`; a test fails when it is out of "
        "date. `medref COMMAND --help` prints the same text.",
        "",
        _help(group),
        "",
        "Options before any command: `--library DIR`/`-L DIR` (repeatable), `--no-bundled`, "
        "`--version`/`-V`, `--install-completion`, `--show-completion`, `--help`/`-h`.",
        "",
    ]
    for name in group.list_commands(None):
        command = group.get_command(None, name)
        lines += [f"## `medref {name}`", "", "```", _synopsis(name, command), "```", ""]
        lines += [_help(command), ""]
        arguments = [p for p in command.params if p.param_type_name == "argument"]
        for argument in arguments:
            help_text = " ".join((getattr(argument, "help", "") or "").split())
            lines.append(f"- `{argument.metavar or argument.name.upper()}`: {help_text}")
        if arguments:
            lines.append("")
        rows = _option_rows(command)
        if rows:
            lines += ["| option | meaning |", "| --- | --- |", *rows, ""]
    lines += ["## Exit codes", "", *exit_code_table(), ""]
    return "\n".join(lines)


def command_table() -> list[str]:
    group = _command()
    rows = ["| command | what it does |", "| --- | --- |"]
    for name in group.list_commands(None):
        command = group.get_command(None, name)
        first = _help(command).split("\n\n")[0]
        rows.append(f"| `{_synopsis(name, command)}` | {first} |")
    return rows


def exit_code_table() -> list[str]:
    from medref.errors import ExitCode

    return ["| code | meaning |", "| --- | --- |"] + [
        f"| {code.value} | {code.meaning} |" for code in ExitCode
    ]


def schema_text() -> str:
    from medref.output.payloads import json_schema

    return json.dumps(json_schema(), indent=2) + "\n"


def _replace(text: str, marker: str, body: list[str]) -> str:
    start, end = f"<!-- {marker}:start -->", f"<!-- {marker}:end -->"
    before, found, rest = text.partition(start)
    if not found or end not in rest:
        raise SystemExit(f"README.md has no {start} … {end} markers")
    after = rest.split(end, 1)[1]
    return before + start + "\n" + "\n".join(body) + "\n" + end + after


def outputs() -> dict[Path, str]:
    readme = README.read_text(encoding="utf-8")
    readme = _replace(readme, "commands", command_table())
    readme = _replace(readme, "exit-codes", exit_code_table())
    return {CLI_MD: cli_markdown(), SCHEMA: schema_text(), README: readme}


def stale() -> list[Path]:
    """The generated files that differ from what the code says now."""
    return [
        path
        for path, text in outputs().items()
        if not path.exists() or path.read_text(encoding="utf-8") != text
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report what is stale")
    args = parser.parse_args()
    if args.check:
        old = stale()
        for path in old:
            print(f"out of date: {path.relative_to(ROOT)} (run python docs/generate.py)")
        raise SystemExit(1 if old else 0)
    for path, text in outputs().items():
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path.relative_to(ROOT)}", file=sys.stderr)


if __name__ == "__main__":
    main()
