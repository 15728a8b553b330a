"""``medref import`` on real labels: each section-content failure class of the real-label issue
(boxed warnings lost, interactions dropped, tables flattened, indications lost, another use's
dose shown), kept from returning.

The labels are byte-for-byte copies of real DailyMed SPL files (``fixtures/real-labels``,
with their provenance in its README); the openFDA records are the shared test data in
``fixtures/fda-labels/openfda``. Each test imports one label into its own folder and reads
the monograph back with medref's parser, or asks the command line what a user would.
"""

from __future__ import annotations

from pathlib import Path

from conftest import FIXTURES, Run
from medref.model import Monograph
from medref.parse import parse_file
from medref.validate import ERROR, validate

SECTIONS = FIXTURES / "real-labels"
OPENFDA = FIXTURES / "fda-labels" / "openfda"


def _import(run: Run, folder: Path, label: Path) -> Monograph:
    result = run("import", str(label), "--dir", str(folder))
    assert result.exit_code == 0, result.stdout + result.stderr
    written = sorted(folder.glob("*.md"))
    assert len(written) == 1, written
    assert [str(f) for f in _errors(folder)] == []
    return parse_file(written[0])


def _errors(folder: Path) -> list[object]:
    _count, findings = validate([folder])
    return [f for f in findings if f.level == ERROR]


def _extra(mono: Monograph, heading: str) -> list[tuple[str | None, str]]:
    """The (label, text) items of a section the parser keeps as an extra one."""
    for section in mono.extra_sections:
        if section.heading == heading:
            return [(item.label, item.text) for item in section.items]
    return []


def _boxed(mono: Monograph) -> list[str]:
    return [f"{i.label}: {i.text}" for i in mono.precautions.items if i.label and
            i.label.startswith("Boxed Warning")]  # fmt: skip


# --------------------------------------------------------------------------- boxed warnings


def test_an_untitled_boxed_warning_in_a_wrapper_section_is_kept(run: Run, tmp_path: Path) -> None:
    """Nabumetone: the box is an untitled section inside an unclassified one (it was lost)."""
    mono = _import(run, tmp_path, SECTIONS / "nabumetone-0ebcf6fc.xml")
    boxed = _boxed(mono)
    assert len(boxed) == 1
    assert "serious cardiovascular thrombotic events" in boxed[0]
    assert mono.precautions.items[0].label == "Boxed Warning"  # listed first


def test_a_boxed_warning_under_warnings_is_kept_with_its_title(run: Run, tmp_path: Path) -> None:
    """Old metformin labels nest the box under WARNINGS; its caption names it."""
    mono = _import(run, tmp_path, SECTIONS / "metformin-9902c6bb.xml")
    boxed = _boxed(mono)
    assert len(boxed) == 1
    assert boxed[0].startswith("Boxed Warning – Lactic Acidosis:")
    assert "metformin-associated lactic acidosis" in boxed[0]


# --------------------------------------------------------------------------- interactions


def test_old_format_interactions_under_precautions_become_an_interactions_section(
    run: Run, tmp_path: Path
) -> None:
    mono = _import(run, tmp_path, SECTIONS / "nabumetone-0ebcf6fc.xml")
    items = dict(_extra(mono, "Interactions"))
    assert list(items)[:3] == ["ACE-inhibitors", "Aspirin", "Diuretics"]
    assert items["Warfarin"].startswith("The effects of warfarin and NSAIDs on GI bleeding")
    assert items["Lithium"].startswith("NSAIDs have produced an elevation of plasma lithium")
    # Moved, not copied: Precautions no longer holds them.
    assert not any(i.label == "Drug interactions" for i in mono.precautions.items)


def test_interactions_whose_text_follows_their_heading_section(run: Run, tmp_path: Path) -> None:
    """Sulindac: the 34073-7 section holds only "Drug Interactions"; each drug is an untitled
    section after it with a bold caption."""
    items = dict(_extra(_import(run, tmp_path, SECTIONS / "sulindac-377ae7e3.xml"), "Interactions"))
    assert len(items) == 14
    assert items["DMSO"].startswith("DMSO should not be used with sulindac.")
    assert items["Acetaminophen"] == (
        "Acetaminophen had no effect on the plasma levels of sulindac or its sulfide metabolite."
    )


def test_interactions_named_before_a_dash_and_overdosage(run: Run, tmp_path: Path) -> None:
    mono = _import(run, tmp_path, SECTIONS / "metformin-9902c6bb.xml")
    items = _extra(mono, "Interactions")
    labels = [label for label, _text in items]
    assert labels[:4] == [
        "Glyburide",
        "Furosemide",
        "Nifedipine",
        "Drugs that reduce metformin clearance",
    ]
    assert None in labels  # a paragraph that names no drug stays an untitled item
    assert dict(items)["Alcohol"].startswith("Alcohol is known to potentiate the effect")
    overdose = " ".join(text for _label, text in _extra(mono, "Overdosage"))
    assert (
        "Lactic acidosis has been reported in approximately 32% of metformin overdose" in overdose
    )


def test_an_interactions_table_gives_one_item_per_drug(run: Run, tmp_path: Path) -> None:
    """PLR NSAID labels: a row naming the drug, then "Clinical Impact" and "Intervention"
    rows; each drug is one item with both, in the label's words."""
    items = dict(_extra(_import(run, tmp_path, SECTIONS / "naproxen-f745e1c2.xml"), "Interactions"))
    assert items["Lithium"].startswith("Clinical Impact: NSAIDs have produced elevations in plasma")
    assert (
        "Intervention: During concomitant use of naproxen tablets and lithium, monitor"
        in (items["Lithium"])
    )
    assert "Drugs That Interfere with Hemostasis" in items
    assert not any(label and label.startswith("Table") for label in items)


# --------------------------------------------------------------------------- tables


def test_a_table_cell_with_a_line_per_dose_reads_row_by_row(run: Run, tmp_path: Path) -> None:
    """'250 mg / or 375 mg / or 500 mg' beside 'twice daily' x3: one line per dose, not
    '250 mg or 375 mg or 500 mg | twice daily twice daily twice daily'."""
    mono = _import(run, tmp_path, SECTIONS / "naproxen-f745e1c2.xml")
    dosage = mono.dosage
    text = " ".join(
        [*dosage.intro, *(b.text for b in dosage.blocks), *(n.text for n in dosage.notes)]
    )
    assert "Naproxen Tablets | 250 mg | twice daily; or 375 mg | twice daily; or 500 mg" in text
    assert "twice daily twice daily" not in text
