"""Docs that cannot drift: generated reference text is current, and every command's --json
output matches the JSON Schema generated from the payload module."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from conftest import FIXTURES, ROOT, Run

spec = importlib.util.spec_from_file_location("generate", ROOT / "docs" / "generate.py")
assert spec is not None and spec.loader is not None
generate = importlib.util.module_from_spec(spec)
spec.loader.exec_module(generate)

SCHEMA = json.loads((ROOT / "docs" / "json-schema.json").read_text(encoding="utf-8"))


def test_generated_docs_are_current() -> None:
    """docs/cli.md, the README's command and exit-code tables and docs/json-schema.json
    are what docs/generate.py makes of the code now (run it when this fails)."""
    assert [str(p.relative_to(ROOT)) for p in generate.stale()] == []


def test_the_cli_reference_covers_every_command_and_option() -> None:
    text = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    for command in ("show", "dosage", "search", "list", "validate", "import", "side-effects"):
        assert f"## `medref {command}`" in text
    for option in ("`--indication`", "`--about`", "`--per-label`", "`--refresh`", "`--class`"):
        assert option in text


CASES = [
    ("show", ["show", "pomalidomide", "--json"]),
    ("usage", ["usage", "apixaban", "--json"]),
    ("dosage", ["dosage", "apixaban", "--json"]),
    ("dosage", ["dosage", "apixaban", "PE", "treatment", "--json"]),
    ("side-effects", ["side-effects", "warfarin", "--serious", "--json"]),
    ("mechanism", ["mechanism", "lisinopril", "--json"]),
    ("precautions", ["precautions", "lisinopril", "--json"]),
    ("faqs", ["faqs", "pomalidomide", "--about", "alcohol", "--json"]),
    ("interactions", ["interactions", "warfarin", "aspirin", "ketoconazole", "Coumadin", "--json"]),
    ("interactions", ["interactions", "metformin", "atorvastatin", "--json"]),
    (
        "interactions",
        [
            "interactions",
            "omeprazole",
            "aspirin-omeprazole",
            "-L",
            str(FIXTURES / "combination"),
            "--json",
        ],
    ),
    ("interactions", ["interactions", "apixaban", "--json"]),
    ("search", ["search", "thrombosis", "--json"]),
    ("list", ["list", "--json"]),
    ("paths", ["paths", "--json"]),
    ("validate", ["validate", str(FIXTURES / "broken"), "--json"]),
]


@pytest.mark.parametrize(("schema", "args"), CASES, ids=[" ".join(a) for _s, a in CASES])
def test_json_output_matches_its_schema(schema: str, args: list[str], run: Run) -> None:
    result = run(*args)
    assert result.exit_code in (0, 1, 3), result.stderr
    assert result.stdout, result.stderr
    _valid(schema, json.loads(result.stdout))


def test_import_json_matches_its_schema(run: Run, tmp_path: Path) -> None:
    spl = FIXTURES / "fda-labels" / "spl" / "lipitor-orig.xml"
    result = run("import", str(spl), "--dir", str(tmp_path), "--json")
    data = json.loads(result.stdout)
    _valid("import", data)
    assert data["labels"] == 1


def test_every_command_with_json_has_a_schema() -> None:
    import typer

    from medref.cli import app

    group = typer.main.get_command(app)
    with_json = {
        name
        for name in group.list_commands(None)  # type: ignore[attr-defined]
        if any(p.name == "json_out" for p in group.get_command(None, name).params)  # type: ignore[attr-defined]
    }
    assert with_json == set(SCHEMA["$defs"])


def _valid(name: str, data: Any) -> None:
    schema = {"$schema": SCHEMA["$schema"], "$defs": SCHEMA["$defs"], "$ref": f"#/$defs/{name}"}
    errors = sorted(Draft202012Validator(schema).iter_errors(data), key=str)
    assert [e.message for e in errors[:3]] == []
