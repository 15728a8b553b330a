"""Selecting parts of a monograph: above all, one indication's dose is never another's."""

from __future__ import annotations

import pytest

from conftest import FIXTURES, SEED
from medref.errors import SelectionError, UsageError
from medref.parse import parse_file
from medref.selection import IndicationError
from medref.views import filter_side_effects, select_dosing, select_faqs

SEED_MONO = parse_file(SEED)
TEST_MONO = parse_file(FIXTURES / "testamab.md")


@pytest.mark.parametrize("query", ["myeloma", "Multiple Myeloma", "MYELOMA", "myel", "multiple"])
def test_myeloma_selects_only_myeloma(query: str) -> None:
    sel = select_dosing(SEED_MONO, query)
    assert sel.indication == "Multiple Myeloma"
    assert [b.label for b in sel.blocks] == ["Multiple Myeloma (Adults)"]
    assert all("5 mg" not in b.text for b in sel.blocks)
    assert [n.label for n in sel.notes] == ["Dosage Adjustments", "Pediatric Dosage"]


def test_kaposi() -> None:
    sel = select_dosing(SEED_MONO, "kaposi")
    assert [b.label for b in sel.blocks] == ["Kaposi Sarcoma (Adults)"]
    assert "5 mg" in sel.blocks[0].text and "4 mg" not in sel.blocks[0].text


def test_no_match_lists_indications() -> None:
    with pytest.raises(SelectionError) as info:
        select_dosing(SEED_MONO, "lupus")
    assert info.value.choices == ["Multiple Myeloma", "Kaposi Sarcoma"]


def test_words_of_several_indications_are_ambiguous() -> None:
    with pytest.raises(IndicationError) as info:
        select_dosing(TEST_MONO, "cancer")
    assert info.value.matched == ["Breast Cancer", "Lung Cancer"]
    # every indication with dosing is listed, the matched ones marked
    assert info.value.choices == ["*Breast Cancer", "*Lung Cancer", "Rheumatoid Arthritis"]


def test_both_regimens_of_one_indication_together() -> None:
    sel = select_dosing(TEST_MONO, "breast")
    assert [b.label for b in sel.blocks] == [
        "Breast Cancer – Weekly Regimen (Adults)",
        "Breast Cancer – Every 3 Weeks (Adults)",
    ]
    assert all("15 mg/kg" not in b.text for b in sel.blocks)  # lung cancer's dose


def test_one_regimen_by_its_words() -> None:
    sel = select_dosing(TEST_MONO, "breast weekly")
    assert [b.label for b in sel.blocks] == ["Breast Cancer – Weekly Regimen (Adults)"]


def test_empty_indication_words() -> None:
    with pytest.raises(UsageError):
        select_dosing(SEED_MONO, "--")


def test_side_effect_filters() -> None:
    serious = filter_side_effects(TEST_MONO, serious=True, common=False)
    assert [g.label for g in serious] == ["Serious Side Effects"]
    common = filter_side_effects(TEST_MONO, serious=False, common=True)
    assert [g.label for g in common] == ["Common Side Effects (>10%)"]
    both = filter_side_effects(TEST_MONO, serious=True, common=True)
    assert len(both) == 2
    assert len(filter_side_effects(TEST_MONO, serious=False, common=False)) == 3


def test_faq_about() -> None:
    assert [f.question for f in select_faqs(SEED_MONO, "alcohol")] == [
        "Can I drink alcohol while taking pomalidomide?"
    ]
    # falls back to answers when no question mentions the word
    assert select_faqs(SEED_MONO, "moisture")[0].question == "How should I store pomalidomide?"
    with pytest.raises(SelectionError) as info:
        select_faqs(SEED_MONO, "grapefruit")
    assert len(info.value.choices) == 5
