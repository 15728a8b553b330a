"""``medref import`` keeps products apart: only the same medicine for the same patient merges,
and a document for no human patient is no monograph at all.

Real labels (``fixtures/fda-products``, see its README).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import FIXTURES, Run
from medref.importer.product import non_human
from medref.parse import parse_file

PRODUCTS = FIXTURES / "fda-products"


def _labels(*names: str) -> list[Path]:
    return [PRODUCTS / n for n in names]


def _in(run: Run, folder: Path, *args: str) -> object:
    return run(*args, "--library", str(folder), "--no-bundled")


# --------------------------------------------------------------------------- class 5


def test_non_human_documents_are_skipped_with_their_reason(run: Run, tmp_path: Path) -> None:
    files = _labels("loxicom.xml", "dressol-x.xml", "meloxicam-tablets.xml")
    result = run("import", *map(str, files), "--dir", str(tmp_path), "--json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["not_human"] == {"medical device": 1, "veterinary label": 1}
    assert [Path(p).name for p in data["written"]] == ["meloxicam.md"]
    assert "loxicom.xml: not a human drug label: veterinary label" in result.stderr
    assert "PRESCRIPTION ANIMAL DRUG LABEL" in result.stderr
    text = run("import", *map(str, files), "--dir", str(tmp_path / "again"))
    assert "1 medical device (not for people); 1 veterinary label (not for people)" in (text.stdout)
    meloxicam = parse_file(tmp_path / "meloxicam.md")
    assert "Loxicom" not in meloxicam.aliases
    assert _in(run, tmp_path, "show", "loxicom").exit_code == 1


@pytest.mark.parametrize(
    ("doc_type", "what"),
    [
        ("PRESCRIPTION ANIMAL DRUG LABEL", "veterinary label"),
        ("OTC ANIMAL DRUG LABEL", "veterinary label"),
        ("MEDICAL DEVICE", "medical device"),
        ("DIETARY SUPPLEMENT", "dietary supplement"),
        ("BULK INGREDIENT", "bulk ingredient"),
        ("INDEXING - PHARMACOLOGIC CLASS", "indexing document"),
        ("HUMAN PRESCRIPTION DRUG LABEL", ""),
        ("Human OTC Drug Label", ""),
        ("VACCINE LABEL", ""),
        ("", ""),
    ],
)
def test_document_types_for_no_human_patient(doc_type: str, what: str) -> None:
    assert non_human(doc_type) == what
