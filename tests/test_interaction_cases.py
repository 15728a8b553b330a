"""The judged set (tests/interaction_cases.json): pairs of medicines whose labels name them
(with the worst severity their words state) or do not link them, each with a note of the
label text it rests on. The checker's precision, recall and severity agreement over each
library the set covers must hold the figures recorded in the file.

Two libraries: the bundled monographs, and real FDA labels from tests/fixtures imported by
``medref import`` (once per module, into a temporary folder, read without the bundled ones)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from conftest import FIXTURES, HERE
from medref.errors import AmbiguousDrugError
from medref.importer import import_files
from medref.interactions import check
from medref.library import Library
from medref.medlist import UnknownMedicinesError, read_list
from medref.severity import LEVELS

CASES = json.loads((HERE / "interaction_cases.json").read_text(encoding="utf-8"))
LIBRARIES = CASES["libraries"]


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[[str], Library]]:
    """Each library of the set, made once: an imported one is its label files imported
    into a folder of its own."""
    made: dict[str, Library] = {}

    def get(name: str) -> Library:
        if name not in made:
            made[name] = _make(name, tmp_path_factory)
        return made[name]

    yield get


def _make(name: str, tmp_path_factory: pytest.TempPathFactory) -> Library:
    spec = LIBRARIES[name]
    if "files" not in spec:
        return Library([], cache=None)
    folder = tmp_path_factory.mktemp(f"library-{name}")
    report = import_files([FIXTURES / f for f in spec["files"]], folder, jobs=1)
    assert report.written, f"nothing imported for {name!r}"
    return Library([folder], bundled=spec.get("bundled", True), cache=None)


def _cases(library: str) -> list[dict[str, object]]:
    return [c for c in CASES["cases"] if c["library"] == library]


def _severity_found(lib: Library, medicines: list[str]) -> str | None:
    """The worst severity the checker reports for the pair, or None: nothing found, or a
    name it does not recognise (the user gets an error, not the label's warning)."""
    try:
        report = check(read_list(lib, medicines).subjects)
    except UnknownMedicinesError:
        return None
    return LEVELS[report.pairs[0].severity] if report.pairs else None


def _scores(lib: Library, library: str) -> dict[str, float]:
    tp = fp = fn = agree = 0
    for case in _cases(library):
        got = _severity_found(lib, case["medicines"])  # type: ignore[arg-type]
        tp += bool(case["found"] and got)
        fp += bool(not case["found"] and got)
        fn += bool(case["found"] and not got)
        agree += bool(case["found"] and got == case["severity"])
    return {
        "precision": tp / (tp + fp),
        "recall": tp / (tp + fn),
        "severity_agreement": agree / tp,
    }


def test_the_judged_set_is_large_enough() -> None:
    assert set(CASES["recorded"]) == set(LIBRARIES)
    for library, recorded in CASES["recorded"].items():
        cases = _cases(library)
        assert sum(bool(c["found"]) for c in cases) >= 60, library
        assert sum(not c["found"] for c in cases) >= 20, library
        assert all(c["note"] and len(c["medicines"]) == 2 for c in cases)  # type: ignore[arg-type]
        assert all((c["severity"] in LEVELS) == c["found"] for c in cases)
        assert set(recorded) == {"precision", "recall", "severity_agreement"}
        pairs = [frozenset(c["medicines"]) for c in cases]  # type: ignore[arg-type]
        assert len(pairs) == len(set(pairs)), f"a pair is judged twice over {library}"


def test_every_imported_label_file_is_a_fixture() -> None:
    for spec in LIBRARIES.values():
        for name in spec.get("files", []):
            assert (FIXTURES / name).is_file(), name


@pytest.mark.parametrize("name", list(CASES["recorded"]))
def test_precision_and_recall_hold_the_recorded_figures(
    name: str, library: Callable[[str], Library]
) -> None:
    scores = _scores(library(name), name)
    for measure, floor in CASES["recorded"][name].items():
        assert scores[measure] >= floor, f"{name} {measure} {scores[measure]:.3f} < {floor}"


@pytest.mark.parametrize(
    ("shared", "products"),
    [
        (
            "ibuprofen",
            [
                "ibuprofen-intravenous",
                "ibuprofen-lysine-intravenous",
                "ibuprofen-oral",
                "ibuprofen-oral-liquid",
                "ibuprofen-oral-otc",
            ],
        ),
        (
            "diclofenac",
            [
                "diclofenac-epolamine-topical-patch",
                "diclofenac-potassium-oral",
                "diclofenac-sodium-oral-delayed-release",
            ],
        ),
        ("indomethacin", ["indomethacin-intravenous", "indomethacin-oral"]),
        ("naproxen", ["naproxen-oral", "naproxen-oral-delayed-release"]),
    ],
)
def test_a_generic_name_several_imported_products_share_is_refused(
    shared: str, products: list[str], library: Callable[[str], Library]
) -> None:
    """The checker never picks a product the user did not name: a generic several imported
    products share is an error listing every one of them, whatever it is paired with."""
    with pytest.raises(AmbiguousDrugError) as caught:
        read_list(library("imported"), [shared, "warfarin"])
    assert "does not choose" in str(caught.value)
    assert [c.split(" (")[0] for c in caught.value.choices] == products


def test_products_of_one_medicine_are_checked_as_named(library: Callable[[str], Library]) -> None:
    """Two products of one medicine, each named by its brand, are two labels read both ways
    (not one product chosen for both)."""
    subjects = read_list(library("imported"), ["Caldolor", "Redicare Ibuprofen"]).subjects
    assert [s.title for s in subjects] == ["Ibuprofen (intravenous)", "Ibuprofen (oral, OTC)"]
    assert all(s.record is not None for s in subjects)
    assert len({s.path for s in subjects}) == 2
    assert all(Path(str(s.path)).parent.name.startswith("library-imported") for s in subjects)
