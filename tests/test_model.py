"""The parser: the seed monograph's structure, tolerance of layout, strictness on errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import FIXTURES, SEED
from medref.errors import MonographError
from medref.model import Monograph
from medref.parse import parse_file, parse_text, side_effect_kind


@pytest.fixture(scope="module")
def seed() -> Monograph:
    return parse_file(SEED)


def test_front_matter(seed: Monograph) -> None:
    assert seed.name == "pomalidomide"
    assert seed.title == "Pomalidomide"
    assert seed.extra["layout"] == "minimal-medicine"  # unknown keys are kept


def test_usage_indications(seed: Monograph) -> None:
    assert [i.name for i in seed.usage.indications] == ["Multiple Myeloma", "Kaposi Sarcoma"]
    assert "lenalidomide and bortezomib" in seed.usage.indications[0].text
    assert seed.usage.intro[0].startswith("Pomalidomide is an antineoplastic")


def test_dosing_blocks_belong_to_indications(seed: Monograph) -> None:
    blocks = {b.label: b for b in seed.dosage.blocks}
    assert set(blocks) == {"Multiple Myeloma (Adults)", "Kaposi Sarcoma (Adults)"}
    assert blocks["Multiple Myeloma (Adults)"].indication == "Multiple Myeloma"
    assert "4 mg once daily" in blocks["Multiple Myeloma (Adults)"].text
    assert blocks["Kaposi Sarcoma (Adults)"].indication == "Kaposi Sarcoma"
    assert "5 mg OD" in blocks["Kaposi Sarcoma (Adults)"].text
    assert [n.label for n in seed.dosage.notes] == ["Dosage Adjustments", "Pediatric Dosage"]


def test_side_effect_groups(seed: Monograph) -> None:
    groups = seed.side_effects.groups
    assert [(g.label, g.kind) for g in groups] == [
        ("Common Side Effects (>10%)", "common"),
        ("Less Common but Serious Side Effects", "serious"),
    ]
    assert len(groups[0].items) == 16 and groups[0].items[0] == "Fatigue"
    assert "Blood clots (deep vein thrombosis, pulmonary embolism)" in groups[1].items
    assert seed.side_effects.outro == [
        "If you experience any concerning side effects, contact your doctor immediately."
    ]


def test_mechanism_precautions_faqs_disclaimer(seed: Monograph) -> None:
    assert [i.label for i in seed.mechanism.items] == [
        "Inhibition of Tumor Cell Growth",
        "Immune System Modulation",
        "Inflammation Reduction",
        "Anti-angiogenesis",
    ]
    assert [i.label for i in seed.precautions.items][:2] == ["Pregnancy", "Breastfeeding"]
    assert len(seed.faqs) == 5
    assert seed.faqs[0].question == "Can I drink alcohol while taking pomalidomide?"
    assert seed.faqs[0].answer.startswith("It's best to avoid alcohol")
    assert seed.disclaimer is not None and seed.disclaimer.startswith("This information is")
    # the disclaimer is not mistaken for a FAQ or an extra section
    assert all("Disclaimer" not in f.question for f in seed.faqs)
    assert seed.extra_sections == []


def test_round_trip(seed: Monograph) -> None:
    assert Monograph.from_dict(seed.to_dict()) == seed


def test_tolerant_of_layout(seed: Monograph) -> None:
    """CRLF, a BOM, trailing spaces and `##` headings give the same model."""
    text = SEED.read_text(encoding="utf-8")
    messy = "\ufeff" + "\r\n".join(
        line.replace("### ", "## ") + "   " for line in text.splitlines()
    )
    parsed = parse_text(messy, path=SEED)
    assert parsed.to_dict() | {"section_lines": {}, "meta_lines": {}} == seed.to_dict() | {
        "section_lines": {},
        "meta_lines": {},
    }


def test_missing_and_extra_sections() -> None:
    mono = parse_text(
        "---\ntitle: Minimal\n---\n## Storage\nKeep it cool.\n\n## Usage\n**Pain:** relief.\n"
    )
    assert [i.name for i in mono.usage.indications] == ["Pain"]
    assert mono.dosage.blocks == [] and mono.faqs == []
    assert mono.extra_sections[0].heading == "Storage"
    assert mono.extra_sections[0].items[0].text == "Keep it cool."


def test_sub_headings_label_dosing_blocks() -> None:
    mono = parse_text(
        "---\ntitle: Subby\n---\n### Usage\n**Gout:** flares.\n\n### Dosage\n"
        "#### Gout (Adults)\n100 mg daily.\n\nWith food.\n\n#### Renal Impairment\nHalve it.\n"
    )
    assert [(b.label, b.indication, b.text) for b in mono.dosage.blocks] == [
        ("Gout (Adults)", "Gout", "100 mg daily. With food.")
    ]
    assert [n.label for n in mono.dosage.notes] == ["Renal Impairment"]


def test_dosage_before_usage_still_maps() -> None:
    mono = parse_text(
        "---\ntitle: Backwards\n---\n### Dosage\n**Gout (Adults):** 1 mg.\n\n"
        "### Usage\n**Gout:** flares.\n"
    )
    assert mono.dosage.blocks[0].indication == "Gout"


def test_unknown_dosage_label_is_not_a_general_note() -> None:
    """A label that names no indication is kept as a block, never shown with every dose."""
    mono = parse_text(
        "---\ntitle: Odd\n---\n### Usage\n**Gout:** flares.\n\n### Dosage\n"
        "**Migraine (Adults):** 5 mg.\n"
    )
    assert mono.dosage.notes == []
    assert mono.dosage.blocks[0].indication is None


def test_text_is_not_markup() -> None:
    mono = parse_file(FIXTURES / "markupine.md")
    assert mono.usage.indications[0].name == "Testing [bold red]markup[/bold red]"
    assert "[link=x]a link[/link]" in mono.usage.indications[0].text


@pytest.mark.parametrize(
    ("fixture", "line", "problem"),
    [
        ("untitled.md", 1, "no title"),
        ("badyaml.md", 4, "not valid YAML"),
        ("unclosed.md", 1, "not closed"),
    ],
)
def test_errors_name_file_and_line(fixture: str, line: int, problem: str) -> None:
    path = FIXTURES / "broken" / fixture
    with pytest.raises(MonographError) as info:
        parse_file(path)
    assert info.value.line == line
    assert problem in info.value.problem
    assert str(info.value).startswith(f"{path}:{line}: ")


def test_front_matter_must_be_a_mapping() -> None:
    with pytest.raises(MonographError, match="mapping"):
        parse_text("---\n- a list\n---\n", path="x.md")


def test_no_front_matter() -> None:
    with pytest.raises(MonographError, match="no front matter") as info:
        parse_text("# Just markdown\n", path="x.md")
    assert info.value.line == 1


def test_not_utf8(tmp_path: Path) -> None:
    bad = tmp_path / "latin.md"
    bad.write_bytes(b"---\ntitle: Caf\xe9\n---\n")
    with pytest.raises(MonographError, match="UTF-8") as info:
        parse_file(bad)
    assert info.value.line == 2


@pytest.mark.parametrize(
    ("label", "kind"),
    [
        ("Common Side Effects (>10%)", "common"),
        ("Less Common but Serious Side Effects", "serious"),
        ("Less Common Side Effects (1-10%)", "other"),
        ("Uncommon Side Effects", "other"),
        ("Severe Reactions", "serious"),
        ("Rare Side Effects", "other"),
    ],
)
def test_side_effect_kinds(label: str, kind: str) -> None:
    assert side_effect_kind(label) == kind


def test_interactions_section_labelled_and_unlabelled_items() -> None:
    """The format of docs/monograph-format.md, and what `medref import` writes for a label
    paragraph that has no title: `* text`, an item without a label."""
    mono = parse_text(
        "---\ntitle: Mixamab\n---\n### Drug Interactions\nThe label names these.\n\n"
        "* **Strong CYP3A4 inhibitors (ketoconazole, itraconazole):** Avoid them.\n"
        "* Mixamab did not change midazolam levels.\n\n#### 7.3 Warfarin\nMonitor the INR.\n"
    )
    section = mono.interactions
    assert section.intro == ["The label names these."]
    assert [(i.label, i.text) for i in section.items] == [
        ("Strong CYP3A4 inhibitors (ketoconazole, itraconazole)", "Avoid them."),
        (None, "Mixamab did not change midazolam levels."),
        ("7.3 Warfarin", "Monitor the INR."),
    ]
    assert mono.extra_sections == []
    assert Monograph.from_dict(mono.to_dict()) == mono


def test_every_bundled_monograph_has_its_interactions_parsed() -> None:
    from conftest import BUNDLED

    for path in sorted(BUNDLED.glob("*.md")):
        mono = parse_file(path)
        assert "interactions" in mono.section_lines, path.name
        assert mono.interactions.intro, path.name
        assert not any(s.heading == "Interactions" for s in mono.extra_sections)
