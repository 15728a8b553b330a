"""Selecting by meaning: the vocabulary, ages, and the judged cases over the bundled library.

The judged table (tests/selection_cases.json) says, for each drug and words, which
indication (and which of its blocks) must be printed, or which indications a refusal must
mark. Every case runs through the selection engine and through the installed ``medref``;
a case fails when anything is printed that it did not expect.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from conftest import BUNDLED, HERE, Run
from medref import population, vocabulary
from medref.model import Monograph, boxed_warnings
from medref.parse import parse_file
from medref.selection import IndicationError, complete_indications, read, select_dosing

CASES: list[dict[str, Any]] = json.loads((HERE / "selection_cases.json").read_text("utf-8"))
MONOGRAPHS = {p.stem: parse_file(p) for p in sorted(BUNDLED.glob("*.md"))}


def _id(case: dict[str, Any]) -> str:
    return f"{case['drug']}:{case['query']}"


# --------------------------------------------------------------------------- the vocabulary


def test_vocabulary_loads_and_every_broader_concept_exists() -> None:
    vocab = vocabulary.load()
    assert len(vocab.names) > 100
    pe, vte = vocab.concept("pulmonary embolism"), vocab.concept("venous thromboembolism")
    assert vocab.related(vte, pe) == "narrower"  # asked VTE, the label says PE
    assert vocab.related(pe, vte) == "broader"
    dvt = vocab.concept("deep vein thrombosis")
    assert vocab.related(pe, dvt) is None  # PE is never DVT


def test_unknown_broader_concept_is_an_error() -> None:
    with pytest.raises(ValueError, match="unknown broader concept"):
        vocabulary.parse("[conditions]\nfoo | bar ; in: nothing here ; src: test\n")


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("depression", "depressive"),
        ("seizure", "seizures"),
        ("diabetes", "diabetic"),
        ("hypertension", "hypertensive"),
        ("artery", "arterial"),
    ],
)
def test_inflections_meet(a: str, b: str) -> None:
    assert vocabulary.stem(a) == vocabulary.stem(b)


def test_weekly_is_not_weeks() -> None:
    # "once weekly" and "every 3 weeks" are different regimens
    assert vocabulary.stem("weekly") != vocabulary.stem("weeks")


@pytest.mark.parametrize(
    ("text", "terms", "intents"),
    [
        ("PE treatment", ["pe"], {"treatment"}),
        ("heart attack prevention", ["heart attack"], {"prevention"}),
        ("H. pylori", ["h pylori"], set()),
        ("a-fib", ["a fib"], set()),
        ("the dose for kaposi", ["kaposi"], set()),
    ],
)
def test_reading_a_query(text: str, terms: list[str], intents: set[str]) -> None:
    query = read(text)
    assert [t.text for t in query.terms] == terms
    assert query.intents == intents


# --------------------------------------------------------------------------- ages


@pytest.mark.parametrize(
    ("label", "ages"),
    [
        ("Hypertension (Adults)", "18 years and older"),
        ("Hypertension (Pediatric Patients 6 Years and Older)", "6 years to under 18 years"),
        ("Pediatric Venous Thromboembolism (Birth to Under 18 Years)", "under 18 years"),
        ("Fontan (Children 2 Years and Older)", "2 years to under 18 years"),
        ("Fever (Adults and Children 12 Years and Over)",
         "12 years to under 18 years, 18 years and older"),
        ("Acute STEMI – Under 75 Years (Adults)", "18 years to under 75 years"),
        ("Acute STEMI – 75 Years and Older (Adults)", "75 years and older"),
        ("Erosive Esophagitis (Infants 1 Month to Under 1 Year)", "1 month to under 1 year"),
        ("OCD (Children 6 to 12 Years)", "6 years to under 13 years"),
        ("Fever – IV (Neonates and Infants Under 2 Years)", "under 1 month, under 2 years"),
        # a weight is not an age
        ("Pain – IV (Adults and Adolescents Under 50 kg, and Children 2 to 12 Years)",
         "2 years to under 13 years, 12 years to under 18 years, 18 years and older"),
        ("Multiple Myeloma (Adults, HEMADY 20 mg tablets)", "18 years and older"),
        ("Multiple Myeloma – With Dexamethasone, 20/70 mg/m2 Once Weekly", None),
        ("Type 2 Diabetes Mellitus", None),
    ],
)  # fmt: skip
def test_ages_of_labels(label: str, ages: str | None) -> None:
    found = population.of_label(label)
    assert (found.describe() if found else None) == ages


@pytest.mark.parametrize(
    ("words", "ages", "rest"),
    [
        ("hypertension children", "under 18 years", "hypertension"),
        ("age 8", "8 years to under 9 years", ""),
        ("8-year-old", "8 years to under 9 years", ""),
        ("6 months", "6 months to under 7 months", ""),
        ("stemi over 75", "75 years and older", "stemi"),
        ("elderly", "65 years and older", ""),
        ("newborn", "under 1 month", ""),
        ("PE treatment", None, "PE treatment"),
    ],
)
def test_ages_of_queries(words: str, ages: str | None, rest: str) -> None:
    found, left = population.of_query(words)
    assert (found.describe() if found else None) == ages
    assert left.split() == rest.split()


# --------------------------------------------------------------------------- the judged cases


def _expected_blocks(mono: Monograph, case: dict[str, Any]) -> list[str]:
    if "blocks" in case:
        return list(case["blocks"])
    return [b.label for b in mono.dosage.blocks if b.indication == case["select"]]


def test_the_judged_table_is_large_and_covers_every_monograph() -> None:
    assert len(CASES) >= 200
    assert {c["drug"] for c in CASES} == set(MONOGRAPHS)
    for case in CASES:
        mono = MONOGRAPHS[case["drug"]]
        names = {i.name for i in mono.usage.indications}
        expected = [case["select"]] if "select" in case else case["refuse"]
        assert set(expected) <= names, f"{_id(case)} names an unknown indication"
    # every indication is a case under its own name
    own = {(c["drug"], c["query"]) for c in CASES}
    for stem, mono in MONOGRAPHS.items():
        for indication in mono.usage.indications:
            assert (stem, indication.name) in own, f"no case for {stem}: {indication.name}"


@pytest.mark.parametrize("case", CASES, ids=[_id(c) for c in CASES])
def test_judged_case_through_the_selection(case: dict[str, Any]) -> None:
    mono = MONOGRAPHS[case["drug"]]
    if "select" in case:
        selection = select_dosing(mono, case["query"])
        assert selection.indication == case["select"]
        assert [b.label for b in selection.blocks] == _expected_blocks(mono, case)
        if "note" in case:
            assert set(case["note"]) <= set(selection.set_aside)
    else:
        with pytest.raises(IndicationError) as info:
            select_dosing(mono, case["query"])
        assert sorted(info.value.matched) == sorted(case["refuse"])


def _check(case: dict[str, Any], code: int, out: str, err: str) -> str | None:
    """What is wrong with one CLI run of a case, or None."""
    mono = MONOGRAPHS[case["drug"]]
    if "Traceback" in err:
        return f"{_id(case)}: traceback"
    if "select" in case:
        printed = [b["label"] for b in json.loads(out)["blocks"]] if code == 0 else None
        if code != 0 or printed != _expected_blocks(mono, case):
            return f"{_id(case)}: exit {code}, printed {printed} {err.strip()}"
        return None
    marked = sorted(f"*{name}" for name in case["refuse"])
    listed = err.strip().partition("(* = matches): ")[2]
    found = sorted(p for p in listed.split("; ") if p.startswith("*"))
    if code != 1 or out or found != marked:
        return f"{_id(case)}: exit {code}, marked {found}, stdout {out[:80]!r}"
    return None


def test_judged_cases_through_the_cli(run: Run) -> None:
    """Every case through the whole command line in this process (argument parsing, name
    resolution, selection, JSON output, error reporting, exit codes): a selected case prints
    exactly its blocks; a refused one prints nothing and marks exactly its indications."""
    failures = []
    for case in CASES:
        result = run("dosage", case["drug"], "--indication", case["query"], "--json")
        problem = _check(case, result.exit_code, result.stdout, result.stderr)
        if problem:
            failures.append(problem)
    assert failures == []


def _medref() -> str:
    found = shutil.which("medref", path=str(Path(sys.executable).parent)) or shutil.which("medref")
    assert found, "medref is not installed (pip install -e '.[test]')"
    return found


# The installed console script, on a fixed sample: every refusal of the traps and
# one case in twelve (running all 600 as processes would take most of a minute on 2 cores).
TRAPS = {"PE", "PE treatment", "DVT treatment", "children", "hypertension children", "afib"}
SAMPLE = [c for i, c in enumerate(CASES) if i % 12 == 0 or c["query"] in TRAPS]


def test_judged_sample_through_the_installed_console_script(isolated: Path) -> None:
    env = dict(os.environ)

    def one(case: dict[str, Any]) -> str | None:
        argv = [_medref(), "dosage", case["drug"], "--indication", case["query"], "--json"]
        done = subprocess.run(argv, capture_output=True, text=True, timeout=60, env=env)
        return _check(case, done.returncode, done.stdout, done.stderr)

    one(CASES[0])  # one run builds the catalogue before the parallel ones read it
    with ThreadPoolExecutor(max_workers=4) as pool:
        failures = [p for p in pool.map(one, SAMPLE) if p]
    assert len(SAMPLE) >= 60
    assert failures == []


# --------------------------------------------------------------------------- boxed warnings


BOXED = [stem for stem, mono in MONOGRAPHS.items() if boxed_warnings(mono)]


def test_several_monographs_have_boxed_warnings() -> None:
    assert len(BOXED) >= 10


@pytest.mark.parametrize("stem", BOXED)
def test_dosage_starts_with_its_boxed_warnings(stem: str, run: Run) -> None:
    mono = MONOGRAPHS[stem]
    out = run("dosage", stem).stdout
    first_dose = out.index("\nDosage\n")
    for item in boxed_warnings(mono):
        title = (item.label or "").split("–", 1)[-1].strip()
        assert f"!! {title}: " in out[:first_dose], f"{title} is not before the dose"
    data = json.loads(run("dosage", stem, "--json").stdout)
    assert len(data["boxed_warnings"]) == len(boxed_warnings(mono))
    one = mono.dosage.blocks[0].indication or mono.dosage.blocks[0].label
    selected = run("dosage", stem, "--indication", one).stdout
    assert selected.index("Boxed warnings") < selected.index("Dosage — ")


# --------------------------------------------------------------------------- completion


def test_completion_offers_indications_by_meaning() -> None:
    apixaban = MONOGRAPHS["apixaban"]
    assert "pulmonary-embolism-treatment" in complete_indications(apixaban, "pulm")
    by_meaning = complete_indications(apixaban, "pe")
    assert "pulmonary-embolism-treatment" in by_meaning
    assert "reduction-in-risk-of-recurrent-dvt-and-pe" in by_meaning
    assert "nonvalvular-atrial-fibrillation" in complete_indications(apixaban, "afib")


def test_words_inside_another_conditions_name_do_not_reach_it() -> None:
    """ "rheumatoid arthritis" is every word of "Juvenile Rheumatoid Arthritis", another
    disease (the vocabulary's JIA): only the RA indication is a reading."""
    from medref.parse import parse_text

    mono = parse_text(
        "---\ntitle: Examplofen\n---\n### Usage\n**Rheumatoid Arthritis (RA):** RA.\n\n"
        "**Juvenile Rheumatoid Arthritis (JRA):** JRA in patients 2 years and older.\n\n"
        "### Dosage\n**Rheumatoid Arthritis (RA):** 100 mg twice daily.\n\n"
        "**Juvenile Rheumatoid Arthritis (JRA):** 50 mg twice daily.\n",
        "examplofen.md",
    )
    chosen = select_dosing(mono, "rheumatoid arthritis")
    assert chosen.indication == "Rheumatoid Arthritis (RA)"
    assert [b.text for b in chosen.blocks] == ["100 mg twice daily."]
    assert select_dosing(mono, "juvenile arthritis").indication.startswith("Juvenile")
