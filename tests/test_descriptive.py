"""Names that only describe ("Migraine Formula", "Runny Nose") are no names: ``medref
validate`` reports an alias made of symptom, purpose and strength words, and the import
never writes one (tests/test_import_products.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import ROOT
from medref.descriptive import is_descriptive
from medref.validate import ERROR, validate


@pytest.mark.parametrize(
    ("name", "uses", "own", "describes"),
    [
        ("Migraine Formula", "", "Acetaminophen, Aspirin and Caffeine", True),
        ("Pain Reliever Extra Strength", "", "Acetaminophen", True),
        ("Headache Relief Extra Strength", "", "Acetaminophen", True),
        ("All Day Pain Relief", "", "Naproxen", True),
        ("Runny Nose", "", "Potassium Silicate", True),
        ("Constipation", "temporarily relieves constipation", "Arsenicum Album", True),
        ("Rheumatoid Arthritis", "", "Celecoxib", True),  # a condition of concepts.txt
        ("200 mg", "", "Ibuprofen", True),
        ("Advil", "", "Ibuprofen", False),
        ("Excedrin Migraine", "", "Acetaminophen, Aspirin and Caffeine", False),
        ("Good Sense Migraine Formula", "", "Acetaminophen, Aspirin and Caffeine", False),
        ("Ibuprofen 200 mg", "", "Ibuprofen", False),  # the drug's own name
        ("Lipitor", "LIPITOR is indicated to reduce the risk", "Atorvastatin", False),
        ("Paracetamol", "", "Acetaminophen", False),
    ],
)
def test_which_names_only_describe(name: str, uses: str, own: str, describes: bool) -> None:
    assert is_descriptive(name, uses, own) is describes


def _errors(folder: Path) -> list[str]:
    return [str(f) for f in validate([folder])[1] if f.level == ERROR]


def test_an_alias_named_for_a_symptom_of_the_uses_is_an_error(tmp_path: Path) -> None:
    body = (ROOT / "docs" / "monograph-format.md").read_text()
    example = body.split("<!-- example:start -->\n```markdown\n", 1)[1].split("```", 1)[0]
    page = example.replace("aliases: [Examplex]", "aliases: [Examplex, Example Disease]")
    (tmp_path / "examplamide.md").write_text(page)
    errors = _errors(tmp_path)
    assert len(errors) == 1 and "'Example Disease' is made of symptom" in errors[0]
    (tmp_path / "examplamide.md").write_text(example)
    assert _errors(tmp_path) == []


def test_the_bundled_library_has_no_descriptive_alias() -> None:
    assert _errors(ROOT / "monographs") == []
