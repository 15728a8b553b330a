"""medref validate, medref new, and the documented format's example."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from conftest import FIXTURES, ROOT, Run
from medref.parse import parse_text
from medref.validate import DOSE, check_monograph, validate

FORMAT_DOC = ROOT / "docs" / "monograph-format.md"


def _example() -> str:
    text = FORMAT_DOC.read_text(encoding="utf-8")
    block = re.search(r"<!-- example:start -->\s*```markdown\n(.*?)```", text, re.S)
    assert block, "docs/monograph-format.md has no marked example"
    return block.group(1)


def test_documented_example_validates_cleanly(tmp_path: Path) -> None:
    path = tmp_path / "examplamide.md"
    path.write_text(_example(), encoding="utf-8")
    count, findings = validate([path], today=dt.date(2026, 11, 24))
    assert count == 1
    assert findings == []


def test_validate_cli_on_fixture(run: Run) -> None:
    result = run("validate", str(FIXTURES / "testamab.md"))
    assert result.exit_code == 0, result.stdout
    assert result.stdout.strip().endswith("1 monograph checked: 0 errors, 0 warnings")


def test_validate_reports_file_line_level(run: Run, tmp_path: Path) -> None:
    bad = tmp_path / "wrongname.md"
    bad.write_text(
        "---\ntitle: Rightname\n---\n### Usage\n**Gout:** flares.\n\n**Lupus:** rashes.\n\n"
        "### Dosage\n**Gout (Adults):** take some.\n\n**Migraine (Adults):** 5 mg.\n\n"
        "### Side Effects\n* Nausea\n",
        encoding="utf-8",
    )
    result = run("validate", str(bad))
    assert result.exit_code == 3
    lines = result.stdout.splitlines()
    assert (
        f"{bad}:2: error: file name 'wrongname.md' does not match the title 'Rightname' "
        "(expected rightname.md)" in lines
    )
    assert f"{bad}:1: error: no Precautions section" in lines
    assert f"{bad}:7: error: indication 'Lupus' has no dosing block in Dosage" in lines
    assert (
        f"{bad}:12: error: dosing block 'Migraine (Adults)' matches no indication in Usage" in lines
    )
    assert f"{bad}:10: warning: dosing block 'Gout (Adults)' states no dose with a unit" in lines
    assert f"{bad}:1: warning: no sources: name the label the facts come from" in lines
    assert lines[-1] == "1 monograph checked: 4 errors, 3 warnings"


def test_validate_broken_yaml_and_json(run: Run) -> None:
    result = run("validate", str(FIXTURES / "broken"), "--json")
    assert result.exit_code == 3
    data = json.loads(result.stdout)
    assert data["files"] == 3 and data["errors"] == 3
    bad = next(f for f in data["findings"] if f["path"].endswith("badyaml.md"))
    assert bad["line"] == 4 and bad["level"] == "error"


def test_validate_duplicate_alias(run: Run, tmp_path: Path) -> None:
    text = (FIXTURES / "testamab.md").read_text(encoding="utf-8")
    (tmp_path / "testamab.md").write_text(text, encoding="utf-8")
    (tmp_path / "otheramab.md").write_text(
        text.replace("title: Testamab", "title: Otheramab").replace("Testarex, ", ""),
        encoding="utf-8",
    )
    result = run("validate", str(tmp_path))
    assert result.exit_code == 3
    assert "error: name 'Probatix' is also claimed by" in result.stdout


def test_old_or_missing_review_date() -> None:
    mono = parse_text(_example().replace("2026-11-01", "2023-01-01"), path="examplamide.md")
    findings = check_monograph(mono, Path("examplamide.md"), today=dt.date(2026, 11, 24))
    assert [f.message for f in findings] == ["last reviewed 2023-01-01, more than two years ago"]


@pytest.mark.parametrize(
    ("text", "has_dose"),
    [
        ("4 mg once daily", True),
        ("0.5–1 mg/kg twice daily", True),
        ("1,000 units at bedtime", True),
        ("2 inhalations every 4 to 6 hours", True),
        ("1.3 mg/m2 on days 1, 4, 8 and 11", True),
        ("individualised by INR", False),
        ("on days 1-21 of a 28-day cycle", False),
    ],
)
def test_dose_pattern(text: str, has_dose: bool) -> None:
    assert bool(DOSE.search(text)) is has_dose


def test_new_writes_a_skeleton_that_parses(run: Run, tmp_path: Path) -> None:
    result = run("new", "Ondansetron", "--dir", str(tmp_path))
    assert result.exit_code == 0
    path = tmp_path / "ondansetron.md"
    assert path.exists()
    mono = parse_text(path.read_text(encoding="utf-8"), path=path)
    assert mono.title == "Ondansetron"
    assert set(mono.section_lines) >= {
        "generic_name",
        "usage",
        "dosage",
        "side_effects",
        "mechanism",
        "precautions",
        "faqs",
    }
    assert set(mono.meta_lines) >= {"title", "aliases", "drug_class", "sources", "last_reviewed"}
    _count, findings = validate([path])
    assert [f.level for f in findings if f.level == "error"] == []


def test_new_refuses_to_overwrite(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "ondansetron.md"
    path.write_text("mine", encoding="utf-8")
    result = run("new", "ondansetron", "--dir", str(tmp_path))
    assert result.exit_code == 4
    assert "already exists; not overwritten" in result.stderr
    assert path.read_text(encoding="utf-8") == "mine"


INTERACTIONS = (
    "---\ntitle: Mixamab\n---\n### Usage\n**Gout:** flares.\n\n### Dosage\n"
    "**Gout (Adults):** 5 mg daily.\n\n### Side Effects\n* Nausea\n\n### Precautions\n"
    "* **Pregnancy:** Avoid.\n\n### Interactions\n{body}\n"
)


@pytest.mark.parametrize(
    ("body", "messages"),
    [
        ("", ["the Interactions section is empty: write what the label says, or that it names "
              "no interactions"]),
        ("* **Warfarin:**", ["interaction item 'Warfarin' says nothing about it"]),
        ("* **Other medicines:** Tell your doctor.",
         ["interaction item 'Other medicines' names no medicine or class to match"]),
        ("* Some drugs may interact with it.",
         ["interaction item without a label names no medicine or class to match"]),
        ("* **Warfarin:** Monitor the INR.\n* Mixamab did not change midazolam levels.", []),
    ],
)  # fmt: skip
def test_validate_checks_the_interactions_section(body: str, messages: list[str]) -> None:
    mono = parse_text(INTERACTIONS.format(body=body), path="mixamab.md")
    findings = check_monograph(mono, Path("mixamab.md"), today=dt.date(2026, 11, 24))
    problems = [f.message for f in findings if "interaction" in f.message.lower()]
    assert problems == messages
    assert all(f.level == "warning" for f in findings if f.message in messages)


def test_new_writes_an_interactions_section(run: Run, tmp_path: Path) -> None:
    run("new", "Ondansetron", "--dir", str(tmp_path))
    mono = parse_text((tmp_path / "ondansetron.md").read_text(encoding="utf-8"))
    labels = [i.label for i in mono.interactions.items]
    assert labels == ["Strong CYP3A4 inhibitors (ketoconazole, itraconazole)", "Warfarin"]
    assert "reduce the ondansetron dose by 50%" in mono.interactions.items[0].text


_MONOGRAPH = (
    "---\ntitle: Examplofen\nsources:\n  - label: EXAMPLOFEN label\nlast_reviewed: 2026-11-01\n"
    "---\n### Usage\n{usage}\n### Dosage\n{dosage}\n### Side Effects\n* Nausea\n"
    "### Precautions\n* **Pregnancy:** Avoid.\n"
)


def _findings(usage: str, dosage: str) -> list[str]:
    text = _MONOGRAPH.format(usage=usage, dosage=dosage)
    mono = parse_text(text, "examplofen.md")
    return [
        f"{f.level}: {f.message}"
        for f in check_monograph(mono, Path("examplofen.md"), today=dt.date(2026, 11, 24))
    ]


def test_validate_flags_an_empty_usage() -> None:
    assert "error: Usage is empty: it names no indication" in _findings("", "Take 10 mg daily.\n")
    said = _findings("The label has no indications section.\n", "Take 10 mg daily.\n")
    assert said == ["warning: Usage names no indication, so no dose can be chosen by indication"]


def test_validate_flags_a_dosing_label_naming_another_condition() -> None:
    """A dose for juvenile arthritis labelled for rheumatoid arthritis (the words of one are
    in the other's name) prints children's doses for adults; a general note naming one
    condition prints its dose for every indication (the importer did both before)."""
    usage = "**Rheumatoid Arthritis:** Relief of signs and symptoms of RA.\n"
    wrong = _findings(usage, "**Rheumatoid Arthritis – Juvenile Rheumatoid Arthritis:** 50 mg.\n")
    assert wrong == [
        "error: dosing block 'Rheumatoid Arthritis – Juvenile Rheumatoid Arthritis' names "
        "juvenile idiopathic arthritis, which is not what its indication 'Rheumatoid "
        "Arthritis' is about"
    ]
    note = _findings(
        usage, "**Rheumatoid Arthritis:** 100 mg.\n\n**General – Analgesia:** 200 mg.\n"
    )
    assert note == [
        "error: general note 'General – Analgesia' names pain: a note is shown with every "
        "indication, so one condition's dose belongs in that indication's block"
    ]
    # Who the dose is for, or what happens, is no other use; "All" is no leukaemia (ALL).
    for label in (
        "Rheumatoid Arthritis – Older Adults or Heart Disease (Adults)",
        "Rheumatoid Arthritis – in Case of Intolerable Headaches",
        "Rheumatoid Arthritis – for All Patients",
        "Rheumatoid Arthritis (Adults)",
    ):
        assert _findings(usage, f"**{label}:** 100 mg.\n") == [], label
