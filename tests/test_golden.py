"""Golden output: the exact plain text (a pipe) of each command, checked in under
tests/golden/, so that "plain text survives a pipe" is tested, not assumed.

When a change to the output is meant, regenerate them and review the diff:

    .venv/bin/python -m pytest tests/test_golden.py --update-golden
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import FIXTURES, HERE, ROOT, Run

GOLDEN = HERE / "golden"
SPL = FIXTURES / "fda-labels" / "spl"

CASES: dict[str, list[str]] = {
    "show-pomalidomide": ["show", "pomalidomide", "--no-pager"],
    "usage-apixaban": ["usage", "apixaban"],
    "dosage-apixaban": ["dosage", "apixaban"],
    "dosage-apixaban-pe-treatment": ["dosage", "apixaban", "PE", "treatment"],
    "dosage-apixaban-pe-refused": ["dosage", "apixaban", "--indication", "PE"],
    "dosage-lisinopril-hypertension-children": ["dosage", "lisinopril", "hypertension", "children"],
    "side-effects-warfarin-serious": ["side-effects", "warfarin", "--serious"],
    "mechanism-lisinopril": ["mechanism", "lisinopril"],
    "precautions-lisinopril": ["precautions", "lisinopril"],
    "faqs-pomalidomide-alcohol": ["faqs", "pomalidomide", "--about", "alcohol"],
    "search-thrombosis": ["search", "thrombosis", "--limit", "6"],
    "interactions-list": ["interactions", "atorvastatin", "clarithromycin", "apixaban", "Tylenol"],
    "list-anticoagulant": ["list", "--class", "anticoagulant"],
    "show-typo": ["show", "predisolone"],
    "validate-broken": ["validate", str(FIXTURES / "broken")],
    "import-lipitor": ["import", str(SPL / "lipitor-orig.xml"), "--dir", "{tmp}"],
}


def _transcript(args: list[str], run: Run, tmp: Path) -> str:
    """The command, its stdout, its stderr and its exit code, with this machine's paths
    replaced by placeholders."""
    argv = [a.replace("{tmp}", str(tmp)) for a in args]
    result = run(*argv)
    text = f"$ medref {' '.join(args)}\n{result.stdout}"
    if result.stderr:
        text += f"--- stderr ---\n{result.stderr}"
    text += f"--- exit {result.exit_code} ---\n"
    for path, placeholder in ((str(tmp), "{tmp}"), (str(ROOT), "{repo}")):
        text = text.replace(path, placeholder)
    return text


@pytest.mark.parametrize("name", list(CASES))
def test_golden(name: str, run: Run, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    path = GOLDEN / f"{name}.txt"
    text = _transcript(CASES[name], run, tmp_path / "out")
    if request.config.getoption("--update-golden"):
        GOLDEN.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"no golden file {path.name}: run with --update-golden"
    assert text == path.read_text(encoding="utf-8")


def test_plain_output_has_no_escape_codes() -> None:
    for path in GOLDEN.glob("*.txt"):
        assert "\x1b" not in path.read_text(encoding="utf-8"), path.name


def test_every_golden_file_is_a_case() -> None:
    assert {p.stem for p in GOLDEN.glob("*.txt")} == set(CASES)
