"""Data-driven checks over every bundled monograph (as python-frontmatter tests its fixtures)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from conftest import BUNDLED, ROOT, Run
from medref.model import Monograph
from medref.parse import parse_file
from medref.textutil import name_key
from medref.validate import validate
from medref.views import dosing_indications, select_dosing

MONOGRAPHS = sorted(BUNDLED.glob("*.md"))
IDS = [p.stem for p in MONOGRAPHS]


@pytest.fixture(scope="module")
def parsed() -> dict[str, Monograph]:
    return {p.stem: parse_file(p) for p in MONOGRAPHS}


def test_library_is_large_enough() -> None:
    assert len(MONOGRAPHS) >= 30


@pytest.mark.parametrize("path", MONOGRAPHS, ids=IDS)
def test_front_matter(path: Path, parsed: dict[str, Monograph]) -> None:
    mono = parsed[path.stem]
    assert name_key(mono.title) == path.stem
    assert mono.drug_class, "drug_class is missing"
    assert mono.sources and all(s.get("label") for s in mono.sources), "sources are missing"
    assert mono.last_reviewed, "last_reviewed is missing"
    assert dt.date.fromisoformat(mono.last_reviewed) <= dt.date.today()


@pytest.mark.parametrize("path", MONOGRAPHS, ids=IDS)
def test_every_indication_has_dosing(path: Path, parsed: dict[str, Monograph]) -> None:
    mono = parsed[path.stem]
    assert mono.usage.indications, "no indications"
    dosed = set(dosing_indications(mono))
    for indication in mono.usage.indications:
        assert indication.name in dosed
        # the indication's own name selects exactly its blocks
        selection = select_dosing(mono, indication.name)
        assert selection.indication == indication.name
        assert all(b.indication == indication.name for b in selection.blocks)
    assert mono.disclaimer, "no disclaimer"
    assert mono.faqs, "no FAQs"
    assert mono.side_effects.groups and mono.precautions.items


def test_validate_reports_no_errors() -> None:
    count, findings = validate([BUNDLED])
    assert count == len(MONOGRAPHS)
    assert [str(f) for f in findings if f.level == "error"] == []


@pytest.mark.parametrize("path", MONOGRAPHS, ids=IDS)
def test_dosage_answers_for_every_indication(
    path: Path, run: Run, parsed: dict[str, Monograph]
) -> None:
    mono = parsed[path.stem]
    for indication in mono.usage.indications:
        result = run("dosage", path.stem, "--indication", indication.name, "--json")
        assert result.exit_code == 0, result.stderr
        data = json.loads(result.stdout)
        assert data["indication"] == indication.name
        others = {b.label for b in mono.dosage.blocks if b.indication != indication.name}
        assert not others & {b["label"] for b in data["blocks"]}


@pytest.mark.parametrize(
    ("brand", "drug"),
    [
        ("revlimid", "lenalidomide"),
        ("eliquis", "apixaban"),
        ("tylenol", "acetaminophen"),
        ("paracetamol", "acetaminophen"),
        ("salbutamol", "albuterol"),
        ("Pomalyst", "pomalidomide"),
        ("xarelto", "rivaroxaban"),
        ("lipitor", "atorvastatin"),
        ("coumadin", "warfarin"),
        ("lantus", "insulin-glargine"),
        ("insulin glargine", "insulin-glargine"),
    ],
)
def test_brand_names_resolve(run: Run, brand: str, drug: str) -> None:
    data = json.loads(run("show", brand, "--json").stdout)
    assert data["name"] == drug


@pytest.mark.parametrize(
    ("typo", "meant", "not_shown"),
    [
        ("lenalidomid", "lenalidomide", "Pomalidomide"),  # close to several -imides
        ("thalidomde", "thalidomide", "Lenalidomide"),
        ("apixiban", "apixaban", "Rivaroxaban"),
        ("rivaroxiban", "rivaroxaban", "Apixaban"),
        ("losarton", "losartan", "Lisinopril"),
        ("amlodipene", "amlodipine", "Amoxicillin"),
        ("amoxicilin", "amoxicillin", "Amlodipine"),
        ("predisone", "prednisone", "Dexamethasone"),
    ],
)
def test_look_alike_typos_only_suggest(run: Run, typo: str, meant: str, not_shown: str) -> None:
    result = run("dosage", typo)
    assert result.exit_code == 1
    assert result.stdout == ""
    # look-alike names come in tall-man letters (amLODIPine), with what each drug is
    assert f"did you mean {meant} (" in result.stderr.lower()
    assert not_shown not in result.stdout


def test_tall_man_partners_are_flagged_as_different_drugs(run: Run) -> None:
    result = run("show", "prednisolone")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "did you mean predniSONE (Corticosteroid;" in result.stderr
    assert "prednisoLONE and predniSONE are different drugs" in result.stderr
    unrelated = run("show", "hydroxyzine")
    assert "hydrOXYzine and hydroCHLOROthiazide are different drugs" in unrelated.stderr


def test_readme_lists_every_bundled_monograph() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for path in MONOGRAPHS:
        title = parse_file(path).title
        assert title in readme, f"README does not list {title}"
